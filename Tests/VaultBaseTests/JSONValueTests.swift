import Testing

@testable import VaultBase

/// `JSONValue.parse`: RFC 8259 accepted, everything else refused with a reason and an offset.
@Suite struct JSONValueTests {
    func parse(_ text: String) throws(JSONParseError) -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    func reason(_ text: String) -> JSONParseError.Reason? { reason(Array(text.utf8)) }

    func reason(_ bytes: [UInt8]) -> JSONParseError.Reason? {
        do {
            _ = try JSONValue.parse(bytes)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func scalarsAndContainers() throws {
        #expect(try parse("null") == .null)
        #expect(try parse(" true ") == .bool(true))
        #expect(try parse("\t\r\nfalse\n") == .bool(false))
        #expect(try parse(#""x""#) == .string("x"))
        #expect(try parse("[]") == .array([]))
        #expect(try parse("{}") == .object([]))
        #expect(try parse("[ ]") == .array([]))
        #expect(try parse("{ }") == .object([]))
        #expect(
            try parse(#"{"a": [1, "two", null, {"b": false}], "c": {}}"#)
                == .object([
                    .init("a", .array([.number("1"), .string("two"), .null, .object([.init("b", .bool(false))])])),
                    .init("c", .object([])),
                ]))
    }

    @Test func membersKeepDocumentOrderAndLookUpByKey() throws {
        let value = try parse(#"{"z": 1, "a": 2, "m": 3}"#)
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["z", "a", "m"])
        #expect(value["a"] == .number("2"))
        #expect(value["missing"] == nil)
        #expect(JSONValue.array([])["a"] == nil)
    }

    @Test(arguments: [
        "0", "-0", "1", "-1", "10", "1.5", "-0.25", "1e10", "1E+2", "1e-7", "-1.0e-3", "0.0", "0e0",
        "123456789012345678901234567890", "1.7976931348623157e309",
    ])
    func numbersKeepTheirText(_ text: String) throws {
        #expect(try parse(text) == .number(text))
        #expect(try parse("[\(text)]") == .array([.number(text)]))
    }

    @Test(arguments: [
        "01", "-01", "00", "-", "+1", "1.", ".5", "1.e3", "1e", "1e+", "--1", "0x10", "1_000", "NaN",
        "Infinity", "-Infinity", "1.5.2", "2e3.5", "٣",
    ])
    func malformedNumbersAreRefused(_ text: String) {
        #expect(reason(text) != nil, "\(text)")
    }

    @Test func escapes() throws {
        #expect(try parse(#""\" \\ \/ \b \f \n \r \t""#) == .string("\" \\ / \u{08} \u{0C} \n \r \t"))
        #expect(try parse(#""\u0041\u00e9\u00E9\u4e2d""#) == .string("Aéé中"))
        #expect(try parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse(#""\uD83D\uDE00x""#) == .string("😀x"))
        #expect(try parse(#""\udbff\udfff""#) == .string("\u{10FFFF}"))
        #expect(try parse("\"raw é 中 😀 \u{7F}\"") == .string("raw é 中 😀 \u{7F}"))
    }

    @Test func badEscapesAndSurrogates() {
        #expect(reason(#""\x""#) == .invalidEscape)
        #expect(reason(#""\'""#) == .invalidEscape)
        #expect(reason(#""\u12""#) == .invalidEscape)
        #expect(reason(#""\u12g4""#) == .invalidEscape)
        #expect(reason(#""\U0041""#) == .invalidEscape)
        #expect(reason(#""\ud800""#) == .loneSurrogate)
        #expect(reason(#""\ud800x""#) == .loneSurrogate)
        #expect(reason(#""\ud800\n""#) == .loneSurrogate)
        #expect(reason(#""\ud800\u0041""#) == .loneSurrogate)
        #expect(reason(#""\ud800\ud800""#) == .loneSurrogate)
        #expect(reason(#""\udc00""#) == .loneSurrogate)
        #expect(reason(#""\ude00\ud83d""#) == .loneSurrogate)
    }

    @Test func stringsAreValidUTF8WithoutRawControlCharacters() {
        #expect(reason("\"a\u{0}b\"") == .controlCharacter)
        #expect(reason("\"a\tb\"") == .controlCharacter)
        #expect(reason("\"a\nb\"") == .controlCharacter)
        #expect(reason("\"\u{1F}\"") == .controlCharacter)
        #expect(reason([0x22, 0xFF, 0x22]) == .invalidUTF8)
        #expect(reason([0x22, 0xC0, 0xAF, 0x22]) == .invalidUTF8)  // overlong "/"
        #expect(reason([0x22, 0xED, 0xA0, 0x80, 0x22]) == .invalidUTF8)  // an encoded surrogate
        #expect(reason([0x22, 0xE4, 0xB8, 0x22]) == .invalidUTF8)  // truncated sequence
        #expect(reason([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22]) == .invalidUTF8)  // above U+10FFFF
        #expect(reason(#""unterminated"#) == .unexpectedEnd)
        #expect(reason(#""ends in escape\"#) == .unexpectedEnd)
    }

    @Test func structureErrorsCarryTheirOffset() throws {
        #expect(throws: JSONParseError(.unexpectedByte(UInt8(ascii: "]")), at: 3)) { try parse("[1,]") }
        #expect(throws: JSONParseError(.unexpectedByte(UInt8(ascii: "}")), at: 8)) { try parse(#"{"a": 1,}"#) }
        #expect(throws: JSONParseError(.trailingData, at: 3)) { try parse("{} x") }
        #expect(throws: JSONParseError(.trailingData, at: 4)) { try parse("[1] [2]") }
        #expect(throws: JSONParseError(.unexpectedEnd, at: 0)) { try parse("") }
        #expect(throws: JSONParseError(.unexpectedEnd, at: 3)) { try parse("   ") }
        #expect(throws: JSONParseError(.unexpectedEnd, at: 5)) { try parse(#"{"a":"#) }
        #expect(reason(#"{"a" 1}"#) == .unexpectedByte(UInt8(ascii: "1")))
        #expect(reason(#"{a: 1}"#) == .unexpectedByte(UInt8(ascii: "a")))
        #expect(reason(#"{'a': 1}"#) == .unexpectedByte(UInt8(ascii: "'")))
        #expect(reason("[1 2]") == .unexpectedByte(UInt8(ascii: "2")))
        #expect(reason("[1,,2]") == .unexpectedByte(UInt8(ascii: ",")))
        #expect(reason("[") == .unexpectedEnd)
        #expect(reason("[1") == .unexpectedEnd)
        #expect(reason("tru") == .unexpectedEnd)
        #expect(reason("nul1") == .unexpectedByte(UInt8(ascii: "1")))
        #expect(reason("True") == .unexpectedByte(UInt8(ascii: "T")))
        #expect(reason("[1] // comment") == .trailingData)
        #expect(reason("/* c */ 1") == .unexpectedByte(UInt8(ascii: "/")))
        #expect(reason("\u{FEFF}{}") == .unexpectedByte(0xEF))  // a byte-order mark is not skipped
        #expect(reason("\u{A0}1") == .unexpectedByte(0xC2))  // only JSON's four whitespace bytes
        #expect(reason("1\u{0B}") == .trailingData)
    }

    @Test func duplicateKeysAreRefused() throws {
        #expect(throws: JSONParseError(.duplicateKey("a"), at: 9)) { try parse(#"{"a": 1, "a": 2}"#) }
        #expect(reason(#"{"a": 1, "\u0061": 2}"#) == .duplicateKey("a"))  // the same key, escaped
        #expect(reason(#"{"Statement": [], "b": {"x": 1}, "Statement": {}}"#) == .duplicateKey("Statement"))
        #expect(reason(#"[{"a": {"a": 1, "a": 2}}]"#) == .duplicateKey("a"))
        // The same key in different objects is fine; so are keys Swift deems canonically equivalent
        // but whose scalars differ (precomposed é and e + combining acute).
        #expect(try parse(#"[{"a": 1}, {"a": 2}, {"b": {"a": 3}}]"#) != .null)
        let value = try parse(#"{"\u00e9": 1, "e\u0301": 2}"#)
        #expect(value["\u{E9}"] == .number("1"))
        #expect(value["e\u{301}"] == .number("2"))
    }

    @Test func depthIsBounded() throws {
        let limit = JSONParser.maximumDepth
        func nested(_ depth: Int, open: String, close: String) -> String {
            String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)
        }
        #expect(try parse(nested(limit, open: "[", close: "]")) != .null)
        #expect(try parse(nested(limit, open: #"{"k":"#, close: "}")) != .null)
        #expect(reason(nested(limit + 1, open: "[", close: "]")) == .tooDeep)
        #expect(reason(nested(limit + 1, open: #"{"k":"#, close: "}")) == .tooDeep)
        #expect(reason(nested(limit / 2, open: #"[{"k":"#, close: "}]") + "") == nil)
        #expect(reason(nested(limit / 2 + 1, open: #"[{"k":"#, close: "}]")) == .tooDeep)
        // Far past the limit: refused at the limit, without recursing further.
        #expect(throws: JSONParseError(.tooDeep, at: limit)) {
            try JSONValue.parse([UInt8](repeating: UInt8(ascii: "["), count: 1_000_000))
        }
    }

    @Test func sizeIsBounded() throws {
        let limit = JSONParser.maximumSize
        let fits = [UInt8(ascii: "\"")] + [UInt8](repeating: UInt8(ascii: "a"), count: limit - 2) + [UInt8(ascii: "\"")]
        #expect(try JSONValue.parse(fits) == .string(String(repeating: "a", count: limit - 2)))
        #expect(throws: JSONParseError(.tooLarge, at: 0)) {
            try JSONValue.parse(fits + [UInt8(ascii: " ")])
        }
    }

    @Test func errorsDescribeThemselves() {
        #expect("\(JSONParseError(.duplicateKey("Statement"), at: 40))".contains(#""Statement""#))
        #expect("\(JSONParseError(.unexpectedByte(0x27), at: 1))" == "unexpected byte 0x27 in JSON at byte 1")
    }
}
