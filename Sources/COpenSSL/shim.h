#ifndef VAULT_OPENSSL_SHIM_H
#define VAULT_OPENSSL_SHIM_H
// OpenSSL's types, constants and prototypes only: vault does not link OpenSSL. AWSClient's
// OpenSSLLibrary loads libssl.so.3 with dlopen when a request first needs TLS, so a run that never
// talks to AWS over HTTPS (a credential_process cache hit) never maps it. Each function pointer
// type below is taken from OpenSSL's own declaration (__typeof__), so a prototype cannot drift;
// nothing here may call an OpenSSL function directly.
#include <malloc.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>

typedef __typeof__(&OPENSSL_init_ssl) vault_OPENSSL_init_ssl_fn;
typedef __typeof__(&OpenSSL_version_num) vault_OpenSSL_version_num_fn;
typedef __typeof__(&CRYPTO_set_mem_functions) vault_CRYPTO_set_mem_functions_fn;
typedef __typeof__(&TLS_client_method) vault_TLS_client_method_fn;
typedef __typeof__(&SSL_CTX_new) vault_SSL_CTX_new_fn;
typedef __typeof__(&SSL_CTX_free) vault_SSL_CTX_free_fn;
typedef __typeof__(&SSL_CTX_ctrl) vault_SSL_CTX_ctrl_fn;
typedef __typeof__(&SSL_CTX_set_options) vault_SSL_CTX_set_options_fn;
typedef __typeof__(&SSL_CTX_set_verify) vault_SSL_CTX_set_verify_fn;
typedef __typeof__(&SSL_CTX_load_verify_file) vault_SSL_CTX_load_verify_file_fn;
typedef __typeof__(&SSL_CTX_load_verify_dir) vault_SSL_CTX_load_verify_dir_fn;
typedef __typeof__(&SSL_CTX_set_default_verify_paths) vault_SSL_CTX_set_default_verify_paths_fn;
typedef __typeof__(&X509_get_default_cert_dir) vault_X509_get_default_cert_dir_fn;
typedef __typeof__(&X509_get_default_cert_dir_env) vault_X509_get_default_cert_dir_env_fn;
typedef __typeof__(&X509_get_default_cert_file_env) vault_X509_get_default_cert_file_env_fn;
typedef __typeof__(&SSL_new) vault_SSL_new_fn;
typedef __typeof__(&SSL_free) vault_SSL_free_fn;
typedef __typeof__(&SSL_set_fd) vault_SSL_set_fd_fn;
typedef __typeof__(&SSL_ctrl) vault_SSL_ctrl_fn;
typedef __typeof__(&SSL_set1_host) vault_SSL_set1_host_fn;
typedef __typeof__(&SSL_set_hostflags) vault_SSL_set_hostflags_fn;
typedef __typeof__(&SSL_get0_param) vault_SSL_get0_param_fn;
typedef __typeof__(&X509_VERIFY_PARAM_set1_ip_asc) vault_X509_VERIFY_PARAM_set1_ip_asc_fn;
typedef __typeof__(&SSL_connect) vault_SSL_connect_fn;
typedef __typeof__(&SSL_read) vault_SSL_read_fn;
typedef __typeof__(&SSL_write) vault_SSL_write_fn;
typedef __typeof__(&SSL_get_error) vault_SSL_get_error_fn;
typedef __typeof__(&SSL_get_verify_result) vault_SSL_get_verify_result_fn;
typedef __typeof__(&X509_verify_cert_error_string) vault_X509_verify_cert_error_string_fn;
typedef __typeof__(&ERR_get_error) vault_ERR_get_error_fn;
typedef __typeof__(&ERR_error_string_n) vault_ERR_error_string_n_fn;
typedef __typeof__(&ERR_clear_error) vault_ERR_clear_error_fn;

// Macros Swift cannot see, as constants.
static const int vault_SSL_CTRL_SET_MIN_PROTO_VERSION = SSL_CTRL_SET_MIN_PROTO_VERSION;
static const int vault_SSL_CTRL_SET_TLSEXT_HOSTNAME = SSL_CTRL_SET_TLSEXT_HOSTNAME;
static const long vault_TLSEXT_NAMETYPE_host_name = TLSEXT_NAMETYPE_host_name;
static const long vault_TLS1_2_VERSION = TLS1_2_VERSION;
static const uint64_t vault_SSL_OP_CLEANSE_PLAINTEXT = SSL_OP_CLEANSE_PLAINTEXT;
static const uint64_t vault_SSL_OP_NO_RENEGOTIATION = SSL_OP_NO_RENEGOTIATION;
static const uint64_t vault_SSL_OP_NO_COMPRESSION = SSL_OP_NO_COMPRESSION;
static const int vault_SSL_VERIFY_PEER = SSL_VERIFY_PEER;
static const unsigned int vault_X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS = X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS;
static const int vault_SSL_ERROR_WANT_READ = SSL_ERROR_WANT_READ;
static const int vault_SSL_ERROR_WANT_WRITE = SSL_ERROR_WANT_WRITE;
static const int vault_SSL_ERROR_ZERO_RETURN = SSL_ERROR_ZERO_RETURN;
static const int vault_SSL_ERROR_SYSCALL = SSL_ERROR_SYSCALL;
static const long vault_X509_V_OK = X509_V_OK;
static const uint64_t vault_OPENSSL_INIT_NO_ATEXIT = OPENSSL_INIT_NO_ATEXIT;

// OpenSSL's heap, wiped when freed (CRYPTO_set_mem_functions, before OpenSSL allocates anything):
// its record buffers hold responses as they came off the wire, and an STS/IAM response holds a
// session secret or a new access key. Nothing else in vault allocates through these.
static inline void *vault_openssl_malloc(size_t size, const char *file, int line) {
    (void)file;
    (void)line;
    return malloc(size);
}

static inline void vault_openssl_free(void *block, const char *file, int line) {
    (void)file;
    (void)line;
    if (block) {
        explicit_bzero(block, malloc_usable_size(block));
        free(block);
    }
}

// Never realloc in place: the old block must be wiped before it goes back to the allocator.
static inline void *vault_openssl_realloc(void *block, size_t size, const char *file, int line) {
    if (!block) return malloc(size);
    if (size == 0) {
        vault_openssl_free(block, file, line);
        return NULL;
    }
    void *moved = malloc(size);
    if (!moved) return NULL;
    size_t old = malloc_usable_size(block);
    memcpy(moved, block, old < size ? old : size);
    vault_openssl_free(block, file, line);
    return moved;
}

/// Installs the wiping allocator through `set_mem_functions` (CRYPTO_set_mem_functions, found with
/// dlsym); 0 when OpenSSL has already allocated (then its own allocator stays).
static inline int vault_openssl_use_wiping_allocator(void *set_mem_functions) {
    return ((vault_CRYPTO_set_mem_functions_fn)set_mem_functions)(
        vault_openssl_malloc, vault_openssl_realloc, vault_openssl_free);
}
#endif
