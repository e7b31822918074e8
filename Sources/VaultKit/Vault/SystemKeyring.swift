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
            return VaultError(
                "Secret Service support is unavailable: libsecret could not be loaded (\(detail))",
                hint: libsecretHint)
        case .noSecretService(let detail):
            return VaultError(
                "no Secret Service (desktop keyring) is reachable: \(detail)",
                hint:
                    "start one (e.g. gnome-keyring-daemon --unlock --components=secrets in a D-Bus session) or use a passphrase vault: vault init --backend file"
            )
        case .locked:
            return VaultError(
                "the desktop keyring is locked",
                hint:
                    "unlock it (log in to the desktop, or: echo -n PASSWORD | gnome-keyring-daemon --unlock) and try again"
            )
        case .itemNotFound:
            return VaultError(
                "the desktop keyring has no key for this vault",
                hint:
                    "the keyring item was deleted or this vault came from another machine; restore the keyring, or start a new vault"
            )
        case .undecodableSecret:
            return VaultError(
                "the desktop keyring's item for this vault is not a vault key",
                hint: "another program overwrote it; restore the keyring from a backup")
        case .failed(_, _, let message):
            return VaultError(
                "the desktop keyring failed: \(message)", hint: "check that the keyring daemon is running and unlocked")
        }
    }
}
