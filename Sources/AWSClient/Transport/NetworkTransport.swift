// The real HTTPTransport: one HTTP/1.1 exchange over a TCP connection, TLS through OpenSSL.
import SigV4
import VaultCrypto

#if canImport(Glibc)
import Glibc
#endif

/// The real transport: one connection per request, HTTP/1.1 written by `RequestWriter` and read by
/// `ResponseParser`, TLS 1.2+ with the peer verified (`TLSStream`, OpenSSL loaded on the first
/// HTTPS request). Redirects are never followed, only http and https are spoken, the body is
/// capped while it streams in, and exactly the signed headers go out.
///
/// Deadlines: resolving, connecting, a proxy's tunnel and the TLS handshake end within 5 s (or the
/// whole budget, if shorter), and nothing has been sent then; the whole exchange within
/// `timeoutSeconds`.
///
/// Proxies: `ProxyRoute` (https_proxy, HTTPS_PROXY, all_proxy, no_proxy, as the AWS SDKs read them).
public struct NetworkTransport: HTTPTransport {
    /// Largest response body accepted.
    public var maxBodyBytes: Int
    /// Where proxy settings are read (the process's environment by default).
    var environment: @Sendable (String) -> String?

    /// A transport accepting bodies up to `maxBodyBytes` (1 MiB by default).
    public init(maxBodyBytes: Int = 1 << 20) {
        self.maxBodyBytes = maxBodyBytes
        environment = { name in getenv(name).map { String(cString: $0) } }
    }

    /// Loads OpenSSL for an HTTPS request, if this process has not yet.
    public func prepare(for request: HTTPRequest) throws(TransportError) {
        if request.scheme == "https" { _ = try OpenSSLLibrary.loaded() }
    }

    /// For HTTPS, loads OpenSSL and reads the trust store the endpoint's requests use (the
    /// system's, or `AWS_CA_BUNDLE`'s) on a background thread (≈ 4 ms; ≈ 30 ms for a whole CA
    /// bundle file) while vault waits for a passphrase, the key derivation or an MFA code.
    public func preload(for endpoint: Endpoint) -> TransportPreload {
        endpoint.scheme == "https" ? OpenSSLLibrary.loadInBackground(caBundle: endpoint.caBundle) : TransportPreload()
    }

    /// Sends `request` and waits for the whole response, at most `timeoutSeconds` in all.
    public func send(_ request: HTTPRequest, timeoutSeconds: Double) throws(TransportError) -> HTTPResponse {
        guard request.scheme == "https" || request.scheme == "http" else {
            throw .cannotConnect(detail: "vault speaks http and https only, not \(request.scheme)")
        }
        let tls = try request.scheme == "https" ? trust(for: request) : nil
        // At least 1 ms, at most a day.
        let seconds = timeoutSeconds.isFinite ? min(max(timeoutSeconds, 0.001), 86_400) : 86_400
        let whole = Deadline(seconds: seconds)
        let connecting = whole.earlier(Deadline(seconds: 5))
        let port = request.port ?? (tls == nil ? 80 : 443)

        let proxy = try ProxyRoute.forRequest(scheme: request.scheme, host: request.host, environment: environment)
        let socket: SocketConnection
        if let proxy {
            socket = try proxy.connect(to: request.host, port: port, deadline: connecting)
        } else {
            do { socket = try SocketConnection.open(host: request.host, port: port, deadline: connecting) } catch {
                throw ProxyRoute.directFailure(error, host: request.host, environment: environment)
            }
        }
        let stream: any ByteStream =
            try tls.map { (context) throws(TransportError) in
                try TLSStream(over: socket, context: context, host: request.host, deadline: connecting)
            } ?? socket

        var message = try RequestWriter.message(request)
        defer { Sodium.wipe(&message) }
        try stream.write(message, until: whole)
        let parser = try receive(from: stream, noBody: request.request.method == "HEAD", until: whole)
        if (300..<400).contains(parser.status) {
            throw .redirect(status: parser.status, location: parser.headers["location"])
        }
        return HTTPResponse(status: parser.status, headers: parser.headers, body: parser.body.take())
    }

    /// The response, read through a buffer that is wiped afterwards.
    private func receive(from stream: any ByteStream, noBody: Bool, until deadline: Deadline)
        throws(TransportError) -> ResponseParser
    {
        var parser = ResponseParser(bodyLimit: maxBodyBytes, noBody: noBody)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 << 10, alignment: 1)
        defer {
            Sodium.wipe(buffer)
            buffer.deallocate()
        }
        while !parser.isComplete {
            let count = try stream.read(into: buffer, until: deadline)
            if count == 0 {
                try parser.finish()
                break
            }
            try parser.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return parser
    }

    /// The TLS context for `request`: the system's trust, or its `AWS_CA_BUNDLE` instead.
    private func trust(for request: HTTPRequest) throws(TransportError) -> TLSContext {
        try OpenSSLLibrary.loaded().trust(caBundle: request.caBundle)
    }
}
