#define _DEFAULT_SOURCE 1  // explicit_bzero
#include "vault_sha256.h"

#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define VAULT_SHA256_X86 1
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static const uint32_t H0[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

// Not optimised away, unlike memset before the memory dies.
static void wipe(void *p, size_t n) { explicit_bzero(p, n); }

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void compress_portable(uint32_t state[8], const uint8_t *data, size_t blocks) {
    uint32_t w[64];
    for (; blocks > 0; blocks--, data += 64) {
        for (int t = 0; t < 16; t++) {
            w[t] = (uint32_t)data[4 * t] << 24 | (uint32_t)data[4 * t + 1] << 16 | (uint32_t)data[4 * t + 2] << 8 |
                   (uint32_t)data[4 * t + 3];
        }
        for (int t = 16; t < 64; t++) {
            uint32_t s0 = ROTR(w[t - 15], 7) ^ ROTR(w[t - 15], 18) ^ (w[t - 15] >> 3);
            uint32_t s1 = ROTR(w[t - 2], 17) ^ ROTR(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (int t = 0; t < 64; t++) {
            uint32_t t1 = h + (ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
            uint32_t t2 = (ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
    wipe(w, sizeof w);
}

#ifdef VAULT_SHA256_X86
// Four rounds per step with SHA256RNDS2; the message schedule with SHA256MSG1/MSG2. The state
// lives as ABEF/CDGH, the order the instructions want.
__attribute__((target("sha,sse4.1,ssse3"))) static void compress_sha_extensions(
    uint32_t state[8], const uint8_t *data, size_t blocks) {
    const __m128i byteswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[0]), 0xB1);  // CDAB
    __m128i state1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[4]), 0x1B);  // EFGH
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);  // ABEF
    state1 = _mm_blend_epi16(state1, tmp, 0xF0);      // CDGH

    for (; blocks > 0; blocks--, data += 64) {
        const __m128i abef = state0, cdgh = state1;
        __m128i w[4];
        for (int group = 0; group < 16; group++) {
            __m128i words;
            if (group < 4) {
                words = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * group)), byteswap);
            } else {
                // w[g-4] + σ0(w[g-3]) + w[g-7..g-4] (from w[g-2], w[g-1]), then σ1 of w[g-1].
                __m128i x = _mm_sha256msg1_epu32(w[group & 3], w[(group + 1) & 3]);
                x = _mm_add_epi32(x, _mm_alignr_epi8(w[(group + 3) & 3], w[(group + 2) & 3], 4));
                words = _mm_sha256msg2_epu32(x, w[(group + 3) & 3]);
            }
            w[group & 3] = words;
            __m128i message = _mm_add_epi32(words, _mm_loadu_si128((const __m128i *)&K[4 * group]));
            state1 = _mm_sha256rnds2_epu32(state1, state0, message);
            state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(message, 0x0E));
        }
        state0 = _mm_add_epi32(state0, abef);
        state1 = _mm_add_epi32(state1, cdgh);
    }

    tmp = _mm_shuffle_epi32(state0, 0x1B);            // FEBA
    state1 = _mm_shuffle_epi32(state1, 0xB1);         // DCHG
    state0 = _mm_blend_epi16(tmp, state1, 0xF0);      // DCBA
    state1 = _mm_alignr_epi8(state1, tmp, 8);         // HGFE
    _mm_storeu_si128((__m128i *)&state[0], state0);
    _mm_storeu_si128((__m128i *)&state[4], state1);
}
#endif

typedef void (*compress_fn)(uint32_t *, const uint8_t *, size_t);

static int force_portable;

static int cpu_has_sha_extensions(void) {
#ifdef VAULT_SHA256_X86
    __builtin_cpu_init();
    return __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1") && __builtin_cpu_supports("ssse3");
#else
    return 0;
#endif
}

