import SigV4
import Testing

@testable import AWSClient

/// A tiny HTTP server with one path per behaviour the transport must handle.
private let serverScript = #"""
    import http.server, socket, sys, time
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
            elif self.path == "/big-chunked":
                self.send_response(200)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for _ in range(64):
                    self.wfile.write(b"8000\r\n" + b"y" * 0x8000 + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            elif self.path == "/slow":
                time.sleep(4); self.reply(200, b"late")
            elif self.path == "/headers":
                lines = "".join("%s: %s\n" % (k, v) for k, v in self.headers.items())
                self.reply(200, (self.command + " " + self.path + "\n" + lines).encode())
            elif self.path == "/continue":
                self.wfile.write(b"HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n")
                self.reply(200, b"final", [("X-Final", "yes")])
            elif self.path == "/repeated":
                self.reply(200, b"", [("X-Twice", "a"), ("X-Twice", "b")])
            else:
                echo = "%s %s|%s|%s|%s" % (self.command, self.path, self.headers.get("Host"),
                                            self.headers.get("Content-Type"), body.decode())
                self.reply(200, echo.encode(), [("Set-Cookie", "a=b"), ("X-Test", "yes")])
        do_GET = do_POST
        do_PUT = do_POST
        def log_message(self, *args): pass
    http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
    """#

@Suite("network transport", .serialized)
struct NetworkTransportTests {
    private func request(
        _ port: Int, _ path: String, method: String = "POST", body: String = "",
        headers: [Header]? = nil
    ) -> HTTPRequest {
        HTTPRequest(
            scheme: "http", host: "127.0.0.1", port: port,
            request: SignableRequest(
                method: method, host: "127.0.0.1:\(port)", path: path,
                headers: headers ?? [Header("Host", "127.0.0.1:\(port)"), Header("Content-Type", "text/plain")],
                body: Array(body.utf8)))
    }

    private func server() throws -> PeerProcess {
        try PeerProcess("python3", arguments: { ["-c", serverScript, "\($0)"] })
    }

    @Test func sendsAndReceives() throws {
        let server = try server()
        let response = try NetworkTransport().send(request(server.port, "/echo", body: "a=1&b=2"), timeoutSeconds: 5)
        #expect(response.status == 200)
        #expect(
            String(decoding: response.body, as: UTF8.self) == "POST /echo|127.0.0.1:\(server.port)|text/plain|a=1&b=2")
        #expect(response.header("x-test") == "yes")
        #expect(response.header("Date").flatMap(Timestamp.parseHTTPDate) != nil)
    }

    /// Exactly the signed headers, Host as signed, plus Content-Length: no Accept, Expect, form
    /// Content-Type or User-Agent.
    @Test func sendsExactlyTheSignedHeaders() throws {
        let server = try server()
        let port = server.port
        let headers = [
            Header("Host", "127.0.0.1:\(port)"), Header("X-Amz-Date", "20260101T000000Z"),
            Header("Authorization", "AWS4-HMAC-SHA256 Credential=x"),
        ]
        let response = try NetworkTransport().send(
            request(port, "/headers", body: String(repeating: "a", count: 4096), headers: headers), timeoutSeconds: 5)
        let lines = String(decoding: response.body, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "POST /headers", "Host: 127.0.0.1:\(port)", "X-Amz-Date: 20260101T000000Z",
                "Authorization: AWS4-HMAC-SHA256 Credential=x", "Content-Length: 4096",
            ])

        let get = try NetworkTransport().send(
            request(port, "/headers", method: "GET", headers: [Header("Host", "127.0.0.1:\(port)")]), timeoutSeconds: 5)
        #expect(String(decoding: get.body, as: UTF8.self) == "GET /headers\nHost: 127.0.0.1:\(port)\n")
    }

    @Test func otherMethodsAndBodies() throws {
        let server = try server()
        let response = try NetworkTransport().send(
            request(server.port, "/echo", method: "PUT", body: "x"), timeoutSeconds: 5)
        #expect(String(decoding: response.body, as: UTF8.self) == "PUT /echo|127.0.0.1:\(server.port)|text/plain|x")
    }

    @Test func headersAreThoseOfTheFinalResponse() throws {
        let server = try server()
        let response = try NetworkTransport().send(request(server.port, "/continue"), timeoutSeconds: 5)
        #expect(response.status == 200 && String(decoding: response.body, as: UTF8.self) == "final")
        #expect(response.header("x-final") == "yes" && response.header("x-interim") == nil)

        let repeated = try NetworkTransport().send(request(server.port, "/repeated"), timeoutSeconds: 5)
        #expect(repeated.header("X-Twice") == "a, b")
    }

    @Test func headersThatCannotBeSentAsSignedAreRefused() throws {
        let split = SignableRequest(
            method: "GET", host: "h", path: "/", headers: [Header("X-A", "1\r\nX-Injected: 2")])
        #expect(throws: TransportError.self) { try RequestWriter.headerLines(split, bodyLength: 0) }
        let empty = SignableRequest(method: "GET", host: "h:8", path: "/", headers: [Header("X-Empty", "")])
        #expect(try RequestWriter.headerLines(empty, bodyLength: 0) == ["Host: h:8", "X-Empty:"])
        let post = SignableRequest(method: "POST", host: "h", path: "/", headers: [])
        #expect(try RequestWriter.headerLines(post, bodyLength: 0) == ["Host: h", "Content-Length: 0"])
        let spaced = SignableRequest(method: "GET", host: "h", path: "/a b", headers: [])
        #expect(throws: TransportError.self) {
            try RequestWriter.message(HTTPRequest(scheme: "http", host: "h", port: nil, request: spaced))
        }
    }

    @Test func redirectsAreErrors() throws {
        let server = try server()
        #expect(throws: TransportError.redirect(status: 302, location: "http://127.0.0.1:9/elsewhere")) {
            try NetworkTransport().send(request(server.port, "/redirect"), timeoutSeconds: 5)
        }
    }

    @Test func largeBodiesAreRefused() throws {
        let server = try server()
        #expect(throws: TransportError.tooLarge(limit: 1 << 20)) {  // announced by Content-Length
            try NetworkTransport().send(request(server.port, "/big"), timeoutSeconds: 10)
        }
        #expect(throws: TransportError.tooLarge(limit: 1 << 20)) {  // found while streaming
            try NetworkTransport().send(request(server.port, "/big-chunked"), timeoutSeconds: 10)
        }
        let small = try NetworkTransport(maxBodyBytes: 3 << 20).send(
            request(server.port, "/big-chunked"), timeoutSeconds: 10)
        #expect(small.body.count == 2 << 20 && small.body.allSatisfy { $0 == UInt8(ascii: "y") })
    }

    @Test func timeoutsAreReported() throws {
        let server = try server()
        #expect(throws: TransportError.timedOut(seconds: 1)) {
            try NetworkTransport().send(request(server.port, "/slow"), timeoutSeconds: 1)
        }
    }

    @Test func refusedConnectionsAreNotSent() throws {
        let port = try PeerProcess.freePort()  // nothing listens there now
        #expect {
            try NetworkTransport().send(request(port, "/"), timeoutSeconds: 5)
        } throws: { error in
            (error as? TransportError)?.requestWasNotSent == true
        }
    }

    /// TLS spoken to a plain HTTP server fails in the handshake, and says so.
    @Test func tlsFailuresAreTLS() throws {
        let server = try server()
        var https = request(server.port, "/")
        https.scheme = "https"
        #expect {
            try NetworkTransport().send(https, timeoutSeconds: 5)
        } throws: { error in
            guard case .tls(let detail) = error as? TransportError else { return false }
            return detail.contains("wrong version number") || detail.contains("packet length too long")
        }
        https.caBundle = "/nonexistent/ca.pem"
        #expect {
            try NetworkTransport().send(https, timeoutSeconds: 5)
        } throws: { error in
            guard case .tls = error as? TransportError else { return false }
            return true
        }
    }
}
