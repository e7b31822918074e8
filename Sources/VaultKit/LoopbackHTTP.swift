#if canImport(Glibc)
import Glibc
#endif
import VaultCrypto

/// A socket with one owner, closed exactly once.
struct OwnedSocket: ~Copyable {
    let rawValue: Int32

    init(taking fd: Int32) { rawValue = fd }

    deinit { _ = Glibc.close(rawValue) }
}

/// A TCP listener on 127.0.0.1 at a port the kernel picks: reachable from this machine only.
struct LoopbackListener: ~Copyable {
    let socket: OwnedSocket
    let port: UInt16

    init() throws(VaultError) {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .serverSetup("socket", errno) }
        let socket = OwnedSocket(taking: fd)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw .serverSetup("bind 127.0.0.1", errno) }
        self.port = UInt16(bigEndian: address.sin_port)
        self.socket = socket
    }

    /// The next waiting connection, or nil when the peer already gave up.
    func accept() -> OwnedSocket? {
        let fd = Glibc.accept(socket.rawValue, nil, nil)
        guard fd >= 0 else { return nil }
        // Single-threaded: nothing can spawn between accept and this (mfa_process runs later).
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var timeout = timeval(tv_sec: LoopbackHTTP.timeoutSeconds, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return OwnedSocket(taking: fd)
    }
}

/// The parts of an HTTP request the credential server looks at.
struct CredentialRequest {
    var method: String
    var target: String
    /// Every `Authorization` header value (bytes, so the caller can wipe them).
    var authorizations: [[UInt8]]
}

/// One bounded HTTP/1.1 exchange per connection: read the head, answer, close.
enum LoopbackHTTP {
    /// Request line plus headers; anything longer is refused.
    static let headLimit = 8 * 1024
    /// A client has this long to send its request head, so a stuck one cannot wedge the server.
    static let timeoutSeconds = 5

    enum Received {
        case request(CredentialRequest)
        case tooLarge
        case malformed
        case gone
    }

    /// Reads up to the blank line that ends the head, within `headLimit` and `timeoutSeconds`.
    static func receive(_ connection: borrowing OwnedSocket) -> Received {
        var head: [UInt8] = []
        head.reserveCapacity(headLimit + 2048)  // never reallocated, so the wipe below reaches every byte
        defer { Sodium.wipe(&head) }
        var chunk = [UInt8](repeating: 0, count: 2048)
        defer { Sodium.wipe(&chunk) }
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let end = Int64(deadline.tv_sec) * 1000 + Int64(deadline.tv_nsec) / 1_000_000 + Int64(timeoutSeconds) * 1000
        while true {
            if let end = headEnd(head) { return parse(head[..<end]).map { .request($0) } ?? .malformed }
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let left = end - (Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000)
            guard left > 0 else { return .gone }
            var entry = pollfd(fd: connection.rawValue, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, Int32(left))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return .gone }
            let n = chunk.withUnsafeMutableBytes { recv(connection.rawValue, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return .gone }
            head.append(contentsOf: chunk[0..<n])
            if headEnd(head) == nil && head.count >= headLimit { return .tooLarge }
        }
    }

