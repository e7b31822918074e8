// Sessions' errors, case by case: the catalogue docs/commands.md lists (every case, an example each).
#if canImport(Glibc)
import Glibc
#endif

extension SessionsError {
    /// One discriminator per case. `kind` switches over every case, so a new case does not
    /// compile until it has a `Kind`, and `examples(of:)` until it has an example.
    public enum Kind: CaseIterable, Sendable {
        case badMinRemaining, keysInPlaintext, noKeys, parentExpired, unknownCacheBackend,
            kernelKeyringRefused, cannotCreateCacheKey, cannotWriteCache, cannotEncrypt,
            cannotLockCache, badMFATimeout, mfaTimedOut, mfaInterrupted, mfaCannotStart, mfaLost,
            mfaCannotRun, mfaFailed, mfaKilled, mfaCannotAsk, mfaNotSixDigits, nested, noCommand,
            cannotRun, unexpectedSecret, cannotWriteCredentials, serverSetup, unknownCachedProfile,
            credentialProcessProfile, mfaCodeUnused, cacheFolderUnusable, durationOptionTooLong, cachedSessionServed
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
        case .credentialProcessProfile: return .credentialProcessProfile
        case .mfaCodeUnused: return .mfaCodeUnused
        case .cacheFolderUnusable: return .cacheFolderUnusable
        case .durationOptionTooLong: return .durationOptionTooLong
        case .cachedSessionServed: return .cachedSessionServed
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
        case .credentialProcessProfile:
            return [
                .credentialProcessProfile(
                    profile: "work", command: "vault assume mfa --format json", vaultProfile: "mfa"),
                .credentialProcessProfile(profile: "sso", command: "/usr/local/bin/helper", vaultProfile: nil),
            ]
        case .mfaCodeUnused:
            return [.mfaCodeUnused(profile: "dev")]
        case .cacheFolderUnusable:
            return [.cacheFolderUnusable(directory: "/home/me/.cache/vault/sessions", reason: "Permission denied")]
        case .durationOptionTooLong:
            return [.durationOptionTooLong(seconds: 14400)]
        case .cachedSessionServed:
            return [.cachedSessionServed(profile: "mfa", secondsLeft: 2940, requested: 900)]
        }
    }

    /// Everything this capability can say, case by case (docs/commands.md, Errors).
    public static var catalogue: [Self] { Kind.allCases.flatMap(examples) }
}
