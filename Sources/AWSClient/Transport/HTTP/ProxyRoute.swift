// The HTTP proxy an HTTPS request goes through, read from the environment as libcurl and the AWS
// SDKs read it, and the CONNECT tunnel through it.
import VaultCrypto

/// An HTTP proxy that tunnels HTTPS with CONNECT (TLS stays end to end: the proxy sees only the
/// host name and port).
///
/// `https_proxy`, `HTTPS_PROXY`, `all_proxy` or `ALL_PROXY` (the first set) names it, as
/// `http://[user:password@]host[:port]` (port 1080 when not given; the scheme may be left out);
/// `no_proxy`/`NO_PROXY` lists hosts reached directly: `*`, names (a name matches itself and
/// its subdomains, a leading dot is ignored), IP addresses and IPv4 ranges (`10.0.0.0/8`). A
/// loopback endpoint is always reached directly, and plain HTTP only ever goes to loopback.
struct ProxyRoute: Equatable {
    var host: String
    var port: Int
    /// `Basic …` for a proxy URL with a user name.
    var authorization: String?

    /// The proxy for a request to `host` with `scheme`, or nil to connect directly.
    static func forRequest(scheme: String, host: String, environment: (String) -> String?) throws(TransportError)
        -> ProxyRoute?
    {
        guard scheme == "https", !Endpoint.isLoopback(host) else { return nil }
        let names = ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
        guard let value = names.lazy.compactMap(environment).first(where: { !$0.isEmpty }) else { return nil }
        if let exceptions = environment("no_proxy") ?? environment("NO_PROXY"), bypasses(host, exceptions) {
            return nil
        }
        return try parse(value)
    }

    /// Whether `host` matches an entry of a `no_proxy` list.
    static func bypasses(_ host: String, _ list: String) -> Bool {
        let host = host.lowercased()
        for raw in list.split(whereSeparator: { $0 == "," || $0 == " " }) {
            var entry = raw.lowercased()
            if entry == "*" { return true }
            if entry.hasPrefix(".") { entry.removeFirst() }
            if entry.hasPrefix("[") && entry.hasSuffix("]") { entry = String(entry.dropFirst().dropLast()) }
            if entry.isEmpty { continue }
            if host == entry || host.hasSuffix("." + entry) { return true }
            if let (network, bits) = ipv4Range(entry), let address = ipv4(host) {
                let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
                if address & mask == network & mask { return true }
            }
        }
        return false
    }

    /// `[http://][user:password@]host[:port][/]`.
    static func parse(_ value: String) throws(TransportError) -> ProxyRoute {
        var rest = Substring(value)
        if let separator = schemeEnd(rest) {
            let scheme = rest[..<separator].lowercased()
            guard scheme == "http" else {
                throw .cannotConnect(
                    detail:
                        "the proxy \(redacted(value)) uses \(scheme)://; vault reaches AWS through http:// proxies only"
                )
            }
            rest = rest[rest.index(separator, offsetBy: 3)...]
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var authorization: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            let user = credentials.prefix { $0 != ":" }
            let password = credentials.dropFirst(user.count + 1)
            let pair = percentDecoded(user) + [UInt8(ascii: ":")] + percentDecoded(password)
            authorization = "Basic " + Encoding.base64(pair)
            rest = rest[rest.index(after: at)...]
        }
        var host = String(rest)
        var port = 1080
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { port = Int(after.dropFirst()) ?? -1 } else if !after.isEmpty { port = -1 }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            port = Int(rest[rest.index(after: colon)...]) ?? -1
        }
        guard !host.isEmpty, (1...65535).contains(port) else {
            throw .cannotConnect(detail: "the proxy setting \(redacted(value)) is not host:port")
        }
        return ProxyRoute(host: host, port: port, authorization: authorization)
    }

    /// Asks the proxy for a tunnel to `host:port` over `socket`, before `deadline`. A refusal is
    /// `cannotConnect`: nothing reached AWS.
    func openTunnel(over socket: SocketConnection, to host: String, port: Int, deadline: Deadline)
        throws(TransportError)
    {
        let target = authority(host: host, port: port)
        var lines = ["CONNECT \(target) HTTP/1.1", "Host: \(target)"]
        if let authorization { lines.append("Proxy-Authorization: \(authorization)") }
        var request = Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
        defer { Sodium.wipe(&request) }
        try socket.write(request, until: deadline)
        // Read one byte at a time: whatever follows the proxy's answer is the TLS server's.
        var parser = ResponseParser(bodyLimit: 0, noBody: true)
        let byte = UnsafeMutableRawBufferPointer.allocate(byteCount: 1, alignment: 1)
        defer { byte.deallocate() }
        while !parser.isComplete {
            if try socket.read(into: byte, until: deadline) == 0 {
                throw .cannotConnect(detail: "the proxy \(self.host) closed the connection")
            }
            try parser.feed(UnsafeRawBufferPointer(byte))
        }
        guard (200..<300).contains(parser.status) else {
            throw .cannotConnect(
                detail: "the proxy \(self.host) refused the tunnel to \(target): HTTP \(parser.status)")
        }
    }

    /// The proxy URL without its password, for messages.
    private static func redacted(_ value: String) -> String {
        guard let at = value.lastIndex(of: "@") else { return value }
        let start = schemeEnd(Substring(value)).map { value.index($0, offsetBy: 3) } ?? value.startIndex
        return String(value[..<start]) + "…@" + String(value[value.index(after: at)...])
    }

    /// Where `://` ends a scheme at the start of `text`, if it does (not in a password: a scheme
    /// is letters, digits, `+`, `-` and `.` only).
    private static func schemeEnd(_ text: Substring) -> String.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix("://") { return index }
            guard text[index].isASCII, text[index].isLetter || text[index].isNumber || "+-.".contains(text[index])
            else { return nil }
            index = text.index(after: index)
        }
        return nil
    }

    private static func percentDecoded<S: StringProtocol>(_ text: S) -> [UInt8] {
        var out: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "%"), bytes.count >= 2, let high = Encoding.nibble(bytes[bytes.startIndex]),
                let low = Encoding.nibble(bytes[bytes.startIndex + 1])
            {
                out.append(high << 4 | low)
                bytes = bytes.dropFirst(2)
            } else {
                out.append(byte)
            }
        }
        return out
    }

    private static func ipv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), let octet = UInt8(part) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }

    private static func ipv4Range(_ entry: String) -> (UInt32, Int)? {
        let parts = entry.split(separator: "/")
        guard let first = parts.first, let address = ipv4(String(first)) else { return nil }  // "/" has no part
        guard parts.count == 2 else { return parts.count == 1 ? (address, 32) : nil }
        guard let bits = Int(parts[1]), (0...32).contains(bits) else { return nil }
        return (address, bits)
    }
}
