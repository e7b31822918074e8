// The canonical request of SigV4 task 1, on bytes; its header values are wiped after signing.
import VaultCrypto

// Task 1 of Signature Version 4: the canonical request, built on bytes throughout.
extension SigV4 {
    /// Headers never signed: hop-by-hop headers a proxy may drop, headers proxies and tracers
    /// rewrite (botocore's list), and Authorization itself.
    public static let unsignedHeaderNames: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// The canonical request for `request` as it will be sent (Host is taken from `request.host`
    /// when no Host header is present). S3 alone is signed with `normalizePath: false`.
    public static func canonicalRequest(_ request: SignableRequest, normalizePath: Bool = true) -> String {
        String(decoding: canonicalRequestBytes(request, normalizePath: normalizePath).bytes, as: UTF8.self)
    }

    /// The SignedHeaders list: lower-cased signed header names, sorted, joined with ";".
    public static func signedHeaders(_ request: SignableRequest) -> String {
        String(decoding: CanonicalHeaders(request).signedNames, as: UTF8.self)
    }

    /// The canonical request's bytes and the SignedHeaders list, built in one buffer: the signer's
    /// hot path, free of per-part Strings.
    static func canonicalRequestBytes(
        _ request: SignableRequest, normalizePath: Bool
    ) -> (bytes: [UInt8], signedHeaders: [UInt8]) {
        var headers = CanonicalHeaders(request)
        defer { headers.wipeValues() }  // they hold the session token
        let newline = UInt8(ascii: "\n")
        var out = [UInt8]()
        out.reserveCapacity(256 + request.path.utf8.count + request.query.utf8.count + headers.byteCount)
        out.append(contentsOf: request.method.utf8)
        out.append(newline)
        appendCanonicalPath(request.path, normalize: normalizePath, to: &out)
        out.append(newline)
        appendCanonicalQuery(request.query, to: &out)
        out.append(newline)
        headers.appendLines(to: &out)
        out.append(newline)
        let signedNames = headers.signedNames
        out.append(contentsOf: signedNames)
        out.append(newline)
        ASCII.appendHex(SHA256.hash(request.body), to: &out)
        return (out, signedNames)
    }