    /// Where the head ends: the first empty line (CRLF CRLF, or a bare LF LF).
    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for i in 1..<bytes.count where bytes[i] == 0x0A {
            if bytes[i - 1] == 0x0A { return i - 1 }
            if i >= 3 && bytes[i - 1] == 0x0D && bytes[i - 2] == 0x0A && bytes[i - 3] == 0x0D { return i - 3 }
        }
        return nil
    }

    /// `METHOD SP target SP HTTP/1.x` then `name: value` lines; nil for anything else.
    static func parse(_ head: ArraySlice<UInt8>) -> CredentialRequest? {
        let lines = head.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            line.last == 0x0D ? line.dropLast() : line[...]
        }
        guard let first = lines.first else { return nil }
        let parts = first.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].starts(with: Array("HTTP/1.".utf8)), !parts[0].isEmpty, !parts[1].isEmpty
        else { return nil }
        var request = CredentialRequest(
            method: String(decoding: parts[0], as: UTF8.self), target: String(decoding: parts[1], as: UTF8.self),
            authorizations: [])
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: 0x3A) else { return nil }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
            guard name == "authorization" else { continue }
            // Trim optional white space by index: one copy of the value, which the caller wipes.
            var value = line[(colon + 1)...]
            while let c = value.first, c == 0x20 || c == 0x09 { value = value.dropFirst() }
            while let c = value.last, c == 0x20 || c == 0x09 { value = value.dropLast() }
            request.authorizations.append(Array(value))
        }
        return request
    }

    /// Sends a 200 JSON answer whose body is `prefix ‖ secret ‖ suffix`, the secret straight from
    /// locked memory. Failures are the client's problem: it left.
    static func send(
        _ connection: borrowing OwnedSocket, _ prefix: String, secret: borrowing SecureBytes, _ suffix: String
    ) {
        let body = prefix.utf8.count + secret.count + suffix.utf8.count
        guard sendAll(connection, Array((head(200, contentLength: body) + prefix).utf8), more: true) else { return }
        guard secret.withUnsafeBytes({ raw in sendAll(connection, raw, more: true) }) else { return }
        _ = sendAll(connection, Array(suffix.utf8), more: false)
    }

    /// An error answer: `{"code": ..., "message": ...}`, the form the container provider documents.
    static func sendError(_ connection: borrowing OwnedSocket, status: Int, code: String, message: String) {
        let body = "{\"code\":\(Text.jsonString(code)),\"message\":\(Text.jsonString(message))}\n"
        _ = sendAll(connection, Array((head(status, contentLength: body.utf8.count) + body).utf8), more: false)
    }

    static func head(_ status: Int, contentLength: Int) -> String {
        "HTTP/1.1 \(status) \(reason(status))\r\nContent-Type: application/json\r\nContent-Length: \(contentLength)\r\n"
            + (status == 405 ? "Allow: GET\r\n" : "") + "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
    }

    /// After refusing a request mid-way: closing with unread bytes would send a reset that can
    /// destroy the answer before the client reads it, so stop writing and read a little first.
    static func discardUnread(_ connection: borrowing OwnedSocket) {
        shutdown(connection.rawValue, Int32(SHUT_WR))
        var chunk = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<16 {
            var entry = pollfd(fd: connection.rawValue, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 200) > 0 else { return }
            guard chunk.withUnsafeMutableBytes({ recv(connection.rawValue, $0.baseAddress, $0.count, 0) }) > 0 else {
                return
            }
        }
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 431: return "Request Header Fields Too Large"
        default: return "Internal Server Error"
        }
    }

    private static func sendAll(_ connection: borrowing OwnedSocket, _ bytes: [UInt8], more: Bool) -> Bool {
        bytes.withUnsafeBytes { sendAll(connection, $0, more: more) }
    }

    /// MSG_NOSIGNAL: a client that hung up must not kill vault with SIGPIPE. MSG_MORE keeps the
    /// pieces in one segment.
    private static func sendAll(_ connection: borrowing OwnedSocket, _ raw: UnsafeRawBufferPointer, more: Bool) -> Bool
    {
        var offset = 0
        while offset < raw.count {
            let n = Glibc.send(
                connection.rawValue, raw.baseAddress! + offset, raw.count - offset,
                Int32(MSG_NOSIGNAL) | (more ? Int32(MSG_MORE) : 0))
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }
}

extension VaultError {
    static func serverSetup(_ operation: String, _ code: Int32) -> VaultError {
        VaultError(
            "cannot start the credential server: \(operation) failed (\(String(cString: strerror(code))))",
            hint: "check that the loopback interface is up, or run without --server")
    }
}
