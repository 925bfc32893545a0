// The libgpiod v1/v2 split behind ReflexGPIO.h. Only v1's gpiod.h defines GPIOD_LINE_BULK_MAX_LINES.
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gpiod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ReflexGPIO.h"

#if defined(GPIOD_LINE_BULK_MAX_LINES)
#define REFLEX_GPIOD_V1 1
#define REFLEX_GPIOD_API 1
#else
#define REFLEX_GPIOD_API 2
#endif

// The test suite compiles this file against both versions' headers and says which branch it expects.
#if defined(REFLEX_EXPECT_GPIOD_API) && REFLEX_EXPECT_GPIOD_API != REFLEX_GPIOD_API
#error "gpiod.h is not the libgpiod version this compile expects"
#endif

/// The errno a failed call left, as a negative number; never 0, so a failure is never taken for success.
static int failed(void) { return errno > 0 ? -errno : -EIO; }

/// `gpiochip0` and `0` name /dev/gpiochip0; anything with a slash is a path.
static int chip_path(const char *name, char *path, size_t size) {
    int written;
    if (name == NULL || name[0] == '\0') return -EINVAL;
    if (strchr(name, '/') != NULL) {
        written = snprintf(path, size, "%s", name);
    } else {
        int digits = 1;
        for (const char *c = name; *c != '\0'; c++) digits = digits && isdigit((unsigned char)*c);
        written = digits ? snprintf(path, size, "/dev/gpiochip%s", name) : snprintf(path, size, "/dev/%s", name);
    }
    return (written < 0 || (size_t)written >= size) ? -ENAMETOOLONG : 0;
}

/// Makes the descriptor non-blocking, so that reading with nothing pending returns at once.
static int set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) return failed();
    return 0;
}

enum { EDGE_BATCH = 16 };

int reflex_gpio_api_version(void) { return REFLEX_GPIOD_API; }

#if defined(REFLEX_GPIOD_V1)

struct reflex_gpio_chip {
    struct gpiod_chip *chip;
};

struct reflex_gpio_line {
    struct gpiod_line *line;
};


static int request_v1(reflex_gpio_chip *chip, unsigned int offset, reflex_gpio_line **out,
                      int (*request)(struct gpiod_line *, const void *), const void *context) {
    *out = NULL;
    struct gpiod_line *line = gpiod_chip_get_line(chip->chip, offset);
    if (line == NULL) return failed();
    reflex_gpio_line *made = calloc(1, sizeof *made);
    if (made == NULL) return -ENOMEM;
    made->line = line;
    int code = request(line, context);
    if (code < 0) {
        free(made);
        return code;
    }
    *out = made;
    return 0;
}

struct input_request {
    const char *consumer;
    int flags;
};

static int request_input_v1(struct gpiod_line *line, const void *context) {
    const struct input_request *input = context;
    if (gpiod_line_request_both_edges_events_flags(line, input->consumer, input->flags) < 0) return failed();
    int code = set_nonblocking(gpiod_line_event_get_fd(line));
    if (code < 0) gpiod_line_release(line);
    return code;
}

struct output_request {
    const char *consumer;
    int flags;
    int initial;
};

static int request_output_v1(struct gpiod_line *line, const void *context) {
    const struct output_request *output = context;
    if (gpiod_line_request_output_flags(line, output->consumer, output->flags, output->initial) < 0) return failed();
    return 0;
}

int reflex_gpio_chip_open(const char *chip_name, reflex_gpio_chip **chip) {
    char path[256];
    *chip = NULL;
    int code = chip_path(chip_name, path, sizeof path);
    if (code < 0) return code;
    reflex_gpio_chip *made = calloc(1, sizeof *made);
    if (made == NULL) return -ENOMEM;
    made->chip = gpiod_chip_open(path);
    if (made->chip == NULL) {
        code = failed();
        free(made);
        return code;
    }
    *chip = made;
    return 0;
}

void reflex_gpio_chip_close(reflex_gpio_chip *chip) {
    if (chip == NULL) return;
    gpiod_chip_close(chip->chip);
    free(chip);
}

int reflex_gpio_request_input(reflex_gpio_chip *chip, unsigned int offset, const char *consumer, int active_low,
                              reflex_gpio_bias bias, reflex_gpio_line **line) {
    int flags = active_low ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0;
    switch (bias) {
    case REFLEX_GPIO_BIAS_AS_IS: break;
    case REFLEX_GPIO_BIAS_DISABLED: flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE; break;
    case REFLEX_GPIO_BIAS_PULL_UP: flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP; break;
    case REFLEX_GPIO_BIAS_PULL_DOWN: flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN; break;
    default: return -EINVAL;
    }
    struct input_request input = {consumer, flags};
    return request_v1(chip, offset, line, request_input_v1, &input);
}

