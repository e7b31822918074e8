import Foundation
import TestSupport
import Testing

@testable import VaultBase

/// `JSONValue.parse` against Python's `json` (made equally strict by `json_reference.py`) on
/// generated documents and on byte-level mutations of them: both must accept the same documents
/// and read the same values. Fails (does not skip) when python3 is missing.
@Suite struct JSONDifferentialTests {
    @Test func agreesWithPythonsJSON() throws {
        var random = SplitMix64(seed: 0x5EED_0001)
        var documents: [[UInt8]] = []
        for _ in 0..<1500 {
            var generator = DocumentGenerator(random: random)
            let document = generator.document()
            random = generator.random
            documents.append(document)
            documents.append(mutate(document, &random))
        }
        documents += Self.handwritten.map { Array($0.utf8) }
        let reference = try runPython(documents)
        try #require(reference.count == documents.count, "python3 answered \(reference.count) of \(documents.count)")
        var disagreements: [String] = []
        for (document, expected) in zip(documents, reference) {
            let ours = (try? JSONValue.parse(document)).map(canonical) ?? "ERR"
            if ours != expected {
                disagreements.append("\(String(decoding: document, as: UTF8.self)): vault \(ours), python \(expected)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements, first: \(disagreements.prefix(5))")
        // The generator must produce both outcomes, or the comparison says little.
        #expect(reference.filter { $0 == "ERR" }.count > 300)
        #expect(reference.filter { $0 != "ERR" }.count > 1500)
    }

    static let handwritten = [
        #"{"a": 1, "a": 2}"#, #"{"\u00e9": 1, "e\u0301": 2}"#, #"["\ud83d\ude00", "\ud800"]"#, "NaN", "[Infinity]",
        "\u{FEFF}[]", "01", "-0", "1E+2", #""\u0000""#, "[1,]", " ", "",
    ]

    /// The form `json_reference.py` prints: n t f #number s<scalars in hex> [..] {key:value,..}.
    func canonical(_ value: JSONValue) -> String {
        func text(_ s: String) -> String {
            "s" + s.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: ".")
        }
        switch value {
        case .null: return "n"
        case .bool(let flag): return flag ? "t" : "f"
        case .number(let literal): return "#" + literal
        case .string(let s): return text(s)
        case .array(let elements): return "[" + elements.map(canonical).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.map { text($0.key) + ":" + canonical($0.value) }.joined(separator: ",") + "}"
        }
    }

    /// One random edit: a byte removed, replaced, duplicated or inserted (from JSON's own bytes).
    func mutate(_ document: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = document
        let position = Int(random.next() % UInt64(bytes.count + 1))
        let alphabet =
            Array(#"{}[]",:\ u0123456789abcdefABCDEF.eE+-tfnrl"#.utf8) + [0x00, 0x09, 0x0A, 0x7F, 0xC3, 0xA9, 0xFF]
        let byte = alphabet[Int(random.next() % UInt64(alphabet.count))]
        switch random.next() % 4 {
        case 0 where position < bytes.count: bytes.remove(at: position)
        case 1 where position < bytes.count: bytes[position] = byte
        case 2 where position < bytes.count: bytes.insert(bytes[position], at: position)
        default: bytes.insert(byte, at: position)
        }
        return bytes
    }

    func runPython(_ documents: [[UInt8]]) throws -> [String] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "json_reference.py")
        let input = documents.map { $0.map { String(format: "%02x", $0) }.joined() }.joined(separator: "\n") + "\n"
        let inputFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "json-differential-\(UUID().uuidString)")
        try Data(input.utf8).write(to: inputFile)
        defer { try? FileManager.default.removeItem(at: inputFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        process.environment = environment
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(
            process.terminationStatus == 0, "python3 is required for this test (exit \(process.terminationStatus))")
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .map(String.init)
    }
}

/// Random valid JSON texts: every value kind, random whitespace, escapes of every form, raw
/// multi-byte UTF-8 (including astral and combining characters), numbers across the grammar.
struct DocumentGenerator {
    var random: SplitMix64

    mutating func document() -> [UInt8] {
        var out: [UInt8] = []
        space(&out)
        value(&out, depth: 0)
        space(&out)
        return out
    }

    private mutating func pick(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }

    private mutating func space(_ out: inout [UInt8]) {
        for _ in 0..<[0, 0, 0, 1, 2][pick(5)] { out.append([0x20, 0x09, 0x0A, 0x0D][pick(4)]) }
    }

    private mutating func value(_ out: inout [UInt8], depth: Int) {
        switch pick(depth > 5 ? 5 : 8) {
        case 0: out += Array(["null", "true", "false"][pick(3)].utf8)
        case 1, 2: number(&out)
        case 3, 4: string(&out)
        case 5: container(&out, depth: depth, open: "[", close: "]")
        default: container(&out, depth: depth, open: "{", close: "}")
        }
    }

    private mutating func container(_ out: inout [UInt8], depth: Int, open: Character, close: Character) {
        out.append(open.asciiValue!)
        space(&out)
        let count = pick(5)
        var keys: [[UInt8]] = []
        for index in 0..<count {
            if index > 0 {
                out.append(UInt8(ascii: ","))
                space(&out)
            }
            if open == "{" {
                // Mostly distinct keys; a repeated one now and then (both readers must refuse it).
                var key: [UInt8] = []
                if !keys.isEmpty && pick(20) == 0 { key = keys[pick(keys.count)] } else { string(&key) }
                keys.append(key)
                out += key
                space(&out)
                out.append(UInt8(ascii: ":"))
                space(&out)
            }
            value(&out, depth: depth + 1)
            space(&out)
        }
        out.append(close.asciiValue!)
    }

    private mutating func number(_ out: inout [UInt8]) {
        var text = pick(3) == 0 ? "-" : ""
        text += pick(4) == 0 ? "0" : String(1 + pick(9)) + String(repeating: "7", count: pick(25))
        if pick(3) == 0 { text += "." + String(pick(100_000)) }
        if pick(4) == 0 { text += ["e", "E"][pick(2)] + ["", "+", "-"][pick(3)] + String(pick(400)) }
        out += Array(text.utf8)
    }

    private mutating func string(_ out: inout [UInt8]) {
        let pieces: [String] = [
            "a", "Z", "Statement", " ", "é", "e\u{301}", "中", "😀", "\u{7F}", "\u{2028}", #"\""#, #"\\"#, #"\/"#, #"\b"#,
            #"\f"#, #"\n"#, #"\r"#, #"\t"#, #"\u0000"#, #"\u001f"#, #"\u00E9"#, #"\u4e2d"#, #"\ud83d\ude00"#,
            #"\uDBFF\uDFFF"#, #"\u0041"#, "arn:aws:iam::123456789012:role/R",
        ]
        out.append(UInt8(ascii: "\""))
        for _ in 0..<pick(6) { out += Array(pieces[pick(pieces.count)].utf8) }
        out.append(UInt8(ascii: "\""))
    }
}
