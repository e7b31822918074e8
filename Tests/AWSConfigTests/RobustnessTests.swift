import AWSConfig
import TestSupport
import Testing

/// Arbitrary input parses or fails with a `ConfigError`; it never traps or hangs.
@Suite struct RobustnessTests {
    @Test func randomBytesParseOrFailCleanly() {
        var rng = SplitMix64(seed: 7)
        let alphabet =
            Array("[]=:#; \t\r\n\"'\\profiledfaultDEFAULTs3x".utf8) + [
                0xFF, 0xC3, 0xE2, 0x80, 0xA8, 0x00, 0xEF, 0xBB, 0xBF,
            ]
        var parsed = 0, refused = 0
        for round in 0..<3000 {
            let bytes = (0..<Int.random(in: 0..<120, using: &rng)).map { _ in
                Bool.random(using: &rng) ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            }
            for kind in [ConfigFile.Kind.config, .credentials] {
                guard let file = try? ConfigFile(parsing: bytes, kind: kind) else {
                    refused += 1
                    continue
                }
                parsed += 1
                checkParsed(file, lineCount: lineCount(String(decoding: bytes, as: UTF8.self)), round: round)
                // What the editor writes into a file that parsed is read back as written.
                var editor = ConfigEditor(text: String(decoding: bytes, as: UTF8.self), kind: kind)
                guard (try? editor.set([(key: "k", value: "v")], inProfile: "default")) != nil else { continue }
                let edited = try? ConfigFile(parsing: editor.text, kind: kind)
                #expect(
                    edited?.profile(named: "default")?["k"]?.stringValue == "v",
                    "round \(round): \(editor.text.debugDescription)")
                editor.remove(keys: ["k"], fromProfile: "default")
                let removed = try? ConfigFile(parsing: editor.text, kind: kind)
                #expect(
                    removed != nil && removed?.profile(named: "default")?["k"] == nil,
                    "round \(round): \(editor.text.debugDescription)")
            }
        }
        // Random bytes exercise both outcomes, or the test checks less than it claims.
        #expect(parsed >= 20 && refused >= 100, "parsed \(parsed), refused \(refused)")
    }

    @Test func everyPrefixOfARealConfigParsesOrFailsCleanly() throws {
        var rng = SplitMix64(seed: 99)
        var parsed = 0
        for round in 0..<60 {
            let text = ConfigGenerator.file(&rng) + "\n[profile r]\nrole_arn = arn:r\nsource_profile = r\n"
            let scalars = Array(text.unicodeScalars)
            for end in 0...scalars.count {
                var prefix = String.UnicodeScalarView()
                prefix.append(contentsOf: scalars[..<end])
                guard let file = try? ConfigFile(parsing: String(prefix), kind: .config) else { continue }
                parsed += 1
                checkParsed(file, lineCount: lineCount(String(prefix)), round: round)
            }
        }
        #expect(parsed > 1000, "only \(parsed) prefixes parsed")
    }

    /// What a parsed file must satisfy: sections on lines of the text, profile names sorted and
    /// unique, and every profile resolving to a chain that starts at it (or failing as ConfigError).
    func checkParsed(_ file: ConfigFile, lineCount: Int, round: Int) {
        #expect(file.sections.allSatisfy { (1...max(lineCount, 1)).contains($0.line) }, "round \(round)")
        #expect(file.profileNames == Array(Set(file.profileNames)).sorted(), "round \(round)")
        let resolver = ProfileResolver(
            config: file.kind == .config ? file : nil, credentials: file.kind == .credentials ? file : nil)
        #expect(resolver.profileNames == file.profileNames, "round \(round)")
        for name in resolver.profileNames {
            guard let chain = try? resolver.resolve(name) else { continue }
            #expect(
                chain.profile.name == name && chain.hops.count <= ProfileResolver.maximumHops, "round \(round): \(name)"
            )
        }
    }

    /// At most how many lines configparser sees (every line break str.splitlines knows, CRLF
    /// counted twice: an upper bound).
    func lineCount(_ text: String) -> Int {
        let breaks: Set<Unicode.Scalar> = [
            "\n", "\r", "\u{0B}", "\u{0C}", "\u{1C}", "\u{1D}", "\u{1E}", "\u{85}", "\u{2028}", "\u{2029}",
        ]
        return text.unicodeScalars.filter(breaks.contains).count + 1
    }

    @Test func deepChainsAndCyclesTerminate() throws {
        var config = ""
        for index in 0..<500 {
            config += "[profile p\(index)]\nrole_arn = arn:\(index)\nsource_profile = p\((index + 1) % 500)\n"
        }
        let resolver = try resolver(config: config)
        #expect(throws: ConfigError.self) { try resolver.resolve("p0") }
    }
}
