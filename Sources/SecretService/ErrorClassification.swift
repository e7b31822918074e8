@_implementationOnly import CSecret

extension KeyringError {
    /// Sorts a GError by domain and code, keeping GLib's message. Measured messages:
    /// no bus address and no X11 → "Cannot autolaunch D-Bus without X11 $DISPLAY";
    /// address to nothing → "Could not connect: …"; bus without a keyring →
    /// "The name org.freedesktop.secrets was not provided by any .service files";
    /// locked collection on store → "Cannot create an item in a locked collection".
    init(_ error: GError) {
        let message = error.message.map { String(cString: $0) } ?? ""
        let domain = error.domain
        let code = error.code
        if domain == secret_error_get_quark() {
            switch code {
            case Int32(SECRET_ERROR_IS_LOCKED.rawValue): self = .locked; return
            case Int32(SECRET_ERROR_NO_SUCH_OBJECT.rawValue): self = .itemNotFound; return
            default: break
            }
        }
        if domain == g_dbus_error_quark(), Self.missingServiceCodes.contains(code) {
            self = .noSecretService(detail: message)
            return
        }
        // Connecting to the bus fails in GIO before any D-Bus message is sent.
        if domain == g_io_error_quark(), Self.connectionCodes.contains(code) {
            self = .noSecretService(detail: message)
            return
        }
        self = .failed(domain: domain, code: code, message: message)
    }

    /// D-Bus errors meaning nobody owns, or can be started for, org.freedesktop.secrets.
    private static let missingServiceCodes = Set([
        G_DBUS_ERROR_SERVICE_UNKNOWN, G_DBUS_ERROR_NAME_HAS_NO_OWNER, G_DBUS_ERROR_NO_SERVER,
        G_DBUS_ERROR_DISCONNECTED, G_DBUS_ERROR_SPAWN_EXEC_FAILED, G_DBUS_ERROR_SPAWN_FAILED,
        G_DBUS_ERROR_SPAWN_CHILD_EXITED, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND,
    ].map { Int32($0.rawValue) })

    /// GIO errors from opening the session bus connection itself (measured: FAILED for
    /// autolaunch, NOT_FOUND for a missing socket, CONNECTION_REFUSED, INVALID_ARGUMENT for a
    /// malformed address).
    private static let connectionCodes = Set([
        G_IO_ERROR_FAILED, G_IO_ERROR_NOT_FOUND, G_IO_ERROR_CONNECTION_REFUSED, G_IO_ERROR_CLOSED,
        G_IO_ERROR_BROKEN_PIPE, G_IO_ERROR_CONNECTION_CLOSED, G_IO_ERROR_INVALID_ARGUMENT,
        G_IO_ERROR_PERMISSION_DENIED,
    ].map { Int32($0.rawValue) })
}
