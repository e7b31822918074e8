import Foundation
import SigV4
import Testing

@testable import AWSClient

/// A tiny HTTP server with one path per behaviour the transport must handle.
private let serverScript = #"""
    import http.server, sys, time
    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def reply(self, status, body, headers=()):
            self.send_response(status)
            for k, v in headers: self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path == "/redirect":
                self.reply(302, b"", [("Location", "http://127.0.0.1:9/elsewhere")])
            elif self.path == "/big":
                self.reply(200, b"x" * (2 << 20))
            elif self.path == "/slow":
                time.sleep(4); self.reply(200, b"late")
            else:
                echo = "%s %s|%s|%s|%s" % (self.command, self.path, self.headers.get("Host"),
                                            self.headers.get("Content-Type"), body.decode())
                self.reply(200, echo.encode(), [("Set-Cookie", "a=b"), ("X-Test", "yes")])
        do_GET = do_POST
        def log_message(self, *args): pass
    http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
    """#

@Suite("URLSession transport", .serialized)
struct URLSessionTransportTests {
    private func request(_ port: Int, _ path: String, body: String = "") -> HTTPRequest {
        HTTPRequest(
            scheme: "http", host: "127.0.0.1", port: port,
            request: SignableRequest(
                method: "POST", host: "127.0.0.1:\(port)", path: path,
                headers: [Header("Host", "127.0.0.1:\(port)"), Header("Content-Type", "text/plain")],
                body: Array(body.utf8)))
    }

    @Test func sendsAndReceives() throws {
        let server = try PeerProcess("python3", arguments: { ["-c", serverScript, "\($0)"] })
        let response = try URLSessionTransport().send(request(server.port, "/echo", body: "a=1&b=2"), timeoutSeconds: 5)
        #expect(response.status == 200)
        #expect(
            String(decoding: response.body, as: UTF8.self) == "POST /echo|127.0.0.1:\(server.port)|text/plain|a=1&b=2")
        #expect(response.header("x-test") == "yes")
        #expect(response.header("Date").flatMap(Timestamp.parseHTTPDate) != nil)
    }

    @Test func redirectsAreErrors() throws {
        let server = try PeerProcess("python3", arguments: { ["-c", serverScript, "\($0)"] })
        #expect(throws: TransportError.redirect(status: 302, location: "http://127.0.0.1:9/elsewhere")) {
            try URLSessionTransport().send(request(server.port, "/redirect"), timeoutSeconds: 5)
        }
    }

    @Test func largeBodiesAreRefused() throws {
        let server = try PeerProcess("python3", arguments: { ["-c", serverScript, "\($0)"] })
        #expect(throws: TransportError.tooLarge(limit: 1 << 20)) {
            try URLSessionTransport().send(request(server.port, "/big"), timeoutSeconds: 10)
        }
    }

    @Test func timeoutsAreReported() throws {
        let server = try PeerProcess("python3", arguments: { ["-c", serverScript, "\($0)"] })
        #expect(throws: TransportError.timedOut(seconds: 1)) {
            try URLSessionTransport().send(request(server.port, "/slow"), timeoutSeconds: 1)
        }
    }

    @Test func refusedConnectionsAreNotSent() throws {
        let port = try PeerProcess.freePort()  // nothing listens there now
        #expect {
            try URLSessionTransport().send(request(port, "/"), timeoutSeconds: 5)
        } throws: { error in
            (error as? TransportError)?.requestWasNotSent == true
        }
    }
}
