// The credential server's HTTP/1.1: parsing request heads and sending answers.
#if canImport(Glibc)
import Glibc
#endif
import VaultCrypto

/// The parts of an HTTP request the credential server looks at.
struct CredentialRequest {
    var method: String
    var target: String
    /// Every `Authorization` header value (bytes, so the caller can wipe them).
    var authorizations: [[UInt8]]
    /// Every `Host` header value: the server answers only its own `127.0.0.1:PORT`.
    var hosts: [[UInt8]] = []

    /// Overwrites the token bytes (call on the only copy).
    mutating func wipe() {
        for index in authorizations.indices { Sodium.wipe(&authorizations[index]) }
    }
}

/// One bounded HTTP/1.1 exchange per connection: parse the head (read by `ClientConnection`),
/// answer, close.
enum LoopbackHTTP {
    /// Request line plus headers; anything longer is refused.
    static let headLimit = 8 * 1024
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
            guard name == "authorization" || name == "host" else { continue }
            // Trim optional white space by index: one copy of the value, which the caller wipes.
            var value = line[(colon + 1)...]
            while let c = value.first, c == 0x20 || c == 0x09 { value = value.dropFirst() }
            while let c = value.last, c == 0x20 || c == 0x09 { value = value.dropLast() }
            if name == "host" {
                request.hosts.append(Array(value))
            } else {
                request.authorizations.append(Array(value))
            }
        }
        return request
    }

    /// Sends a 200 JSON answer whose body is `prefix ‖ secret ‖ middle ‖ token ‖ suffix`, the
    /// secret and the (quoted) session token straight from locked memory. Failures are the
    /// client's problem: it left.
    static func send(
        _ connection: borrowing OwnedSocket, _ prefix: String, secret: borrowing SecureBytes, _ middle: String,
        token: borrowing SecureBytes, _ suffix: String
    ) {
        let body = prefix.utf8.count + secret.count + middle.utf8.count + token.count + suffix.utf8.count
        guard sendAll(connection, Array((head(200, contentLength: body) + prefix).utf8), more: true) else { return }
        guard secret.withUnsafeBytes({ raw in sendAll(connection, raw, more: true) }) else { return }
        guard sendAll(connection, Array(middle.utf8), more: true) else { return }
        guard token.withUnsafeBytes({ raw in sendAll(connection, raw, more: true) }) else { return }
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
        VaultError.sessions(.serverSetup(operation: operation, errno: code))
    }
}
