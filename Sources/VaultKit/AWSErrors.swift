#if canImport(Glibc)
import Glibc
#endif
import AWSClient

extension VaultError {
    /// An AWS failure in the user's terms, with the profile it concerns where that helps.
    static func from(_ error: AWSError, profile: String? = nil, durationSeconds: Int? = nil, mfaSerial: String? = nil)
        -> VaultError
    {
        let section = profile.map { $0 == "default" ? "[default]" : "[profile \($0)]" } ?? "the profile"
        switch error {
        case .durationTooLong:
            let asked = durationSeconds.map { "\($0) s" } ?? "the requested duration"
            return VaultError(
                "the role does not allow sessions of \(asked) (its MaxSessionDuration is lower)",
                hint:
                    "lower duration_seconds in \(section) (roles default to 3600, at most 43200), or raise the role's limit: aws iam update-role --role-name NAME --max-session-duration SECONDS"
            )
        case .roleChainingLimit:
            return VaultError(
                "AWS limits sessions reached by role chaining to 1 hour",
                hint: "set duration_seconds to 3600 or less in \(section)")
        case .assumeRoleDenied(let role, _) where mfaSerial == nil:
            return VaultError(
                error.problem,
                hint:
                    "if the role's trust policy requires MFA (as it should), add mfa_serial to \(section); otherwise check that it trusts this user\(role.map { " for \($0)" } ?? "")"
            )
        case .wrongMFACode:
            return VaultError(
                "AWS rejected the MFA code\(mfaSerial.map { " for \($0)" } ?? "")",
                hint: "wait for the next code (each code works once) and check that mfa_serial names your device")
        default:
            return VaultError(error.problem, hint: error.hint)
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
