// C where Swift cannot reach on its own.
//
// Swift's Glibc module does not export the Linux event headers the runtime's loop is built on (epoll, timerfd,
// signalfd, eventfd), so they are exported here.
#ifndef REFLEX_SHIMS_H
#define REFLEX_SHIMS_H

#include <stddef.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

/// The text for an errno value, written into `buffer`; safe on any thread.
///
/// Glibc declares two incompatible `strerror_r` functions (GNU and XSI) chosen by feature macros, which Swift
/// cannot pick between, and plain `strerror` shares one buffer between threads on older C libraries.
const char *reflex_error_text(int code, char *buffer, size_t size);

#endif
