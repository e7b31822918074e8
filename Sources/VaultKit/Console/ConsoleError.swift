// Console sign-in: every error, with its message and hint.

// To add an error: add a case (carrying its data) and its lines in `problem` and `hint` (and
// `exitCode` if not 1).

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
    case noLibcurl(detail: String)
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
        case .noLibcurl(let detail): return "vault needs libcurl to get a sign-in token: \(detail)"
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
        case .noLibcurl:
            return "install libcurl: on Debian `apt install libcurl4t64` (13 and later) or `apt install libcurl4` (12)"
        case .cannotGetToken: return "check the network (and VAULT_FEDERATION_ENDPOINT if it is set), then try again"
        }
    }
}
