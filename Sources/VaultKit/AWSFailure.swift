// AWS's answers and the AWS config files, in the user's terms: every error, with its message and hint.

// To add an error: add a case (carrying its data) and its lines in `problem` and `hint` (and
// `exitCode` if not 1).
import AWSClient
import AWSConfig

/// AWS's answers and the AWS config files, in the user's terms.
public enum AWSFailure: ErrorMessage {
    /// The role's MaxSessionDuration is below the duration asked for.
    case durationTooLong(seconds: Int?, profile: String?)
    /// A chained role session asked for more than an hour.
    case roleChainingLimit(profile: String?)
    /// AssumeRole refused to a profile without mfa_serial.
    case assumeRoleDeniedWithoutMFA(roleARN: String?, message: String, profile: String?)
    /// AWS refused the MFA code.
    case wrongMFACode(serial: String?)
    /// Any other answer, in AWSClient's words.
    case service(AWSError)
    /// A problem in ~/.aws/config or ~/.aws/credentials, with the file it is in.
    case config(ConfigError, path: String?)
    /// An AWS file that cannot be read.
    case cannotRead(path: String, detail: String)
    /// An AWS config file too large to be one.
    case configTooLarge(path: String)

    public var problem: String {
        switch self {
        case .durationTooLong(let seconds, _):
            let asked = seconds.map { "\($0) s" } ?? "the requested duration"
            return "the role does not allow sessions of \(asked) (its MaxSessionDuration is lower)"
        case .roleChainingLimit: return "AWS limits sessions reached by role chaining to 1 hour"
        case .assumeRoleDeniedWithoutMFA(let role, let message, _):
            return AWSError.assumeRoleDenied(roleARN: role, message: message).problem
        case .wrongMFACode(let serial): return "AWS rejected the MFA code\(serial.map { " for \($0)" } ?? "")"
        case .service(let error): return error.problem
        case .config(let error, let path): return path.map { "\($0): \(error.problem)" } ?? error.problem
        case .cannotRead(let path, let detail): return "cannot read \(path): \(detail)"
        case .configTooLarge(let path): return "\(path) is larger than 4 MiB"
        }
    }

    public var hint: String {
        switch self {
        case .durationTooLong(_, let profile):
            return
                "lower duration_seconds in \(Self.section(profile)) (roles default to 3600, at most 43200), or raise the role's limit: aws iam update-role --role-name NAME --max-session-duration SECONDS"
        case .roleChainingLimit(let profile): return "set duration_seconds to 3600 or less in \(Self.section(profile))"
        case .assumeRoleDeniedWithoutMFA(let role, _, let profile):
            return
                "if the role's trust policy requires MFA (as it should), add mfa_serial to \(Self.section(profile)); otherwise check that it trusts this user\(role.map { " for \($0)" } ?? "")"
        case .wrongMFACode:
            return "wait for the next code (each code works once) and check that mfa_serial names your device"
        case .service(let error): return error.hint
        case .config(let error, _): return error.hint
        case .cannotRead: return "check the file's permissions"
        case .configTooLarge: return "that is not an AWS config file; check AWS_CONFIG_FILE"
        }
    }

    private static func section(_ profile: String?) -> String {
        profile.map { $0 == "default" ? "[default]" : "[profile \($0)]" } ?? "the profile"
    }
}
