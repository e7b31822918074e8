// Turns a libsecret/GLib GError into a KeyringError case, keeping GLib's message.
internal import CSecret

extension KeyringError {
    /// Sorts a GError by domain and code, keeping GLib's message. Measured messages:
    /// no bus address and no X11 → "Cannot autolaunch D-Bus without X11 $DISPLAY";
    /// address to nothing → "Could not connect: …"; bus without a keyring →
    /// "The name org.freedesktop.secrets was not provided by any .service files";
    /// locked collection on store → "Cannot create an item in a locked collection".
    init(_ error: csecret_GError, _ lib: LibSecret) {
        let message = error.message.map { String(cString: $0) } ?? ""
        let domain = error.domain
        let code = error.code
        if domain == lib.secretErrorQuark() {
            switch code {
            case CSECRET_ERROR_IS_LOCKED: self = .locked; return
            case CSECRET_ERROR_NO_SUCH_OBJECT: self = .itemNotFound; return
            default: break
            }
        }
        if domain == lib.dbusErrorQuark(), Self.missingServiceCodes.contains(code) {
            self = .noSecretService(detail: message)
            return
        }
        // Connecting to the bus fails in GIO before any D-Bus message is sent.
        if domain == lib.ioErrorQuark(), Self.connectionCodes.contains(code) {
            self = .noSecretService(detail: message)
            return
        }
        self = .failed(domain: domain, code: code, message: message)
    }

    /// D-Bus errors meaning nobody owns, or can be started for, org.freedesktop.secrets.
    private static let missingServiceCodes: Set<Int32> = [
        CSECRET_DBUS_ERROR_SERVICE_UNKNOWN, CSECRET_DBUS_ERROR_NAME_HAS_NO_OWNER, CSECRET_DBUS_ERROR_NO_SERVER,
        CSECRET_DBUS_ERROR_DISCONNECTED, CSECRET_DBUS_ERROR_SPAWN_EXEC_FAILED, CSECRET_DBUS_ERROR_SPAWN_FAILED,
        CSECRET_DBUS_ERROR_SPAWN_CHILD_EXITED, CSECRET_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND,
    ]

    /// GIO errors from opening the session bus connection itself (measured: FAILED for
    /// autolaunch, NOT_FOUND for a missing socket, CONNECTION_REFUSED, INVALID_ARGUMENT for a
    /// malformed address).
    private static let connectionCodes: Set<Int32> = [
        CSECRET_IO_ERROR_FAILED, CSECRET_IO_ERROR_NOT_FOUND, CSECRET_IO_ERROR_CONNECTION_REFUSED,
        CSECRET_IO_ERROR_CLOSED, CSECRET_IO_ERROR_INVALID_ARGUMENT, CSECRET_IO_ERROR_PERMISSION_DENIED,
        CSECRET_IO_ERROR_BROKEN_PIPE,  // also G_IO_ERROR_CONNECTION_CLOSED: the same code
    ]
}
