#ifndef VAULT_CURL_SHIM_H
#define VAULT_CURL_SHIM_H
// libcurl's types and constants only: vault does not link libcurl. AWSClient's CurlLibrary loads
// libcurl.so.4 with dlopen on the first request and resolves each function with dlsym, so a run
// that never talks to AWS (a credential_process cache hit) never maps libcurl and its ~30
// dependencies. Nothing here may call a curl_* symbol directly.
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <sys/types.h>

// The non-variadic functions, as the function-pointer types dlsym's results are cast to.
typedef CURLcode (*vault_curl_global_init_fn)(long flags);
typedef CURL *(*vault_curl_easy_init_fn)(void);
typedef CURLcode (*vault_curl_easy_perform_fn)(CURL *handle);
typedef void (*vault_curl_easy_cleanup_fn)(CURL *handle);
typedef const char *(*vault_curl_easy_strerror_fn)(CURLcode code);
typedef struct curl_slist *(*vault_curl_slist_append_fn)(struct curl_slist *list, const char *text);
typedef void (*vault_curl_slist_free_all_fn)(struct curl_slist *list);

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one wrapper per
// argument type, calling through the dlsym'd pointer with the exact type libcurl reads.
typedef CURLcode (*vault_curl_setopt_fn)(CURL *handle, CURLoption option, ...);
typedef CURLcode (*vault_curl_getinfo_fn)(CURL *handle, CURLINFO info, ...);

static inline CURLcode vault_curl_setopt_long(void *fn, CURL *handle, CURLoption option, long value) {
    return ((vault_curl_setopt_fn)fn)(handle, option, value);
}

static inline CURLcode vault_curl_setopt_pointer(void *fn, CURL *handle, CURLoption option, const void *value) {
    return ((vault_curl_setopt_fn)fn)(handle, option, value);
}

static inline CURLcode vault_curl_setopt_off_t(void *fn, CURL *handle, CURLoption option, curl_off_t value) {
    return ((vault_curl_setopt_fn)fn)(handle, option, value);
}

static inline CURLcode vault_curl_setopt_write_callback(
    void *fn, CURL *handle, CURLoption option, curl_write_callback value) {
    return ((vault_curl_setopt_fn)fn)(handle, option, value);
}

static inline CURLcode vault_curl_getinfo_long(void *fn, CURL *handle, CURLINFO info, long *value) {
    return ((vault_curl_getinfo_fn)fn)(handle, info, value);
}

static inline CURLcode vault_curl_getinfo_off_t(void *fn, CURL *handle, CURLINFO info, curl_off_t *value) {
    return ((vault_curl_getinfo_fn)fn)(handle, info, value);
}
#endif
