// One query-protocol call (sign, send, retry, parse) and the readers of its answer's fields.
import SigV4
import VaultBase
import VaultCrypto

/// How STS and IAM are reached: endpoint, transport, clock, retries and timeout.
public struct ServiceConfiguration: Sendable {
    /// Sends the requests.
    public var transport: any HTTPTransport
    /// Dates the signatures and measures clock skew.
    public var clock: any Clock
    /// Attempts and backoff.
    public var retry: RetryPolicy
    /// Per-attempt timeout in seconds.
    public var timeoutSeconds: Double

    /// A configuration; the defaults are the real network, clock and standard retries.
    public init(
        transport: any HTTPTransport = NetworkTransport(), clock: any Clock = SystemClock(),
        retry: RetryPolicy = .standard, timeoutSeconds: Double = 10
    ) {
        self.transport = transport
        self.clock = clock
        self.retry = retry
        self.timeoutSeconds = timeoutSeconds
    }
}

/// Calls one AWS query-protocol API: a form-encoded, SigV4-signed POST, retried on throttling,
/// 5xx and connection failures.
///
/// Replay rule: a request marked not `replayable` (AssumeRole or GetSessionToken carrying an MFA
/// code, which AWS accepts once; CreateAccessKey, whose first secret would be lost) is re-sent
/// only when the transport proves it never left this machine (`cannotConnect`), or when AWS
/// answered with a throttling error: throttling refuses a request before the action runs, so the
/// code is not spent. A timeout or a 5xx could mean the server used the code or made the key,
/// so it is reported.
struct QueryCaller: Sendable {
    let endpoint: Endpoint
    let service: String
    let version: String
    let configuration: ServiceConfiguration

