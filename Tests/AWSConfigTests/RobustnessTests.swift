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
        for _ in 0..<3000 {
            let bytes = (0..<Int.random(in: 0..<120, using: &rng)).map { _ in
                Bool.random(using: &rng) ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            }
            for kind in [ConfigFile.Kind.config, .credentials] {
                if let file = try? ConfigFile(parsing: bytes, kind: kind) {
                    let resolver = ProfileResolver(
                        config: kind == .config ? file : nil, credentials: kind == .credentials ? file : nil)
                    for name in resolver.profileNames { _ = try? resolver.resolve(name) }
                }
                var editor = ConfigEditor(text: String(decoding: bytes, as: UTF8.self), kind: kind)
                try? editor.set([(key: "k", value: "v")], inProfile: "default")
                editor.remove(keys: ["k"], fromProfile: "default")
            }
        }
    }

    @Test func everyPrefixOfARealConfigParsesOrFailsCleanly() throws {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<60 {
            let text = ConfigGenerator.file(&rng) + "\n[profile r]\nrole_arn = arn:r\nsource_profile = r\n"
            let scalars = Array(text.unicodeScalars)
            for end in 0...scalars.count {
                var prefix = String.UnicodeScalarView()
                prefix.append(contentsOf: scalars[..<end])
                if let resolver = try? resolver(config: String(prefix)) {
                    for name in resolver.profileNames { _ = try? resolver.resolve(name) }
                }
            }
        }
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
