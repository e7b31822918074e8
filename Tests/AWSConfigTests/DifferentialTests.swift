import AWSConfig
import Foundation
import TestSupport
import Testing

/// Compares every profile this module reads with what botocore itself reads from the same files,
/// through `botocore_profiles.py`. It fails (does not skip) when python3 or botocore is missing.
@Suite struct DifferentialTests {
    struct Case {
        var name: String
        var config: [UInt8]?
        var credentials: [UInt8]? = nil
        init(_ name: String, config: String?, credentials: String? = nil) {
            self.name = name
            self.config = config.map { Array($0.utf8) }
            self.credentials = credentials.map { Array($0.utf8) }
        }
        init(_ name: String, configBytes: [UInt8]) {
            self.name = name
            config = configBytes
        }
    }

    static let handwritten: [Case] = [
        Case("basic", config: "[default]\nregion = us-east-1\noutput = json\n\n[profile dev]\nregion = eu-west-1\n"),
        Case("colon", config: "[default]\nregion: us-west-2\nkey :value\n"),
        Case("comments", config: "# top\n; top\n[default]\n# c\n  # indented c\n; c\nregion = x\n"),
        Case("inline-comment-kept", config: "[default]\nregion = us-east-1 # primary\nout = json ; x\n"),
        Case("continuation", config: "[default]\nk = first\n  second\n\tthird\n"),
        Case("continuation-blank-lines", config: "[default]\nk = a\n\n\n  b\n\n[profile x]\ny = 1\n"),
        Case("continuation-comment-between", config: "[default]\nk = a\n# c\n  b\n"),
        Case("nested", config: "[default]\ns3 =\n  max_concurrent_requests = 10\n  addressing_style = path\n"),
        Case("nested-with-blank", config: "[default]\ns3 =\n\n  a = 1\n\n  b=2\n"),
        Case("nested-colon-error", config: "[default]\ns3 =\n  a: 1\n"),
        Case("nested-case", config: "[default]\nS3 =\n  Max = 10\n  max = 11\n"),
        Case("empty-value", config: "[default]\nk =\nj=\n"),
        Case("empty-then-blank", config: "[default]\nk =\n\n\n[profile a]\nx=1\n"),
        Case("crlf", config: "[default]\r\nregion = x\r\n\r\n[profile a]\r\ns3 =\r\n  k = v\r\n"),
        Case("cr-only", config: "[default]\rregion = x\r  more\r[profile a]\rk=v\r"),
        Case("mixed-newlines", config: "[default]\nregion = x\r\n[profile a]\rk=v"),
        Case("no-final-newline", config: "[default]\nregion = x"),
        Case("odd-whitespace", config: "  [default]  \n\t region\t=\t x \t\n  [profile a]\n   k   :   v  \n"),
        Case("indented-keys", config: "[default]\n    a = 1\n  b = 2\nc = 3\n"),
        Case("deeper-after-key", config: "[default]\na = 1\n  b = 2\n"),
        Case("header-as-continuation", config: "[default]\na = 1\n  [profile x]\n  y = 2\n"),
        Case("duplicate-section", config: "[default]\na = 1\n[default]\nb = 2\n"),
        Case("duplicate-key", config: "[default]\na = 1\na = 2\n"),
        Case("duplicate-key-case", config: "[default]\nRegion = 1\nregion = 2\n"),
        Case("profile-default-after", config: "[default]\nregion = a\nx = 1\n[profile default]\nregion = b\n"),
        Case("profile-default-before", config: "[profile default]\nregion = b\n[default]\nregion = a\n"),
        Case("same-profile-two-spellings", config: "[profile a]\nk = 1\n[profile  a]\nj = 2\n[profile \"a\"]\ni = 3\n"),
        Case(
            "non-profile-sections",
            config:
                "[foo]\na=1\n[sso-session s]\nsso_region=x\n[services s]\ns3 =\n  endpoint_url = x\n[preview]\ncf=true\n"
        ),
        Case(
            "profile-prefix-quirk",
            config: "[profilex dev]\na=1\n[profile]\nb=2\n[profile a b]\nc=3\n[ profile d]\nd=4\n"),
        Case(
            "profile-quoting",
            config: "[profile \"q r\"]\na=1\n[profile 'x y']\nb=2\n[profile g\\ h]\nc=3\n[profile \"bad]\nd=4\n"),
        Case("header-trailing-text", config: "[profile a] # a comment\nk=1\n[profile b]]\nj=2\n"),
        Case(
            "DEFAULT-section",
            config: "[DEFAULT]\nregion = d\nout = o\n[default]\nregion = mine\n[profile a]\n[sso-session s]\n"),
        Case("DEFAULT-twice", config: "[DEFAULT]\na = 1\n[profile a]\n[DEFAULT]\nb = 2\n"),
        Case("DEFAULT-nested-error", config: "[DEFAULT]\ns3 =\n  bad\n[profile a]\n"),
        Case("missing-header", config: "region = x\n[default]\n"),
        Case("bom", config: "\u{FEFF}[default]\nregion = x\n"),
        Case("no-delimiter", config: "[default]\njustaword\n"),
        Case("empty-key", config: "[default]\n= value\n"),
        Case("interpolation-off", config: "[default]\nk = %(x)s and 100%\n"),
        Case("unicode", config: "[profile ü]\nключ = значение\nz = x\u{2028}y\n"),
        Case("unicode-lowercase", config: "[default]\nΣΑΣ = 1\nΑΣ\u{0301} = 5\nΑΣ.Σ = 6\nİx = 2\nǅ = 3\nẞ = 4\n"),
        Case("nbsp-indent", config: "[default]\na = 1\n\u{A0}b = 2\n"),
        Case("vt-ff", config: "[default]\na = 1\n\u{0B}\n  \u{0C}\n  b\n"),
        Case("empty-file", config: ""),
        Case("only-comments", config: "# nothing\n\n; here\n"),
        Case("invalid-utf8", configBytes: Array("[default]\nregion = ".utf8) + [0xFF, 0x0A]),
        Case(
            "credentials-merge", config: "[default]\nregion = a\nk = config\n[profile p]\nx=1\n",
            credentials: "[default]\nk = creds\naws_access_key_id = AKIA\n[p]\ny=2\n[profile q]\nz=3\n"),
        Case("credentials-only", config: nil, credentials: "[dev]\naws_access_key_id = A\naws_secret_access_key = S\n"),
        Case("credentials-DEFAULT", config: nil, credentials: "[DEFAULT]\nregion = r\n[a]\n[b]\nregion = own\n"),
        Case("credentials-broken", config: "[default]\n", credentials: "[a]\nk\n"),
        Case(
            "role-chain",
            config: """
                [profile base]
                mfa_serial = arn:aws:iam::1:mfa/me
                [profile admin]
                role_arn = arn:aws:iam::2:role/admin
                source_profile = base
                duration_seconds = 3600
                [profile deeper]
                role_arn = arn:aws:iam::3:role/x
                source_profile = admin
                external_id = ext
                role_session_name = me
                """, credentials: "[base]\naws_access_key_id = AKIA\naws_secret_access_key = s\n"),
    ]

