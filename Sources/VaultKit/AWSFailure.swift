// AWS's answers and the AWS config files, in the user's terms: every error, with its message and hint.

// To add an error: (1) a case here, carrying its data; (2) its words in the `problem` and `hint`
// switches (and `exitCode` if not 1); (3) the compiler then asks for its `Kind` and for an
// example in `examples(of:)` (below); (4) UPDATE_SNAPSHOTS=1 swift test --filter
// ErrorCatalogueTests adds it to docs/commands.md. Never a message outside these switches.
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

extension AWSFailure {
    /// One discriminator per case. `kind` switches over every case, so a new case does not
    /// compile until it has a `Kind`, and `examples(of:)` until it has an example.
    public enum Kind: CaseIterable, Sendable {
        case durationTooLong, roleChainingLimit, assumeRoleDeniedWithoutMFA, wrongMFACode, service,
            config, cannotRead, configTooLarge
    }

    public var kind: Kind {
        switch self {
        case .durationTooLong: return .durationTooLong
        case .roleChainingLimit: return .roleChainingLimit
        case .assumeRoleDeniedWithoutMFA: return .assumeRoleDeniedWithoutMFA
        case .wrongMFACode: return .wrongMFACode
        case .service: return .service
        case .config: return .config
        case .cannotRead: return .cannotRead
        case .configTooLarge: return .configTooLarge
        }
    }

    /// Representative values of each case (every variant of its message).
    static func examples(of kind: Kind) -> [Self] {
        switch kind {
        case .durationTooLong:
            return [
                .durationTooLong(seconds: 43200, profile: "mfa"),
                .durationTooLong(seconds: nil, profile: nil),
            ]
        case .roleChainingLimit: return [.roleChainingLimit(profile: "chained")]
        case .assumeRoleDeniedWithoutMFA:
            return [
                .assumeRoleDeniedWithoutMFA(
                    roleARN: "arn:aws:iam::123456789012:role/R", message: "not authorized", profile: "mfa")
            ]
        case .wrongMFACode:
            return [
                .wrongMFACode(serial: "arn:aws:iam::123456789012:mfa/me"),
                .wrongMFACode(serial: nil),
            ]
        case .service:
            return [
                .service(.assumeRoleDenied(roleARN: "arn:aws:iam::123456789012:role/R", message: "not authorized")),
                .service(.accessDenied(action: "iam:UpdateAccessKey", message: "not authorized")),
                .service(.invalidKey(accessKeyID: "AKIAIOSFODNN7EXAMPLE")),
                .service(.expiredToken),
                .service(.clockSkew(seconds: 900)),
                .service(.wrongSecret(accessKeyID: "AKIAIOSFODNN7EXAMPLE")),
                .service(.throttled(attempts: 5)),
                .service(.serviceUnavailable(status: 503, attempts: 5)),
                .service(.keyLimitExceeded),
                .service(.noSuchEntity(message: "The user with name me cannot be found.")),
                .service(.other(code: "ValidationError", message: "1 validation error detected", status: 400)),
                .service(.transport(.cannotConnect(detail: "Connection refused"), attempts: 3)),
                .service(.transport(.timedOut(seconds: 10), attempts: 3)),
                .service(
                    .transport(
                        .proxy(
                            detail: "the proxy 10.0.0.1:3128 (HTTPS_PROXY) refused the tunnel to "
                                + "sts.amazonaws.com:443: HTTP 407 (it asks for a user name and password)"),
                        attempts: 1)),
                .service(.transport(.unavailable(detail: "libssl.so.3: cannot open shared object file"), attempts: 1)),
                .service(.invalidEndpoint(url: "ftp://sts", reason: "the scheme must be https or http")),
                .service(.insecureEndpoint(host: "sts.example.com")),
                .service(.malformedResponse(action: "AssumeRole", reason: "no Credentials element")),
                .service(.localFailure("out of memory")),
                // IAM Identity Center's answers in AWSClient's words (SSOError.from translates most of them)
                .service(.ssoAuthorizationPending),
                .service(.ssoSlowDown),
                .service(.ssoDeviceCodeExpired),
                .service(.ssoAuthorizationDenied),
                .service(.ssoTokenInvalid),
                .service(.ssoClientInvalid),
                .service(.ssoRoleDenied(message: "No access")),
            ]
        case .config:
            return [
                .config(
                    .malformed(file: .config, line: 7, reason: "a line outside any section"),
                    path: "/home/me/.aws/config"),
                .config(.unknownProfile(name: "mfaa", suggestions: ["mfa"]), path: nil),
                .config(.sourceProfileCycle(["a", "b", "a"]), path: nil),
                .config(.missingSourceProfile(profile: "mfa", source: "defualt"), path: nil),
                .config(.noSourceProfile(profile: "mfa"), path: nil),
                .config(.unsupported(profile: "web", key: "web_identity_token_file"), path: nil),
                .config(
                    .invalidValue(profile: "mfa", key: "duration_seconds", value: "1h", reason: "not a number"),
                    path: nil),
                .config(.chainTooLong(["a", "b", "c", "d", "e", "f"]), path: nil),
                .config(.ssoIncomplete(profile: "dev", missing: ["sso_account_id", "sso_role_name"]), path: nil),
                .config(.unknownSSOSession(profile: "dev", session: "my-sso"), path: nil),
                .config(.unknownSSOSession(profile: nil, session: "my-sso"), path: nil),
                .config(.ssoInconsistent(profile: "dev", key: "sso_region"), path: nil),
                .config(.ssoSessionNeeded(available: []), path: nil),
                .config(.ssoSessionNeeded(available: ["team", "partner"]), path: nil),
            ]
        case .cannotRead:
            return [.cannotRead(path: "/home/me/.aws/config", detail: "open /home/me/.aws/config: Permission denied")]
        case .configTooLarge: return [.configTooLarge(path: "/home/me/.aws/config")]
        }
    }

    /// Everything this capability can say, case by case (docs/commands.md, Errors).
    public static var catalogue: [Self] { Kind.allCases.flatMap(examples) }
}