static compress_fn chosen_compress(void) {
    static compress_fn chosen;  // set once; a race only stores the same pointer twice
    if (__atomic_load_n(&force_portable, __ATOMIC_RELAXED)) return compress_portable;
    compress_fn fn = __atomic_load_n(&chosen, __ATOMIC_ACQUIRE);
    if (!fn) {
#ifdef VAULT_SHA256_X86
        fn = cpu_has_sha_extensions() ? compress_sha_extensions : compress_portable;
#else
        fn = compress_portable;
#endif
        __atomic_store_n(&chosen, fn, __ATOMIC_RELEASE);
    }
    return fn;
}

int vault_sha256_uses_sha_extensions(void) {
    return chosen_compress() != compress_portable;
}

void vault_sha256_force_portable(int force) {
    __atomic_store_n(&force_portable, force ? 1 : 0, __ATOMIC_RELAXED);
}

void vault_sha256_init(vault_sha256_ctx *ctx) {
    memcpy(ctx->state, H0, sizeof H0);
    ctx->length = 0;
    ctx->buffered = 0;
}

void vault_sha256_update(vault_sha256_ctx *ctx, const uint8_t *data, size_t length) {
    if (length == 0) return;
    compress_fn compress = chosen_compress();
    ctx->length += length;
    if (ctx->buffered > 0) {
        size_t take = 64 - ctx->buffered;
        if (take > length) take = length;
        memcpy(ctx->buffer + ctx->buffered, data, take);
        ctx->buffered += (uint32_t)take;
        data += take;
        length -= take;
        if (ctx->buffered < 64) return;
        compress(ctx->state, ctx->buffer, 1);
        ctx->buffered = 0;
    }
    if (length >= 64) {
        compress(ctx->state, data, length / 64);
        data += length - length % 64;
        length %= 64;
    }
    if (length > 0) {
        memcpy(ctx->buffer, data, length);
        ctx->buffered = (uint32_t)length;
    }
}

void vault_sha256_final(vault_sha256_ctx *ctx, uint8_t digest[32]) {
    compress_fn compress = chosen_compress();
    uint64_t bits = ctx->length * 8;
    uint32_t n = ctx->buffered;
    ctx->buffer[n++] = 0x80;
    if (n > 56) {
        memset(ctx->buffer + n, 0, 64 - n);
        compress(ctx->state, ctx->buffer, 1);
        n = 0;
    }
    memset(ctx->buffer + n, 0, 56 - n);
    for (int i = 0; i < 8; i++) ctx->buffer[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
    compress(ctx->state, ctx->buffer, 1);
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (uint8_t)(ctx->state[i] >> 24);
        digest[4 * i + 1] = (uint8_t)(ctx->state[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(ctx->state[i] >> 8);
        digest[4 * i + 3] = (uint8_t)ctx->state[i];
    }
    wipe(ctx, sizeof *ctx);
}

void vault_hmac_sha256_init(vault_hmac_sha256_ctx *ctx, const uint8_t *key, size_t key_length) {
    uint8_t block[64];
    memset(block, 0, sizeof block);
    if (key_length > 64) {
        vault_sha256_ctx hashed;
        vault_sha256_init(&hashed);
        vault_sha256_update(&hashed, key, key_length);
        vault_sha256_final(&hashed, block);
    } else if (key_length > 0) {
        memcpy(block, key, key_length);
    }
    for (int i = 0; i < 64; i++) block[i] ^= 0x36;
    vault_sha256_init(&ctx->inner);
    vault_sha256_update(&ctx->inner, block, 64);
    for (int i = 0; i < 64; i++) block[i] ^= 0x36 ^ 0x5c;
    vault_sha256_init(&ctx->outer);
    vault_sha256_update(&ctx->outer, block, 64);
    wipe(block, sizeof block);
}

void vault_hmac_sha256_update(vault_hmac_sha256_ctx *ctx, const uint8_t *data, size_t length) {
    vault_sha256_update(&ctx->inner, data, length);
}

void vault_hmac_sha256_final(vault_hmac_sha256_ctx *ctx, uint8_t mac[32]) {
    uint8_t inner[32];
    vault_sha256_final(&ctx->inner, inner);
    vault_sha256_update(&ctx->outer, inner, sizeof inner);
    vault_sha256_final(&ctx->outer, mac);
    wipe(inner, sizeof inner);
    wipe(ctx, sizeof *ctx);
}
