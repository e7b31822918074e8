import SecretService
import VaultCrypto

/// The desktop keyring (freedesktop Secret Service through libsecret), with every failure turned
/// into what the user can do about it.
public struct SystemKeyring: VaultKeyring {
    private let keyring: SecretServiceKeyring

    public init(schemaName: String = "io.github.vault.VaultKey") {
        keyring = SecretServiceKeyring(schemaName: schemaName)
    }

    public func store(_ secret: borrowing SecureBytes, label: String, attributes: [String: String]) throws(VaultError) {
        do { try keyring.store(secret, label: label, attributes: attributes) } catch { throw Self.describe(error) }
    }

    public func lookup(attributes: [String: String]) throws(VaultError) -> SecureBytes {
        do { return try keyring.lookup(attributes: attributes) } catch { throw Self.describe(error) }
    }

    public func remove(attributes: [String: String]) throws(VaultError) -> Bool {
        do { return try keyring.remove(attributes: attributes) } catch { throw Self.describe(error) }
    }

    /// Whether a Secret Service answers, and whether it is locked.
    public func probe() -> KeyringStatus { keyring.probe() }

    /// What to do when libsecret itself is missing; `vault doctor` says the same.
    static let libsecretHint =
        "install libsecret (Debian: apt install libsecret-1-0) or use a passphrase vault: vault init --backend file"

    static func describe(_ error: KeyringError) -> VaultError {
        switch error {
        case .libsecretUnavailable(let detail):
            return VaultError.vaultFile(.libsecretUnavailable(detail: detail))
        case .noSecretService(let detail):
            return VaultError.vaultFile(.noSecretService(detail: detail))
        case .locked:
            return VaultError.vaultFile(.keyringLocked)
        case .itemNotFound:
            return VaultError.vaultFile(.keyringItemMissing)
        case .undecodableSecret:
            return VaultError.vaultFile(.keyringItemInvalid)
        case .failed(_, _, let message):
            return VaultError.vaultFile(.keyringFailed(message: message))
        }
    }
}