int reflex_gpio_request_output(reflex_gpio_chip *chip, unsigned int offset, const char *consumer, int active_low,
                               int initial, reflex_gpio_line **line) {
    struct output_request output = {consumer, active_low ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0, initial ? 1 : 0};
    return request_v1(chip, offset, line, request_output_v1, &output);
}

int reflex_gpio_line_fd(reflex_gpio_line *line) {
    int fd = gpiod_line_event_get_fd(line->line);
    return fd < 0 ? failed() : fd;
}

int reflex_gpio_read_edges(reflex_gpio_line *line, reflex_gpio_edge *edges, size_t capacity) {
    struct gpiod_line_event events[EDGE_BATCH];
    unsigned int wanted = capacity < EDGE_BATCH ? (unsigned int)capacity : EDGE_BATCH;
    if (wanted == 0) return 0;
    int count = gpiod_line_event_read_multiple(line->line, events, wanted);
    if (count < 0) return errno == EAGAIN ? 0 : failed();
    for (int i = 0; i < count; i++) {
        edges[i].timestamp_ns = (uint64_t)events[i].ts.tv_sec * 1000000000u + (uint64_t)events[i].ts.tv_nsec;
        edges[i].rising = events[i].event_type == GPIOD_LINE_EVENT_RISING_EDGE;
    }
    return count;
}

int reflex_gpio_get_value(reflex_gpio_line *line) {
    int value = gpiod_line_get_value(line->line);
    return value < 0 ? failed() : value;
}

int reflex_gpio_set_value(reflex_gpio_line *line, int value) {
    return gpiod_line_set_value(line->line, value ? 1 : 0) < 0 ? failed() : 0;
}

void reflex_gpio_release(reflex_gpio_line *line) {
    if (line == NULL) return;
    gpiod_line_release(line->line);
    free(line);
}

#else /* libgpiod v2 */

struct reflex_gpio_chip {
    struct gpiod_chip *chip;
};

struct reflex_gpio_line {
    struct gpiod_line_request *request;
    struct gpiod_edge_event_buffer *events;
    unsigned int offset;
};


/// Requests one line with `settings`; frees what it made on any failure.
static int request_v2(reflex_gpio_chip *chip, unsigned int offset, const char *consumer,
                      struct gpiod_line_settings *settings, reflex_gpio_line *made) {
    int code = 0;
    struct gpiod_line_config *lines = gpiod_line_config_new();
    struct gpiod_request_config *config = gpiod_request_config_new();
    if (lines == NULL || config == NULL) {
        code = -ENOMEM;
        goto done;
    }
    gpiod_request_config_set_consumer(config, consumer);
    if (gpiod_line_config_add_line_settings(lines, &offset, 1, settings) < 0) {
        code = failed();
        goto done;
    }
    made->request = gpiod_chip_request_lines(chip->chip, config, lines);
    if (made->request == NULL) code = failed();
    made->offset = offset;
done:
    gpiod_request_config_free(config);
    gpiod_line_config_free(lines);
    return code;
}

int reflex_gpio_chip_open(const char *chip_name, reflex_gpio_chip **chip) {
    char path[256];
    *chip = NULL;
    int code = chip_path(chip_name, path, sizeof path);
    if (code < 0) return code;
    reflex_gpio_chip *made = calloc(1, sizeof *made);
    if (made == NULL) return -ENOMEM;
    made->chip = gpiod_chip_open(path);
    if (made->chip == NULL) {
        code = failed();
        free(made);
        return code;
    }
    *chip = made;
    return 0;
}

void reflex_gpio_chip_close(reflex_gpio_chip *chip) {
    if (chip == NULL) return;
    gpiod_chip_close(chip->chip);
    free(chip);
}

