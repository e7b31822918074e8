// Long-term keys: adding, listing, removing, importing, rotating; profile names: every error, with its message and hint.

/// Long-term keys: adding, listing, removing, importing, rotating; profile names.
public enum KeysError: ErrorMessage {
    public var problem: String {
        switch self {}
    }

    public var hint: String {
        switch self {}
    }
}
