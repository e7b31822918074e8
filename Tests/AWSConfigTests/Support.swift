import AWSConfig
import Foundation
import Testing

/// Both files parsed and merged the way `ProfileResolver` sees them; nil file = absent.
func resolver(config: String?, credentials: String? = nil) throws -> ProfileResolver {
    ProfileResolver(
        config: try config.map { try ConfigFile(parsing: $0, kind: .config) },
        credentials: try credentials.map { try ConfigFile(parsing: $0, kind: .credentials) })
}

/// Every profile's merged values.
func profileMap(_ resolver: ProfileResolver) -> [String: [String: ConfigValue]] {
    Dictionary(uniqueKeysWithValues: resolver.profileNames.map { ($0, resolver.profile($0)!.raw) })
}

/// The error a parse throws, or nil.
func parseError(_ text: String, kind: ConfigFile.Kind = .config) -> ConfigError? {
    do {
        _ = try ConfigFile(parsing: text, kind: kind)
        return nil
    } catch {
        return error
    }
}

/// A small deterministic generator (SplitMix64) so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A fresh directory under the system temporary directory, removed by `cleanup`.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("awsconfig-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Random INI-ish files built from lines that exercise configparser's corners.
enum ConfigGenerator {
    static let headers = [
        "[default]", "[profile a]", "[profile  a]", "[profile \"a\"]", "[profile default]", "[ profile b]",
        "[profilex c]", "[sso-session s]", "[services x]", "[DEFAULT]", "[other]", "[profile 'q r']",
        "[profile a b]", "[profile \"unclosed]", "[Default]", "[profile c] # trailing", "  [profile d]",
        "[profile e]]", "[profile\tf]", "[profile g\\ h]", "[profile \"\"]", "[profile]", "[profile ü]",
    ]
    static let lines = [
        "region = us-east-1", "Region: eu-west-1", "output=json", "k = value # not a comment", "; comment",
        "# comment", "   # indented comment", "", "   ", "  continued", "\tcontinued after tab", "s3 =",
        "  max_concurrent_requests = 10", "  addressing_style=path", "  bad nested line", "x = %(interp)s",
        "novalue", "= orphan", "key :value", "y = a=b:c", "[", "[]", "aws_access_key_id = AKIAEXAMPLE",
        "aws_secret_access_key = secret", "role_arn = arn:aws:iam::123456789012:role/r", "source_profile = a",
        "ключ = значение", "z = x\u{2028}y", "\u{0B}", "  \u{0C}  ", "\u{A0}w = nbsp-indented", "v = trailing   ",
        "    deep = 1", "  : colon first", "t = \"quoted\"", "u = 'single'", "m = multi\\", "n = tab\there",
        "MixedCase = 1", "mixedcase = 2", "sso_session = s", "duration_seconds = 3600", "e =",
    ]
    static let newlines = ["\n", "\n", "\n", "\r\n", "\r"]

    static func file(_ rng: inout SeededGenerator) -> String {
        var text = ""
        if Int.random(in: 0..<20, using: &rng) == 0 { text += lines.randomElement(using: &rng)! + "\n" }
        for _ in 0..<Int.random(in: 0...5, using: &rng) {
            text += headers.randomElement(using: &rng)! + newlines.randomElement(using: &rng)!
            for _ in 0..<Int.random(in: 0...6, using: &rng) {
                text += lines.randomElement(using: &rng)! + newlines.randomElement(using: &rng)!
            }
        }
        if Bool.random(using: &rng), text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
