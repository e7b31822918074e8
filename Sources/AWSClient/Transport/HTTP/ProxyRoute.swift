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
///
/// Every failure on the way to the tunnel is `TransportError.proxy`, naming the proxy and the
/// variable that set it (never the password): nothing reached the server, and it is not retried.
struct ProxyRoute: Equatable {
    var host: String
    var port: Int
    /// `Basic …` for a proxy URL with a user name.
    var authorization: String?
    /// The environment variable that named the proxy, for messages.
    var variable = "HTTPS_PROXY"

    /// The proxy for a request to `host` with `scheme`, or nil to connect directly.
    static func forRequest(scheme: String, host: String, environment: (String) -> String?) throws(TransportError)
        -> ProxyRoute?
    {
        guard scheme == "https", !Endpoint.isLoopback(host), let variable = setting(environment),
            let value = environment(variable), exception(for: host, environment) == nil
        else { return nil }
        return try parse(value, from: variable)
    }

    /// `error` from connecting directly to `host`, noting the `no_proxy` list that sent it around
    /// the proxy that is set (a host the proxy could reach may be out of reach directly).
    static func directFailure(_ error: TransportError, host: String, environment: (String) -> String?)
        -> TransportError
    {
        guard case .cannotConnect(let detail) = error, !Endpoint.isLoopback(host), setting(environment) != nil,
            let list = exception(for: host, environment)
        else { return error }
        return .cannotConnect(detail: "\(detail) (connected directly, not through the proxy: \(list) lists \(host))")
    }

    /// The first of `https_proxy`, `HTTPS_PROXY`, `all_proxy`, `ALL_PROXY` set and not empty.
    private static func setting(_ environment: (String) -> String?) -> String? {
        ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"].first { environment($0)?.isEmpty == false }
    }

    /// `no_proxy` or else `NO_PROXY`, if it lists `host`.
    private static func exception(for host: String, _ environment: (String) -> String?) -> String? {
        guard let list = ["no_proxy", "NO_PROXY"].first(where: { environment($0) != nil }),
            bypasses(host, environment(list) ?? "")
        else { return nil }
        return list
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

    /// `[http://][user:password@]host[:port][/]`, the value of `variable`.
    static func parse(_ value: String, from variable: String = "HTTPS_PROXY") throws(TransportError) -> ProxyRoute {
        var rest = Substring(value)
        if let separator = schemeEnd(rest) {
            let scheme = rest[..<separator].lowercased()
            guard scheme == "http" else {
                throw .proxy(
                    detail: "\(variable) names a \(scheme):// proxy (\(redacted(value))); "
                        + "vault reaches AWS through http:// proxies only")
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
            if after.hasPrefix(":") { port = portNumber(after.dropFirst()) } else if !after.isEmpty { port = -1 }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            port = portNumber(rest[rest.index(after: colon)...])
        }
        guard !host.isEmpty, (1...65535).contains(port) else {
            throw .proxy(detail: "\(variable)=\(redacted(value)) is not http://[user:password@]host[:port]")
        }
        return ProxyRoute(host: host, port: port, authorization: authorization, variable: variable)
    }

    /// Connects to the proxy and opens a tunnel through it to `host:port`, before `deadline`.
    /// Every failure is `proxy`, naming it: nothing reached the server.
    func connect(to host: String, port: Int, deadline: Deadline) throws(TransportError) -> SocketConnection {
        let proxy = "the proxy \(authority(host: self.host, port: self.port)) (\(variable))"
        do {
            let socket = try SocketConnection.open(host: self.host, port: self.port, deadline: deadline)
            try openTunnel(over: socket, to: host, port: port, deadline: deadline)
            return socket
        } catch {
            switch error {
            case .proxy: throw error
            case .cannotConnect(let detail): throw .proxy(detail: "\(proxy) cannot be reached: \(detail)")
            case .timedOut(let seconds):
                throw .proxy(detail: "\(proxy) did not open the tunnel: timed out after \(seconds) s")
            case .other(let detail): throw .proxy(detail: "\(proxy) did not open the tunnel: \(detail)")
            default: throw .proxy(detail: "\(proxy) did not open the tunnel")
            }
        }
    }

    /// Asks the proxy for a tunnel to `host:port` over `socket`, before `deadline`.
    private func openTunnel(over socket: SocketConnection, to host: String, port: Int, deadline: Deadline)
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
                throw .other(detail: "it closed the connection without answering")
            }
            try parser.feed(UnsafeRawBufferPointer(byte))
        }
        guard (200..<300).contains(parser.status) else {
            var detail =
                "the proxy \(authority(host: self.host, port: self.port)) (\(variable)) refused the tunnel "
                + "to \(target): HTTP \(parser.status)"
            if parser.status == 407 {
                detail +=
                    authorization == nil
                    ? " (it asks for a user name and password)" : " (it did not accept the user name and password)"
            }
            throw .proxy(detail: detail)
        }
    }

    /// The proxy URL without its password, for messages.
    private static func redacted(_ value: String) -> String {
        guard let at = value.lastIndex(of: "@") else { return value }
        let start = schemeEnd(Substring(value)).map { value.index($0, offsetBy: 3) } ?? value.startIndex
        return String(value[..<start]) + "…@" + String(value[value.index(after: at)...])
    }

    /// Decimal digits only (`Int` would also take a sign), else -1.
    private static func portNumber(_ text: Substring) -> Int {
        guard (1...5).contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return -1 }
        return Int(text) ?? -1
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
