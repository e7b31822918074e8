/// Why a Secret Service call failed, sorted by what the user can do about it.
public enum KeyringError: Error, Equatable, Sendable {
    /// libsecret could not be loaded (not installed, or not a usable library), so this process
    /// cannot talk to any Secret Service. `detail` is the dynamic loader's message.
    case libsecretUnavailable(detail: String)
    /// No Secret Service answered: no session bus, a bus address that leads nowhere, or a bus
    /// with no keyring daemon. `detail` is GLib's message.
    case noSecretService(detail: String)
    /// The default collection is locked, or does not exist yet (a keyring daemon that was never
    /// unlocked); a lookup cannot tell whether the item is behind the lock.
    case locked
    /// No item has these attributes.
    case itemNotFound
    /// The item exists but is not base64 text, so it was not stored by this module.
    case undecodableSecret
    /// Anything else, with GLib's error domain (a GQuark), code and message.
    case failed(domain: UInt32, code: Int32, message: String)
}

/// What `SecretServiceKeyring.probe()` found.
public enum KeyringStatus: Equatable, Sendable {
    /// A Secret Service answered; `locked` tells whether its default collection is locked or
    /// missing (either way, storing needs the user to unlock or create it first).
    case available(locked: Bool)
    /// None answered, or it failed; the error says which.
    case unavailable(KeyringError)
}

extension KeyringError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .libsecretUnavailable(let detail):
            return "Secret Service support is unavailable: \(LibSecret.soname) could not be loaded (\(detail))"
        case .noSecretService(let detail):
            return "No Secret Service (gnome-keyring, KeePassXC, …) answered on the D-Bus session bus: \(detail)"
        case .locked:
            return "The keyring's default collection is locked or does not exist yet; unlock or create it "
                + "(log in to the desktop session, or run `gnome-keyring-daemon --unlock`) and try again."
        case .itemNotFound:
            return "The keyring holds no item with these attributes."
        case .undecodableSecret:
            return "The keyring item is not base64 text; it was not written by vault."
        case .failed(_, let code, let message):
            return "Secret Service call failed (code \(code)): \(message)"
        }
    }
}
