// Console sign-in: every error, with its message and hint.

/// Console sign-in.
public enum ConsoleError: ErrorMessage {
    public var problem: String {
        switch self {}
    }

    public var hint: String {
        switch self {}
    }
}
