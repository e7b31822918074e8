// The `vault exec --server` credential server on a real 127.0.0.1 socket, driven in-process (no
// command spawned): the Host and token checks, a complete request answered, a half request closed.
import AWSClient
import Dispatch
import Foundation
import Glibc
import TestSupport
import Testing
import VaultCrypto

@testable import VaultKit

@Suite("CredentialServer")
struct CredentialServerTests {
    static let secret = "sessionSecretServedOverLoopback000000000"

    /// What the test client got back.
    struct Reply {
        var text: String
        var elapsed: Double
        var status: Int? { text.split(separator: " ").dropFirst().first.flatMap { Int($0) } }
        var body: String { text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n") }
    }

    /// Starts a server holding a session with an hour left, runs `client` (given port, path and
    /// token) on another thread, and serves connections here until the client is done.
    func withServer(expiresIn: Int64 = 3600, _ client: @escaping @Sendable (UInt16, String, String) -> Reply) throws
        -> Reply
    {
        let world = try VaultFixture()
        defer { world.cleanup() }
        var secretBytes = Array(Self.secret.utf8)
        var tokenBytes = Array("served-token".utf8)
        let credentials = TemporaryCredentials(
            accessKeyID: "ASIAFAKESERVED000001", secretAccessKey: try SecureBytes(takingAndWiping: &secretBytes),
            sessionToken: try SecureBytes(takingAndWiping: &tokenBytes), expiration: world.clock.now() + expiresIn)
        var server = try CredentialServer(
            session: Session(credentials: credentials, region: nil, fromCache: true),
            request: SessionRequest(profile: "mfa"),
            broker: SessionBroker(context: world.context, configuration: world.configuration))
        let environment = server.childEnvironment([:])
        let url = try #require(environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"].flatMap(URL.init(string:)))
        let token = try #require(environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"])
        let port = UInt16(try #require(url.port)), path = url.path

        let done = DispatchSemaphore(value: 0)
        let result = LockedBox<Reply>()
        DispatchQueue.global().async {
            result.value = client(port, path, token)
            done.signal()
        }
        var connections = ClientConnections()
        let start = monotonicMilliseconds()
        while done.wait(timeout: .now()) == .timedOut, monotonicMilliseconds() - start < 8000 {
            var waiting =
                [server.listenerPollEntry(connections), pollfd(fd: -1, events: 0, revents: 0)] + connections.pollEntries
            let timeout = connections.pollTimeout(now: monotonicMilliseconds())
            _ = poll(&waiting, nfds_t(waiting.count), timeout < 0 ? 20 : min(timeout, 20))
            server.serveConnections(polled: waiting, &connections)
        }
        return try #require(result.value, "the client did not finish")
    }

    static func request(path: String, host: String, token: String?, method: String = "GET") -> String {
        "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\n" + (token.map { "Authorization: \($0)\r\n" } ?? "")
            + "User-Agent: test\r\n\r\n"
    }

    @Test func completeRequestIsAnsweredWithTheSession() throws {
        let reply = try withServer { port, path, token in
            exchange(port: port, Self.request(path: path, host: "127.0.0.1:\(port)", token: token))
        }
        #expect(reply.status == 200)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: String])
        #expect(json["AccessKeyId"] == "ASIAFAKESERVED000001")
        #expect(json["SecretAccessKey"] == Self.secret)
        #expect(json["Token"] == "served-token")
        #expect(json["Expiration"] == AWSAnswers.iso8601(FakeClock.defaultNow + 3600))
    }

    /// A refresh that fails (here: the fixture has no profile 'mfa') keeps serving a session with
    /// time left, and fails requests only once it has expired (issue 19, item 6).
    @Test(arguments: [(Int64(60), 200), (Int64(-1), 500)])
    func failedRefreshServesTheSessionUntilItExpires(expiresIn: Int64, status: Int) throws {
        let reply = try withServer(expiresIn: expiresIn) { port, path, token in
            exchange(port: port, Self.request(path: path, host: "127.0.0.1:\(port)", token: token))
        }
        #expect(reply.status == status)
    }

    @Test(arguments: [nil, "0000000000000000000000000000000000000000000000000000000000000000", ""])
    func missingOrWrongTokenIsForbidden(token: String?) throws {
        let reply = try withServer { port, path, _ in
            exchange(port: port, Self.request(path: path, host: "127.0.0.1:\(port)", token: token))
        }
        #expect(reply.status == 403)
        #expect(reply.body.contains("missing or wrong Authorization token"))
        #expect(!reply.text.contains(Self.secret))
    }

    @Test(arguments: ["localhost", "attacker.example", "127.0.0.1"])
    func anotherHostIsForbiddenEvenWithTheToken(host: String) throws {
        let reply = try withServer { port, path, token in
            exchange(
                port: port, Self.request(path: path, host: host == "127.0.0.1" ? host : "\(host):\(port)", token: token)
            )
        }
        #expect(reply.status == 403)
        #expect(reply.body.contains("the Host header must be 127.0.0.1:"))
        #expect(!reply.text.contains(Self.secret))
    }

    @Test func wrongPathAndMethodAreRefusedAfterTheToken() throws {
        let reply = try withServer { port, path, token in
            let wrongPath = exchange(
                port: port, Self.request(path: path + "x", host: "127.0.0.1:\(port)", token: token))
            let post = exchange(
                port: port, Self.request(path: path, host: "127.0.0.1:\(port)", token: token, method: "POST"))
            return Reply(text: "\(wrongPath.status ?? 0) \(post.status ?? 0)", elapsed: 0)
        }
        #expect(reply.text == "404 405")
    }

    @Test func halfRequestIsClosedAfterItsDeadline() throws {
        let reply = try withServer { port, path, token in
            exchange(port: port, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: \(token)\r\n")
        }
        #expect(reply.text.isEmpty, "no answer, just the close")
        let deadline = Double(ClientConnection.deadlineMilliseconds) / 1000
        #expect(reply.elapsed >= deadline * 0.9 && reply.elapsed < deadline + 3)
    }

    @Test func headParsing() throws {
        let head = Array("GET /p HTTP/1.1\r\nHost: 127.0.0.1:9\r\nauthorization:  t  \r\nX: y\r\n\r\n".utf8)
        let end = try #require(LoopbackHTTP.headEnd(head))
        let request = try #require(LoopbackHTTP.parse(head[..<end]))
        #expect(request.method == "GET" && request.target == "/p")
        #expect(request.hosts == [Array("127.0.0.1:9".utf8)] && request.authorizations == [Array("t".utf8)])
        #expect(LoopbackHTTP.headEnd(Array("GET / HTTP/1.1\nHost: x\n\n".utf8)) != nil)
        #expect(LoopbackHTTP.headEnd(Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8)) == nil)
        #expect(LoopbackHTTP.parse(Array("GET / SPDY/3".utf8)[...]) == nil)
        #expect(LoopbackHTTP.parse(Array("GET / HTTP/1.1\r\nno colon".utf8)[...]) == nil)
    }
}

/// A value set on one thread and read on another.
final class LockedBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T?
    var value: T? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// Connects to 127.0.0.1:`port`, sends `text`, and reads until the server closes (5 s at most).
func exchange(port: UInt16, _ text: String) -> CredentialServerTests.Reply {
    let start = Date()
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var timeout = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard connected == 0 else { return .init(text: "connect failed", elapsed: 0) }
    _ = Array(text.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { break }
        received += buffer[0..<n]
    }
    return .init(text: String(decoding: received, as: UTF8.self), elapsed: Date().timeIntervalSince(start))
}
