// The response reader's limits and its refusals: oversized heads, bodies and chunk lines, malformed
// status lines, lengths, codings and chunks, answers cut short; the same error wherever reads end.
import Testing

@testable import AWSClient

extension ResponseParserTests {
    // MARK: Limits

    @Test func headLimit() {
        let long = "HTTP/1.1 200 OK\r\nX-Big: \(String(repeating: "a", count: 70_000))\r\n\r\n"
        #expect(isOther(ParseOutcome(long, close: false).error, "headers exceeded 65536 bytes"))
        let unended = "HTTP/1.1 200 OK\r\nX-Big: " + String(repeating: "a", count: 70_000)
        #expect(isOther(ParseOutcome(unended, close: false).error, "headers exceeded"))
        let many = "HTTP/1.1 200 OK\r\n" + String(repeating: "X-Header: 0123456789\r\n", count: 3_000) + "\r\n"
        #expect(isOther(ParseOutcome(many, close: false).error, "headers exceeded"))
        let interims = String(repeating: "HTTP/1.1 100 Continue\r\n\r\n", count: 3_000)
        #expect(isOther(ParseOutcome(interims, close: false).error, "headers exceeded"))
    }

    @Test func bodyLimit() {
        let announced = ParseOutcome("HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n", limit: 100, close: false)
        #expect(announced.error == .tooLarge(limit: 100))  // before any byte of the body
        let huge = ParseOutcome("HTTP/1.1 200 OK\r\nContent-Length: 999999999999999999\r\n\r\n", limit: 100)
        #expect(huge.error == .tooLarge(limit: 100))
        let exact = ParseOutcome("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfour", limit: 4)
        #expect(exact.complete && exact.text == "four")
        let chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n"
        #expect(ParseOutcome(chunked, limit: 10, close: false).error == .tooLarge(limit: 10))
        let fits = ParseOutcome(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", limit: 5)
        #expect(fits.complete && fits.text == "hello")
        #expect(ParseOutcome("HTTP/1.1 200 OK\r\n\r\n12345678901", limit: 10).error == .tooLarge(limit: 10))
    }

    @Test func chunkLineLimit() {
        let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        let extensionLine = "1;x=" + String(repeating: "y", count: 5_000)
        #expect(isOther(ParseOutcome(head + extensionLine, close: false).error, "line exceeded 4096 bytes"))
        #expect(isOther(ParseOutcome(head + extensionLine + "\r\na\r\n0\r\n\r\n").error, "line exceeded"))
        let trailer = "0\r\nX-T: " + String(repeating: "t", count: 5_000) + "\r\n\r\n"
        #expect(isOther(ParseOutcome(head + trailer).error, "line exceeded"))
        let junkAfterData = "1\r\na" + String(repeating: " ", count: 5_000)
        #expect(isOther(ParseOutcome(head + junkAfterData, close: false).error, "line exceeded"))
    }

    // MARK: Malformed answers

    @Test(arguments: [
        "HTTP/2 200 OK", "HTTP/1.1 20 OK", "HTTP/1.1 abc OK", "HTTP/1.1  200 OK", "HTTP/1.10 200 OK", "ICY 200 OK",
        "<html><body>portal</body></html>", "", "HTTP/1.1 099 Low", "HTTP/1.1 +99 Signed", "HTTP/1.1",
    ])
    func badStatusLines(_ line: String) {
        #expect(isOther(ParseOutcome(line + "\r\nContent-Length: 0\r\n\r\n").error, "no HTTP response"))
    }

    @Test(arguments: ["+5", "-1", "5, 5", "0x5", "5 5", "five", "1e3", "", "5.0", "١"])
    func badContentLengths(_ value: String) {
        let headers = value == "5, 5" ? "Content-Length: 5\r\nContent-Length: 5" : "Content-Length: \(value)"
        let outcome = ParseOutcome("HTTP/1.1 200 OK\r\n\(headers)\r\n\r\nhello")
        #expect(isOther(outcome.error, "Content-Length") && outcome.body.isEmpty)
    }

    @Test(arguments: ["gzip", "gzip, chunked", "chunked, gzip", "identity", "chunked, chunked", ""])
    func unsupportedTransferCodings(_ coding: String) {
        let outcome = ParseOutcome("HTTP/1.1 200 OK\r\nTransfer-Encoding: \(coding)\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        #expect(isOther(outcome.error, "transfer coding") && outcome.body.isEmpty)
    }

    @Test(arguments: ["g", "", " 5", "+5", "-0", "0x5", "1000000000000000", "5:5"])
    func badChunkSizes(_ size: String) {
        let response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\(size)\r\nhello\r\n0\r\n\r\n"
        #expect(isOther(ParseOutcome(response).error, "malformed chunk size"))
    }

    @Test func chunkDataMustEndWithALineBreak() {
        let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        for data in ["5\r\nhelloX\r\n0\r\n\r\n", "5\r\nhello world\r\n0\r\n\r\n", "3\r\nhello\r\n0\r\n\r\n"] {
            #expect(isOther(ParseOutcome(head + data).error, "did not end where it said"))
        }
    }

    @Test(arguments: [
        "H", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhell", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n",
        "HTTP/1.1 100 Continue\r\n\r\n", "\r",
    ])
    func truncatedResponsesFail(_ response: String) {
        let outcome = ParseOutcome(response)
        #expect(isOther(outcome.error, "closed before the response ended") && !outcome.complete)
    }

    @Test func aServerClosingWithoutAByteIsNamed() {
        #expect(ParseOutcome([]).error == .other(detail: "the server closed the connection without answering"))
        #expect(ParseOutcome([[]]).error == .other(detail: "the server closed the connection without answering"))
    }

    static let malformed: [(response: String, limit: Int)] = [
        ("HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello", 100),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhelloX\r\n0\r\n\r\n", 100),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\nworld!\r\n0\r\n\r\n", 10),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", 100),
        ("HTTP/1.1 20 OK\r\n\r\n", 100),
        ("HTTP/1.1 200 OK\r\n\r\n0123456789abc", 10),
        ("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 19\r\n\r\ncut short", 100),
    ]

    /// A malformed, oversized or cut-short response fails the same way wherever the reads end.
    @Test(arguments: malformed.indices)
    func splittingKeepsTheError(_ index: Int) {
        let (response, limit) = Self.malformed[index]
        let bytes = Array(response.utf8)
        let whole = ParseOutcome([bytes[...]], limit: limit)
        #expect(whole.error != nil)
        for cut in 0...bytes.count {
            #expect(ParseOutcome([bytes[..<cut], bytes[cut...]], limit: limit).error == whole.error, "cut at \(cut)")
        }
        #expect(ParseOutcome(bytes.map { [$0][...] }, limit: limit).error == whole.error)
    }
}
