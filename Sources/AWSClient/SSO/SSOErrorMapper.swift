// The one place where SSO OIDC and SSO portal error answers become `AWSError`s.
import VaultBase

enum SSOErrorMapper {
    /// The exception name (`x-amzn-ErrorType`, else the body's `__type`/`error`) and message. The
    /// name is read as botocore reads it: without a `namespace#` prefix or a `:detail` suffix
    /// (`com.amazonaws.sso.oidc#SlowDownException:http://…` is `SlowDownException`).
    static func codeAndMessage(_ response: inout HTTPResponse) -> (code: String?, message: String) {
        let json = try? JSONValue.parse(response.body)
        let code = (response.header("x-amzn-errortype") ?? json?["__type"]?.stringValue ?? json?["error"]?.stringValue)
            .map(Self.bareName)
        let message = json?["error_description"]?.stringValue ?? json?["message"]?.stringValue ?? ""
        return (code.map { sanitize($0, limit: 100) }, sanitize(message))
    }

    /// `name` without what comes before its last `#` and from its first `:` on.
    static func bareName(_ name: String) -> String {
        var bare = Substring(name)
        if let hash = bare.lastIndex(of: "#") { bare = bare[bare.index(after: hash)...] }
        if let colon = bare.firstIndex(of: ":") { bare = bare[..<colon] }
        return String(bare)
    }

    static func map(action: String, response: inout HTTPResponse, attempts: Int) -> AWSError {
        let (code, message) = codeAndMessage(&response)
        switch code {
        case "AuthorizationPendingException", "authorization_pending": return .ssoAuthorizationPending
        case "SlowDownException", "slow_down": return .ssoSlowDown
        case "ExpiredTokenException", "expired_token": return .ssoDeviceCodeExpired
        case "AccessDeniedException", "access_denied": return .ssoAuthorizationDenied
        case "InvalidGrantException", "invalid_grant", "UnauthorizedException": return .ssoTokenInvalid
        case "InvalidClientException", "invalid_client", "UnauthorizedClientException": return .ssoClientInvalid
        case "ForbiddenException" where action == "GetRoleCredentials",
            "ResourceNotFoundException" where action == "GetRoleCredentials":
            return .ssoRoleDenied(message: message)
        case "TooManyRequestsException": return .throttled(attempts: attempts)
        case nil where response.status == 401: return .ssoTokenInvalid
        default:
            if response.status >= 500 { return .serviceUnavailable(status: response.status, attempts: attempts) }
            return .other(code: code ?? "HTTP\(response.status)", message: message, status: response.status)
        }
    }

    static func isRetryable(_ error: AWSError) -> Bool {
        switch error {
        case .throttled, .serviceUnavailable: return true
        default: return false
        }
    }
}
