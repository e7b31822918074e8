// This machine's TPM 2.0 through tpm2-tss (module TPM2), named by VAULT_TPM_TCTI or the kernel's
// resource manager, with every failure turned into what the user can do about it.
import TPM2
import VaultCrypto

/// The real TPM. The TSS2 libraries are loaded on the first seal or unseal, never before.
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