    /// `Action=…&Version=…&name=value…` in the given order, RFC 3986 percent-encoded.
    static func formBody(action: String, version: String, parameters: [(String, String)]) -> [UInt8] {
        let pairs = [("Action", action), ("Version", version)] + parameters
        return Array(pairs.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&").utf8)
    }

    /// `application/x-www-form-urlencoded` as botocore writes it (`urlencode`): everything but the
    /// unreserved characters `A–Z a–z 0–9 - _ . ~` percent-encoded, and a space as `+`. AWS accepts
    /// `%20` too, but moto re-encodes the form before checking the signature, the botocore way.
    static func formEncode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.append(b)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Sends `action` and hands the parsed success body to `parse`. The body's bytes are wiped
    /// when the parsed document is released.
    func call<T: ~Copyable>(
        _ action: String, _ parameters: [(String, String)], replayable: Bool, context: CallContext,
        credentials: borrowing SigningCredentials, parse: (XMLDocument) throws(AWSError) -> T
    ) throws(AWSError) -> T {
        let retry = configuration.retry
        var attempt = 0
        while true {
            attempt += 1
            let request = try signedRequest(action, parameters, credentials: credentials)
            var response: HTTPResponse
            do {
                response = try configuration.transport.send(request, timeoutSeconds: configuration.timeoutSeconds)
            } catch {
                if attempt < retry.maxAttempts, error.requestWasNotSent || (replayable && isTransient(error)) {
                    retry.backoff(beforeRetry: attempt)
                    continue
                }
                throw .transport(error, attempts: attempt)
            }
            if (200..<300).contains(response.status) {
                let document: XMLDocument
                do { document = try XMLDocument(taking: &response.body) } catch {
                    throw .malformedResponse(action: action, reason: error.description)
                }
                // Every Query API answer is <ActionResponse>; anything else (a proxy's HTML page, a
                // captive portal) must not be read as an answer with nothing in it.
                guard document.rootName == action + "Response" else {
                    throw .malformedResponse(action: action, reason: "the answer is not a \(action) response")
                }
                return try parse(document)
            }
            let (code, message) = ErrorMapper.codeAndMessage(response.body)
            let throttled = code.map { ErrorMapper.throttlingCodes.contains($0) } == true
            if attempt < retry.maxAttempts,
                throttled || (replayable && ErrorMapper.isRetryable(status: response.status, code: code))
            {
                retry.backoff(beforeRetry: attempt)
                continue
            }
            throw ErrorMapper.map(
                status: response.status, code: code, message: message, serverDate: response.header("date"),
                localNow: configuration.clock.now(), attempts: attempt, context: context)
        }
    }

    /// The form-encoded POST for `action`, signed for this attempt's time.
    private func signedRequest(
        _ action: String, _ parameters: [(String, String)], credentials: borrowing SigningCredentials
    ) throws(AWSError) -> HTTPRequest {
        let unsigned = SignableRequest(
            method: "POST", host: endpoint.hostHeader, path: endpoint.path,
            headers: [Header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Self.formBody(action: action, version: version, parameters: parameters))
        let signed: SignableRequest
        do {
            signed = try SigV4.sign(
                unsigned, credentials: credentials, region: endpoint.signingRegion, service: service,
                date: AmzDate(unixSeconds: configuration.clock.now()))
        } catch {
            throw .localFailure("could not sign the \(action) request: \(Self.describe(error))")
        }
        return HTTPRequest(
            scheme: endpoint.scheme, host: endpoint.host, port: endpoint.port, request: signed,
            caBundle: endpoint.caBundle)
    }

    /// A signing failure in plain words (SigV4Error has no description of its own).
    private static func describe(_ error: SigV4Error) -> String {
        switch error {
        case .keyDerivationFailed(let cause): return cause.description
        case .conflictingHost(let header, let host): return "the Host header \(header) is not \(host)"
        }
    }

    /// Transport failures worth retrying for a replayable request (not TLS, size or redirect).
    private func isTransient(_ error: TransportError) -> Bool {
        switch error {
        case .cannotConnect, .timedOut, .other: return true
        case .tls, .tooLarge, .redirect, .unavailable, .proxy: return false
        }
    }
}

extension XMLDocument {
    /// The text at `path`, or a `malformedResponse` naming what is missing.
    func required(_ path: [String], action: String, under ancestor: Int? = nil) throws(AWSError) -> String {
        guard let value = text(path: path, under: ancestor) else {
            throw .malformedResponse(action: action, reason: "no \(path.joined(separator: "/"))")
        }
        return value
    }

    /// The secret at `path`, straight into locked memory.
    func requiredSecret(_ path: [String], action: String, under ancestor: Int? = nil) throws(AWSError) -> SecureBytes {
        guard let secret = try self.secret(path, action: action, under: ancestor), secret.count > 0 else {
            throw .malformedResponse(action: action, reason: "empty \(path.joined(separator: "/"))")
        }
        return secret
    }

    /// The session token at `path`, straight into locked memory, with what `required` checks:
    /// present and a leaf (it may be empty); its bytes are those `required` gave as a `String`.
    func requiredToken(_ path: [String], action: String, under ancestor: Int? = nil) throws(AWSError) -> SecureBytes {
        guard let token = try secret(path, action: action, under: ancestor, asUTF8: true) else {
            throw .malformedResponse(action: action, reason: "no \(path.joined(separator: "/"))")
        }
        return token
    }

    /// The text at `path` in locked memory; nil when the element has children.
    private func secret(
        _ path: [String], action: String, under ancestor: Int?, asUTF8: Bool = false
    ) throws(AWSError) -> SecureBytes? {
        guard let element = first(path: path, under: ancestor) else {
            throw .malformedResponse(action: action, reason: "no \(path.joined(separator: "/"))")
        }
        do { return try asUTF8 ? secureUTF8Text(element) : secureText(element) } catch {
            throw .localFailure("secure memory: \(error.description)")
        }
    }

    /// The ISO 8601 time at `path` in unix seconds, or nil when absent.
    func optionalTime(_ path: [String], action: String, under ancestor: Int? = nil) throws(AWSError) -> Int64? {
        guard let text = text(path: path, under: ancestor), !text.isEmpty else { return nil }
        guard let seconds = ISO8601.parse(text) else {
            throw .malformedResponse(action: action, reason: "bad time in \(path.joined(separator: "/"))")
        }
        return seconds
    }
}
