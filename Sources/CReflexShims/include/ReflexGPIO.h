// One small GPIO API over libgpiod v1 (Debian 12, Raspberry Pi OS bookworm) and v2 (Debian 13, Ubuntu 24.04+).
//
// The two major versions share no API: v1 requests a `gpiod_line` owned by its chip, v2 builds settings, line
// and request config objects and gets a `gpiod_line_request`. GPIO.c picks one at compile time from the installed
// gpiod.h, so the Swift side sees only these functions and never includes gpiod.h itself.
//
// Every function that can fail returns 0 (or a count or value) on success and a negative errno on failure.
#ifndef REFLEX_GPIO_H
#define REFLEX_GPIO_H

#include <stddef.h>
#include <stdint.h>

typedef struct reflex_gpio_chip reflex_gpio_chip;
typedef struct reflex_gpio_line reflex_gpio_line;

/// Bias of an input line, as SPEC §1's `bias:` (as-is leaves what the board or the last user set).
typedef enum {
    REFLEX_GPIO_BIAS_AS_IS = 0,
    REFLEX_GPIO_BIAS_DISABLED = 1,
    REFLEX_GPIO_BIAS_PULL_UP = 2,
    REFLEX_GPIO_BIAS_PULL_DOWN = 3,
} reflex_gpio_bias;

/// One edge the kernel saw on an input line: when (CLOCK_MONOTONIC, ns) and which way (after active-low).
typedef struct {
    uint64_t timestamp_ns;
    int rising;
} reflex_gpio_edge;

/// The libgpiod major version this was compiled against: 1 or 2.
int reflex_gpio_api_version(void);

/// Opens a chip by name (`gpiochip0`), number (`0`) or path (`/dev/gpiochip0`).
int reflex_gpio_chip_open(const char *chip_name, reflex_gpio_chip **chip);

/// Closes a chip; its lines must have been released first.
void reflex_gpio_chip_close(reflex_gpio_chip *chip);

/// Requests `offset` as an input reporting both edges. Its descriptor (`reflex_gpio_line_fd`) is non-blocking and
/// becomes readable when edges are pending.
int reflex_gpio_request_input(reflex_gpio_chip *chip, unsigned int offset, const char *consumer, int active_low,
                              reflex_gpio_bias bias, reflex_gpio_line **line);

/// Requests `offset` as an output driven to `initial` (logical: after active-low) from the start.
int reflex_gpio_request_output(reflex_gpio_chip *chip, unsigned int offset, const char *consumer, int active_low,
                               int initial, reflex_gpio_line **line);

/// The descriptor to wait on for an input line's edges.
int reflex_gpio_line_fd(reflex_gpio_line *line);

/// Reads the pending edges, at most `capacity`: their count, 0 when none are pending, or a negative errno.
int reflex_gpio_read_edges(reflex_gpio_line *line, reflex_gpio_edge *edges, size_t capacity);

/// The line's logical value (0 or 1), or a negative errno.
int reflex_gpio_get_value(reflex_gpio_line *line);

/// Drives an output line to a logical value (0 or 1).
int reflex_gpio_set_value(reflex_gpio_line *line, int value);

/// Gives the line back to the kernel and frees it.
void reflex_gpio_release(reflex_gpio_line *line);

#endif
