// One call to an IAM Identity Center API: unsigned JSON over the HTTPS transport, retried on
// throttling and 5xx, its errors mapped in one place (`SSOErrorMapper`).
import SigV4
import VaultCrypto

/// Sends unsigned REST-JSON requests (the SSO OIDC and SSO portal APIs take no SigV4).
struct JSONCaller: Sendable {
    let endpoint: Endpoint
    let configuration: ServiceConfiguration

    /// Sends the request and hands the parsed answer to `parse`. `body` is wiped after sending;
    /// `bearer` is the portal's access token header (a header is text on the wire anyway).
    func call<T: ~Copyable>(
        _ action: String, method: String, path: String, query: [(String, String)] = [], body: inout [UInt8],
        bearer: String? = nil, replayable: Bool, parse: (JSONAnswer) throws(AWSError) -> T
    ) throws(AWSError) -> T {
        defer { Sodium.wipe(&body) }  // the request's copy shares this storage until it is wiped below
        var headers = [Header("Accept", "application/json")]
        if method == "POST" { headers.append(Header("Content-Type", "application/json")) }
        var bearerHeader: [Header] = []
        if let bearer { bearerHeader = [Header("x-amz-sso_bearer_token", bearer)] }
        let queryText = query.map { "\(QueryCaller.formEncode($0.0))=\(QueryCaller.formEncode($0.1))" }
            .joined(separator: "&")
        var request = HTTPRequest(
            scheme: endpoint.scheme, host: endpoint.host, port: endpoint.port,
            request: SignableRequest(
                method: method, host: endpoint.hostHeader, path: Self.join(endpoint.path, path), query: queryText,
                headers: [Header("Host", endpoint.hostHeader)] + headers + bearerHeader, body: body),
            caBundle: endpoint.caBundle)
        defer { Sodium.wipe(&request.request.body) }
        let retry = configuration.retry
        var attempt = 0
        while true {
            attempt += 1
            var response: HTTPResponse
            do {
                response = try configuration.transport.send(request, timeoutSeconds: configuration.timeoutSeconds)
            } catch {
                if attempt < retry.maxAttempts, error.requestWasNotSent || (replayable && Self.isTransient(error)) {
                    retry.backoff(beforeRetry: attempt)
                    continue
                }
                throw .transport(error, attempts: attempt)
            }
            if (200..<300).contains(response.status) {
                if response.body.isEmpty { response.body = Array("{}".utf8) }
                let answer: JSONAnswer
                do { answer = try JSONAnswer(taking: &response.body) } catch {
                    throw .malformedResponse(action: action, reason: "the answer is not JSON")
                }
                return try parse(answer)
            }
            let failure = SSOErrorMapper.map(action: action, response: &response, attempts: attempt)
            if attempt < retry.maxAttempts, SSOErrorMapper.isRetryable(failure), replayable {
                retry.backoff(beforeRetry: attempt)
                continue
            }
            throw failure
        }
    }

    /// Failures worth another attempt for a request that may be sent twice.
    static func isTransient(_ error: TransportError) -> Bool {
        switch error {
        case .cannotConnect, .timedOut, .other: return true
        case .tls, .tooLarge, .redirect, .unavailable, .proxy: return false
        }
    }

    /// The endpoint's path prefix and the operation's path, with one slash between.
    static func join(_ base: String, _ path: String) -> String {
        base.hasSuffix("/") ? String(base.dropLast()) + path : base + path
    }
}

/// A field of a JSON request body.
public enum JSONField {
    case text(String)
    case list([String])
    /// A secret's bytes (copied from locked memory just for the request, wiped with it).
    case bytes([UInt8])
    /// A secret read in place from locked memory (valid while the closure that lent it runs).
    case raw(UnsafeRawBufferPointer)
}
