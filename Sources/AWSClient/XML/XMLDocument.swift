import VaultCrypto

/// Why an XML body was refused.
public enum XMLError: Error, Equatable, Sendable {
    /// The body is larger than the reader accepts.
    case tooLarge(bytes: Int, limit: Int)
    /// Elements are nested deeper than the reader accepts.
    case tooDeep(limit: Int)
    /// The body has more elements than the reader accepts.
    case tooManyElements(limit: Int)
    /// The bytes are not well-formed XML (or use a feature the reader refuses, like DOCTYPE).
    case malformed(offset: Int, reason: String)
}

extension XMLError: CustomStringConvertible {
    /// Plain words for a message (never Swift's debug text of the enum).
    public var description: String {
        switch self {
        case .tooLarge(let bytes, let limit): return "the body is too large (\(bytes) bytes, at most \(limit))"
        case .tooDeep(let limit): return "the XML is nested more than \(limit) levels deep"
        case .tooManyElements(let limit): return "the XML has more than \(limit) elements"
        case .malformed(let offset, let reason): return "it is not well-formed XML (\(reason), at byte \(offset))"
        }
    }
}

/// Bounds on what the XML reader accepts; AWS query-API responses are small and shallow.
public struct XMLLimits: Sendable, Equatable {
    /// Largest body in bytes.
    public var maxBytes: Int
    /// Deepest element nesting.
    public var maxDepth: Int
    /// Most elements in one document.
    public var maxElements: Int
    /// Longest element or attribute name.
    public var maxNameLength: Int

    /// Limits for one STS/IAM response.
    public static let standard = XMLLimits(maxBytes: 1 << 20, maxDepth: 32, maxElements: 20_000, maxNameLength: 256)

    /// Custom limits.
    public init(maxBytes: Int, maxDepth: Int, maxElements: Int, maxNameLength: Int) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxElements = maxElements
        self.maxNameLength = maxNameLength
    }
}

/// A small, bounded, non-validating XML reader for AWS query-API responses.
///
/// It knows elements, attributes (checked, then ignored), text, CDATA, comments, processing
/// instructions, the five predefined entities and numeric character references. It refuses
/// DOCTYPE (so no entity declarations, no expansion bombs) and works iteratively, so depth is a
/// counter, not stack frames. The document owns its bytes and wipes them when released, because
/// a response body can hold a secret access key.
final class XMLDocument {
    /// One element, in document (pre-)order.
    struct Element {
        /// Local name (the part after any namespace prefix).
        var name: String
        /// Byte range of the qualified name in the start tag (to match the end tag).
        var qualifiedName: Range<Int>
        /// Index of the parent element, or -1 for the root.
        var parent: Int
        /// Byte range between the start tag and the end tag (empty for `<x/>`).
        var content: Range<Int>
        /// One past the index of this element's last descendant.
        var subtreeEnd: Int
    }

    private(set) var bytes: [UInt8]
    private(set) var elements: [Element] = []

    /// The local name of the document's root element.
    var rootName: String? { elements.first?.name }

    /// Parses `body`, taking its bytes (the caller's array is left empty).
    init(taking body: inout [UInt8], limits: XMLLimits = .standard) throws(XMLError) {
        bytes = []
        swap(&bytes, &body)
        guard bytes.count <= limits.maxBytes else { throw .tooLarge(bytes: bytes.count, limit: limits.maxBytes) }
        var parser = Parser(bytes: bytes, limits: limits)
        try parser.parseDocument()
        elements = parser.elements
    }

    /// Parses a copy of `body` (tests and error bodies, which hold no secret).
    convenience init(_ body: [UInt8], limits: XMLLimits = .standard) throws(XMLError) {
        var copy = body
        try self.init(taking: &copy, limits: limits)
    }

    deinit { Sodium.wipe(&bytes) }
}

/// The parsing state machine; builds the element table over a byte array.
private struct Parser {
    let bytes: [UInt8]
    let limits: XMLLimits
    var elements: [XMLDocument.Element] = []
    var stack: [Int] = []
    var i = 0

