// A transport for tests: records every request (method, URL, headers, body) and answers from a
// script keyed by the AWS Query action, so a test can check what a use case asked, in order.
import AWSClient
import Foundation
import SigV4

/// One request as the transport saw it. Held in memory for assertions only; never printed.
public struct RecordedRequest: Sendable, Equatable {
    public let method: String
    public let url: String
    public let headers: [Header]
    public let body: [UInt8]

    /// The form fields of the body, in order (`Action`, `Version`, then the parameters).
    public var form: [(String, String)] {
        let text = String(decoding: body, as: UTF8.self)
        guard !text.isEmpty else { return [] }
        return text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.formDecode(parts[0]), parts.count > 1 ? Self.formDecode(parts[1]) : "")
        }
    }

    /// The value of form field `name`, if present.
    public func parameter(_ name: String) -> String? { form.first { $0.0 == name }?.1 }

    /// The Query action (`AssumeRole`, `ListAccessKeys`…), or `METHOD path` for a request without one.
    public var action: String {
        parameter("Action") ?? "\(method) \(URLComponents(string: url)?.path ?? url)"
    }

    /// The value of header `name` (any case).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    static func formDecode(_ text: Substring) -> String {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
    }
}

/// Answers scripted per action: one-shot answers first (in the order given), then the action's
/// standing answer; an action with neither fails the request as a transport error, so a test sees
/// an unexpected call instead of a hang.
public final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    public typealias Outcome = Result<HTTPResponse, TransportError>

    private let lock = NSLock()
    private var queued: [String: [Outcome]] = [:]
    private var standing: [String: Outcome] = [:]
    private var recorded: [RecordedRequest] = []

    public init() {}

    /// Answers the next `action` request with `outcome` (queued behind earlier ones).
    public func enqueue(_ action: String, _ outcome: Outcome) {
        lock.withLock { queued[action, default: []].append(outcome) }
    }

    /// Answers the next `action` request with `response`.
    public func enqueue(_ action: String, _ response: HTTPResponse) { enqueue(action, .success(response)) }

    /// Answers every `action` request without a queued answer with `response`.
    public func always(_ action: String, _ response: HTTPResponse) {
        lock.withLock { standing[action] = .success(response) }
    }

    /// Every request so far, in order.
    public var requests: [RecordedRequest] { lock.withLock { recorded } }

    /// The actions of every request so far, in order.
    public var actions: [String] { requests.map(\.action) }

    /// Forgets the recorded requests (the script stays).
    public func clearRecord() { lock.withLock { recorded.removeAll() } }

    public func send(_ request: HTTPRequest, timeoutSeconds: Double) throws(TransportError) -> HTTPResponse {
        let seen = RecordedRequest(
            method: request.request.method, url: request.url, headers: request.request.headers,
            body: request.request.body)
        let outcome: Outcome = lock.withLock {
            recorded.append(seen)
            if var list = queued[seen.action], !list.isEmpty {
                let first = list.removeFirst()
                queued[seen.action] = list
                return first
            }
            return standing[seen.action] ?? .failure(.other(detail: "no scripted answer for \(seen.action)"))
        }
        return try outcome.get()
    }
}
