// This machine's TPM 2.0 through tpm2-tss (module TPM2), named by VAULT_TPM_TCTI or the kernel's
// resource manager, with every failure turned into what the user can do about it.
import TPM2
import VaultCrypto

/// The real TPM. The TSS2 libraries are loaded on the first seal or unseal, never before.
///
/// A blob (`tpm_blob` of Vault/FORMAT.md §10) is `version:u8(=1) flags:u8 count:u8 pcrs(count)
/// TPM2B_PUBLIC TPM2B_PRIVATE`: flags bit 0 = PIN; pcrs ascending, below 24; the two TPM2B
/// structures as tpm2-tss marshals them (each with a big-endian u16 size). The object is a sha256
/// keyedhash sealed-data object, `fixedTPM|fixedParent` (`noDA` without a PIN), whose authPolicy is
/// PolicyPCR(sha256: pcrs, their values at enrolment) then PolicyAuthValue, each when present (no
/// policy, `userWithAuth` and an empty auth, when neither is); its auth value is HMAC-SHA-256 keyed
/// by the PIN over "vault tpm2 pin v1". Its parent is the owner hierarchy's ECC P-256 storage
/// primary (tpm2-tools' `createprimary -G ecc` template plus `noDA`), re-derived at every use.
public struct SystemTPM: VaultTPM, Sendable {
    /// The kernel's resource manager, used unless `VAULT_TPM_TCTI` names another TPM.
    public static let defaultTCTI = "device:/dev/tpmrm0"

    private let sealer: TPM2Sealer

    /// The TPM `VAULT_TPM_TCTI` names (an empty value is refused at first use, never searched).
    public init(environment: [String: String]) {
        self.init(tcti: environment["VAULT_TPM_TCTI"] ?? Self.defaultTCTI)
    }

    public init(tcti: String) { sealer = TPM2Sealer(tcti: tcti) }

    public func seal(_ secret: borrowing SecureBytes, pin: borrowing SecureBytes, pcrs: [UInt8]) throws(VaultError)
        -> [UInt8]
    {
        do { return try sealer.seal(secret, pin: pin, pcrs: pcrs) } catch { throw .tpm(TPMFailure(error)) }
    }

    public func needsPIN(_ blob: [UInt8]) -> Bool { TPM2Sealer.needsPIN(blob) }

    public func unseal(_ blob: [UInt8], pin: borrowing SecureBytes) throws(VaultError) -> SecureBytes {
        do { return try sealer.unseal(blob, pin: pin) } catch { throw .tpm(TPMFailure(error)) }
    }
}

extension TPMFailure {
    init(_ error: TPM2Error) {
        switch error {
        case .tctiNotNamed: self = .tctiNotNamed
        case .libraryUnavailable(let detail): self = .libraryUnavailable(detail: detail)
        case .absent(let tcti, let detail): self = .absent(tcti: tcti, detail: detail)
        case .deviceUnusable(let path, let detail): self = .deviceUnusable(path: path, detail: detail)
        case .busy(let detail): self = .busy(detail: detail)
        case .lockout: self = .lockout
        case .wrongPIN(let triesLeft): self = .wrongPIN(triesLeft: triesLeft)
        case .pinRequired: self = .pinRequired
        case .pcrsChanged: self = .pcrsChanged
        case .foreignBlob: self = .foreignBlob
        case .malformedBlob: self = .malformedBlob
        case .secretSize(let count): self = .secretSize(count)
        case .invalidPCRs(let pcrs): self = .invalidPCRs(pcrs)
        case .failed(let step, let code, let text): self = .failed(step: step, code: code, text: text)
        }
    }
}
