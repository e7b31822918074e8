// Sessions: the broker, the cache, outputs, exec, MFA codes and helpers, the credential server: every error, with its message and hint.

/// Sessions: the broker, the cache, outputs, exec, MFA codes and helpers, the credential server.
public enum SessionsError: ErrorMessage {
    // MARK: a newcomer's first week (issue 19)
    /// The profile's credentials come from its `credential_process`; `vaultProfile` is the profile
    /// that command has vault assume, when it is a `vault assume` line (item 9).
    case credentialProcessProfile(profile: String, command: String, vaultProfile: String?)
    /// `--mfa-code` given for a profile whose chain has no `mfa_serial` (a warning; item 16).
    case mfaCodeUnused(profile: String)
    /// The session cache's folder cannot be made or used: vault works uncached (a warning; item 2).
    case cacheFolderUnusable(directory: String, reason: String)
    /// `--duration` asked for more than the role's MaxSessionDuration (item 10).
    case durationOptionTooLong(seconds: Int)
    /// A cached session served although `--duration` asked for another length (a note; item 10).
    case cachedSessionServed(profile: String, secondsLeft: Int64, requested: Int)

    /// The error for a profile served by `command`, naming vault's profile when `command` is a
    /// `vault assume PROFILE …` line.
    static func credentialProcess(profile: String, command: String) -> SessionsError {
        let words = command.split(separator: " ").map(String.init)
        let isVaultAssume =
            words.count >= 3 && (words[0] == "vault" || words[0].hasSuffix("/vault")) && words[1] == "assume"
        return .credentialProcessProfile(
            profile: profile, command: command, vaultProfile: isVaultAssume ? words[2] : nil)
    }

    public var problem: String {
        switch self {
        // MARK: a newcomer's first week (issue 19)
        case .credentialProcessProfile(let profile, let command, _):
            return
                "profile '\(escaped(profile))' gets its credentials from credential_process (\(escaped(command))), not from keys in the vault"
        case .mfaCodeUnused(let profile):
            return "--mfa-code was not used: profile '\(escaped(profile))' has no mfa_serial"
        case .cacheFolderUnusable(let directory, let reason):
            return "the session cache folder \(directory) cannot be used (\(reason)): this session is not cached"
        case .durationOptionTooLong(let seconds):
            return "the role does not allow sessions of \(seconds) s (--duration; its MaxSessionDuration is lower)"
        case .cachedSessionServed(let profile, let left, let requested):
            return
                "served the cached session of '\(escaped(profile))' (\(left / 60) min left), not a new one of \(requested) s (--duration)"
        }
    }

    public var hint: String {
        switch self {
        // MARK: a newcomer's first week (issue 19)
        case .credentialProcessProfile(_, _, let vaultProfile?):
            return
                "use vault's profile directly: vault exec \(escaped(vaultProfile)) -- COMMAND (or vault assume \(escaped(vaultProfile)))"
        case .credentialProcessProfile:
            return
                "the AWS CLI and SDKs run that command themselves; vault serves profiles whose keys are in the vault (vault list)"
        case .mfaCodeUnused:
            return "add mfa_serial to the profile if its role requires MFA; otherwise leave out --mfa-code"
        case .cacheFolderUnusable:
            return "fix that folder (or XDG_CACHE_HOME), or set VAULT_SESSION_CACHE=none to work without the cache"
        case .durationOptionTooLong:
            return
                "ask for less with --duration (roles default to 1h), or raise the role's limit: aws iam update-role --role-name NAME --max-session-duration SECONDS"
        case .cachedSessionServed:
            return "add --refresh to get a new session of that length"
        }
    }
}
