// The GPIO shim's API exercised against a gpio-sim chip, in C, so that the same checks run with the shim built
// for libgpiod v1 and for v2 (GPIOSimTests builds both and runs them inside the gpio-sim VM).
//
//   shim-check CHIP SYSFS    (REFLEX_GPIOSIM_CHIP and REFLEX_GPIOSIM_SYSFS inside the VM)
//
// Prints one line per check and exits 0 when all pass. Waits for edges with poll and a time limit.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ReflexGPIO.h"

static const char *sysfs;
static int failures;

static void check(int ok, const char *what) {
    printf("%s: %s\n", ok ? "ok" : "FAILED", what);
    if (!ok) failures++;
}

static void sim_write(int line, const char *attribute, const char *text) {
    char path[512];
    snprintf(path, sizeof path, "%s/sim_gpio%d/%s", sysfs, line, attribute);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, text, strlen(text)) < 0) {
        printf("FAILED: writing %s: %s\n", path, strerror(errno));
        exit(1);
    }
    close(fd);
}

static int sim_read(int line, const char *attribute, const char *expected) {
    char path[512], text[64] = {0};
    snprintf(path, sizeof path, "%s/sim_gpio%d/%s", sysfs, line, attribute);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t count = fd < 0 ? -1 : read(fd, text, sizeof text - 1);
    if (fd >= 0) close(fd);
    if (count < 0) return 0;
    text[strcspn(text, "\n")] = '\0';
    return strcmp(text, expected) == 0;
}

static uint64_t now_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

/// Waits up to five seconds for the line's descriptor, then reads what is pending.
static int wait_edges(reflex_gpio_line *line, reflex_gpio_edge *edges, size_t capacity) {
    struct pollfd wanted = {.fd = reflex_gpio_line_fd(line), .events = POLLIN};
    if (poll(&wanted, 1, 5000) != 1) return -ETIMEDOUT;
    return reflex_gpio_read_edges(line, edges, capacity);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s CHIP SYSFS\n", argv[0]);
        return 2;
    }
    sysfs = argv[2];
    printf("libgpiod API %d\n", reflex_gpio_api_version());
    reflex_gpio_chip *chip = NULL, *other = NULL, *missing = NULL;
    reflex_gpio_line *input = NULL, *low = NULL, *biased = NULL, *output = NULL, *inverted = NULL, *busy = NULL;
    reflex_gpio_edge edges[4];

    check(reflex_gpio_chip_open("gpiochip9", &missing) == -ENOENT && missing == NULL, "a missing chip is ENOENT");
    if (reflex_gpio_chip_open(argv[1], &chip) != 0 || reflex_gpio_chip_open(argv[1], &other) != 0) {
        printf("FAILED: cannot open %s\n", argv[1]);
        return 1;
    }

    check(reflex_gpio_request_input(chip, 0, "shim-check", 0, REFLEX_GPIO_BIAS_PULL_DOWN, &input) == 0,
          "input line 0 requested");
    check(reflex_gpio_get_value(input) == 0, "input line 0 reads low");
    uint64_t before = now_ns();
    sim_write(0, "pull", "pull-up");
    int count = wait_edges(input, edges, 4);
    uint64_t after = now_ns();
    check(count == 1 && edges[0].rising, "pulling line 0 up is one rising edge");
    check(count >= 1 && edges[0].timestamp_ns >= before && edges[0].timestamp_ns <= after,
          "the edge's timestamp is on CLOCK_MONOTONIC");
    sim_write(0, "pull", "pull-down");
    count = wait_edges(input, edges, 4);
    check(count == 1 && !edges[0].rising, "pulling line 0 down is one falling edge");
    check(reflex_gpio_read_edges(input, edges, 4) == 0, "with nothing pending, reading returns at once");

    check(reflex_gpio_request_input(chip, 1, "shim-check", 1, REFLEX_GPIO_BIAS_PULL_DOWN, &low) == 0 &&
              reflex_gpio_get_value(low) == 1,
          "active-low: a low line is active");
    sim_write(1, "pull", "pull-up");
    count = wait_edges(low, edges, 4);
    check(count == 1 && !edges[0].rising, "active-low: the line going high is a falling edge");

    check(reflex_gpio_request_input(chip, 2, "shim-check", 0, REFLEX_GPIO_BIAS_PULL_UP, &biased) == 0 &&
              sim_read(2, "pull", "pull-up") && reflex_gpio_get_value(biased) == 1,
          "bias pull-up reaches the line");

    check(reflex_gpio_request_output(chip, 3, "shim-check", 0, 1, &output) == 0 && sim_read(3, "value", "1"),
          "output line 3 is driven high from the start");
    check(reflex_gpio_set_value(output, 0) == 0 && sim_read(3, "value", "0") && reflex_gpio_get_value(output) == 0,
          "output line 3 set low reads back low");
    check(reflex_gpio_request_output(chip, 4, "shim-check", 1, 1, &inverted) == 0 && sim_read(4, "value", "0"),
          "active-low output: active drives the line low");

    check(reflex_gpio_request_input(other, 3, "shim-check", 0, REFLEX_GPIO_BIAS_AS_IS, &busy) == -EBUSY &&
              busy == NULL,
          "a line held elsewhere is EBUSY");
    check(reflex_gpio_request_output(chip, 8, "shim-check", 0, 0, &busy) == -EINVAL && busy == NULL,
          "a line beyond the chip is EINVAL");

    check(reflex_gpio_set_value(output, 1) == 0 && sim_read(3, "value", "1"), "output line 3 set high again");
    reflex_gpio_release(output);
    check(sim_read(3, "value", "0"), "a released output falls back to its pull (down)");
    reflex_gpio_release(input);
    reflex_gpio_release(low);
    reflex_gpio_release(biased);
    reflex_gpio_release(inverted);
    reflex_gpio_chip_close(other);
    reflex_gpio_chip_close(chip);
    printf("%s\n", failures == 0 ? "all checks passed" : "some checks failed");
    return failures == 0 ? 0 : 1;
}
