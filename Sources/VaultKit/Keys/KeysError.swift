// Long-term keys: adding, listing, removing, importing, rotating; profile names: every error, with its message and hint.

/// Long-term keys: adding, listing, removing, importing, rotating; profile names.
public enum KeysError: ErrorMessage {
    // MARK: a newcomer's first week (issue 19)
    /// `vault add` read nothing on standard input (item 24).
    case noKeyInput

    public var problem: String {
        switch self {
        // MARK: a newcomer's first week (issue 19)
        case .noKeyInput:
            return "no input: vault add read no access key ID on standard input"
        }
    }

    public var hint: String {
        switch self {
        // MARK: a newcomer's first week (issue 19)
        case .noKeyInput:
            return
                "pipe two lines (the key ID, then the secret), run vault add on a terminal to be asked, or use --env"
        }
    }

    public var exitCode: Int32 {
        switch self {
        // MARK: a newcomer's first week (issue 19)
        case .noKeyInput: return 2
        }
    }
}
