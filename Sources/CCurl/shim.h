// libcurl, and typed wrappers for the few curl_easy_setopt calls the webhook sender makes: curl_easy_setopt is
// variadic, and Swift cannot call a C variadic function.
#include <curl/curl.h>
#include <stdlib.h>
#include <strings.h>

static inline CURLcode reflex_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/// For options taking a string (copied by libcurl) or a `struct curl_slist *` (kept by the caller until cleanup).
static inline CURLcode reflex_curl_set_pointer(CURL *handle, CURLoption option, const void *value) {
    return curl_easy_setopt(handle, option, value);
}

/// Drops the response body (libcurl writes it to stdout by default).
static inline size_t reflex_curl_discard(char *data, size_t size, size_t count, void *context) {
    (void)data;
    (void)context;
    return size * count;
}

/// Keeps the seconds of a `Retry-After: N` response header in the `long` that `context` points to.
static inline size_t reflex_curl_header_line(char *line, size_t size, size_t count, void *context) {
    size_t length = size * count;
    static const char name[] = "Retry-After:";
    if (length > sizeof name - 1 && strncasecmp(line, name, sizeof name - 1) == 0) {
        char *end = NULL;
        long seconds = strtol(line + sizeof name - 1, &end, 10);
        if (end != line + sizeof name - 1 && seconds >= 0) *(long *)context = seconds;
    }
    return length;
}

/// Sends the response body to `reflex_curl_discard` and the headers to `reflex_curl_header_line`, which writes
/// a Retry-After value into `*retry_after` (left alone when there is none).
static inline CURLcode reflex_curl_set_callbacks(CURL *handle, long *retry_after) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, reflex_curl_discard);
    if (code != CURLE_OK) return code;
    code = curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, reflex_curl_header_line);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_HEADERDATA, retry_after);
}

/// The last response's HTTP status (curl_easy_getinfo is variadic too).
static inline CURLcode reflex_curl_response_code(CURL *handle, long *status) {
    return curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, status);
}
