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

extension SessionsError {
    /// One discriminator per case. `kind` switches over every case, so a new case does not
    /// compile until it has a `Kind`, and `examples(of:)` until it has an example.
    public enum Kind: CaseIterable, Sendable {
        case badMinRemaining, keysInPlaintext, noKeys, parentExpired, unknownCacheBackend,
            kernelKeyringRefused, cannotCreateCacheKey, cannotWriteCache, cannotEncrypt,
            cannotLockCache, badMFATimeout, mfaTimedOut, mfaInterrupted, mfaCannotStart, mfaLost,
            mfaCannotRun, mfaFailed, mfaKilled, mfaCannotAsk, mfaNotSixDigits, nested, noCommand,
            cannotRun, unexpectedSecret, cannotWriteCredentials, serverSetup, unknownCachedProfile
    }

    public var kind: Kind {
        switch self {
        case .badMinRemaining: return .badMinRemaining
        case .keysInPlaintext: return .keysInPlaintext
        case .noKeys: return .noKeys
        case .parentExpired: return .parentExpired
        case .unknownCacheBackend: return .unknownCacheBackend
        case .kernelKeyringRefused: return .kernelKeyringRefused
        case .cannotCreateCacheKey: return .cannotCreateCacheKey
        case .cannotWriteCache: return .cannotWriteCache
        case .cannotEncrypt: return .cannotEncrypt
        case .cannotLockCache: return .cannotLockCache
        case .badMFATimeout: return .badMFATimeout
        case .mfaTimedOut: return .mfaTimedOut
        case .mfaInterrupted: return .mfaInterrupted
        case .mfaCannotStart: return .mfaCannotStart
        case .mfaLost: return .mfaLost
        case .mfaCannotRun: return .mfaCannotRun
        case .mfaFailed: return .mfaFailed
        case .mfaKilled: return .mfaKilled
        case .mfaCannotAsk: return .mfaCannotAsk
        case .mfaNotSixDigits: return .mfaNotSixDigits
        case .nested: return .nested
        case .noCommand: return .noCommand
        case .cannotRun: return .cannotRun
        case .unexpectedSecret: return .unexpectedSecret
        case .cannotWriteCredentials: return .cannotWriteCredentials
        case .serverSetup: return .serverSetup
        case .unknownCachedProfile: return .unknownCachedProfile
        }
    }

    /// Representative values of each case (every variant of its message).
    static func examples(of kind: Kind) -> [Self] {
        switch kind {
        case .badMinRemaining: return [.badMinRemaining("15m")]
        case .keysInPlaintext: return [.keysInPlaintext(profile: "default", path: "/home/me/.aws/credentials")]
        case .noKeys:
            return [
                .noKeys(profile: "default", sourceOf: nil),
                .noKeys(profile: "default", sourceOf: "mfa"),
            ]
        case .parentExpired: return [.parentExpired(profile: "mfa")]
        case .unknownCacheBackend: return [.unknownCacheBackend("disk")]
        case .kernelKeyringRefused: return [.kernelKeyringRefused(detail: "add_key: Disk quota exceeded")]
        case .cannotCreateCacheKey: return [.cannotCreateCacheKey(detail: "out of memory")]
        case .cannotWriteCache:
            return [
                .cannotWriteCache(
                    directory: "/home/me/.cache/vault", detail: "open /home/me/.cache/vault: Permission denied")
            ]
        case .cannotEncrypt: return [.cannotEncrypt(detail: "out of memory")]
        case .cannotLockCache:
            return [
                .cannotLockCache(
                    directory: "/home/me/.cache/vault",
                    detail: "open /home/me/.cache/vault/s-6d6661-x.lock: Permission denied")
            ]
        case .badMFATimeout: return [.badMFATimeout("1m")]
        case .mfaTimedOut: return [.mfaTimedOut(seconds: 60, command: "ykman oath accounts code -s aws")]
        case .mfaInterrupted: return [.mfaInterrupted(signal: SIGINT, command: "ykman oath accounts code -s aws")]
        case .mfaCannotStart: return [.mfaCannotStart(detail: "fork: Resource temporarily unavailable")]
        case .mfaLost:
            return [.mfaLost(detail: "waitpid: No child processes", command: "ykman oath accounts code -s aws")]
        case .mfaCannotRun: return [.mfaCannotRun(detail: "out of memory")]
        case .mfaFailed: return [.mfaFailed(status: 1, command: "ykman oath accounts code -s aws")]
        case .mfaKilled: return [.mfaKilled(signal: SIGKILL, command: "ykman oath accounts code -s aws")]
        case .mfaCannotAsk: return [.mfaCannotAsk(serial: "arn:aws:iam::123456789012:mfa/me")]
        case .mfaNotSixDigits:
            return [
                .mfaNotSixDigits(source: "the prompt"),
                .mfaNotSixDigits(source: "mfa_process"),
            ]
        case .nested: return [.nested(outer: "mfa")]
        case .noCommand:
            return [
                .noCommand(server: false),
                .noCommand(server: true),
            ]
        case .cannotRun:
            return [
                .cannotRun(program: "terrafrom", errno: ENOENT),
                .cannotRun(program: "./deploy.sh", errno: EACCES),
            ]
        case .unexpectedSecret: return [.unexpectedSecret]
        case .cannotWriteCredentials: return [.cannotWriteCredentials(detail: "Broken pipe")]
        case .serverSetup: return [.serverSetup(operation: "bind", errno: EADDRNOTAVAIL)]
        case .unknownCachedProfile:
            return [
                .unknownCachedProfile("mfaa", configPath: "/home/me/.aws/config", close: ["mfa"], cached: ["mfa"]),
                .unknownCachedProfile("x", configPath: "/home/me/.aws/config", close: [], cached: ["mfa", "prod"]),
                .unknownCachedProfile("x", configPath: "/home/me/.aws/config", close: [], cached: []),
            ]
        }
    }

    /// Everything this capability can say, case by case (docs/commands.md, Errors).
    public static var catalogue: [Self] { Kind.allCases.flatMap(examples) }
}
