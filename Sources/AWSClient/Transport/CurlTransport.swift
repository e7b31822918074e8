// The real HTTPTransport: sends a signed request through libcurl and streams the reply back.
internal import CCurl
import SigV4

/// The real transport: libcurl, loaded on the first send (`CurlLibrary`), one easy handle per
/// request. Redirects are never followed, only http and https are spoken, no cookies, the body is
/// capped while it streams in, and exactly the signed headers go out.
///
/// Proxies: a loopback endpoint is always reached directly; otherwise libcurl honours
/// `https_proxy`/`HTTPS_PROXY`, `http_proxy`, `all_proxy` and `no_proxy` as the AWS SDKs do.
public struct CurlTransport: HTTPTransport {
    /// Largest response body accepted.
    public var maxBodyBytes: Int

    /// A transport accepting bodies up to `maxBodyBytes` (1 MiB by default).
    public init(maxBodyBytes: Int = 1 << 20) { self.maxBodyBytes = maxBodyBytes }

    /// Loads libcurl if this process has not yet.
    public func prepare() throws(TransportError) { _ = try CurlLibrary.loaded() }

    /// Loads libcurl on a background thread (≈ 7 ms of `dlopen` and initialisation), while vault
    /// waits for a passphrase, the key derivation or an MFA code.
    public func preload() -> TransportPreload { CurlLibrary.loadInBackground() }

    /// Sends `request` and waits for the whole response, at most `timeoutSeconds` in all.
    public func send(_ request: HTTPRequest, timeoutSeconds: Double) throws(TransportError) -> HTTPResponse {
        let handle = try CurlHandle(CurlLibrary.loaded())
        let sink = CurlResponseSink(limit: maxBodyBytes)
        let limits = try configure(handle, for: request, timeoutSeconds: timeoutSeconds)
        let code = try withExtendedLifetime(sink) { () throws(TransportError) -> CURLcode in
            // The callbacks get the sink back from this pointer; it lives until perform returns.
            let context = UnsafeRawPointer(Unmanaged.passUnretained(sink).toOpaque())
            try handle.set(CURLOPT_WRITEFUNCTION, callback: receiveBody)
            try handle.set(CURLOPT_WRITEDATA, pointer: context)
            try handle.set(CURLOPT_HEADERFUNCTION, callback: receiveHeader)
            try handle.set(CURLOPT_HEADERDATA, pointer: context)
            return handle.perform()
        }
        if sink.bodyExceeded || code == CURLE_FILESIZE_EXCEEDED { throw .tooLarge(limit: maxBodyBytes) }
        if sink.headersExceeded {
            throw .other(detail: "the response headers exceeded \(CurlResponseSink.headerLimit) bytes")
        }
        guard code == CURLE_OK else { throw classify(code, handle, request: request, limits: limits) }
        guard let status = handle.info(CURLINFO_RESPONSE_CODE), status >= 100 else {
            throw .other(detail: "no HTTP response")
        }
        if (300..<400).contains(status) { throw .redirect(status: status, location: sink.headers["location"]) }
        return HTTPResponse(status: status, headers: sink.headers, body: sink.takeBody())
    }

    /// The total and connection-phase time limits, in milliseconds.
    private struct Limits {
        var totalMilliseconds: Int
        var connectMilliseconds: Int
    }

