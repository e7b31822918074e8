// Reading one HTTP/1.1 response as its bytes arrive: the head, then a body framed by
// Content-Length, chunked transfer coding, or the end of the connection.

/// An incremental HTTP/1.1 response reader with limits: 64 KiB of head, `bodyLimit` of body
/// (refused up front when Content-Length announces more). Interim `1xx` responses are skipped, so
/// the headers are the final response's. Feed it what the connection gives until `isComplete`,
/// and call `finish()` when the connection ends.
struct ResponseParser {
    /// Largest head (status line and header lines) accepted.
    static let headLimit = 64 << 10
    /// Largest chunk-size line or trailer line accepted.
    static let lineLimit = 4 << 10

    private enum State {
        case head
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkEnd
        case trailers
        case untilClose
        case complete
    }

    private var state = State.head
    private var pending: [UInt8] = []
    private let bodyHasNoContent: Bool
    private(set) var status = 0
    private(set) var headers: [String: String] = [:]
    let body: ResponseBody

    /// `noBody`: the request was HEAD or a proxy's CONNECT, whose answer has a head only.
    init(bodyLimit: Int, noBody: Bool = false) {
        body = ResponseBody(limit: bodyLimit)
        bodyHasNoContent = noBody
    }

    var isComplete: Bool {
        if case .complete = state { return true }
        return false
    }

    /// Takes the next bytes received; bytes after the end of the response are ignored.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(TransportError) {
        var input = bytes[...]
        while !input.isEmpty {
            switch state {
            case .complete:
                return
            case .fixed(let remaining):
                let part = input.prefix(remaining)
                try body.append(UnsafeRawBufferPointer(rebasing: part))
                input = input.dropFirst(part.count)
                state = remaining == part.count ? .complete : .fixed(remaining: remaining - part.count)
            case .chunkData(let remaining):
                let part = input.prefix(remaining)
                try body.append(UnsafeRawBufferPointer(rebasing: part))
                input = input.dropFirst(part.count)
                state = remaining == part.count ? .chunkEnd : .chunkData(remaining: remaining - part.count)
            case .untilClose:
                try body.append(UnsafeRawBufferPointer(rebasing: input))
                input = input.dropFirst(input.count)
            case .head, .chunkSize, .chunkEnd, .trailers:
                guard let newline = input.firstIndex(of: UInt8(ascii: "\n")) else {
                    pending += input
                    input = input.dropFirst(input.count)
                    try checkPendingSize()
                    continue
                }
                pending += input[..<newline]
                input = input[(newline + 1)...]
                try checkPendingSize()
                if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
                let line = pending
                pending.removeAll(keepingCapacity: true)
                try takeLine(line)
            }
        }
    }

    /// The connection ended: completes a body that runs to the end, else the response was cut short.
    mutating func finish() throws(TransportError) {
        switch state {
        case .complete: return
        case .untilClose: state = .complete
        case .head where status == 0 && headBytes == 0 && pending.isEmpty:
            throw .other(detail: "the server closed the connection without answering")
        default: throw .other(detail: "the connection closed before the response ended")
        }
    }

    private var headBytes = 0
    private var lastHeader: String?

    /// The line so far within its limit; a CR at its end is not counted, as it may start the line
    /// break (so where a read ends makes no difference).
    private mutating func checkPendingSize() throws(TransportError) {
        let count = pending.count - (pending.last == UInt8(ascii: "\r") ? 1 : 0)
        if case .head = state {
            guard headBytes + count <= Self.headLimit else {
                throw .other(detail: "the response headers exceeded \(Self.headLimit) bytes")
            }
        } else if count > Self.lineLimit {
            throw .other(detail: "a chunked response line exceeded \(Self.lineLimit) bytes")
        }
    }

    private mutating func takeLine(_ line: [UInt8]) throws(TransportError) {
        switch state {
        case .head:
            headBytes += line.count + 2
            if status == 0 { return try takeStatusLine(line) }
            if line.isEmpty { return try headEnded() }
            takeHeaderLine(String(decoding: line, as: UTF8.self))
        case .chunkSize:
            let size = line.prefix { $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
            // Hex digits only: Int(_:radix:) would also take a sign.
            guard !size.isEmpty, size.count <= 15, size.first != UInt8(ascii: "+"), size.first != UInt8(ascii: "-"),
                let value = Int(String(decoding: size, as: UTF8.self), radix: 16)
            else { throw .other(detail: "a malformed chunk size in the response") }
            guard value <= body.limit - body.count else { throw .tooLarge(limit: body.limit) }
            state = value == 0 ? .trailers : .chunkData(remaining: value)
        case .chunkEnd:
            guard line.isEmpty else { throw .other(detail: "a chunk of the response did not end where it said") }
            state = .chunkSize
        case .trailers:
            if line.isEmpty { state = .complete }
        default:
            return
        }
    }

    private mutating func takeStatusLine(_ line: [UInt8]) throws(TransportError) {
        // HTTP/1.x SP 3DIGIT [SP reason]
        let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].starts(with: "HTTP/1.".utf8), parts[0].count == 8, parts[1].count == 3,
            let code = Int(String(decoding: parts[1], as: UTF8.self)), code >= 100
        else { throw .other(detail: "no HTTP response") }
        status = code
    }

    private mutating func headEnded() throws(TransportError) {
        if (100..<200).contains(status) && status != 101 {  // interim: the final response follows
            status = 0
            headers = [:]
            lastHeader = nil
            return
        }
        if bodyHasNoContent || status == 204 || status == 304 || (100..<200).contains(status) {
            state = .complete
        } else if let coding = headers["transfer-encoding"] {
            // Chunked alone: a body under another coding (gzip, chunked) would be taken as sent.
            guard coding.lowercased().split(separator: ",").map(\.trimmed).filter({ !$0.isEmpty }) == ["chunked"] else {
                throw .other(detail: "the response's transfer coding \(coding.debugDescription) is not supported")
            }
            state = .chunkSize
        } else if let length = headers["content-length"] {
            guard !length.isEmpty, length.utf8.count <= 18, length.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let count = Int(length)
            else { throw .other(detail: "the response's Content-Length \(length.debugDescription) is not a number") }
            guard count <= body.limit else { throw .tooLarge(limit: body.limit) }
            state = count == 0 ? .complete : .fixed(remaining: count)
        } else {
            state = .untilClose
        }
    }

    /// One header line; repeated fields combine into one comma-separated value (RFC 9110 §5.3),
    /// an obsolete folded line continues the previous value.
    private mutating func takeHeaderLine(_ text: String) {
        if let first = text.unicodeScalars.first, first == " " || first == "\t" {
            if let name = lastHeader, let value = headers[name] { headers[name] = value + " " + text.trimmed }
            return
        }
        guard let colon = text.firstIndex(of: ":") else { return }
        let name = text[..<colon].trimmed.lowercased()
        let value = text[text.index(after: colon)...].trimmed
        guard !name.isEmpty else { return }
        headers[name] = headers[name].map { $0 + ", " + value } ?? value
        lastHeader = name
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmed: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[start...end])
    }
}
