// Finding elements of a parsed answer and reading their text, secrets into locked memory.
import VaultCrypto

/// Finding elements and reading their text. Text is read from leaf elements only; AWS responses
/// never mix text and child elements in a field we use.
extension XMLDocument {
    /// Index of the first element called `name` (local name) below `ancestor`, or anywhere.
    func first(_ name: String, under ancestor: Int? = nil) -> Int? {
        scope(ancestor).first { elements[$0].name == name }
    }

    /// Indices of all elements called `name` below `ancestor`, or anywhere, in document order.
    func all(_ name: String, under ancestor: Int? = nil) -> [Int] {
        scope(ancestor).filter { elements[$0].name == name }
    }

    /// The element reached by following `path` of names, each searched below the previous one.
    func first(path: [String], under ancestor: Int? = nil) -> Int? {
        var current = ancestor
        for name in path {
            guard let next = first(name, under: current) else { return nil }
            current = next
        }
        return current
    }

    /// Decoded, whitespace-trimmed text of a leaf element; nil when it has child elements.
    func text(_ element: Int) -> String? {
        guard let range = leafContent(element) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        decode(range) { out.append($0) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Text of the first element at `path` (below `ancestor`), when present.
    func text(path: [String], under ancestor: Int? = nil) -> String? {
        first(path: path, under: ancestor).flatMap { text($0) }
    }

    /// The decoded text of a leaf element written straight into locked memory: for secrets,
    /// which must never pass through a `String`. Nil when the element has children.
    func secureText(_ element: Int) throws(CryptoError) -> SecureBytes? {
        guard let range = leafContent(element) else { return nil }
        var count = 0
        decode(range) { _ in count += 1 }
        var secret = try SecureBytes(count: count)
        secret.withUnsafeMutableBytes { out in
            var k = 0
            decode(range) { b in
                out[k] = b
                k += 1
            }
        }
        return secret
    }

    /// `secureText` for text that was a `String` before it became a secret (the session token):
    /// ill-formed UTF-8, which only a hostile endpoint sends, is repaired the way
    /// `String(decoding:as:)` repairs it, so the bytes are the ones the `String` held.
    func secureUTF8Text(_ element: Int) throws(CryptoError) -> SecureBytes? {
        guard let text = try secureText(element) else { return nil }
        let wellFormed = text.withUnsafeBytes { raw in
            var decoder = UTF8()
            var iterator = raw.makeIterator()
            while true {
                switch decoder.decode(&iterator) {
                case .scalarValue: continue
                case .emptyInput: return true
                case .error: return false
                }
            }
        }
        if wellFormed { return text }
        var repaired = Array(text.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }.utf8)
        return try SecureBytes(takingAndWiping: &repaired)
    }

    /// Element indices that `first`/`all` search: the subtree below `ancestor`, or everything.
    private func scope(_ ancestor: Int?) -> Range<Int> {
        guard let ancestor else { return 0..<elements.count }
        return (ancestor + 1)..<elements[ancestor].subtreeEnd
    }

    /// The content of a leaf element with surrounding ASCII whitespace trimmed.
    private func leafContent(_ element: Int) -> Range<Int>? {
        guard elements[element].subtreeEnd == element + 1 else { return nil }
        var range = elements[element].content
        while let b = range.first.map({ bytes[$0] }), isXMLSpace(b) {
            range = (range.lowerBound + 1)..<range.upperBound
        }
        while let b = range.last.map({ bytes[$0] }), isXMLSpace(b) { range = range.lowerBound..<(range.upperBound - 1) }
        return range
    }

    /// Emits the decoded bytes of well-formed content (checked by the parser): entities and
    /// character references resolved, CDATA copied, comments and processing instructions dropped.
    private func decode(_ range: Range<Int>, _ emit: (UInt8) -> Void) {
        var k = range.lowerBound
        while k < range.upperBound {
            let b = bytes[k]
            if b == UInt8(ascii: "&"), let ref = decodeReference(in: bytes, at: k) {
                for unit in String(Character(ref.scalar)).utf8 { emit(unit) }
                k = ref.next
            } else if b == UInt8(ascii: "<") {
                k = skipMarkup(at: k, limit: range.upperBound, emit)
            } else {
                emit(b)
                k += 1
            }
        }
    }

    /// Skips a comment or PI, or copies a CDATA section; returns the index after it.
    private func skipMarkup(at start: Int, limit: Int, _ emit: (UInt8) -> Void) -> Int {
        let cdata: [UInt8] = Array("<![CDATA[".utf8)
        if start + cdata.count <= limit, Array(bytes[start..<(start + cdata.count)]) == cdata {
            var k = start + cdata.count
            while k < limit {
                if k + 3 <= limit, bytes[k] == UInt8(ascii: "]"), bytes[k + 1] == UInt8(ascii: "]"),
                    bytes[k + 2] == UInt8(ascii: ">")
                {
                    return k + 3
                }
                emit(bytes[k])
                k += 1
            }
            return limit
        }
        // A comment ends with "-->", a PI with "?>"; both end with ">" and hold no other ">"
        // that could end them early except inside a comment, so look for the proper terminator.
        let isComment = start + 4 <= limit && bytes[start + 1] == UInt8(ascii: "!")
        var k = start + (isComment ? 4 : 2)
        while k < limit {
            if isComment, k + 3 <= limit, bytes[k] == UInt8(ascii: "-"), bytes[k + 1] == UInt8(ascii: "-"),
                bytes[k + 2] == UInt8(ascii: ">")
            {
                return k + 3
            }
            if !isComment, k + 2 <= limit, bytes[k] == UInt8(ascii: "?"), bytes[k + 1] == UInt8(ascii: ">") {
                return k + 2
            }
            k += 1
        }
        return limit
    }
}

/// Decodes `&name;`, `&#N;` or `&#xH;` at `start`: the scalar and the index after the `;`.
/// Nil for anything else (unknown entity, bad digits, a value that is not an XML character).
func decodeReference(in bytes: [UInt8], at start: Int) -> (scalar: Unicode.Scalar, next: Int)? {
    let maxLength = 12  // "&#x10FFFF;" plus leading zeros, bounded so scanning stays cheap
    var end = start + 1
    while end < bytes.count, end - start <= maxLength, bytes[end] != UInt8(ascii: ";") { end += 1 }
    guard end < bytes.count, bytes[end] == UInt8(ascii: ";") else { return nil }
    let body = Array(bytes[(start + 1)..<end])
    let next = end + 1
    switch String(decoding: body, as: UTF8.self) {
    case "lt": return ("<", next)
    case "gt": return (">", next)
    case "amp": return ("&", next)
    case "quot": return ("\"", next)
    case "apos": return ("'", next)
    default: break
    }
    guard body.count >= 2, body[0] == UInt8(ascii: "#") else { return nil }
    let hex = body[1] == UInt8(ascii: "x")
    let digits = body[(hex ? 2 : 1)...]
    guard !digits.isEmpty, digits.count <= 8 else { return nil }
    var value: UInt32 = 0
    for d in digits {
        guard let v = digitValue(d, hex: hex) else { return nil }
        value = value * (hex ? 16 : 10) + v  // ≤ 8 digits: no overflow of UInt32 for hex 0xFFFFFFFF
    }
    guard let scalar = Unicode.Scalar(value), isXMLChar(value) else { return nil }
    return (scalar, next)
}

private func digitValue(_ d: UInt8, hex: Bool) -> UInt32? {
    switch d {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(d - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: return UInt32(d - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: return UInt32(d - UInt8(ascii: "A") + 10)
    default: return nil
    }
}

/// XML 1.0's Char production: tab, LF, CR and the non-surrogate scalars from U+0020 up.
private func isXMLChar(_ v: UInt32) -> Bool {
    v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v)
        || (0x10000...0x10FFFF).contains(v)
}
