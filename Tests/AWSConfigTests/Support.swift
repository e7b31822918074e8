import AWSConfig
import Foundation
import TestSupport
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

    /// Lines that always make configparser fail, or that repeat another line's key.
    static let fatal: Set<String> = ["novalue", "= orphan", "[", "[]", "Region: eu-west-1", "mixedcase = 2"]

    /// A random file; a `clean` one has no always-fatal line and repeats no header or line, so
    /// that most parse and the comparison covers values, not just errors.
    static func file(_ rng: inout SplitMix64, clean: Bool = false) -> String {
        var text = ""
        if !clean && Int.random(in: 0..<20, using: &rng) == 0 { text += lines.randomElement(using: &rng)! + "\n" }
        var headerPool = headers.shuffled(using: &rng)
        for _ in 0..<Int.random(in: 0...5, using: &rng) {
            let header = clean ? headerPool.removeLast() : headers.randomElement(using: &rng)!
            text += header + newlines.randomElement(using: &rng)!
            var linePool = lines.filter { !fatal.contains($0) }.shuffled(using: &rng)
            for _ in 0..<Int.random(in: 0...6, using: &rng) {
                let line = clean ? linePool.removeLast() : lines.randomElement(using: &rng)!
                text += line + newlines.randomElement(using: &rng)!
            }
        }
        if Bool.random(using: &rng), text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}

/// Writes each case's files to `<temporary directory>/<name>/config` and `.../credentials`.
func writeCases(_ cases: [(name: String, config: [UInt8]?, credentials: [UInt8]?)]) throws -> URL {
    let directory = try makeTemporaryDirectory()
    for item in cases {
        let caseDirectory = directory.appendingPathComponent(item.name)
        try FileManager.default.createDirectory(at: caseDirectory, withIntermediateDirectories: true)
        if let config = item.config { try Data(config).write(to: caseDirectory.appendingPathComponent("config")) }
        if let credentials = item.credentials {
            try Data(credentials).write(to: caseDirectory.appendingPathComponent("credentials"))
        }
    }
    return directory
}

/// Runs `botocore_profiles.py` with `arguments` and returns its JSON. Missing python3 or
/// botocore fails the calling test.
func runBotocore(_ arguments: [String]) throws -> [String: Any] {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "botocore_profiles.py")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["PYTHONUTF8"] = "1"  // read files as UTF-8 whatever the locale
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    try #require(
        process.terminationStatus == 0,
        "python3 with botocore is required for this test (exit \(process.terminationStatus)): \(errorText)")
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}
