// The incremental HTTP/1.1 response reader: framing, interim responses, header folding, and the same
// result however the bytes are split across reads (limits and malformed answers: +Errors).
import Testing

@testable import AWSClient

/// What a parser made of some bytes: the head, the body, whether it completed, or the error.
struct ParseOutcome: Equatable {
    var status = 0
    var headers: [String: String] = [:]
    var body: [UInt8] = []
    var complete = false
    var error: TransportError?

    var text: String { String(decoding: body, as: UTF8.self) }

    /// Feeds `pieces` in order, then ends the connection with `finish()` when `close`.
    init(_ pieces: [ArraySlice<UInt8>], limit: Int = 1 << 20, noBody: Bool = false, close: Bool = true) {
        var parser = ResponseParser(bodyLimit: limit, noBody: noBody)
        do {
            for piece in pieces { try Array(piece).withUnsafeBytes { try parser.feed($0) } }
            if close { try parser.finish() }
        } catch {
            self.error = error as? TransportError
        }
        (status, headers, complete, body) = (parser.status, parser.headers, parser.isComplete, parser.body.take())
    }

    /// All of `response` in one read.
    init(_ response: String, limit: Int = 1 << 20, noBody: Bool = false, close: Bool = true) {
        self.init([Array(response.utf8)[...]], limit: limit, noBody: noBody, close: close)
    }
}

/// Whether `error` is `.other` with a detail containing `words`.
func isOther(_ error: TransportError?, _ words: String) -> Bool {
    guard case .other(let detail) = error else { return false }
    return detail.contains(words)
}

