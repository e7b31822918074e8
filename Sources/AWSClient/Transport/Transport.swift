import SigV4

/// Sends one HTTP request and returns the response; the seam tests replace with a fake.
///
/// Synchronous on purpose: the CLI makes one AWS call at a time.
public protocol HTTPTransport: Sendable {
    /// Sends `request`, giving up after `timeoutSeconds`.
    func send(_ request: HTTPRequest, timeoutSeconds: Double) throws(TransportError) -> HTTPResponse

    /// Does the one-time work a first request like `request` would otherwise do (loading the TLS
    /// library for HTTPS), so that `VAULT_TIMING` can report it apart from the round trip; `send`
    /// needs no call to it.
    func prepare(for request: HTTPRequest) throws(TransportError)

    /// Starts that one-time work for requests to `endpoint` on a background thread, to overlap it
    /// with waiting for the person or the key derivation; errors surface at the first send. Call
    /// `wait()` on the result before the process may exit.
    func preload(for endpoint: Endpoint) -> TransportPreload
}

extension HTTPTransport {
    /// Nothing to prepare.
    public func prepare(for request: HTTPRequest) throws(TransportError) {}

    /// Nothing to preload.
    public func preload(for endpoint: Endpoint) -> TransportPreload { TransportPreload() }
}

/// Background work a transport started; `wait()` returns once it has finished.
public struct TransportPreload: Sendable {
    private let join: @Sendable () -> Void

    /// Work whose end `join` waits for (none by default). `join` is called once, by `wait`.
    public init(join: @escaping @Sendable () -> Void = {}) { self.join = join }

    /// Waits for the work to finish. Call it once.
    public func wait() { join() }
}

/// A signed request and where to send it.
public struct HTTPRequest: Sendable, Equatable {
    /// `https`, or `http` for a loopback endpoint.
    public var scheme: String
    /// Host name or IP address (IPv6 without brackets).
    public var host: String
    /// Port, when not the scheme's default.
    public var port: Int?
    /// The signed request: method, path, query, headers, body.
    public var request: SignableRequest
    /// A PEM file of CA certificates to trust instead of the system's (`AWS_CA_BUNDLE`).
    public var caBundle: String?

    /// A request for `scheme://host[:port]` + the signed request's path and query.
    public init(scheme: String, host: String, port: Int?, request: SignableRequest, caBundle: String? = nil) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.request = request
        self.caBundle = caBundle
    }

    /// The full URL, for the transport and for messages.
    public var url: String {
        let query = request.query.isEmpty ? "" : "?" + request.query
        return "\(scheme)://\(authority(host: host, port: port))\(request.path)\(query)"
    }
}

/// `host[:port]`, with brackets around an IPv6 address.
func authority(host: String, port: Int?) -> String {
    let bracketed = host.contains(":") ? "[\(host)]" : host
    return port.map { "\(bracketed):\($0)" } ?? bracketed
}

/// What came back: status, headers (names lower-cased) and body.
public struct HTTPResponse: Sendable, Equatable {
    /// HTTP status code.
    public var status: Int
    /// Header values by lower-cased name.
    public var headers: [String: String]
    /// The body; may hold secrets (a new secret access key): callers wipe it after parsing.
    public var body: [UInt8]

    /// A response; header names are lower-cased here.
    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.body = body
    }

    /// The value of header `name` (any case).
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Why a request got no HTTP response. `cannotConnect` is the only case where the request
/// certainly never reached the server and another attempt may succeed, which matters for requests
/// that must not be replayed. (`unavailable` and `proxy` sent nothing either, but trying again
/// cannot help.)
public enum TransportError: Error, Equatable, Sendable {
    /// No connection was made (refused, unreachable, name not resolved): nothing was sent.
    case cannotConnect(detail: String)
    /// No complete response in time; the server may have processed the request.
    case timedOut(seconds: Double)
    /// The TLS handshake or certificate check failed.
    case tls(detail: String)
    /// The response body exceeded the limit.
    case tooLarge(limit: Int)
    /// The server answered with a redirect, which is never followed.
    case redirect(status: Int, location: String?)
    /// Anything else; the request may or may not have been processed.
    case other(detail: String)
    /// The TLS library (OpenSSL's libssl) could not be loaded: nothing was sent, nothing will be.
    case unavailable(detail: String)
    /// The HTTPS proxy (`https_proxy` and the like) is set wrong, could not be reached, refused
    /// the tunnel or did not answer in time: nothing reached the server.
    case proxy(detail: String)

    /// True when the request certainly did not reach the server.
    public var requestWasNotSent: Bool {
        if case .cannotConnect = self { return true }
        return false
    }
}
