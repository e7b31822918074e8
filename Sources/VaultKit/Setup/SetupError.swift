// Setup, doctor and vault's settings: every error, with its message and hint.

/// Setup, doctor and vault's settings.
public enum SetupError: ErrorMessage {
    public var problem: String {
        switch self {}
    }

    public var hint: String {
        switch self {}
    }
}
