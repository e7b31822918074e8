// The TPM of a vault built without TPM support: every use says so.
import VaultCrypto

/// Stands in for `SystemTPM` until TPM support is built in: sealing and unsealing fail with a clear
/// error; `needsPIN` reads nothing and answers false.
public struct UnavailableTPM: VaultTPM {
    public init() {}

    public func seal(_ secret: borrowing SecureBytes, pin: borrowing SecureBytes, pcrs: [UInt8]) throws(VaultError)
        -> [UInt8]
    {
        throw .protectors(.noTPMSupport)
    }

    public func needsPIN(_ blob: [UInt8]) -> Bool { false }

    public func unseal(_ blob: [UInt8], pin: borrowing SecureBytes) throws(VaultError) -> SecureBytes {
        throw .protectors(.noTPMSupport)
    }
}
