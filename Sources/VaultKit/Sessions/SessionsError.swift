// Sessions: the broker, the cache, outputs, exec, MFA, the credential server: every error, with its message and hint.

// To add an error: (1) a case here, carrying its data; (2) its words in the `problem` and `hint`
// switches (and `exitCode` if not 1); (3) the compiler then asks for its `Kind` and for an
// example in `examples(of:)` (below); (4) UPDATE_SNAPSHOTS=1 swift test --filter
// ErrorCatalogueTests adds it to docs/commands.md. Never a message outside these switches.
#if canImport(Glibc)
import Glibc
#endif

/// Sessions: the broker, the cache, outputs, exec, MFA, the credential server.
public enum SessionsError: ErrorMessage {
    case badMinRemaining(String)
    case keysInPlaintext(profile: String, path: String)
    /// `sourceOf`: the role profile whose source_profile `profile` is, if it is not the one asked for.
    case noKeys(profile: String, sourceOf: String?)
    case parentExpired(profile: String)
    case unknownCacheBackend(String)
    case kernelKeyringRefused(detail: String)
    case cannotCreateCacheKey(detail: String)
    case cannotWriteCache(directory: String, detail: String)
    case cannotEncrypt(detail: String)
    case cannotLockCache(directory: String, detail: String)
    case badMFATimeout(String)
    case mfaTimedOut(seconds: Int, command: String)
    case mfaInterrupted(signal: Int32, command: String)
    case mfaCannotStart(detail: String)
    case mfaLost(detail: String, command: String)
    case mfaCannotRun(detail: String)
    case mfaFailed(status: Int32, command: String)
    case mfaKilled(signal: Int32, command: String)
    case mfaCannotAsk(serial: String)
    case mfaNotSixDigits(source: String)
    case nested(outer: String)
    /// `server`: whether the usage shown is `vault exec --server`'s.
    case noCommand(server: Bool)
    /// `errno`: why execve/posix_spawn failed for every candidate.
    case cannotRun(program: String, errno: Int32)
    case unexpectedSecret
    case cannotWriteCredentials(detail: String)
    case serverSetup(operation: String, errno: Int32)
    /// `vault clear NAME` for a profile neither in the config nor in the cache (a typo).
    case unknownCachedProfile(String, configPath: String, close: [String], cached: [String])

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
        case .badMinRemaining(let text): return "VAULT_SESSION_MIN_REMAINING=\(text) is not a number of seconds"
        case .keysInPlaintext(let profile, let path):
            return "the keys of '\(profile)' are in plaintext in \(path), not in the vault"
        case .noKeys(let profile, let role):
            return "profile '\(profile)' has no keys in the vault"
                + (role.map { " (it is the source_profile of '\($0)')" } ?? "")
        case .parentExpired(let profile):
            return "the cached session of '\(profile)' has expired at AWS (vault's clock thought it had time left)"
        case .unknownCacheBackend(let name): return "VAULT_SESSION_CACHE=\(name) is not a cache backend"
        case .kernelKeyringRefused(let detail): return "the kernel keyring refused the session-cache key: \(detail)"
        case .cannotCreateCacheKey(let detail): return "cannot create the session-cache key: \(detail)"
        case .cannotWriteCache(_, let detail): return "cannot write the session cache: \(detail)"
        case .cannotEncrypt(let detail): return "cannot encrypt the session: \(detail)"
        case .cannotLockCache(_, let detail): return "cannot lock the session cache: \(detail)"
        case .badMFATimeout(let text): return "VAULT_MFA_PROCESS_TIMEOUT=\(escaped(text)) is not a number of seconds"
        case .mfaTimedOut(let seconds, let command):
            return "mfa_process did not finish within \(seconds) s: \(escaped(command))"
        case .mfaInterrupted(let signal, let command):
            return "mfa_process was stopped because vault got \(MFAProcess.name(of: signal)): \(escaped(command))"
        case .mfaCannotStart(let detail), .mfaCannotRun(let detail): return "cannot run mfa_process (\(detail))"
        case .mfaLost(let detail, let command): return "lost track of mfa_process (\(detail)): \(escaped(command))"
        case .mfaFailed(let status, _): return "mfa_process failed (exit status \(status))"
        case .mfaKilled(let signal, _): return "mfa_process was killed by \(MFAProcess.name(of: signal))"
        case .mfaCannotAsk(let serial):
            return "an MFA code for \(serial) is needed but vault cannot ask (no terminal, or --no-prompt)"
        case .mfaNotSixDigits(let source): return "the MFA code from \(source) is not 6 digits"
        case .nested(let outer): return "already inside a vault session for '\(outer)' (AWS_VAULT is set)"
        case .noCommand: return "no command to run"
        case .cannotRun(let program, let errno): return "cannot run \(program): \(String(cString: strerror(errno)))"
        case .unexpectedSecret: return "the endpoint returned a secret key with unexpected characters"
        case .cannotWriteCredentials(let detail): return "cannot write the credentials: \(detail)"
        case .serverSetup(let operation, let errno):
            return "cannot start the credential server: \(operation) failed (\(String(cString: strerror(errno))))"
        case .unknownCachedProfile(let name, let configPath, _, _):
            return "profile '\(escaped(name))' is neither in \(configPath) nor in the session cache"
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
        case .badMinRemaining: return "use 0–43200 (default 900: refresh when less than 15 minutes remain)"
        case .keysInPlaintext(let profile, _):
            return "move them into the vault: vault add \(profile) --import --remove-plaintext"
        case .noKeys(let profile, _): return "add them with: vault add \(profile)"
        case .parentExpired:
            return
                "run the command again: vault has forgotten that session and will start a new one (check the clock too)"
        case .unknownCacheBackend: return "use auto (default), kernel, secret-service or none"
        case .kernelKeyringRefused: return "set VAULT_SESSION_CACHE=secret-service or none"
        case .cannotCreateCacheKey: return "set VAULT_SESSION_CACHE=none"
        case .cannotWriteCache(let directory, _):
            return "check \(directory) and free disk space; set VAULT_SESSION_CACHE=none to skip the cache"
        case .cannotEncrypt: return "set VAULT_SESSION_CACHE=none to skip the cache"
        case .cannotLockCache(let directory, _): return "check \(directory)"
        case .badMFATimeout: return "use whole seconds from 1 to 3600 (default \(MFAProcess.defaultTimeout))"
        case .mfaTimedOut: return "check the command; set VAULT_MFA_PROCESS_TIMEOUT to wait longer (1–3600 seconds)"
        case .mfaInterrupted: return "run the command again to get a new code"
        case .mfaCannotStart: return "check the command in the profile and system limits"
        case .mfaLost: return "run the command again"
        case .mfaCannotRun: return "check the command in the profile"
        case .mfaFailed(_, let command), .mfaKilled(_, let command):
            return "run the command yourself to see why: \(escaped(command))"
        case .mfaCannotAsk:
            return "pass --mfa-code CODE, or set mfa_process in the profile to a command that prints the code"
        case .mfaNotSixDigits: return "use the current code your authenticator app shows"
        case .nested: return "exit that shell first, or pass --force to start a nested one"
        case .noCommand(let server):
            return server
                ? "vault exec PROFILE --server -- COMMAND [ARGS...]" : "vault exec PROFILE -- COMMAND [ARGS...]"
        case .cannotRun(_, let errno):
            return errno == ENOENT ? "check the command name and PATH" : "check the command's permissions"
        case .unexpectedSecret: return "check AWS_ENDPOINT_URL: this does not look like AWS STS"
        case .cannotWriteCredentials: return "check where standard output goes"
        case .serverSetup: return "check that the loopback interface is up, or run without --server"
        case .unknownCachedProfile(_, _, let close, let cached):
            if !close.isEmpty {
                return "did you mean \(close.prefix(5).map { "'\(escaped($0))'" }.joined(separator: " or "))?"
            }
            return cached.isEmpty
                ? "there are no cached sessions; vault clear without a profile clears them all"
                : "cached sessions: \(cached.prefix(12).map { escaped($0) }.joined(separator: ", "))"
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

    public var exitCode: Int32 {
        switch self {
        case .badMinRemaining, .unknownCacheBackend, .badMFATimeout, .noCommand: return 2
        case .mfaInterrupted(let signal, _): return 128 + signal
        case .cannotRun(_, let errno): return errno == ENOENT ? 127 : 126
        default: return 1
        }
    }
}
