import SigV4

/// The test suite's raw HTTP files (`.req`, `.sreq`): request line, headers with folded
/// continuation lines, a blank line, body. Parsed on bytes so "\r\n" and UTF-8 paths survive.
enum RawHTTPRequest {
    /// The request a `.req` file describes; the Host header stays in `headers` (keeping its place)
    /// and also fills `host`.
    static func parse(_ text: [UInt8]) -> SignableRequest? {
        var lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r")
                ? String(decoding: line.dropLast(), as: UTF8.self)
                : String(decoding: line, as: UTF8.self)
        }
        guard !lines.isEmpty else { return nil }
        let requestLine = Array(lines.removeFirst().utf8)
        guard let firstSpace = requestLine.firstIndex(of: UInt8(ascii: " ")),
            let version = requestLine.lastRange(of: Array(" HTTP/".utf8))
        else { return nil }
        let method = String(decoding: requestLine[..<firstSpace], as: UTF8.self)
        let target = requestLine[(firstSpace + 1)..<version.lowerBound]
        let question = target.firstIndex(of: UInt8(ascii: "?"))
        let path = String(decoding: target[..<(question ?? target.endIndex)], as: UTF8.self)
        let query = question.map { String(decoding: target[($0 + 1)...], as: UTF8.self) } ?? ""

        var headers: [Header] = []
        while let line = lines.first, !line.isEmpty {
            lines.removeFirst()
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append(Header(String(line[..<colon]), String(line[line.index(after: colon)...])))
            } else {
                return nil
            }
        }
        let body = Array(lines.dropFirst().joined(separator: "\n").utf8)
        guard let host = headers.first(where: { $0.name.lowercased() == "host" }) else { return nil }
        return SignableRequest(
            method: method, host: host.value, path: path, query: query, headers: headers, body: body)
    }

    /// `request` written the way the suite writes its `.sreq` files ("Authorization: " is the one
    /// header the suite writes with a space after the colon).
    static func render(_ request: SignableRequest) -> String {
        let target = request.path + (request.query.isEmpty ? "" : "?" + request.query)
        var lines = ["\(request.method) \(target) HTTP/1.1"]
        for header in request.headers {
            lines.append(header.name + (header.name == "Authorization" ? ": " : ":") + header.value)
        }
        if !request.body.isEmpty {
            lines += ["", String(decoding: request.body, as: UTF8.self)]
        }
        return lines.joined(separator: "\n")
    }
}

extension Array where Element: Equatable {
    fileprivate func lastRange(of needle: [Element]) -> Range<Int>? {
        guard needle.count <= count else { return nil }
        for start in stride(from: count - needle.count, through: 0, by: -1)
        where Array(self[start..<(start + needle.count)]) == needle {
            return start..<(start + needle.count)
        }
        return nil
    }
}