int reflex_gpio_request_input(reflex_gpio_chip *chip, unsigned int offset, const char *consumer, int active_low,
                              reflex_gpio_bias bias, reflex_gpio_line **line) {
    enum gpiod_line_bias wanted;
    switch (bias) {
    case REFLEX_GPIO_BIAS_AS_IS: wanted = GPIOD_LINE_BIAS_AS_IS; break;
    case REFLEX_GPIO_BIAS_DISABLED: wanted = GPIOD_LINE_BIAS_DISABLED; break;
    case REFLEX_GPIO_BIAS_PULL_UP: wanted = GPIOD_LINE_BIAS_PULL_UP; break;
    case REFLEX_GPIO_BIAS_PULL_DOWN: wanted = GPIOD_LINE_BIAS_PULL_DOWN; break;
    default: return -EINVAL;
    }
    *line = NULL;
    reflex_gpio_line *made = calloc(1, sizeof *made);
    struct gpiod_line_settings *settings = gpiod_line_settings_new();
    int code = 0;
    if (made == NULL || settings == NULL) {
        code = -ENOMEM;
        goto done;
    }
    made->events = gpiod_edge_event_buffer_new(EDGE_BATCH);
    if (made->events == NULL) {
        code = -ENOMEM;
        goto done;
    }
    if (gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_INPUT) < 0 ||
        gpiod_line_settings_set_edge_detection(settings, GPIOD_LINE_EDGE_BOTH) < 0 ||
        gpiod_line_settings_set_bias(settings, wanted) < 0 ||
        gpiod_line_settings_set_event_clock(settings, GPIOD_LINE_CLOCK_MONOTONIC) < 0) {
        code = failed();
        goto done;
    }
    gpiod_line_settings_set_active_low(settings, active_low != 0);
    code = request_v2(chip, offset, consumer, settings, made);
    if (code == 0) {
        code = set_nonblocking(gpiod_line_request_get_fd(made->request));
        if (code < 0) gpiod_line_request_release(made->request);
    }
done:
    gpiod_line_settings_free(settings);
    if (code < 0 && made != NULL) {
        gpiod_edge_event_buffer_free(made->events);
        free(made);
    } else {
        *line = made;
    }
    return code;
}

int reflex_gpio_request_output(reflex_gpio_chip *chip, unsigned int offset, const char *consumer, int active_low,
                               int initial, reflex_gpio_line **line) {
    *line = NULL;
    reflex_gpio_line *made = calloc(1, sizeof *made);
    struct gpiod_line_settings *settings = gpiod_line_settings_new();
    int code = 0;
    if (made == NULL || settings == NULL) {
        code = -ENOMEM;
        goto done;
    }
    if (gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_OUTPUT) < 0 ||
        gpiod_line_settings_set_output_value(settings,
                                             initial ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE) < 0) {
        code = failed();
        goto done;
    }
    gpiod_line_settings_set_active_low(settings, active_low != 0);
    code = request_v2(chip, offset, consumer, settings, made);
done:
    gpiod_line_settings_free(settings);
    if (code < 0) {
        free(made);
    } else {
        *line = made;
    }
    return code;
}

int reflex_gpio_line_fd(reflex_gpio_line *line) {
    int fd = gpiod_line_request_get_fd(line->request);
    return fd < 0 ? failed() : fd;
}

int reflex_gpio_read_edges(reflex_gpio_line *line, reflex_gpio_edge *edges, size_t capacity) {
    if (line->events == NULL) return -EINVAL;
    size_t wanted = capacity < EDGE_BATCH ? capacity : EDGE_BATCH;
    if (wanted == 0) return 0;
    int count = gpiod_line_request_read_edge_events(line->request, line->events, wanted);
    if (count < 0) return errno == EAGAIN ? 0 : failed();
    for (int i = 0; i < count; i++) {
        struct gpiod_edge_event *event = gpiod_edge_event_buffer_get_event(line->events, (unsigned long)i);
        edges[i].timestamp_ns = gpiod_edge_event_get_timestamp_ns(event);
        edges[i].rising = gpiod_edge_event_get_event_type(event) == GPIOD_EDGE_EVENT_RISING_EDGE;
    }
    return count;
}

int reflex_gpio_get_value(reflex_gpio_line *line) {
    enum gpiod_line_value value = gpiod_line_request_get_value(line->request, line->offset);
    return value == GPIOD_LINE_VALUE_ERROR ? failed() : (value == GPIOD_LINE_VALUE_ACTIVE);
}

int reflex_gpio_set_value(reflex_gpio_line *line, int value) {
    enum gpiod_line_value wanted = value ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE;
    return gpiod_line_request_set_value(line->request, line->offset, wanted) < 0 ? failed() : 0;
}

void reflex_gpio_release(reflex_gpio_line *line) {
    if (line == NULL) return;
    gpiod_line_request_release(line->request);
    gpiod_edge_event_buffer_free(line->events);
    free(line);
}

#endif
