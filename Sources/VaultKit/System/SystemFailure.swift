// The terminal and other process-level plumbing: every error, with its message and hint.

/// The terminal and other process-level plumbing.
public enum SystemFailure: ErrorMessage {
    // MARK: the GUI prompt driver (issue 19, item 26)
    /// The person closed the dialog or pressed Cancel.
    case promptCancelled(program: String)
    /// The dialog stayed open past `VAULT_PROMPT_TIMEOUT`.
    case promptTimedOut(program: String, seconds: Int)
    /// The dialog program could not be run or failed.
    case promptFailed(program: String, reason: String)
    /// `VAULT_PROMPT` names no prompt driver.
    case invalidPromptSetting(String)
    /// `VAULT_PROMPT_TIMEOUT` is not 1–3600 seconds.
    case invalidPromptTimeout(String)

    public var problem: String {
        switch self {
        // MARK: the GUI prompt driver (issue 19, item 26)
        case .promptCancelled(let program): return "the question was cancelled in the \(program) dialog"
        case .promptTimedOut(let program, let seconds):
            return "nobody answered the \(program) dialog within \(seconds) s"
        case .promptFailed(let program, let reason): return "cannot ask with \(program): \(reason)"
        case .invalidPromptSetting(let value): return "VAULT_PROMPT=\(escaped(value)) is not a prompt driver"
        case .invalidPromptTimeout(let value):
            return "VAULT_PROMPT_TIMEOUT=\(escaped(value)) is not a number of seconds"
        }
    }

    public var hint: String {
        switch self {
        // MARK: the GUI prompt driver (issue 19, item 26)
        case .promptCancelled: return "run the command again and answer the dialog"
        case .promptTimedOut: return "run the command again; set VAULT_PROMPT_TIMEOUT to wait longer (1–3600 seconds)"
        case .promptFailed:
            return "check that the program runs on this display, or unset VAULT_PROMPT to ask on the terminal"
        case .invalidPromptSetting: return "use terminal (default), zenity or kdialog"
        case .invalidPromptTimeout: return "use 1–3600 (default 120)"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .invalidPromptSetting, .invalidPromptTimeout: return 2
        case .promptCancelled, .promptTimedOut, .promptFailed: return 1
        }
    }
}
