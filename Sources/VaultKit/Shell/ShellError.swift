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
    /// `exec --deactivate-after` could not write its record before activating (nothing was activated).
    case cannotRecordDeactivation(path: String, folder: String, detail: String)

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
        case .cannotRecordDeactivation(let path, _, let detail): return "cannot write \(path): \(detail)"
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
        case .cannotRecordDeactivation(_, let folder, _):
            return "check the permissions of \(folder); nothing was activated"
        }
    }
}

extension ShellError {
    /// One discriminator per case. `kind` switches over every case, so a new case does not
    /// compile until it has a `Kind`, and `examples(of:)` until it has an example.
    public enum Kind: CaseIterable, Sendable {
        case tokenNotINISafe, profileNotINISafe, cannotLockMemory, inactiveNeedsUsing, noShell,
            cannotRecordDeactivation
    }

    public var kind: Kind {
        switch self {
        case .tokenNotINISafe: return .tokenNotINISafe
        case .profileNotINISafe: return .profileNotINISafe
        case .cannotLockMemory: return .cannotLockMemory
        case .inactiveNeedsUsing: return .inactiveNeedsUsing
        case .noShell: return .noShell
        case .cannotRecordDeactivation: return .cannotRecordDeactivation
        }
    }

    /// Representative values of each case (every variant of its message).
    static func examples(of kind: Kind) -> [Self] {
        switch kind {
        case .tokenNotINISafe: return [.tokenNotINISafe]
        case .profileNotINISafe: return [.profileNotINISafe("team]prod")]
        case .cannotLockMemory: return [.cannotLockMemory]
        case .inactiveNeedsUsing: return [.inactiveNeedsUsing(profile: "admin")]
        case .noShell: return [.noShell]
        case .cannotRecordDeactivation:
            return [
                .cannotRecordDeactivation(
                    path: "~/.local/state/vault/deactivate-after/61646d696e",
                    folder: "~/.local/state/vault/deactivate-after", detail: "Permission denied")
            ]
        }
    }

    /// Everything this capability can say, case by case (docs/commands.md, Errors).
    public static var catalogue: [Self] { Kind.allCases.flatMap(examples) }
}
