#ifndef FACTEUR_CCURL_SHIM_H
#define FACTEUR_CCURL_SHIM_H
#include <curl/curl.h>

/*
 * curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic, which Swift
 * cannot call; these typed wrappers each pass exactly one argument type, as the
 * curl_easy_setopt(3) manual page requires for the option given.
 */

static inline CURLcode facteur_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode facteur_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode facteur_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode facteur_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode facteur_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/* The bytes are copied by libcurl (CURL_BLOB_COPY), so the caller's buffer may go away. */
static inline CURLcode facteur_curl_easy_setopt_blob(CURL *handle, CURLoption option,
                                                     const void *data, size_t length) {
    struct curl_blob blob;
    blob.data = (void *)data;
    blob.len = length;
    blob.flags = CURL_BLOB_COPY;
    return curl_easy_setopt(handle, option, &blob);
}

static inline CURLcode facteur_curl_easy_setopt_write_callback(CURL *handle, CURLoption option,
                                                               curl_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode facteur_curl_easy_setopt_xferinfo_callback(CURL *handle, CURLoption option,
                                                                  curl_xferinfo_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode facteur_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode facteur_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode facteur_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode facteur_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

/* Macros built from other macros with `|` are not imported into Swift. */
static inline long facteur_curl_global_default(void) { return CURL_GLOBAL_DEFAULT; }
static inline int facteur_curlpause_cont(void) { return CURLPAUSE_CONT; }

#endif
