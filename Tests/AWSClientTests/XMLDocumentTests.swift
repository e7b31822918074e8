import Testing
import TestSupport

@testable import AWSClient

@Suite("XML reader")
struct XMLDocumentTests {
    private func parse(_ text: String, limits: XMLLimits = .standard) throws(XMLError) -> XMLDocument {
        try XMLDocument(Array(text.utf8), limits: limits)
    }

    @Test func authErrorShapeFindsCodeAndMessage() throws {
        let doc = try parse(authError("InvalidClientTokenId", "The security token included in the request is invalid."))
        #expect(doc.first("Code").flatMap { doc.text($0) } == "InvalidClientTokenId")
        #expect(
            doc.text(path: ["Errors", "Error", "Message"]) == "The security token included in the request is invalid.")
    }

    @Test func serviceErrorShapeFindsCodeAndType() throws {
        let doc = try parse(serviceError("ValidationError", "bad"))
        #expect(doc.text(path: ["Error", "Code"]) == "ValidationError")
        #expect(doc.text(path: ["Error", "Type"]) == "Sender")
        #expect(doc.text(path: ["RequestId"]) == "4ea5cd0e-7b4b-4b6b-9e5f-0d3a7a7b1c2d")
    }

    @Test func predefinedEntitiesAndCharacterReferences() throws {
        let doc = try parse("<a><b>&lt;&gt;&amp;&quot;&apos; &#65;&#x42;&#x1F600;&#233;</b></a>")
        #expect(doc.text(path: ["b"]) == "<>&\"' AB😀é")
    }

    @Test func cdataCommentsAndProcessingInstructions() throws {
        let doc = try parse(
            "<?xml version=\"1.0\"?><!-- c --><a><b>x<![CDATA[<&>]]><!-- hidden -->y<?pi z?></b></a><!-- t -->")
        #expect(doc.text(path: ["b"]) == "x<&>y")
    }

    @Test func namespacePrefixesAndAttributesAreHandled() throws {
        let doc = try parse("<ns:a xmlns:ns='u' x=\"1\"><ns:b  y = 'v&amp;w' >t</ns:b><c/></ns:a>")
        #expect(doc.text(path: ["b"]) == "t")
        #expect(doc.first("c").flatMap { doc.text($0) } == "")
        #expect(doc.text(doc.first("a")!) == nil)  // has children
    }

    @Test func whitespaceAroundTextIsTrimmed() throws {
        let doc = try parse("<a>\n  <b>\n   value \t\n </b>\n</a>")
        #expect(doc.text(path: ["b"]) == "value")
    }

    @Test func searchIsScopedToASubtree() throws {
        let doc = try parse("<r><x><Arn>one</Arn></x><y><Arn>two</Arn></y><y><Arn>three</Arn></y></r>")
        let ys = doc.all("y")
        #expect(ys.count == 2)
        #expect(doc.text(path: ["Arn"], under: ys[1]) == "three")
        #expect(doc.all("Arn").compactMap { doc.text($0) } == ["one", "two", "three"])
    }

    @Test func secureTextDecodesIntoLockedMemory() throws {
        let doc = try parse("<a><S> ab&amp;c/+= </S></a>")
        guard let secret = try doc.secureText(doc.first("S")!) else {
            Issue.record("no secret")
            return
        }
        #expect(reveal(secret) == "ab&c/+=")
        #expect(try doc.secureText(doc.first("a")!) == nil ? true : false)
    }

    @Test func bodyBytesAreTakenFromTheCaller() throws {
        var body = Array("<a>k</a>".utf8)
        let doc = try XMLDocument(taking: &body)
        #expect(body.isEmpty)
        #expect(doc.text(doc.first("a")!) == "k")
    }

    @Test(arguments: [
        "", "   ", "text", "<a>", "<a></b>", "<a><b></a></b>", "<a>&unknown;</a>", "<a>&#0;</a>", "<a>&#xD800;</a>",
        "<a>&#x110000;</a>", "<a>&#;</a>", "<a>&#x;</a>", "<a>&amp</a>", "<a>&#999999999999;</a>", "<a></a><b></b>",
        "<a></a>trailing", "<a x='1' x='2'/>", "<a x=1/>", "<a x='<'/>", "<a x='1'y='2'/>", "<a><!-- open </a>",
        "<a><![CDATA[ open </a>", "<1a/>", "<a/ >", "</a>", "<a><?pi </a>", "<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>",
        "<a><!DOCTYPE b></a>", "<a><!ELEMENT b></a>", "<![CDATA[x]]><a/>",
    ])
    func malformedInputIsRefused(_ text: String) {
        #expect(throws: XMLError.self) { try parse(text) }
    }

    @Test func doctypeIsRefusedWithAReason() {
        #expect {
            try parse("<!DOCTYPE lolz [<!ENTITY lol \"lol\">]><lolz>&lol;</lolz>")
        } throws: { error in
            guard case .malformed(_, let reason) = error as? XMLError else { return false }
            return reason.contains("DOCTYPE")
        }
    }

    @Test func depthIsBounded() throws {
        let limits = XMLLimits(maxBytes: 1 << 20, maxDepth: 8, maxElements: 100, maxNameLength: 16)
        _ = try parse(String(repeating: "<a>", count: 8) + String(repeating: "</a>", count: 8), limits: limits)
        #expect(throws: XMLError.tooDeep(limit: 8)) {
            try parse(String(repeating: "<a>", count: 9) + String(repeating: "</a>", count: 9), limits: limits)
        }
        // The standard limit holds against a deep, hostile body without recursion.
        #expect(throws: XMLError.tooDeep(limit: 32)) { try parse(String(repeating: "<a>", count: 100_000)) }
    }

    @Test func sizeElementCountAndNameLengthAreBounded() {
        let limits = XMLLimits(maxBytes: 64, maxDepth: 8, maxElements: 3, maxNameLength: 4)
        #expect(throws: XMLError.tooLarge(bytes: 65, limit: 64)) {
            try parse("<a>" + String(repeating: "x", count: 58) + "</a>", limits: limits)
        }
        #expect(throws: XMLError.tooManyElements(limit: 3)) { try parse("<a><b/><c/><d/></a>", limits: limits) }
        #expect(throws: XMLError.self) { try parse("<abcde/>", limits: limits) }
        #expect(throws: XMLError.tooLarge(bytes: (1 << 20) + 1, limit: 1 << 20)) {
            try parse(String(repeating: " ", count: (1 << 20) + 1))
        }
    }

    @Test func byteOrderMarkAndUTF8TextAreAccepted() throws {
        let doc = try parse("\u{FEFF}<a><b>ünïcödé €</b></a>")
        #expect(doc.text(path: ["b"]) == "ünïcödé €")
    }

    @Test func mutatedResponsesParseOrFailAsMalformed() {
        // A cheap in-process fuzz, seeded so a failure reproduces: random mutations of a real
        // response either parse into a document with a root, or fail as `.malformed` at an
        // offset inside the body (they are far below every size limit), the same way each time.
        var generator = SplitMix64(seed: 0x5EED_0001)
        let seed = Array(assumeRoleXML().utf8)
        let alphabet = Array("<>/&;#x!?[]-='\" aZ0".utf8) + [0, 0xFF, 0xC3]
        var parsed = 0, refused = 0
        for round in 0..<2_000 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let i = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[i] = alphabet.randomElement(using: &generator)!
                case 1: bytes.remove(at: i)
                default: bytes.insert(alphabet.randomElement(using: &generator)!, at: i)
                }
            }
            do {
                let doc = try XMLDocument(bytes)
                parsed += 1
                #expect(doc.rootName?.isEmpty == false, "round \(round): a document without a root")
                // A tree: every element named, each parent before its children, one root.
                #expect(
                    doc.elements.enumerated().allSatisfy {
                        !$1.name.isEmpty && $1.parent < $0 && ($0 == 0) == ($1.parent == -1)
                    })
                for element in doc.elements.indices { _ = doc.text(element) }
                #expect(
                    (try? XMLDocument(bytes))?.elements.count == doc.elements.count, "round \(round): not deterministic"
                )
            } catch {
                refused += 1
                guard case .malformed(let offset, let reason) = error else {
                    Issue.record("round \(round): \(error) is not .malformed")
                    continue
                }
                #expect((0...bytes.count).contains(offset) && !reason.isEmpty, "round \(round): \(error)")
                do { _ = try XMLDocument(bytes) } catch { #expect(error == .malformed(offset: offset, reason: reason)) }
            }
        }
        // The mutations exercise both outcomes, or the test checks less than it claims.
        #expect(parsed > 50 && refused > 50, "parsed \(parsed), refused \(refused)")
    }
}
