// SHA-256 and HMAC-SHA-256 for the SigV4 signer: the x86 SHA extensions when the CPU has them
// (about ten times libsodium's portable code), a portable implementation otherwise.
#ifndef VAULT_SHA256_H
#define VAULT_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t state[8];
    uint64_t length;      // bytes hashed so far
    uint8_t buffer[64];   // a partial block
    uint32_t buffered;    // bytes in buffer
} vault_sha256_ctx;

typedef struct {
    vault_sha256_ctx inner;
    vault_sha256_ctx outer;
} vault_hmac_sha256_ctx;

void vault_sha256_init(vault_sha256_ctx *ctx);
void vault_sha256_update(vault_sha256_ctx *ctx, const uint8_t *data, size_t length);
/// Writes the 32-byte digest and wipes the context.
void vault_sha256_final(vault_sha256_ctx *ctx, uint8_t digest[32]);

void vault_hmac_sha256_init(vault_hmac_sha256_ctx *ctx, const uint8_t *key, size_t key_length);
void vault_hmac_sha256_update(vault_hmac_sha256_ctx *ctx, const uint8_t *data, size_t length);
/// Writes the 32-byte MAC and wipes the context (which holds key-derived state).
void vault_hmac_sha256_final(vault_hmac_sha256_ctx *ctx, uint8_t mac[32]);

/// 1 when the SHA extensions are used, 0 for the portable code.
int vault_sha256_uses_sha_extensions(void);
/// Forces the portable code (for tests that compare the two); 0 restores the automatic choice.
void vault_sha256_force_portable(int force);

#endif
