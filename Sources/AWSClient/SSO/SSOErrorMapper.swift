// The one place where SSO OIDC and SSO portal error answers become `AWSError`s.
import VaultBase

enum SSOErrorMapper {
    /// The exception name (`x-amzn-ErrorType`, else the body's `__type`/`error`) and message.
    static func codeAndMessage(_ response: inout HTTPResponse) -> (code: String?, message: String) {
        var header = response.header("x-amzn-errortype")
        if let colon = header?.firstIndex(of: ":") { header = String(header![..<colon]) }
        let json = try? JSONValue.parse(response.body)
        let code = header ?? json?["__type"]?.stringValue ?? json?["error"]?.stringValue
        let message = json?["error_description"]?.stringValue ?? json?["message"]?.stringValue ?? ""
        return (code.map { sanitize($0, limit: 100) }, sanitize(message))
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
