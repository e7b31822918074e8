/// A JSON value (RFC 8259), as `JSONValue.parse` reads it from bytes vault did not write: the IAM
/// policy documents `vault setup` and `vault doctor` inspect (`Policies`), the federation
/// endpoint's answer (`ConsoleSignIn`). `JSONValue.quoted` writes a string the other way.
///
/// Numbers keep their literal text: vault compares and prints them, never computes with them, and
/// the text is exact where a `Double` is not. Objects keep their members in document order; a
/// key appears at most once (see `JSONParser` for why duplicates are rejected).
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number's text as written, checked against RFC 8259's grammar (`-1.5e3`).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([Member])

    /// One `"key": value` of an object.
    public struct Member: Equatable, Sendable {
        public let key: String
        public let value: JSONValue

        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Parses one JSON text (RFC 8259: any value, surrounded by optional whitespace), strictly:
    /// no trailing data, comments, `NaN`, lone surrogates, invalid UTF-8 or duplicate keys; at
    /// most `JSONParser.maximumSize` bytes and `JSONParser.maximumDepth` nested arrays/objects.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try JSONParser.parse(bytes)
    }

    /// The value of `key` when this is an object that has it (keys compare by Unicode scalars,
    /// not by Swift's canonical equivalence, as IAM and other JSON readers compare them).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key.unicodeScalars.elementsEqual(key.unicodeScalars) }?.value
    }

    /// The text of a string; nil for anything else.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// Whether this is an object.
    public var isObject: Bool {
        if case .object = self { return true }
        return false
    }

    /// A JSON string literal (quotes included) with every control character escaped, and
    /// U+007F, U+2028 and U+2029 too (safe to paste into JavaScript and terminals).
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value):
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Why `JSONValue.parse` refused its input, and at which byte offset.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        case tooLarge
        case tooDeep
        case unexpectedEnd
        case unexpectedByte(UInt8)
        case invalidNumber
        case invalidEscape
        /// A `\u` escape naming half of a surrogate pair without the other half.
        case loneSurrogate
        /// A raw control character (U+0000–U+001F) inside a string.
        case controlCharacter
        case invalidUTF8
        case duplicateKey(String)
        case trailingData
    }

    public let reason: Reason
    /// Offset of the byte where parsing stopped.
    public let offset: Int

    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        switch reason {
        case .tooLarge: return "JSON document larger than \(JSONParser.maximumSize) bytes"
        case .tooDeep: return "JSON nested deeper than \(JSONParser.maximumDepth) levels at byte \(offset)"
        case .unexpectedEnd: return "JSON ends early at byte \(offset)"
        case .unexpectedByte(let byte): return "unexpected byte 0x\(String(byte, radix: 16)) in JSON at byte \(offset)"
        case .invalidNumber: return "malformed JSON number at byte \(offset)"
        case .invalidEscape: return "invalid escape in a JSON string at byte \(offset)"
        case .loneSurrogate: return "unpaired UTF-16 surrogate escape in a JSON string at byte \(offset)"
        case .controlCharacter: return "unescaped control character in a JSON string at byte \(offset)"
        case .invalidUTF8: return "invalid UTF-8 in a JSON string at byte \(offset)"
        case .duplicateKey(let key): return "duplicate key \(JSONValue.quoted(key)) in a JSON object at byte \(offset)"
        case .trailingData: return "data after the JSON value at byte \(offset)"
        }
    }
}
