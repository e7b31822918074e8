// Fuzz target: raw HTTP/1.1 responses through the transport's incremental reader, in reads of any size.
@testable import AWSClient

/// `ResponseParser`, the reader `NetworkTransport` feeds what the socket gives, with a body limit of
/// `bodyLimit` bytes. The first input byte is a mode: bit 0 reads the answer to a HEAD request (no
/// body); bits 1–5 are a seed `s` for the read sizes (0: one read; 1: one byte a read; else 1 to
/// `s` bytes a read, pseudo-random). Two bits bring the limits within an input's reach: bit 6
/// inserts a header line after the first line that leaves 512 bytes of the 64 KiB head limit, bit 7
/// inserts 3,584 bytes after the first `;` (in a chunk extension: 512 short of the 4 KiB line
/// limit). The rest is the response, fed read by read until the parser is complete or fails, then
/// ended with `finish()` (the server closing), as the transport does.
/// Invariants: the body never exceeds the limit; the outcome (status, headers, body, completeness
/// or the error) is the one a single read of all the bytes gives; a complete response has a final
/// status, and no body when it may have none; errors are only `other` or `tooLarge(bodyLimit)`.
enum HTTPResponseFuzz {
    static let bodyLimit = 256
    /// `X-Pad: ppp…` and its line break, counted as the parser counts head lines.
    static let headPadding =
        Array("X-Pad: ".utf8) + Array(repeating: UInt8(ascii: "p"), count: ResponseParser.headLimit - 521) + [13, 10]
    static let linePadding = [UInt8](repeating: UInt8(ascii: "e"), count: ResponseParser.lineLimit - 512)

    struct Outcome: Equatable {
        var status = 0
        var headers: [String: String] = [:]
        var body: [UInt8] = []
        var complete = false
        var error: TransportError?
    }

    static func run(_ input: [UInt8]) -> [String] {
        let mode = input.first ?? 0
        let noBody = mode & 1 != 0
        let seed = Int(mode >> 1) & 31
        var response = input.dropFirst()
        if mode & 0x40 != 0 {
            let at = response.firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? response.endIndex
            response.insert(contentsOf: headPadding, at: at)
        }
        if mode & 0x80 != 0, let at = response.firstIndex(of: UInt8(ascii: ";")) {
            response.insert(contentsOf: linePadding, at: at + 1)
        }
        var out: [String] = []
        let pieces = parse(reads(response, seed: seed), noBody: noBody, violations: &out)
        let whole = parse([response], noBody: noBody, violations: &out)
        if pieces != whole {
            let differing = [
                pieces.status != whole.status ? "status" : nil, pieces.headers != whole.headers ? "headers" : nil,
                pieces.body != whole.body ? "body" : nil, pieces.complete != whole.complete ? "completeness" : nil,
                pieces.error != whole.error ? "error (\(String(describing: pieces.error)))" : nil,
            ]
            out.append("reads of up to \(seed) bytes change the \(differing.compactMap { $0 })")
        }
        if let error = whole.error {
            switch error {
            case .other: break
            case .tooLarge(let limit) where limit == bodyLimit: break
            default: out.append("unexpected error \(error)")
            }
        } else if whole.complete {
            if !(200...999).contains(whole.status) && whole.status != 101 {
                out.append("a complete response with status \(whole.status)")
            }
            let bodiless = noBody || whole.status == 204 || whole.status == 304 || whole.status < 200
            if bodiless && !whole.body.isEmpty { out.append("HTTP \(whole.status) has a body") }
        } else {
            out.append("finish() neither completed the response nor failed")
        }
        return out
    }

    /// Feeds `reads` as the transport does, checking the body's size after each.
    static func parse(_ reads: [ArraySlice<UInt8>], noBody: Bool, violations: inout [String]) -> Outcome {
        var parser = ResponseParser(bodyLimit: bodyLimit, noBody: noBody)
        var outcome = Outcome()
        do {
            for read in reads where !parser.isComplete {
                try read.withUnsafeBytes { try parser.feed($0) }
                if parser.body.count > bodyLimit { violations.append("a body of \(parser.body.count) bytes") }
            }
            try parser.finish()
        } catch {
            outcome.error = error as? TransportError  // withUnsafeBytes throws `any Error`
        }
        if parser.body.count > bodyLimit { violations.append("a body of \(parser.body.count) bytes") }
        (outcome.status, outcome.headers, outcome.complete) = (parser.status, parser.headers, parser.isComplete)
        // A failed response's body is whatever arrived before the error: it differs with the reads.
        if outcome.error == nil { outcome.body = parser.body.take() }
        return outcome
    }

    /// `bytes` cut into reads: one (seed 0), one byte each (seed 1), or 1 to `seed` bytes each.
    static func reads(_ bytes: ArraySlice<UInt8>, seed: Int) -> [ArraySlice<UInt8>] {
        guard seed > 0 else { return [bytes] }
        var state = UInt32(seed) &* 0x9E37_79B9 | 1  // xorshift32
        var out: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        while start < bytes.endIndex {
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            let end = min(start + 1 + Int(state % UInt32(seed)), bytes.endIndex)
            out.append(bytes[start..<end])
            start = end
        }
        return out
    }
}
