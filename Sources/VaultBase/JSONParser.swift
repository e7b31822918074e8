/// A strict, bounded JSON reader (RFC 8259) over bytes, for `JSONValue.parse`.
///
/// Choices where RFC 8259 leaves room:
/// - **Duplicate keys are rejected.** IAM refuses a policy with a key twice in one object (its
///   troubleshooting guide: "more than one Statement element", "more than one Effect, Action,
///   or Resource element"), and JSON readers disagree on which duplicate wins (Python and
///   Foundation keep the last, others the first): a document two readers can see differently
///   is not one vault should draw conclusions from. Keys are compared by their Unicode scalars.
/// - **Any value at the top level** (RFC 8259, not RFC 4627); callers that need an object check.
/// - **Bounds**: at most `maximumSize` bytes (IAM's largest policy is 10,240 characters) and
///   `maximumDepth` nested arrays and objects, so recursion and memory stay bounded.
/// - **Strings** must be valid UTF-8 with no raw control characters; `\u` escapes of surrogate
///   halves must pair up (Swift strings cannot hold a lone surrogate). A UTF-8 byte-order mark
///   is not skipped (RFC 8259 §8.1: a parser may ignore it; IAM's documents have none).
struct JSONParser {
    static let maximumSize = 1 << 20
    static let maximumDepth = 64

    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        guard bytes.count <= maximumSize else { throw JSONParseError(.tooLarge, at: 0) }
        var parser = JSONParser(bytes)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw JSONParseError(.trailingData, at: parser.index) }
        return value
    }

    // MARK: Values

    private mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
        guard let byte = peek() else { throw fail(.unexpectedEnd) }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw fail(.unexpectedByte(byte))
        }
    }

    private mutating func object(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw fail(.tooDeep) }
        index += 1  // {
        var members: [JSONValue.Member] = []
        var seen = Set<[Unicode.Scalar]>()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            guard let byte = peek() else { throw fail(.unexpectedEnd) }
            guard byte == UInt8(ascii: "\"") else { throw fail(.unexpectedByte(byte)) }
            let keyOffset = index
            let key = try string()
            guard seen.insert(Array(key.unicodeScalars)).inserted else {
                throw JSONParseError(.duplicateKey(key), at: keyOffset)
            }
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            members.append(JSONValue.Member(key, try value(depth: depth)))
            skipWhitespace()
            guard let separator = peek() else { throw fail(.unexpectedEnd) }
            index += 1
            switch separator {
            case UInt8(ascii: ","): skipWhitespace()
            case UInt8(ascii: "}"): return .object(members)
            default: index -= 1; throw fail(.unexpectedByte(separator))
            }
        }
    }

    private mutating func array(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw fail(.tooDeep) }
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try value(depth: depth))
            skipWhitespace()
            guard let separator = peek() else { throw fail(.unexpectedEnd) }
            index += 1
            switch separator {
            case UInt8(ascii: ","): skipWhitespace()
            case UInt8(ascii: "]"): return .array(elements)
            default: index -= 1; throw fail(.unexpectedByte(separator))
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for byte in expected {
            guard let actual = peek() else { throw fail(.unexpectedEnd) }
            guard actual == byte else { throw fail(.unexpectedByte(actual)) }
            index += 1
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, returned as written.
    private mutating func number() throws(JSONParseError) -> String {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "0") {
            index += 1
        } else {
            guard digits() > 0 else { throw fail(.invalidNumber) }
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw fail(.invalidNumber) }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw fail(.invalidNumber) }
        }
        // A digit straight after "0" or "-0" ("01") is not a number.
        if let next = peek(), Self.isDigit(next) { throw fail(.invalidNumber) }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func digits() -> Int {
        let start = index
        while let byte = peek(), Self.isDigit(byte) { index += 1 }
        return index - start
    }

    // MARK: Strings

    private mutating func string() throws(JSONParseError) -> String {
        let start = index
        index += 1  // "
        var utf8: [UInt8] = []
        while true {
            guard let byte = peek() else { throw fail(.unexpectedEnd) }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw JSONParseError(.invalidUTF8, at: start)
                }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                try escape(into: &utf8)
            case 0x00..<0x20:
                throw fail(.controlCharacter)
            default:
                utf8.append(byte)
                index += 1
            }
        }
    }

    /// The character after a backslash, appended as UTF-8.
    private mutating func escape(into utf8: inout [UInt8]) throws(JSONParseError) {
        guard let byte = peek() else { throw fail(.unexpectedEnd) }
        index += 1
        let simple: UInt8? =
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): byte
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "t"): 0x09
            case UInt8(ascii: "u"): nil
            default: nil
            }
        if let simple {
            utf8.append(simple)
            return
        }
        guard byte == UInt8(ascii: "u") else {
            index -= 1
            throw fail(.invalidEscape)
        }
        let escapeStart = index - 2
        var scalar = try hex4()
        if (0xD800...0xDBFF).contains(scalar) {
            // A high surrogate: the low half must follow as another \u escape.
            guard peek() == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u") else {
                throw JSONParseError(.loneSurrogate, at: escapeStart)
            }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw JSONParseError(.loneSurrogate, at: escapeStart) }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalar) {
            throw JSONParseError(.loneSurrogate, at: escapeStart)
        }
        utf8.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw fail(.unexpectedEnd) }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail(.invalidEscape)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    // MARK: Bytes

    private func peek(_ ahead: Int = 0) -> UInt8? {
        index + ahead < bytes.count ? bytes[index + ahead] : nil
    }

    private mutating func expect(_ byte: UInt8) throws(JSONParseError) {
        guard let actual = peek() else { throw fail(.unexpectedEnd) }
        guard actual == byte else { throw fail(.unexpectedByte(actual)) }
        index += 1
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private func fail(_ reason: JSONParseError.Reason) -> JSONParseError { JSONParseError(reason, at: index) }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
