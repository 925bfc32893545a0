#define _GNU_SOURCE
#include <string.h>

#include "CReflexShims.h"

const char *reflex_error_text(int code, char *buffer, size_t size) {
    // The GNU variant returns either `buffer` or a static string; both stay valid for the caller's use.
    return strerror_r(code, buffer, size);
}
