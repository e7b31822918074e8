#ifndef VAULT_CURL_SHIM_H
#define VAULT_CURL_SHIM_H
// libcurl's types and constants only: vault does not link libcurl. AWSClient's CurlLibrary loads
// libcurl.so.4 with dlopen on the first request and resolves each function with dlsym, so a run
// that never talks to AWS (a credential_process cache hit) never maps libcurl and its ~30
// dependencies. Nothing here may call a curl_* symbol directly.
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

// The non-variadic functions, as the function-pointer types dlsym's results are cast to.
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

// OpenSSL 3's SSL_OP_CLEANSE_PLAINTEXT: OpenSSL wipes its copies of decrypted records once the
// application has read them (by default they stay in freed memory). Set from libcurl's SSL_CTX
// callback; `set_options` is OpenSSL's SSL_CTX_set_options, found with dlsym.
typedef uint64_t (*vault_ssl_ctx_set_options_fn)(void *ssl_ctx, uint64_t options);
#define VAULT_SSL_OP_CLEANSE_PLAINTEXT ((uint64_t)1 << 1)

static inline CURLcode vault_curl_ssl_ctx_cleanse(CURL *curl, void *ssl_ctx, void *set_options) {
    (void)curl;
    ((vault_ssl_ctx_set_options_fn)set_options)(ssl_ctx, VAULT_SSL_OP_CLEANSE_PLAINTEXT);
    return CURLE_OK;
}

/// Installs that callback on `handle`; CURLE_NOT_BUILT_IN when libcurl's TLS is not OpenSSL.
static inline CURLcode vault_curl_cleanse_tls_plaintext(void *setopt, CURL *handle, void *set_options) {
    CURLcode code = ((vault_curl_setopt_fn)setopt)(handle, CURLOPT_SSL_CTX_DATA, set_options);
    if (code != CURLE_OK) return code;
    return ((vault_curl_setopt_fn)setopt)(handle, CURLOPT_SSL_CTX_FUNCTION, vault_curl_ssl_ctx_cleanse);
}

// libcurl's heap, wiped when freed (curl_global_init_mem): its receive buffers hold response
// bodies as they came off the wire, and an STS/IAM response holds a session secret or a new
// access key. Nothing else in vault allocates through these.
static inline void vault_curl_free(void *block) {
    if (block) {
        explicit_bzero(block, malloc_usable_size(block));
        free(block);
    }
}

static inline void *vault_curl_malloc(size_t size) { return malloc(size); }

static inline void *vault_curl_calloc(size_t count, size_t size) { return calloc(count, size); }

static inline char *vault_curl_strdup(const char *text) { return strdup(text); }

// Never realloc in place: the old block must be wiped before it goes back to the allocator.
static inline void *vault_curl_realloc(void *block, size_t size) {
    if (!block) return malloc(size);
    size_t old = malloc_usable_size(block);
    void *fresh = malloc(size ? size : 1);
    if (!fresh) return NULL;
    memcpy(fresh, block, old < size ? old : size);
    vault_curl_free(block);
    return fresh;
}

typedef CURLcode (*vault_curl_global_init_mem_fn)(
    long flags, curl_malloc_callback, curl_free_callback, curl_realloc_callback, curl_strdup_callback,
    curl_calloc_callback);

static inline CURLcode vault_curl_global_init_wiping(void *fn, long flags) {
    return ((vault_curl_global_init_mem_fn)fn)(
        flags, vault_curl_malloc, vault_curl_free, vault_curl_realloc, vault_curl_strdup, vault_curl_calloc);
}
#endif
