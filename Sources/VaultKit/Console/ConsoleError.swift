// Console sign-in: every error, with its message and hint.

// To add an error: (1) a case here, carrying its data; (2) its words in the `problem` and `hint`
// switches (and `exitCode` if not 1); (3) the compiler then asks for its `Kind` and for an
// example in `examples(of:)` (below); (4) UPDATE_SNAPSHOTS=1 swift test --filter
// ErrorCatalogueTests adds it to docs/commands.md. Never a message outside these switches.

/// Console sign-in.
public enum ConsoleError: ErrorMessage {
    /// `vault login`: AWS federates only role sessions.
    case loginNeedsRole(profile: String)
    /// `vault console`: no role to switch to.
    case noRole(profile: String)
    /// `arn`: the first 120 characters of the role_arn.
    case badRoleARN(profile: String, arn: String)
    case unknownPartition(String)
    /// `detail`: why the endpoint URL was refused.
    case badFederationEndpoint(detail: String)
    case signinHTTP(host: String, status: Int)
    case noSigninToken(host: String, why: String)
    case noTLSLibrary(detail: String)
    case cannotGetToken(host: String, detail: String)

    public var problem: String {
        switch self {
        case .loginNeedsRole(let profile):
            return "profile '\(profile)' has no role_arn: AWS signs in to the console only with role sessions"
        case .noRole(let profile):
            return "profile '\(profile)' has no role_arn: there is no role to switch to or sign in as"
        case .badRoleARN(let profile, let arn): return "role_arn of '\(profile)' is not an IAM role ARN: \(arn)"
        case .unknownPartition(let partition):
            return "vault does not know the console sign-in address of the '\(partition)' partition"
        case .badFederationEndpoint(let detail): return "VAULT_FEDERATION_ENDPOINT: " + detail
        case .signinHTTP(let host, let status):
            return "the sign-in endpoint \(host) answered HTTP \(status) to getSigninToken"
        case .noSigninToken(let host, let why):
            return "the sign-in endpoint \(host) sent a response without a sign-in token (\(why))"
        case .noTLSLibrary(let detail): return "vault needs OpenSSL to get a sign-in token: \(detail)"
        case .cannotGetToken(let host, let detail): return "cannot get a sign-in token from \(host): \(detail)"
        }
    }

    public var hint: String {
        switch self {
        case .loginNeedsRole, .noRole:
            return "use a role profile (role_arn + source_profile in ~/.aws/config), like the article's mfa profile"
        case .badRoleARN: return "it should look like arn:aws:iam::123456789012:role/PowerUserRole"
        case .unknownPartition: return "console and login work for the aws, aws-cn and aws-us-gov partitions"
        case .badFederationEndpoint:
            return
                "use https://host[:port][/path]; http:// only for localhost, 127.0.0.0/8 or [::1] (the request carries the session's secret)"
        case .signinHTTP(_, let status):
            return status == 400 || status == 403
                ? "AWS refused the session: it must come from AssumeRole with your long-term key (vault clear PROFILE, then try again)"
                : "try again later; check VAULT_FEDERATION_ENDPOINT if it is set"
        case .noSigninToken: return "check VAULT_FEDERATION_ENDPOINT if it is set; otherwise try again later"
        case .noTLSLibrary:
            return "install OpenSSL 3: on Debian `apt install libssl3t64` (13 and later) or `apt install libssl3` (12)"
        case .cannotGetToken: return "check the network (and VAULT_FEDERATION_ENDPOINT if it is set), then try again"
        }
    }
}

extension ConsoleError {
    /// One discriminator per case. `kind` switches over every case, so a new case does not
    /// compile until it has a `Kind`, and `examples(of:)` until it has an example.
    public enum Kind: CaseIterable, Sendable {
        case loginNeedsRole, noRole, badRoleARN, unknownPartition, badFederationEndpoint,
            signinHTTP, noSigninToken, noTLSLibrary, cannotGetToken
    }

    public var kind: Kind {
        switch self {
        case .loginNeedsRole: return .loginNeedsRole
        case .noRole: return .noRole
        case .badRoleARN: return .badRoleARN
        case .unknownPartition: return .unknownPartition
        case .badFederationEndpoint: return .badFederationEndpoint
        case .signinHTTP: return .signinHTTP
        case .noSigninToken: return .noSigninToken
        case .noTLSLibrary: return .noTLSLibrary
        case .cannotGetToken: return .cannotGetToken
        }
    }

    /// Representative values of each case (every variant of its message).
    static func examples(of kind: Kind) -> [Self] {
        switch kind {
        case .loginNeedsRole: return [.loginNeedsRole(profile: "default")]
        case .noRole: return [.noRole(profile: "default")]
        case .badRoleARN: return [.badRoleARN(profile: "mfa", arn: "arn:aws:iam::12345:role/R")]
        case .unknownPartition: return [.unknownPartition("aws-iso")]
        case .badFederationEndpoint:
            return [.badFederationEndpoint(detail: "Invalid endpoint URL ftp://x: the scheme must be https.")]
        case .signinHTTP:
            return [
                .signinHTTP(host: "signin.aws.amazon.com", status: 400),
                .signinHTTP(host: "signin.aws.amazon.com", status: 503),
            ]
        case .noSigninToken: return [.noSigninToken(host: "signin.aws.amazon.com", why: "no SigninToken")]
        case .noTLSLibrary: return [.noTLSLibrary(detail: "libssl.so.3: cannot open shared object file")]
        case .cannotGetToken: return [.cannotGetToken(host: "signin.aws.amazon.com", detail: "cannot connect")]
        }
    }

    /// Everything this capability can say, case by case (docs/commands.md, Errors).
    public static var catalogue: [Self] { Kind.allCases.flatMap(examples) }
}
