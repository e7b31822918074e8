// The ESYS steps sealing and unsealing are made of: the storage primary, salted sessions, the
// PCR/PIN policy, and locked memory for the structures that hold a secret.
internal import CTSS2
import VaultCrypto

extension TPMContext {
    static let none = UInt32(CTSS2_TR_NONE)
    static let sha256 = UInt16(CTSS2_ALG_SHA256)

    /// The owner hierarchy's ECC P-256 storage key, re-derived from its template (never persistent).
    func storagePrimary() throws(TPM2Error) -> TransientHandle {
        var template = TPM2B_PUBLIC()
        ctss2_storage_primary_template(&template)
        var sensitive = TPM2B_SENSITIVE_CREATE()
        var outside = TPM2B_DATA()
        var creationPCRs = TPML_PCR_SELECTION()
        var handle: UInt32 = 0
        try check(
            library.createPrimary(
                esys, UInt32(CTSS2_TR_RH_OWNER), UInt32(CTSS2_TR_PASSWORD), Self.none, Self.none, &sensitive, &template,
                &outside, &creationPCRs, &handle, nil, nil, nil, nil), "Esys_CreatePrimary")
        return TransientHandle(self, handle)
    }

    /// A session salted with `saltKey` (so only this TPM learns its key) using AES-128-CFB
    /// parameter encryption as `attributes` ask.
    func saltedSession(saltKey: TransientHandle, type: Int, attributes: Int) throws(TPM2Error) -> TransientHandle {
        var symmetric = ctss2_aes128_cfb()
        var handle: UInt32 = 0
        try check(
            library.startAuthSession(
                esys, saltKey.handle, Self.none, Self.none, Self.none, Self.none, nil, UInt8(type), &symmetric,
                Self.sha256,
                &handle), "Esys_StartAuthSession")
        let session = TransientHandle(self, handle)
        try check(library.setSessionAttributes(esys, handle, UInt8(attributes), 0xFF), "Esys_TRSess_SetAttributes")
        return session
    }

    /// The policy digest of PolicyPCR (the PCRs' current values) then PolicyAuthValue, each when asked.
    func trialPolicyDigest(pcrs: [UInt8], pin: Bool) throws(TPM2Error) -> TPM2B_DIGEST {
        var symmetric = ctss2_sym_null()
        var handle: UInt32 = 0
        try check(
            library.startAuthSession(
                esys, Self.none, Self.none, Self.none, Self.none, Self.none, nil, UInt8(CTSS2_SE_TRIAL), &symmetric,
                Self.sha256, &handle), "Esys_StartAuthSession")
        let session = TransientHandle(self, handle)
        try applyPolicy(session, pcrs: pcrs, pin: pin)
        var digest: UnsafeMutablePointer<TPM2B_DIGEST>?
        try check(
            library.policyGetDigest(esys, handle, Self.none, Self.none, Self.none, &digest), "Esys_PolicyGetDigest")
        guard let digest else { throw .failed(step: "Esys_PolicyGetDigest", code: 0, text: "no digest") }
        defer { library.free(digest) }
        return digest.pointee
    }

    /// Runs the policy commands on `session`, in the order the digest was computed.
    func applyPolicy(_ session: TransientHandle, pcrs: [UInt8], pin: Bool) throws(TPM2Error) {
        if !pcrs.isEmpty {
            var selection = TPML_PCR_SELECTION()
            pcrs.withUnsafeBufferPointer { ctss2_sha256_selection(&selection, $0.baseAddress, $0.count) }
            var current = TPM2B_DIGEST()  // empty: the TPM takes the PCRs' current values
            try check(
                library.policyPCR(esys, session.handle, Self.none, Self.none, Self.none, &current, &selection),
                "Esys_PolicyPCR")
        }
        if pin {
            try check(
                library.policyAuthValue(esys, session.handle, Self.none, Self.none, Self.none), "Esys_PolicyAuthValue")
        }
    }
}

/// Gives `body` a zeroed `T` in locked memory (`SecureBytes`), wiped when `body` returns: for the
/// C structures that carry a secret (the sensitive part of a new object, an auth value).
func withLockedStruct<T, R>(
    _ type: T.Type, _ body: (UnsafeMutablePointer<T>) throws(TPM2Error) -> R
) throws(TPM2Error) -> R {
    // A multiple of 16 bytes: sodium_malloc places the block at a page's end, so its size sets its alignment.
    let size = (MemoryLayout<T>.size + 15) & ~15
    var memory: SecureBytes
    do { memory = try SecureBytes(count: size) } catch {
        throw .failed(step: "locking memory", code: 0, text: "\(error)")
    }
    return try memory.withUnsafeMutableBytes { (raw) throws(TPM2Error) -> R in
        try body(raw.baseAddress!.bindMemory(to: T.self, capacity: 1))
    }
}

/// The TPM auth value proving a PIN: HMAC-SHA-256 keyed by the PIN (32 bytes, the most a sha256
/// object's auth value holds, whatever the PIN's length); empty for no PIN.
func authValue(forPIN pin: borrowing SecureBytes) throws(TPM2Error) -> SecureBytes {
    var value: SecureBytes
    do { value = try SecureBytes(count: pin.count == 0 ? 0 : HMACSHA256.byteCount) } catch {
        throw .failed(step: "locking memory", code: 0, text: "\(error)")
    }
    if pin.count > 0 {
        let label = Array("vault tpm2 pin v1".utf8)
        label.withUnsafeBytes { message in
            pin.withUnsafeBytes { key in
                value.withUnsafeMutableBytes { HMACSHA256.authenticate(key: key, message: message, into: $0) }
            }
        }
    }
    return value
}
