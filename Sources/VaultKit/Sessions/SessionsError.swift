// Sessions: the broker, the cache, outputs, exec, MFA codes and helpers, the credential server: every error, with its message and hint.

/// Sessions: the broker, the cache, outputs, exec, MFA codes and helpers, the credential server.
public enum SessionsError: ErrorMessage {
    public var problem: String {
        switch self {}
    }

    public var hint: String {
        switch self {}
    }
}