    /// Every option of one request: what is sent, to whom, trusting which certificates, for how long.
    private func configure(_ handle: CurlHandle, for request: HTTPRequest, timeoutSeconds: Double)
        throws(TransportError) -> Limits
    {
        // At least 1 ms (0 would mean "no limit" to libcurl), at most a day (no Int overflow).
        let seconds = timeoutSeconds.isFinite ? min(max(timeoutSeconds, 0.001), 86_400) : 86_400
        let total = Int((seconds * 1000).rounded(.up))
        // A dead address or a stalled TLS handshake ends sooner than the whole budget; nothing
        // has been sent then.
        let limits = Limits(totalMilliseconds: total, connectMilliseconds: min(total, 5_000))
        try handle.set(CURLOPT_URL, request.url)
        try handle.set(CURLOPT_PATH_AS_IS, 1)  // the path exactly as signed, no dot-segment cleanup
        if !(try handle.setIfKnown(CURLOPT_PROTOCOLS_STR, "http,https")) {  // libcurl before 7.85
            try handle.set(CURLOPT_PROTOCOLS, Int(CURLPROTO_HTTP | CURLPROTO_HTTPS))
        }
        try handle.set(CURLOPT_FOLLOWLOCATION, 0)
        try handle.set(CURLOPT_MAXREDIRS, 0)
        try handle.set(CURLOPT_REDIR_PROTOCOLS, 0)
        try handle.set(CURLOPT_NOSIGNAL, 1)  // no SIGALRM around name resolution
        try handle.set(CURLOPT_TIMEOUT_MS, limits.totalMilliseconds)
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, limits.connectMilliseconds)
        try handle.set(CURLOPT_MAXFILESIZE_LARGE, offset: Int64(maxBodyBytes))  // refused up front by Content-Length
        try handle.set(CURLOPT_SSL_VERIFYPEER, 1)
        try handle.set(CURLOPT_SSL_VERIFYHOST, 2)
        try handle.set(CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2)
        try handle.cleanseTLSPlaintext()  // STS/IAM answers carry secrets
        if let caBundle = request.caBundle {
            // Instead of the system's store, as the AWS CLI treats AWS_CA_BUNDLE.
            try handle.set(CURLOPT_CAINFO, caBundle)
            try handle.set(CURLOPT_CAPATH, nil)
        }
        if Endpoint.isLoopback(request.host) { try handle.set(CURLOPT_NOPROXY, "*") }
        try handle.set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)

        let signed = request.request
        switch signed.method {
        case "GET" where signed.body.isEmpty:
            try handle.set(CURLOPT_HTTPGET, 1)
        case "HEAD" where signed.body.isEmpty:
            try handle.set(CURLOPT_NOBODY, 1)
        case "POST":
            try handle.set(CURLOPT_POST, 1)
            try handle.setBody(signed.body)
        default:
            try handle.set(CURLOPT_CUSTOMREQUEST, signed.method)
            if !signed.body.isEmpty { try handle.setBody(signed.body) }
        }
        try handle.setHeaders(try Self.headerLines(signed))
        return limits
    }

    /// The signed headers as libcurl header lines, Host first, plus empty lines that stop libcurl
    /// adding `Expect: 100-continue`, `Accept: */*` or a form Content-Type nobody signed.
    static func headerLines(_ request: SignableRequest) throws(TransportError) -> [String] {
        var lines = ["Host: \(request.host)"]
        var names: Set<String> = ["host"]
        for header in request.headers where header.name.lowercased() != "host" {
            let text = header.name + header.value
            guard !text.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }), !header.name.contains(":")
            else { throw .other(detail: "header \(header.name.debugDescription) cannot be sent as signed") }
            // "Name;" is libcurl's way to send a header with an empty value ("Name:" removes it).
            lines.append(header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
            names.insert(header.name.lowercased())
        }
        for name in ["Expect", "Accept", "Content-Type"] where !names.contains(name.lowercased()) {
            lines.append("\(name):")
        }
        return lines
    }

    /// Sorts a libcurl failure into "never sent", timeout, TLS and the rest.
    private func classify(_ code: CURLcode, _ handle: CurlHandle, request: HTTPRequest, limits: Limits)
        -> TransportError
    {
        let detail = handle.describe(code)
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT:
            return .cannotConnect(detail: detail)
        case CURLE_OPERATION_TIMEDOUT:
            // Name which limit ended it: the connection phase's, or the whole request's.
            let connected =
                request.scheme == "https"
                ? handle.info(offset: CURLINFO_APPCONNECT_TIME_T) : handle.info(offset: CURLINFO_CONNECT_TIME_T)
            let milliseconds = (connected ?? 0) == 0 ? limits.connectMilliseconds : limits.totalMilliseconds
            return .timedOut(seconds: Double(milliseconds) / 1000)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
            CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED:
            return .tls(detail: detail)
        default:
            return .other(detail: detail)
        }
    }
}

/// CURLOPT_WRITEFUNCTION: body bytes into the sink; returning less than given stops the transfer.
private let receiveBody: curl_write_callback = { data, size, count, context in
    guard let context else { return 0 }
    let sink = Unmanaged<CurlResponseSink>.fromOpaque(context).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
    return sink.appendBody(bytes) ? size * count : 0
}

/// CURLOPT_HEADERFUNCTION: one header line (or status line) at a time.
private let receiveHeader: curl_write_callback = { data, size, count, context in
    guard let context else { return 0 }
    let sink = Unmanaged<CurlResponseSink>.fromOpaque(context).takeUnretainedValue()
    let line = UnsafeRawBufferPointer(start: data, count: size * count)
    return sink.appendHeaderLine(line) ? size * count : 0
}
