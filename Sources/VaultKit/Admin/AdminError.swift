// Admin keys: deactivating and activating them: every error, with its message and hint.

/// Admin keys: deactivating and activating them.
public enum AdminError: ErrorMessage {
    public var problem: String {
        switch self {}
    }

    public var hint: String {
        switch self {}
    }
}
