// The vault file, this machine's record of it, and unlocking: every error, with its message and hint.

/// The vault file, this machine's record of it, and unlocking.
public enum VaultFileError: ErrorMessage {
    public var problem: String {
        switch self {}
    }

    public var hint: String {
        switch self {}
    }
}
