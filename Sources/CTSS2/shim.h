// The tss2 (tpm2-tss 3.x) types, function-pointer types for dlsym and small template builders
// for Sources/TPM2. Nothing here may call a Tss2_* or Esys_* symbol: vault does not link them.
#ifndef CTSS2_SHIM_H
#define CTSS2_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <tss2/tss2_esys.h>
#include <tss2/tss2_mu.h>
#include <tss2/tss2_rc.h>
#include <tss2/tss2_tctildr.h>

// The functions TPM2 resolves with dlsym, typed from the real declarations.
typedef __typeof__(&Tss2_TctiLdr_Initialize) ctss2_tctildr_initialize_fn;
typedef __typeof__(&Tss2_TctiLdr_Finalize) ctss2_tctildr_finalize_fn;
typedef __typeof__(&Esys_Initialize) ctss2_esys_initialize_fn;
typedef __typeof__(&Esys_Finalize) ctss2_esys_finalize_fn;
typedef __typeof__(&Esys_Free) ctss2_esys_free_fn;
typedef __typeof__(&Esys_CreatePrimary) ctss2_esys_create_primary_fn;
typedef __typeof__(&Esys_Create) ctss2_esys_create_fn;
typedef __typeof__(&Esys_Load) ctss2_esys_load_fn;
typedef __typeof__(&Esys_Unseal) ctss2_esys_unseal_fn;
typedef __typeof__(&Esys_FlushContext) ctss2_esys_flush_context_fn;
typedef __typeof__(&Esys_StartAuthSession) ctss2_esys_start_auth_session_fn;
typedef __typeof__(&Esys_TRSess_SetAttributes) ctss2_esys_trsess_set_attributes_fn;
typedef __typeof__(&Esys_TR_SetAuth) ctss2_esys_tr_set_auth_fn;
typedef __typeof__(&Esys_PolicyPCR) ctss2_esys_policy_pcr_fn;
typedef __typeof__(&Esys_PolicyAuthValue) ctss2_esys_policy_auth_value_fn;
typedef __typeof__(&Esys_PolicyGetDigest) ctss2_esys_policy_get_digest_fn;
typedef __typeof__(&Esys_GetCapability) ctss2_esys_get_capability_fn;
typedef __typeof__(&Tss2_MU_TPM2B_PUBLIC_Marshal) ctss2_mu_public_marshal_fn;
typedef __typeof__(&Tss2_MU_TPM2B_PUBLIC_Unmarshal) ctss2_mu_public_unmarshal_fn;
typedef __typeof__(&Tss2_MU_TPM2B_PRIVATE_Marshal) ctss2_mu_private_marshal_fn;
typedef __typeof__(&Tss2_MU_TPM2B_PRIVATE_Unmarshal) ctss2_mu_private_unmarshal_fn;
typedef __typeof__(&Tss2_RC_Decode) ctss2_rc_decode_fn;

// The header's constants are casts, which Swift does not import: the ones TPM2 needs, plainly.
enum {
    CTSS2_TR_NONE = ESYS_TR_NONE,
    CTSS2_TR_PASSWORD = ESYS_TR_PASSWORD,
    CTSS2_TR_RH_OWNER = ESYS_TR_RH_OWNER,
    CTSS2_SE_HMAC = 0x00,
    CTSS2_SE_POLICY = 0x01,
    CTSS2_SE_TRIAL = 0x03,
    CTSS2_ALG_SHA256 = 0x000B,
    CTSS2_SESSION_ENCRYPTED_BOTH_WAYS = 0x01 | 0x20 | 0x40,  // continueSession | decrypt | encrypt
    CTSS2_SESSION_ENCRYPT_RESPONSE = 0x01 | 0x40,            // continueSession | encrypt
    CTSS2_CAP_TPM_PROPERTIES = 0x06,
    CTSS2_PT_LOCKOUT_COUNTER = 0x20E,
    CTSS2_PT_MAX_AUTH_FAIL = 0x20F,
    CTSS2_SENSITIVE_DATA_MAX = sizeof(((TPM2B_SENSITIVE_DATA *)0)->buffer),
    CTSS2_MARSHALLED_MAX = sizeof(TPM2B_PUBLIC) + sizeof(TPM2B_PRIVATE),
};

/// AES-128-CFB, the parameter encryption of a salted session.
static inline TPMT_SYM_DEF ctss2_aes128_cfb(void) {
    TPMT_SYM_DEF def;
    memset(&def, 0, sizeof def);
    def.algorithm = TPM2_ALG_AES;
    def.keyBits.aes = 128;
    def.mode.aes = TPM2_ALG_CFB;
    return def;
}

