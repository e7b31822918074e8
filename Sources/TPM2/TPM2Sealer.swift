// Sealing a small secret to a TPM 2.0 and unsealing it: the module's one entry point.
internal import CTSS2
import VaultCrypto

/// Seals secrets of at most 128 bytes under the owner hierarchy's storage primary of the TPM
/// that `tcti` names, optionally behind a PIN (PolicyAuthValue: the PIN is proven by HMAC, never
/// sent) and bound to sha256 PCR values (PolicyPCR). Every call opens its own connection and
/// flushes what it loaded; nothing persistent is created on the TPM, so a failure changes nothing.
/// Sessions are salted with the primary key and encrypt the secret on the bus in both directions.
public struct TPM2Sealer: Sendable {
    /// The TCTI string: `device:/dev/tpmrm0`, `swtpm:host=127.0.0.1,port=2321`, … (never empty).
    public let tcti: String
    /// The most the TPM seals (TPM2B_SENSITIVE_DATA on a sha256 object).
    public static let maximumSecretSize = 128

    public init(tcti: String) { self.tcti = tcti }

    /// Whether `blob` needs a PIN, from its header alone (no TPM call, no library loaded).
    public static func needsPIN(_ blob: [UInt8]) -> Bool { SealedBlob.needsPIN(blob) }

    /// Seals `secret`; an empty `pin` means none. `pcrs` (ascending, 0–23) bind it to those sha256
    /// PCRs' current values.
    public func seal(_ secret: borrowing SecureBytes, pin: borrowing SecureBytes, pcrs: [UInt8]) throws(TPM2Error)
        -> [UInt8]
    {
        guard (1...Self.maximumSecretSize).contains(secret.count) else { throw .secretSize(secret.count) }
        guard SealedBlob.validPCRs(pcrs) else { throw .invalidPCRs(pcrs) }
        let needsPIN = pin.count > 0
        let auth = try authValue(forPIN: pin)
        let tpm = try TPMContext(tcti: tcti)
        let primary = try tpm.storagePrimary()
        var policy = TPM2B_DIGEST()
        if needsPIN || !pcrs.isEmpty { policy = try tpm.trialPolicyDigest(pcrs: pcrs, pin: needsPIN) }
        var template = TPM2B_PUBLIC()
        ctss2_sealed_object_template(&template, &policy, needsPIN ? 1 : 0)
        let session = try tpm.saltedSession(
            saltKey: primary, type: Int(CTSS2_SE_HMAC), attributes: Int(CTSS2_SESSION_ENCRYPTED_BOTH_WAYS))
        var outPublic: UnsafeMutablePointer<TPM2B_PUBLIC>?
        var outPrivate: UnsafeMutablePointer<TPM2B_PRIVATE>?
        defer {
            if let outPrivate { ctss2_wipe(outPrivate, MemoryLayout<TPM2B_PRIVATE>.size) }
            tpm.library.free(outPublic)
            tpm.library.free(outPrivate)
        }
        try withLockedStruct(TPM2B_SENSITIVE_CREATE.self) { (sensitive) throws(TPM2Error) in
            let filled = secret.withUnsafeBytes { data in
                auth.withUnsafeBytes { pin in
                    ctss2_fill_sensitive(
                        sensitive, data.baseAddress?.assumingMemoryBound(to: UInt8.self), data.count,
                        pin.baseAddress?.assumingMemoryBound(to: UInt8.self), pin.count)
                }
            }
            guard filled == 0 else { throw .secretSize(secret.count) }
            var outside = TPM2B_DATA()
            var creationPCRs = TPML_PCR_SELECTION()
            try tpm.check(
                tpm.library.create(
                    tpm.esys, primary.handle, session.handle, TPMContext.none, TPMContext.none, sensitive, &template,
                    &outside, &creationPCRs, &outPrivate, &outPublic, nil, nil, nil), "Esys_Create")
        }
        guard let outPublic, let outPrivate else { throw .failed(step: "Esys_Create", code: 0, text: "no object") }
        return SealedBlob(needsPIN: needsPIN, pcrs: pcrs, parts: try marshal(outPublic, outPrivate, tpm.library)).bytes
    }

    /// Unseals what `seal` made. The bytes are the TPM's answer: callers check them (an AEAD does).
    public func unseal(_ blob: [UInt8], pin: borrowing SecureBytes) throws(TPM2Error) -> SecureBytes {
        let sealed = try SealedBlob(blob)
        guard !sealed.needsPIN || pin.count > 0 else { throw .pinRequired }
        let auth = try authValue(forPIN: pin)
        let tpm = try TPMContext(tcti: tcti)
        var (publicPart, privatePart) = try unmarshal(sealed.parts, tpm.library)
        let primary = try tpm.storagePrimary()
        var objectHandle: UInt32 = 0
        try tpm.check(
            tpm.library.load(
                tpm.esys, primary.handle, UInt32(CTSS2_TR_PASSWORD), TPMContext.none, TPMContext.none, &privatePart,
                &publicPart, &objectHandle), "Esys_Load")
        let object = TransientHandle(tpm, objectHandle)
        // Unseal has no command parameter: the session encrypts the response (the secret) only.
        let session = try tpm.saltedSession(
            saltKey: primary, type: Int(sealed.hasPolicy ? CTSS2_SE_POLICY : CTSS2_SE_HMAC),
            attributes: Int(CTSS2_SESSION_ENCRYPT_RESPONSE))
        if sealed.hasPolicy { try tpm.applyPolicy(session, pcrs: sealed.pcrs, pin: sealed.needsPIN) }
        if sealed.needsPIN {
            try withLockedStruct(TPM2B_AUTH.self) { (value) throws(TPM2Error) in
                let filled = auth.withUnsafeBytes {
                    ctss2_fill_auth(value, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), $0.count)
                }
                guard filled == 0 else { throw .failed(step: "Esys_TR_SetAuth", code: 0, text: "auth value too long") }
                try tpm.check(tpm.library.setAuth(tpm.esys, object.handle, value), "Esys_TR_SetAuth")
            }
        }
        var out: UnsafeMutablePointer<TPM2B_SENSITIVE_DATA>?
        defer {
            if let out { ctss2_wipe(out, MemoryLayout<TPM2B_SENSITIVE_DATA>.size) }
            tpm.library.free(out)
        }
        try tpm.check(
            tpm.library.unseal(tpm.esys, object.handle, session.handle, TPMContext.none, TPMContext.none, &out),
            TPMContext.unsealStep)
        guard let out else { throw .failed(step: TPMContext.unsealStep, code: 0, text: "no data") }
        let count = min(Int(out.pointee.size), Self.maximumSecretSize)
        do {
            return try withUnsafeBytes(of: &out.pointee.buffer) { raw throws(CryptoError) in
                try SecureBytes(copying: UnsafeRawBufferPointer(rebasing: raw[..<count]))
            }
        } catch { throw .failed(step: "locking memory", code: 0, text: "\(error)") }
    }
}