@Suite("HTTP response parser")
struct ResponseParserTests {
    /// Valid responses (some with bytes after their end), each with its status and body.
    static let valid: [(response: String, status: Int, body: String, noBody: Bool)] = [
        ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\n\r\nhelloHTTP/1.1 500 No\r\n\r\n", 200, "hello", false),
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nWiki\r\nA\r\n0123456789\r\nb ;q=\"1\"\r\n"
                + "hello world\r\n0\r\nX-Trailer: t\r\n\r\nafter", 200, "Wiki0123456789hello world", false
        ),
        (
            "HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", 201, "ok", false
        ),
        ("HTTP/1.0 200 OK\r\nX-B: 2\r\n\r\nuntil\r\nclose\n", 200, "until\r\nclose\n", false),
        ("HTTP/1.1 200 OK\nContent-Length: 3\nX-Folded: a\n  b\n\tc\n\nabcdef", 200, "abc", false),
        ("HTTP/1.1 404 Not Found\r\nSet-Cookie: a\r\nset-cookie: b\r\nContent-Length: 0\r\n\r\nx", 404, "", false),
        ("HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\nignored", 204, "", false),
        ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nHTTP/1.1 ", 200, "", true),
    ]

    @Test func contentLengthFramesTheBody() {
        let outcome = ParseOutcome("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A:  1 \r\n\r\nhello, more")
        #expect(outcome == .complete(200, ["content-length": "5", "x-a": "1"], "hello"))
        let empty = ParseOutcome("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", close: false)
        #expect(empty.complete && empty.body.isEmpty)
        let partial = ParseOutcome("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello", close: false)
        #expect(!partial.complete && partial.error == nil && partial.text == "hello")
    }

    @Test func chunkedBodiesAreJoined() {
        let outcome = ParseOutcome(Self.valid[1].response, close: false)
        #expect(outcome.complete && outcome.error == nil && outcome.text == "Wiki0123456789hello world")
        #expect(outcome.headers == ["transfer-encoding": "chunked"])  // trailers are not headers
        let hex = ParseOutcome(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n1a\r\n\(String(repeating: "x", count: 26))\r\n"
                + "1A\r\n\(String(repeating: "y", count: 26))\r\n0;end\r\n\r\n", close: false)
        #expect(hex.complete && hex.text == String(repeating: "x", count: 26) + String(repeating: "y", count: 26))
        let bare = ParseOutcome("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n", close: false)
        #expect(bare.complete && bare.text == "abc")
    }

    @Test func untilCloseEndsWithTheConnection() {
        let open = ParseOutcome("HTTP/1.1 200 OK\r\n\r\nsome body", close: false)
        #expect(!open.complete && open.error == nil && open.text == "some body")
        let closed = ParseOutcome("HTTP/1.1 200 OK\r\n\r\nsome body")
        #expect(closed.complete && closed.error == nil && closed.text == "some body")
        #expect(ParseOutcome("HTTP/1.1 200 OK\r\n\r\n") == .complete(200, [:], ""))
    }

    @Test func headAndBodilessStatusesHaveNoBody() {
        let head = ParseOutcome("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody", noBody: true, close: false)
        #expect(head == .complete(200, ["content-length": "4"], ""))
        let connect = ParseOutcome("HTTP/1.1 200 Connection established\r\n\r\n\u{16}\u{03}", limit: 0, noBody: true)
        #expect(connect.complete && connect.error == nil && connect.body.isEmpty)
        for status in [204, 304] {
            let outcome = ParseOutcome(
                "HTTP/1.1 \(status) X\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello", close: false)
            #expect(outcome.complete && outcome.status == status && outcome.body.isEmpty)
        }
    }

    @Test func interimResponsesAreSkipped() {
        let outcome = ParseOutcome(Self.valid[2].response, close: false)
        #expect(outcome == .complete(201, ["content-length": "2"], "ok"))
        let interimOnly = ParseOutcome("HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\n", close: false)
        #expect(!interimOnly.complete && interimOnly.status == 0 && interimOnly.headers.isEmpty)
        #expect(isOther(ParseOutcome("HTTP/1.1 100 Continue\r\n\r\n").error, "closed before the response ended"))
    }

    @Test func repeatedAndFoldedHeadersCombine() {
        let outcome = ParseOutcome(
            "HTTP/1.1 200 OK\r\nX-Twice: a\r\nx-twice:b\r\nX-Long: one\r\n  two\r\n\tthree\r\n"
                + ": nameless\r\nno colon\r\nContent-Length: 0\r\n\r\n", close: false)
        #expect(outcome.complete)
        #expect(outcome.headers == ["x-twice": "a, b", "x-long": "one two three", "content-length": "0"])
        let bare = ParseOutcome(Self.valid[4].response, close: false)
        #expect(bare == .complete(200, ["content-length": "3", "x-folded": "a b c"], "abc"))
    }

    @Test func bytesAfterTheEndAreIgnored() throws {
        var parser = ResponseParser(bodyLimit: 16)
        for part in ["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 500", " Oops\r\n\r\n", "\u{0}garbage"] {
            try Array(part.utf8).withUnsafeBytes { try parser.feed($0) }
        }
        try parser.finish()
        #expect(parser.isComplete && parser.status == 200 && parser.body.take() == Array("ok".utf8))
    }

    // MARK: Split reads

    /// Every cut of a valid response into three reads (so also two, and empty reads), and one byte
    /// per read, gives the status, headers and body of one read.
    @Test(arguments: valid.indices)
    func splittingChangesNothing(_ index: Int) {
        let sample = Self.valid[index]
        let bytes = Array(sample.response.utf8)
        let whole = ParseOutcome([bytes[...]], noBody: sample.noBody)
        #expect(whole.complete && whole.error == nil)
        #expect(whole.status == sample.status && whole.text == sample.body && !whole.headers.isEmpty)
        var differing: [String] = []
        for first in 0...bytes.count {
            for second in first...bytes.count {
                let reads = [bytes[..<first], bytes[first..<second], bytes[second...]]
                if ParseOutcome(reads, noBody: sample.noBody) != whole { differing.append("\(first)/\(second)") }
            }
        }
        #expect(differing.isEmpty, "cuts that change the outcome: \(differing.prefix(10))")
        #expect(ParseOutcome(bytes.map { [$0][...] }, noBody: sample.noBody) == whole)
    }

    /// A head at exactly the 64 KiB limit, and a chunk-size line at exactly 4 KiB, are accepted
    /// wherever a read ends, between the last CR and LF too; one byte more is refused.
    @Test func limitsDoNotDependOnWhereAReadEnds() {
        // The parser counts each head line with two bytes for its line break.
        let fixed = "HTTP/1.1 200 OK".utf8.count + 2 + "Content-Length: 2".utf8.count + 2 + "X: ".utf8.count + 2
        func head(_ padding: Int) -> [UInt8] {
            Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX: \(String(repeating: "p", count: padding))\r\n\r\nok".utf8)
        }
        let atLimit = head(ResponseParser.headLimit - fixed)
        #expect(isOther(ParseOutcome([head(ResponseParser.headLimit - fixed + 1)[...]]).error, "headers exceeded"))
        let whole = ParseOutcome([atLimit[...]])
        #expect(whole.complete && whole.error == nil && whole.text == "ok")
        let cuts = ((atLimit.count - 12)...atLimit.count).filter {
            ParseOutcome([atLimit[..<$0], atLimit[$0...]]) != whole
        }
        #expect(cuts.isEmpty, "cuts that change the outcome, of \(atLimit.count): \(cuts)")
        let byteByByte = ParseOutcome(atLimit.map { [$0][...] }) == whole  // not shown: 64 KiB
        #expect(byteByByte)

        func chunked(_ line: Int) -> [UInt8] {
            Array(
                ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;" + String(repeating: "e", count: line - 2)
                    + "\r\na\r\n0\r\n\r\n").utf8)
        }
        let longest = chunked(ResponseParser.lineLimit)
        #expect(isOther(ParseOutcome([chunked(ResponseParser.lineLimit + 1)[...]]).error, "line exceeded"))
        let chunkedWhole = ParseOutcome([longest[...]])
        #expect(chunkedWhole.complete && chunkedWhole.error == nil && chunkedWhole.text == "a")
        let lineEnd = longest.count - "\n0\r\n\r\n".utf8.count - "a\r\n".utf8.count
        let chunkCuts = ((lineEnd - 4)...(lineEnd + 4)).filter {
            ParseOutcome([longest[..<$0], longest[$0...]]) != chunkedWhole
        }
        #expect(chunkCuts.isEmpty, "cuts that change the outcome, line break at \(lineEnd): \(chunkCuts)")
    }
}

extension ParseOutcome {
    /// A complete response's outcome: its status, headers and body, no error.
    static func complete(_ status: Int, _ headers: [String: String], _ body: String) -> ParseOutcome {
        var outcome = ParseOutcome([], close: false)
        (outcome.status, outcome.headers, outcome.body, outcome.complete) = (status, headers, Array(body.utf8), true)
        return outcome
    }
}