    @Test func handwrittenCasesMatchBotocore() throws {
        #expect(Self.handwritten.count >= 40)
        try compare(Self.handwritten)
    }

    @Test func generatedCasesMatchBotocore() throws {
        var rng = SplitMix64(seed: 0xB070C0)
        var cases: [Case] = []
        for index in 0..<600 {
            let clean = index % 2 == 1
            let config = ConfigGenerator.file(&rng, clean: clean)
            let credentials = Bool.random(using: &rng) ? ConfigGenerator.file(&rng, clean: clean) : nil
            cases.append(Case("gen\(index)", config: config, credentials: credentials))
        }
        try compare(cases)
    }

    private func compare(_ cases: [Case]) throws {
        let directory = try writeCases(cases.map { ($0.name, $0.config, $0.credentials) })
        defer { try? FileManager.default.removeItem(at: directory) }
        let expected = try runBotocore([directory.path])
        var successes = 0
        for item in cases {
            let botocore = expected[item.name] as? [String: Any] ?? ["error": "botocore gave no result"]
            let ours = Result { () throws(ConfigError) in
                ProfileResolver(
                    config: try item.config.map { bytes throws(ConfigError) in
                        try ConfigFile(parsing: bytes, kind: .config)
                    },
                    credentials: try item.credentials.map { bytes throws(ConfigError) in
                        try ConfigFile(parsing: bytes, kind: .credentials)
                    })
            }
            let description =
                "case \(item.name):\n\(String(decoding: item.config ?? [], as: UTF8.self).debugDescription)\ncredentials: \(item.credentials.map { String(decoding: $0, as: UTF8.self).debugDescription } ?? "none")"
            switch ours {
            case .failure(let error):
                #expect(
                    botocore["error"] != nil,
                    "we failed (\(error.problem)) where botocore read \(botocore) — \(description)")
            case .success(let resolver):
                guard let profiles = botocore["profiles"] as? [String: Any] else {
                    Issue.record(
                        "botocore failed (\(botocore["error"] ?? "?")) where we read \(profileMap(resolver)) — \(description)"
                    )
                    continue
                }
                successes += 1
                #expect(profileMap(resolver) == Self.convert(profiles), "\(description)")
            }
        }
        // The generated cases must not be nearly all errors, or they test little.
        #expect(successes * 4 >= cases.count, "only \(successes) of \(cases.count) cases parsed")
    }

    private static func convert(_ profiles: [String: Any]) -> [String: [String: ConfigValue]] {
        profiles.mapValues { values in
            ((values as? [String: Any]) ?? [:]).mapValues { value -> ConfigValue in
                if let text = value as? String { return .string(text) }
                return .subsection((value as? [String: String]) ?? ["<unexpected>": "\(value)"])
            }
        }
    }
}
