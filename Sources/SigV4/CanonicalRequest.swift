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
        let headers = canonicalHeaders(request)
        return [
            request.method,
            canonicalPath(request.path, normalize: normalizePath),
            canonicalQuery(request.query),
            headers.map { "\($0.name):\($0.value)\n" }.joined(),
            headers.map(\.name).joined(separator: ";"),
            payloadHash(request.body),
        ].joined(separator: "\n")
    }

    /// The SignedHeaders list: lower-cased signed header names, sorted, joined with ";".
    public static func signedHeaders(_ request: SignableRequest) -> String {
        canonicalHeaders(request).map(\.name).joined(separator: ";")
    }

    /// The canonical URI of a wire path: each byte outside the unreserved set and "/" encoded once
    /// (so an escape already on the wire is encoded again, as AWS requires for all services but S3);
    /// with `normalize`, dot segments are resolved (RFC 3986 §5.2.4) and empty segments dropped.
    public static func canonicalPath(_ path: String, normalize: Bool) -> String {
        let bytes = Array(path.utf8)
        guard normalize else {
            let encoded = URIEncoding.encode(bytes, keepSlash: true)
            return encoded.hasPrefix("/") ? encoded : "/" + encoded
        }
        var segments: [ArraySlice<UInt8>] = []
        for segment in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
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
        let lastSegment = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).last ?? []
        let namesDirectory =
            bytes.last == UInt8(ascii: "/") || lastSegment.elementsEqual(".".utf8)
            || lastSegment.elementsEqual("..".utf8)
        let joined = segments.map { URIEncoding.encode($0) }.joined(separator: "/")
        return "/" + joined + (namesDirectory && !segments.isEmpty ? "/" : "")
    }

    /// The canonical query string of a raw wire query: parameters decoded, re-encoded with the
    /// unreserved set, sorted by encoded name then value; "name" alone becomes "name=".
    public static func canonicalQuery(_ query: String) -> String {
        var pairs: [(name: String, value: String)] = []
        for part in Array(query.utf8).split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = part.firstIndex(of: UInt8(ascii: "="))
            let name = equals.map { part[..<$0] } ?? part
            let value = equals.map { part[($0 + 1)...] } ?? []
            pairs.append(
                (
                    URIEncoding.encode(URIEncoding.decodeQueryComponent(name)),
                    URIEncoding.encode(URIEncoding.decodeQueryComponent(value))
                ))
        }
        pairs.sort { a, b in
            a.name == b.name ? ASCII.precedes(a.value, b.value) : ASCII.precedes(a.name, b.name)
        }
        return pairs.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// Lower-case hex SHA-256 of the payload.
    public static func payloadHash(_ body: [UInt8]) -> String {
        Encoding.hex(SHA256.hash(body))
    }

    /// Signed headers in canonical form: names lower-cased and sorted, values of one name joined
    /// with "," in wire order, each value trimmed with inner white-space runs collapsed to a space.
    static func canonicalHeaders(_ request: SignableRequest) -> [(name: String, value: String)] {
        var headers = request.headers
        if !headers.contains(where: { $0.isNamed("host") }) {
            headers.insert(Header("Host", request.host), at: 0)
        }
        var valuesByName: [String: [String]] = [:]
        for header in headers {
            let name = ASCII.lowercased(header.name)
            guard !unsignedHeaderNames.contains(name) else { continue }
            valuesByName[name, default: []].append(trimmedValue(header.value))
        }
        return valuesByName.keys.sorted(by: ASCII.precedes).map { name in
            (name, valuesByName[name]!.joined(separator: ","))
        }
    }

    /// `value` without leading or trailing white space and with each inner run of it (multi-line
    /// values included) collapsed to one space.
    static func trimmedValue(_ value: String) -> String {
        let words = Array(value.utf8).split(whereSeparator: ASCII.isWhitespace)
        return words.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    }
}
