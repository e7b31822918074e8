// The shell integrations (fish and ini outputs, the subshell, the prompt segment): every error.

/// The shell integrations: outputs for other shells and files, the subshell.
public enum ShellError: ErrorMessage {
    /// The session token holds bytes a credentials file cannot carry (a newline, a space …).
    case tokenNotINISafe
    /// The profile's name cannot be an ini section header.
    case profileNotINISafe(String)
    /// No locked memory left for a quoted secret.
    case cannotLockMemory
    /// `exec --deactivate-after` found the admin keys inactive and no `--using` to activate them.
    case inactiveNeedsUsing(profile: String)
    /// No `$SHELL` and no `/bin/sh` to start.
    case noShell

    public var problem: String {
        switch self {
        case .tokenNotINISafe:
            return "the endpoint returned a session token with characters a credentials file cannot hold"
        case .profileNotINISafe(let name):
            return
                "the profile name '\(String(name.unicodeScalars.filter { $0.value >= 0x20 }.prefix(80)))' cannot be a credentials-file section"
        case .cannotLockMemory: return "cannot allocate locked memory for the credentials"
        case .inactiveNeedsUsing(let profile):
            return "the admin keys of '\(escaped(profile))' are inactive, and inactive keys cannot activate themselves"
        case .noShell: return "SHELL is not set and /bin/sh is missing: there is no shell to start"
        }
    }

    public var hint: String {
        switch self {
        case .tokenNotINISafe: return "check AWS_ENDPOINT_URL: this does not look like AWS STS; use --format json"
        case .profileNotINISafe: return "use --format env, fish or json for this profile"
        case .cannotLockMemory: return "raise the locked-memory limit (ulimit -l)"
        case .inactiveNeedsUsing(let profile):
            return "name who activates them: vault exec \(escaped(profile)) --deactivate-after --using OTHER -- COMMAND"
        case .noShell: return "set SHELL, or give the command: vault exec PROFILE -- COMMAND"
        }
    }
}
