import VaultCrypto
import VaultKit

/// The desktop keyring (freedesktop Secret Service). Placeholder until the libsecret module lands.
struct SystemKeyring: VaultKeyring {
    func store(_ secret: borrowing SecureBytes, label: String, attributes: [String: String]) throws(VaultError) {
        throw VaultError("the Secret Service backend is not built in yet", hint: "use the file backend")
    }
    func lookup(attributes: [String: String]) throws(VaultError) -> SecureBytes {
        throw VaultError("the Secret Service backend is not built in yet", hint: "use the file backend")
    }
    func remove(attributes: [String: String]) throws(VaultError) -> Bool {
        throw VaultError("the Secret Service backend is not built in yet", hint: "use the file backend")
    }
}