    init(bytes: [UInt8], limits: XMLLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    private func fail(_ reason: String) -> XMLError { .malformed(offset: i, reason: reason) }

    private func byte(at index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private func hasPrefix(_ literal: StaticString, at index: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { lit in
            for k in 0..<count where bytes[index + k] != lit[k] { return false }
            return true
        }
    }

    /// Index of the first byte after `terminator`, searching from `i`.
    private func find(_ terminator: StaticString, from start: Int) -> Int? {
        var k = start
        while k < bytes.count {
            if hasPrefix(terminator, at: k) { return k + terminator.utf8CodeUnitCount }
            k += 1
        }
        return nil
    }

    private mutating func skipWhitespace() {
        while let b = byte(at: i), isXMLSpace(b) { i += 1 }
    }

    mutating func parseDocument() throws(XMLError) {
        if hasPrefix("\u{FEFF}", at: 0) { i = 3 }
        var sawRoot = false
        while true {
            skipWhitespace()
            guard i < bytes.count else { break }
            guard bytes[i] == UInt8(ascii: "<") else { throw fail("text outside the root element") }
            if try skipMarkupDeclaration() { continue }
            guard !sawRoot else { throw fail("more than one root element") }
            try parseRootElement()
            sawRoot = true
        }
        guard sawRoot else { throw fail("no root element") }
    }

    /// Skips a comment or processing instruction at `i`; refuses DOCTYPE and stray markup.
    private mutating func skipMarkupDeclaration() throws(XMLError) -> Bool {
        if hasPrefix("<!--", at: i) {
            guard let end = find("-->", from: i + 4) else { throw fail("unterminated comment") }
            i = end
            return true
        }
        if hasPrefix("<?", at: i) {
            guard let end = find("?>", from: i + 2) else { throw fail("unterminated processing instruction") }
            i = end
            return true
        }
        if hasPrefix("<!DOCTYPE", at: i) { throw fail("DOCTYPE is not accepted") }
        if hasPrefix("<!", at: i) { throw fail("unexpected markup declaration") }
        return false
    }

    private mutating func parseRootElement() throws(XMLError) {
        repeat {
            guard i < bytes.count else { throw fail("unexpected end inside an element") }
            if bytes[i] != UInt8(ascii: "<") {
                try scanText()
            } else if hasPrefix("</", at: i) {
                try parseEndTag()
            } else if hasPrefix("<![CDATA[", at: i) {
                guard !stack.isEmpty, let end = find("]]>", from: i + 9) else { throw fail("bad CDATA section") }
                i = end
            } else if try skipMarkupDeclaration() {
                continue
            } else {
                try parseStartTag()
            }
        } while !stack.isEmpty
    }

    /// Character data up to the next `<`, checking every entity reference.
    private mutating func scanText() throws(XMLError) {
        while i < bytes.count, bytes[i] != UInt8(ascii: "<") {
            if bytes[i] == UInt8(ascii: "&") {
                guard let ref = decodeReference(in: bytes, at: i) else { throw fail("bad entity reference") }
                i = ref.next
            } else {
                i += 1
            }
        }
    }

    private mutating func parseName() throws(XMLError) -> Range<Int> {
        let start = i
        guard let first = byte(at: i), isNameStart(first) else { throw fail("expected a name") }
        i += 1
        while let b = byte(at: i), isNameByte(b) { i += 1 }
        guard i - start <= limits.maxNameLength else { throw fail("name too long") }
        return start..<i
    }

    private mutating func parseStartTag() throws(XMLError) {
        guard elements.count < limits.maxElements else { throw .tooManyElements(limit: limits.maxElements) }
        guard stack.count < limits.maxDepth else { throw .tooDeep(limit: limits.maxDepth) }
        i += 1  // "<"
        let qname = try parseName()
        try parseAttributes()
        let selfClosing = hasPrefix("/>", at: i)
        i += selfClosing ? 2 : 1
        let index = elements.count
        elements.append(
            XMLDocument.Element(
                name: localName(bytes[qname]), qualifiedName: qname, parent: stack.last ?? -1,
                content: i..<i, subtreeEnd: index + 1))
        if !selfClosing { stack.append(index) }
    }

    /// Checks attributes up to `>` or `/>` (their values are not kept).
    private mutating func parseAttributes() throws(XMLError) {
        var seen: [ArraySlice<UInt8>] = []
        while true {
            let hadSpace = i < bytes.count && isXMLSpace(bytes[i])
            skipWhitespace()
            if hasPrefix("/>", at: i) || hasPrefix(">", at: i) { return }
            guard hadSpace else { throw fail("expected whitespace, '>' or '/>'") }
            let name = try parseName()
            guard !seen.contains(bytes[name]) else { throw fail("duplicate attribute") }
            guard seen.count < 64 else { throw fail("too many attributes") }
            seen.append(bytes[name])
            skipWhitespace()
            guard byte(at: i) == UInt8(ascii: "=") else { throw fail("expected '='") }
            i += 1
            skipWhitespace()
            guard let quote = byte(at: i), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw fail("expected a quoted attribute value")
            }
            i += 1
            while true {
                guard let b = byte(at: i) else { throw fail("unterminated attribute value") }
                if b == quote { i += 1; break }
                if b == UInt8(ascii: "<") { throw fail("'<' in attribute value") }
                if b == UInt8(ascii: "&") {
                    guard let ref = decodeReference(in: bytes, at: i) else { throw fail("bad entity reference") }
                    i = ref.next
                } else {
                    i += 1
                }
            }
        }
    }

    private mutating func parseEndTag() throws(XMLError) {
        let tagStart = i
        i += 2  // "</"
        let qname = try parseName()
        skipWhitespace()
        guard byte(at: i) == UInt8(ascii: ">") else { throw fail("expected '>' after end tag name") }
        i += 1
        guard let open = stack.popLast() else { throw fail("end tag without start tag") }
        guard bytes[elements[open].qualifiedName] == bytes[qname] else { throw fail("mismatched end tag") }
        elements[open].content = elements[open].content.lowerBound..<tagStart
        elements[open].subtreeEnd = elements.count
    }

    private func localName(_ qname: ArraySlice<UInt8>) -> String {
        let local = qname.lastIndex(of: UInt8(ascii: ":")).map { qname[($0 + 1)...] } ?? qname
        return String(decoding: local, as: UTF8.self)
    }
}

func isXMLSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

private func isNameStart(_ b: UInt8) -> Bool {
    (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
        || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b >= 0x80
}

private func isNameByte(_ b: UInt8) -> Bool {
    isNameStart(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-")
        || b == UInt8(ascii: ".")
}
