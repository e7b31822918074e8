// The bytes of one HTTP/1.1 request: exactly the signed headers, Content-Length, the body.
import SigV4
import VaultCrypto

/// Writes a signed request as HTTP/1.1: the request line with the path and query exactly as
/// signed, `Host` first as signed, every other signed header as given, `Content-Length` when there
/// is a body (or a POST), and nothing else — no `Expect`, `Accept`, `User-Agent` or form type.
enum RequestWriter {
    /// The request line and headers, then the body. The caller wipes it after sending: it holds
    /// the signature, a session token when one signs, and request bodies that carry secrets (the
    /// IAM Identity Center token exchange).
    static func message(_ request: HTTPRequest) throws(TransportError) -> [UInt8] {
        let signed = request.request
        for text in [signed.method, signed.path, signed.query, signed.host] {
            guard !text.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else {
                throw .other(detail: "the request line \(text.debugDescription) cannot be sent as signed")
            }
        }
        let target = signed.query.isEmpty ? signed.path : signed.path + "?" + signed.query
        var head = Array("\(signed.method) \(target) HTTP/1.1\r\n".utf8)
        for line in try headerLines(signed, bodyLength: signed.body.count) { head += (line + "\r\n").utf8 }
        head += "\r\n".utf8
        defer { Sodium.wipe(&head) }
        // Sized once, so growing leaves no unwiped copy of the body behind.
        var message: [UInt8] = []
        message.reserveCapacity(head.count + signed.body.count)
        message += head
        message += signed.body
        return message
    }

    /// `Name: value` lines, Host first; Content-Length added unless signed.
    static func headerLines(_ request: SignableRequest, bodyLength: Int) throws(TransportError) -> [String] {
        var lines = ["Host: \(request.host)"]
        var hasLength = false
        for header in request.headers where header.name.lowercased() != "host" {
            let text = header.name + header.value
            guard !header.name.isEmpty, !header.name.contains(":"), !header.name.contains(" "),
                !text.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 })
            else { throw .other(detail: "header \(header.name.debugDescription) cannot be sent as signed") }
            lines.append(header.value.isEmpty ? "\(header.name):" : "\(header.name): \(header.value)")
            hasLength = hasLength || header.name.lowercased() == "content-length"
        }
        if !hasLength && (bodyLength > 0 || request.method == "POST" || request.method == "PUT") {
            lines.append("Content-Length: \(bodyLength)")
        }
        return lines
    }
}