/// No symmetric algorithm (the trial session computing a policy digest).
static inline TPMT_SYM_DEF ctss2_sym_null(void) {
    TPMT_SYM_DEF def;
    memset(&def, 0, sizeof def);
    def.algorithm = TPM2_ALG_NULL;
    return def;
}

/// The owner hierarchy's ECC P-256 storage key (restricted decrypt, AES-128-CFB; tpm2-tools'
/// `createprimary -G ecc` template plus `noDA`: its auth is empty, nothing to guess, so loading a
/// PIN-less object under it still works in lockout). The TPM re-derives the same key each time.
static inline void ctss2_storage_primary_template(TPM2B_PUBLIC *out) {
    memset(out, 0, sizeof *out);
    TPMT_PUBLIC *p = &out->publicArea;
    p->type = TPM2_ALG_ECC;
    p->nameAlg = TPM2_ALG_SHA256;
    p->objectAttributes = TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT | TPMA_OBJECT_FIXEDTPM |
                          TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN | TPMA_OBJECT_USERWITHAUTH |
                          TPMA_OBJECT_NODA;
    p->parameters.eccDetail.symmetric.algorithm = TPM2_ALG_AES;
    p->parameters.eccDetail.symmetric.keyBits.aes = 128;
    p->parameters.eccDetail.symmetric.mode.aes = TPM2_ALG_CFB;
    p->parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
    p->parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
    p->parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
}

/// A sealed data object fixed to this TPM and parent. With a policy (`policy` non-empty) only a
/// policy session opens it; without, an empty auth value does. An object with a PIN is subject to
/// dictionary-attack protection; one without (`pin` 0) is `noDA`: it has nothing to guess, and so
/// keeps working while the TPM is in lockout.
static inline void ctss2_sealed_object_template(TPM2B_PUBLIC *out, const TPM2B_DIGEST *policy, int pin) {
    memset(out, 0, sizeof *out);
    TPMT_PUBLIC *p = &out->publicArea;
    p->type = TPM2_ALG_KEYEDHASH;
    p->nameAlg = TPM2_ALG_SHA256;
    p->objectAttributes = TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT;
    if (!pin) p->objectAttributes |= TPMA_OBJECT_NODA;
    if (policy->size == 0) {
        p->objectAttributes |= TPMA_OBJECT_USERWITHAUTH;
    } else {
        p->authPolicy = *policy;
    }
    p->parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_NULL;
}

/// The sha256 bank's PCRs in `pcrs` (each below 24).
static inline void ctss2_sha256_selection(TPML_PCR_SELECTION *out, const uint8_t *pcrs, size_t count) {
    memset(out, 0, sizeof *out);
    out->count = 1;
    out->pcrSelections[0].hash = TPM2_ALG_SHA256;
    out->pcrSelections[0].sizeofSelect = 3;
    for (size_t i = 0; i < count; i++) {
        if (pcrs[i] < 24) out->pcrSelections[0].pcrSelect[pcrs[i] / 8] |= (uint8_t)(1u << (pcrs[i] % 8));
    }
}

/// Fills the sensitive part of a new sealed object: the data and the auth value (both wiped by
/// the caller, who owns `out`'s memory).
static inline int ctss2_fill_sensitive(
    TPM2B_SENSITIVE_CREATE *out, const uint8_t *data, size_t dataSize, const uint8_t *auth, size_t authSize) {
    if (dataSize > sizeof out->sensitive.data.buffer || authSize > sizeof out->sensitive.userAuth.buffer) return -1;
    memset(out, 0, sizeof *out);
    memcpy(out->sensitive.data.buffer, data, dataSize);
    out->sensitive.data.size = (UINT16)dataSize;
    memcpy(out->sensitive.userAuth.buffer, auth, authSize);
    out->sensitive.userAuth.size = (UINT16)authSize;
    return 0;
}

/// Fills an auth value (wiped by the caller, who owns `out`'s memory).
static inline int ctss2_fill_auth(TPM2B_AUTH *out, const uint8_t *auth, size_t authSize) {
    if (authSize > sizeof out->buffer) return -1;
    memset(out, 0, sizeof *out);
    memcpy(out->buffer, auth, authSize);
    out->size = (UINT16)authSize;
    return 0;
}

/// Zeroes `size` bytes the TPM returned (an unsealed secret) before they go back to the heap.
static inline void ctss2_wipe(void *block, size_t size) {
    if (block) explicit_bzero(block, size);
}
#endif
