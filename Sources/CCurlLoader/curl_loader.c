#include "curl_loader.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    CURLcode (*easy_pause)(CURL *, int);
    const char *(*easy_strerror)(CURLcode);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int, int, int *);
    CURLMcode (*multi_wakeup)(CURLM *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    const char *(*multi_strerror)(CURLMcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static const char *load_error = NULL;

#define RESOLVE(field, name)                      \
    do {                                          \
        *(void **)(&api.field) = dlsym(handle, name); \
        if (api.field == NULL) {                  \
            load_error = "libcurl.so.4 lacks " name; \
            return;                               \
        }                                         \
    } while (0)

static void load(void) {
    void *handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        load_error = "libcurl.so.4 could not be loaded (install libcurl4)";
        return;
    }
    RESOLVE(global_init, "curl_global_init");
    RESOLVE(easy_init, "curl_easy_init");
    RESOLVE(easy_cleanup, "curl_easy_cleanup");
    RESOLVE(easy_setopt, "curl_easy_setopt");
    RESOLVE(easy_getinfo, "curl_easy_getinfo");
    RESOLVE(easy_pause, "curl_easy_pause");
    RESOLVE(easy_strerror, "curl_easy_strerror");
    RESOLVE(multi_init, "curl_multi_init");
    RESOLVE(multi_cleanup, "curl_multi_cleanup");
    RESOLVE(multi_setopt, "curl_multi_setopt");
    RESOLVE(multi_add_handle, "curl_multi_add_handle");
    RESOLVE(multi_remove_handle, "curl_multi_remove_handle");
    RESOLVE(multi_perform, "curl_multi_perform");
    RESOLVE(multi_poll, "curl_multi_poll");
    RESOLVE(multi_wakeup, "curl_multi_wakeup");
    RESOLVE(multi_info_read, "curl_multi_info_read");
    RESOLVE(multi_strerror, "curl_multi_strerror");
    RESOLVE(slist_append, "curl_slist_append");
    RESOLVE(slist_free_all, "curl_slist_free_all");
}

static int loaded(void) {
    pthread_once(&load_once, load);
    return load_error == NULL;
}

const char *facteur_curl_load_error(void) {
    loaded();
    return load_error;
}

CURLcode curl_global_init(long flags) {
    return loaded() ? api.global_init(flags) : CURLE_FAILED_INIT;
}

CURL *curl_easy_init(void) { return loaded() ? api.easy_init() : NULL; }

/* Handles exist only once libcurl is loaded, so the calls below need no check. */
void curl_easy_cleanup(CURL *handle) { api.easy_cleanup(handle); }

/*
 * The option number says which type the one variadic argument has (curl_easy_setopt(3):
 * CURLOPTTYPE_LONG, _OBJECTPOINT, _FUNCTIONPOINT, _OFF_T, _BLOB); it is read as that type
 * and passed on as that type.
 */
CURLcode curl_easy_setopt(CURL *handle, CURLoption option, ...) {
    va_list arguments;
    va_start(arguments, option);
    CURLcode result;
    if (option < CURLOPTTYPE_OBJECTPOINT) {
        result = api.easy_setopt(handle, option, va_arg(arguments, long));
    } else if (option < CURLOPTTYPE_OFF_T) {
        result = api.easy_setopt(handle, option, va_arg(arguments, void *));
    } else if (option < CURLOPTTYPE_BLOB) {
        result = api.easy_setopt(handle, option, va_arg(arguments, curl_off_t));
    } else {
        result = api.easy_setopt(handle, option, va_arg(arguments, void *));
    }
    va_end(arguments);
    return result;
}

/* Every curl_easy_getinfo(3) argument is a pointer to the result. */
CURLcode curl_easy_getinfo(CURL *handle, CURLINFO info, ...) {
    va_list arguments;
    va_start(arguments, info);
    void *destination = va_arg(arguments, void *);
    va_end(arguments);
    return api.easy_getinfo(handle, info, destination);
}

CURLcode curl_easy_pause(CURL *handle, int bitmask) { return api.easy_pause(handle, bitmask); }

const char *curl_easy_strerror(CURLcode code) {
    return loaded() ? api.easy_strerror(code) : "libcurl is not loaded";
}

CURLM *curl_multi_init(void) { return loaded() ? api.multi_init() : NULL; }

CURLMcode curl_multi_cleanup(CURLM *multi) { return api.multi_cleanup(multi); }

CURLMcode curl_multi_setopt(CURLM *multi, CURLMoption option, ...) {
    va_list arguments;
    va_start(arguments, option);
    CURLMcode result;
    if (option < CURLOPTTYPE_OBJECTPOINT) {
        result = api.multi_setopt(multi, option, va_arg(arguments, long));
    } else if (option < CURLOPTTYPE_OFF_T) {
        result = api.multi_setopt(multi, option, va_arg(arguments, void *));
    } else {
        result = api.multi_setopt(multi, option, va_arg(arguments, curl_off_t));
    }
    va_end(arguments);
    return result;
}

CURLMcode curl_multi_add_handle(CURLM *multi, CURL *handle) { return api.multi_add_handle(multi, handle); }

CURLMcode curl_multi_remove_handle(CURLM *multi, CURL *handle) {
    return api.multi_remove_handle(multi, handle);
}

CURLMcode curl_multi_perform(CURLM *multi, int *running) { return api.multi_perform(multi, running); }

CURLMcode curl_multi_poll(CURLM *multi, struct curl_waitfd *extra, unsigned int count, int timeout, int *ready) {
    return api.multi_poll(multi, extra, count, timeout, ready);
}

CURLMcode curl_multi_wakeup(CURLM *multi) { return api.multi_wakeup(multi); }

CURLMsg *curl_multi_info_read(CURLM *multi, int *queued) { return api.multi_info_read(multi, queued); }

const char *curl_multi_strerror(CURLMcode code) {
    return loaded() ? api.multi_strerror(code) : "libcurl is not loaded";
}

struct curl_slist *curl_slist_append(struct curl_slist *list, const char *text) {
    return loaded() ? api.slist_append(list, text) : NULL;
}

void curl_slist_free_all(struct curl_slist *list) {
    if (list != NULL) {
        api.slist_free_all(list);
    }
}
