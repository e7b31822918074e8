// AWSClient's errors translated into AWSFailure's cases; the context's notices on stderr.
#if canImport(Glibc)
import Glibc
#endif
import AWSClient

extension VaultError {
    /// An AWS failure in the user's terms, with the profile it concerns where that helps.
    static func from(_ error: AWSError, profile: String? = nil, durationSeconds: Int? = nil, mfaSerial: String? = nil)
        -> VaultError
    {
        switch error {
        case .durationTooLong: return .aws(.durationTooLong(seconds: durationSeconds, profile: profile))
        case .roleChainingLimit: return .aws(.roleChainingLimit(profile: profile))
        case .assumeRoleDenied(let role, let message) where mfaSerial == nil:
            return .aws(.assumeRoleDeniedWithoutMFA(roleARN: role, message: message, profile: profile))
        case .wrongMFACode: return .aws(.wrongMFACode(serial: mfaSerial))
        default: return .aws(.service(error))
        }
    }
}

extension VaultContext {
    /// A message for the person on stderr (never a secret).
    func notice(_ text: String) {
        noticeSink(text)
    }

    /// A progress line for something that takes a moment (key derivation), only when stderr is a
    /// terminal: under credential_process or in scripts it would just be noise.
    func progress(_ text: String) {
        if isatty(2) == 1 { noticeSink(text) }
    }
}