    /// The canonical URI of a wire path: each byte outside the unreserved set and "/" encoded once
    /// (so an escape already on the wire is encoded again, as AWS requires for all services but S3);
    /// with `normalize`, dot segments are resolved (RFC 3986 §5.2.4) and empty segments dropped.
    public static func canonicalPath(_ path: String, normalize: Bool) -> String {
        var out = [UInt8]()
        appendCanonicalPath(path, normalize: normalize, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendCanonicalPath(_ path: String, normalize: Bool, to out: inout [UInt8]) {
        let slash = UInt8(ascii: "/")
        if path.utf8.count == 1 && path.utf8.first == slash {  // STS and IAM: "/" either way
            out.append(slash)
            return
        }
        let bytes = Array(path.utf8)
        guard normalize else {
            if bytes.first != slash { out.append(slash) }
            URIEncoding.append(bytes, keepSlash: true, to: &out)
            return
        }
        var segments: [ArraySlice<UInt8>] = []
        for segment in bytes.split(separator: slash, omittingEmptySubsequences: true) {
            switch segment.count {
            case 1 where segment.first == UInt8(ascii: "."):
                continue
            case 2 where segment.allSatisfy({ $0 == UInt8(ascii: ".") }):
                _ = segments.popLast()
            default:
                segments.append(segment)
            }
        }
        // "/a/b/", "/a/b/." and "/a/b/c/.." all name the directory /a/b/.
        let lastSegment = bytes.split(separator: slash, omittingEmptySubsequences: false).last ?? []
        let namesDirectory =
            bytes.last == slash || lastSegment.elementsEqual(".".utf8) || lastSegment.elementsEqual("..".utf8)
        out.append(slash)
        for (index, segment) in segments.enumerated() {
            if index > 0 { out.append(slash) }
            URIEncoding.append(segment, to: &out)
        }
        if namesDirectory && !segments.isEmpty { out.append(slash) }
    }

    /// The canonical query string of a raw wire query: parameters decoded, re-encoded with the
    /// unreserved set, sorted by encoded name then value; "name" alone becomes "name=".
    public static func canonicalQuery(_ query: String) -> String {
        var out = [UInt8]()
        appendCanonicalQuery(query, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendCanonicalQuery(_ query: String, to out: inout [UInt8]) {
        guard !query.isEmpty else { return }  // STS and IAM send their parameters in the body
        var pairs: [(name: [UInt8], value: [UInt8])] = []
        for part in Array(query.utf8).split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = part.firstIndex(of: UInt8(ascii: "="))
            let name = equals.map { part[..<$0] } ?? part
            let value = equals.map { part[($0 + 1)...] } ?? []
            var encodedName = [UInt8]()
            var encodedValue = [UInt8]()
            URIEncoding.append(URIEncoding.decodeQueryComponent(name), to: &encodedName)
            URIEncoding.append(URIEncoding.decodeQueryComponent(value), to: &encodedValue)
            pairs.append((encodedName, encodedValue))
        }
        pairs.sort { a, b in
            a.name == b.name ? a.value.lexicographicallyPrecedes(b.value) : a.name.lexicographicallyPrecedes(b.name)
        }
        for (index, pair) in pairs.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            out.append(contentsOf: pair.name)
            out.append(UInt8(ascii: "="))
            out.append(contentsOf: pair.value)
        }
    }

    /// Lower-case hex SHA-256 of the payload.
    public static func payloadHash(_ body: [UInt8]) -> String {
        Encoding.hex(SHA256.hash(body))
    }

    /// `value` without leading or trailing white space and with each inner run of it (multi-line
    /// values included) collapsed to one space.
    static func trimmedValue(_ value: String) -> String {
        String(decoding: trimmedValueBytes(value), as: UTF8.self)
    }

    static func trimmedValueBytes(_ value: String) -> [UInt8] {
        var value = value
        return value.withUTF8 { bytes in
            if isTrimmed(bytes) { return Array(bytes) }  // the usual case: nothing to change
            var out = [UInt8]()
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for byte in bytes {
                if ASCII.isWhitespace(byte) {
                    pendingSpace = !out.isEmpty
                } else {
                    if pendingSpace { out.append(UInt8(ascii: " ")) }
                    pendingSpace = false
                    out.append(byte)
                }
            }
            return out
        }
    }
}

/// Whether `bytes` has no white space at either end and only single spaces inside.
private func isTrimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var previousWasSpace = true  // so leading white space fails
    for byte in bytes {
        if ASCII.isWhitespace(byte) {
            if previousWasSpace || byte != UInt8(ascii: " ") { return false }
            previousWasSpace = true
        } else {
            previousWasSpace = false
        }
    }
    return !previousWasSpace || bytes.isEmpty
}

/// Signed headers in canonical form: names lower-cased and sorted, values of one name joined
/// with "," in wire order, each value trimmed with inner white-space runs collapsed to a space.
struct CanonicalHeaders {
    private(set) var names: [[UInt8]] = []
    private(set) var values: [[UInt8]] = []

    private static let unsignedNames = SigV4.unsignedHeaderNames.map { Array($0.utf8) }

    init(_ request: SignableRequest) {
        var entries: [(name: [UInt8], value: [UInt8], order: Int)] = []
        entries.reserveCapacity(request.headers.count + 1)
        if !request.headers.contains(where: { $0.isNamed("host") }) {
            entries.append((Array("host".utf8), SigV4.trimmedValueBytes(request.host), -1))
        }
        for (order, header) in request.headers.enumerated() {
            let name = header.name.utf8.map(ASCII.lowercased)
            guard !Self.unsignedNames.contains(name) else { continue }
            entries.append((name, SigV4.trimmedValueBytes(header.value), order))
        }
        entries.sort { a, b in a.name == b.name ? a.order < b.order : a.name.lexicographicallyPrecedes(b.name) }
        for entry in entries {
            if entry.name == names.last {
                values[values.count - 1].append(UInt8(ascii: ","))
                values[values.count - 1].append(contentsOf: entry.value)
            } else {
                names.append(entry.name)
                values.append(entry.value)
            }
        }
    }

    /// An upper bound of the bytes `appendLines` writes.
    var byteCount: Int { zip(names, values).reduce(0) { $0 + $1.0.count + $1.1.count + 2 } }

    /// "name:value\n" for each header.
    func appendLines(to out: inout [UInt8]) {
        for (name, value) in zip(names, values) {
            out.append(contentsOf: name)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: value)
            out.append(UInt8(ascii: "\n"))
        }
    }

    /// Overwrites the header values (one of them may be the session token).
    mutating func wipeValues() {
        for index in values.indices { Sodium.wipe(&values[index]) }
    }

    /// The names joined with ";".
    var signedNames: [UInt8] {
        var out = [UInt8]()
        for (index, name) in names.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ";")) }
            out.append(contentsOf: name)
        }
        return out
    }
}
