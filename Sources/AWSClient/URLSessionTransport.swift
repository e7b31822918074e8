import Foundation
import SigV4

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The real transport: one ephemeral URLSession per request, no cookies, no cache, redirects
/// refused, the body capped while it streams in.
public struct URLSessionTransport: HTTPTransport {
    /// Largest response body accepted.
    public var maxBodyBytes: Int

    /// A transport accepting bodies up to `maxBodyBytes` (1 MiB by default).
    public init(maxBodyBytes: Int = 1 << 20) { self.maxBodyBytes = maxBodyBytes }

    /// Sends `request` and waits for the whole response, at most `timeoutSeconds` per request.
    public func send(_ request: HTTPRequest, timeoutSeconds: Double) throws(TransportError) -> HTTPResponse {
        try ThreadHeadroom.check()  // else libdispatch may wait for a thread forever
        SendWatchdog.arm(seconds: timeoutSeconds + 10)
        defer { SendWatchdog.disarm() }
        guard let url = URL(string: request.url) else { throw .other(detail: "invalid URL \(request.url)") }
        var urlRequest = URLRequest(
            url: url, cachePolicy: .reloadIgnoringLocalAndRemoteCacheData,
            timeoutInterval: timeoutSeconds)
        urlRequest.httpMethod = request.request.method
        urlRequest.httpShouldHandleCookies = false
        for header in request.request.headers where header.name.lowercased() != "host" {
            // URLSession writes Host itself from the URL, which matches what was signed.
            urlRequest.setValue(header.value, forHTTPHeaderField: header.name)
        }
        if !request.request.body.isEmpty { urlRequest.httpBody = Data(request.request.body) }

        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        configuration.timeoutIntervalForRequest = timeoutSeconds
        configuration.timeoutIntervalForResource = timeoutSeconds
        let collector = ResponseCollector(limit: maxBodyBytes)
        let session = URLSession(configuration: configuration, delegate: collector, delegateQueue: nil)
        defer { session.invalidateAndCancel() }
        session.dataTask(with: urlRequest).resume()
        // A margin over the session's own timeout so its error, not ours, normally wins.
        guard collector.done.wait(timeout: .now() + timeoutSeconds + 5) == .success else {
            throw .timedOut(seconds: timeoutSeconds)
        }
        return try collector.result(timeoutSeconds: timeoutSeconds).get()
    }
}

/// Collects one task's response; URLSession calls it on its own queue, the sender waits on `done`.
private final class ResponseCollector: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    private let limit: Int
    private let lock = NSLock()
    private var response: HTTPURLResponse?
    private var body = Data()
    private var exceeded = false
    private var error: Error?

    init(limit: Int) { self.limit = limit }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)  // the 3xx itself becomes the response, reported as an error
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        lock.withLock { self.response = response as? HTTPURLResponse }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let overLimit = lock.withLock { () -> Bool in
            if body.count + data.count > limit {
                exceeded = true
                return true
            }
            body.append(data)
            return false
        }
        if overLimit { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        lock.withLock {
            if response == nil { response = task.response as? HTTPURLResponse }
            self.error = error
        }
        done.signal()
    }

    func result(timeoutSeconds: Double) -> Result<HTTPResponse, TransportError> {
        lock.withLock {
            if exceeded { return .failure(.tooLarge(limit: limit)) }
            if let error { return .failure(classify(error, timeoutSeconds: timeoutSeconds)) }
            guard let response else { return .failure(.other(detail: "no HTTP response")) }
            var headers: [String: String] = [:]
            for (name, value) in response.allHeaderFields {
                if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
            }
            if (300..<400).contains(response.statusCode) {
                return .failure(.redirect(status: response.statusCode, location: headers["location"]))
            }
            let bytes = [UInt8](body)
            body.resetBytes(in: 0..<body.count)  // best effort: Foundation may hold other copies
            return .success(HTTPResponse(status: response.statusCode, headers: headers, body: bytes))
        }
    }
}

/// Sorts a URLSession error into "never sent", timeout, TLS and the rest.
private func classify(_ error: Error, timeoutSeconds: Double) -> TransportError {
    guard let urlError = error as? URLError else { return .other(detail: String(describing: error)) }
    let detail = "\(urlError.localizedDescription) (URLError \(urlError.code.rawValue))"
    switch urlError.code {
    case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet:
        return .cannotConnect(detail: detail)
    case .timedOut:
        return .timedOut(seconds: timeoutSeconds)
    case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
        .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot, .clientCertificateRejected,
        .clientCertificateRequired:
        return .tls(detail: detail)
    default:
        return .other(detail: detail)
    }
}
