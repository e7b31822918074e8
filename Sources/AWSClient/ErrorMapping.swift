/// What the error mapper needs to know about the call that failed.
struct CallContext: Sendable {
    /// Query API action, e.g. `AssumeRole`.
    var action: String
    /// The access key id that signed the request (masked whenever shown).
    var accessKeyID: String
    /// The requested session duration, for `durationTooLong`.
    var durationSeconds: Int? = nil
    /// The role being assumed, for `assumeRoleDenied`.
    var roleARN: String? = nil
}

/// The one place where AWS error responses become `AWSError`s.
enum ErrorMapper {
    /// Codes that mean "slow down", retried with backoff.
    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete",
    ]

    /// Skew beyond which AWS rejects a signature's time (SigV4 allows 5 minutes).
    static let maxSkewSeconds: Int64 = 300

    /// `Code` and `Message` wherever they sit in an error body (`<ErrorResponse><Errors><Error>`
    /// for auth failures, `<ErrorResponse><Error>` for service errors); nil when not XML.
    static func codeAndMessage(_ body: [UInt8]) -> (code: String?, message: String?) {
        guard let doc = try? XMLDocument(body) else { return (nil, nil) }
        let code = doc.first("Code").flatMap { doc.text($0) }
        let message = doc.first("Message").flatMap { doc.text($0) }
        return (code.map { sanitize($0, limit: 100) }, message.map { sanitize($0) })
    }

    /// True for answers worth another attempt: throttling and server errors.
    static func isRetryable(status: Int, code: String?) -> Bool {
        status >= 500 || status == 429 || code.map { throttlingCodes.contains($0) } == true
    }

    /// Maps one error response. `serverDate` is the response's `Date` header, `localNow` the
    /// local clock when it arrived, `attempts` how many sends were made.
    static func map(
        status: Int, code: String?, message: String?, serverDate: String?, localNow: Int64, attempts: Int,
        context: CallContext
    ) -> AWSError {
        let message = message ?? ""
        let skew = serverDate.flatMap(Timestamp.parseHTTPDate).map { $0 - localNow }
        guard let code else {
            if status >= 500 { return .serviceUnavailable(status: status, attempts: attempts) }
            if status == 429 { return .throttled(attempts: attempts) }
            return .other(code: "HTTP\(status)", message: "no error code in the response", status: status)
        }
        if throttlingCodes.contains(code) { return .throttled(attempts: attempts) }
        switch code {
        case "AccessDenied", "AccessDeniedException":
            return mapAccessDenied(message: message, context: context)
        case "InvalidClientTokenId", "UnrecognizedClientException":
            return .invalidKey(accessKeyID: context.accessKeyID)
        case "ExpiredToken", "ExpiredTokenException":
            return .expiredToken
        case "SignatureDoesNotMatch", "InvalidSignatureException", "RequestExpired", "RequestTimeTooSkewed":
            let saysTime =
                message.contains("Signature expired") || message.contains("not yet current")
                || code == "RequestExpired" || code == "RequestTimeTooSkewed"
            if let skew, abs(skew) > maxSkewSeconds { return .clockSkew(seconds: skew) }
            if saysTime { return .clockSkew(seconds: skew) }
            return .wrongSecret(accessKeyID: context.accessKeyID)
        case "ValidationError":
            if message.contains("role chaining") { return .roleChainingLimit }
            if message.contains("MaxSessionDuration") { return .durationTooLong(requested: context.durationSeconds) }
        case "LimitExceeded" where context.action == "CreateAccessKey":
            return .keyLimitExceeded
        case "NoSuchEntity":
            return .noSuchEntity(message: message)
        default:
            break
        }
        if status >= 500 { return .serviceUnavailable(status: status, attempts: attempts) }
        return .other(code: code, message: message, status: status)
    }

    /// AccessDenied splits three ways: a rejected MFA code, a refused AssumeRole, or any other
    /// missing permission (named from "is not authorized to perform: ACTION").
    private static func mapAccessDenied(message: String, context: CallContext) -> AWSError {
        if message.contains("MultiFactorAuthentication failed") { return .wrongMFACode }
        let action = deniedAction(in: message)
        if action?.lowercased() == "sts:assumerole" || (action == nil && context.action == "AssumeRole") {
            return .assumeRoleDenied(roleARN: context.roleARN, message: message)
        }
        return .accessDenied(action: action, message: message)
    }

    /// The `service:Action` after "not authorized to perform: ", if the message names one.
    static func deniedAction(in message: String) -> String? {
        guard let marker = message.firstRange(of: "not authorized to perform: ") else { return nil }
        let action = message[marker.upperBound...].prefix { !$0.isWhitespace && $0 != "," }
        guard action.contains(":"), action.count <= 100 else { return nil }
        return String(action)
    }
}
