// The terminal and other process-level plumbing: every error, with its message and hint.

/// The terminal and other process-level plumbing.
public enum SystemFailure: ErrorMessage {
    public var problem: String {
        switch self {}
    }

    public var hint: String {
        switch self {}
    }
}
