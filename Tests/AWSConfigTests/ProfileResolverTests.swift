import AWSConfig
import Testing

/// Role chains as botocore's `AssumeRoleProvider` builds them (credentials.py).
@Suite struct ProfileResolverTests {
    let keys = "aws_access_key_id = AKIA\naws_secret_access_key = s\n"

    @Test func aProfileWithoutARoleIsItsOwnRoot() throws {
        let chain = try resolver(config: "[profile dev]\nregion = eu-west-1\nmfa_serial = arn:mfa\n").resolve("dev")
        #expect(chain.root.name == "dev")
        #expect(chain.hops.isEmpty)
        #expect(chain.profile.region == "eu-west-1")
        #expect(chain.root.mfaSerial == "arn:mfa")
        #expect(!chain.isRoleChaining)
    }

    @Test func hopsRunFromTheRootToTheRequestedProfile() throws {
        let config = """
            [profile base]
            [profile admin]
            role_arn = arn:aws:iam::2:role/admin
            source_profile = base
            mfa_serial = arn:aws:iam::1:mfa/me
            mfa_process = ykman oath accounts code -s aws
            [profile deep]
            role_arn = arn:aws:iam::3:role/deep
            source_profile = admin
            duration_seconds = 7200
            external_id = ext
            role_session_name = me
            """
        let chain = try resolver(config: config, credentials: "[base]\n" + keys).resolve("deep")
        #expect(chain.root.name == "base")
        #expect(chain.root.hasStaticKeysInCredentialsFile && !chain.root.hasStaticKeysInConfig)
        #expect(
            chain.hops == [
                RoleHop(
                    profile: "admin", roleARN: "arn:aws:iam::2:role/admin", mfaSerial: "arn:aws:iam::1:mfa/me",
                    mfaProcess: "ykman oath accounts code -s aws", durationSeconds: nil, externalID: nil,
                    roleSessionName: nil),
                RoleHop(
                    profile: "deep", roleARN: "arn:aws:iam::3:role/deep", mfaSerial: nil, mfaProcess: nil,
                    durationSeconds: 7200, externalID: "ext", roleSessionName: "me"),
            ])
        #expect(chain.isRoleChaining)
        #expect(chain.issues == [.chainedDurationTooLong(profile: "deep", durationSeconds: 7200)])
    }

    @Test func aSourceWithKeysIsTheRootEvenWithARole() throws {
        let config =
            "[profile a]\nrole_arn = arn:a\nsource_profile = b\n[profile b]\nrole_arn = arn:b\nsource_profile = c\n[profile c]\n"
        let chain = try resolver(config: config, credentials: "[b]\naws_access_key_id = AKIA\n").resolve("a")
        #expect(chain.root.name == "b")
        #expect(chain.hops.map(\.profile) == ["a"])
        #expect(chain.issues == [.sourceRoleIgnored(profile: "b", roleARN: "arn:b")])
    }

    /// Found by fuzzing (Vault/fuzz/regressions/ini): a chain issue quoted the config verbatim.
    @Test func aChainIssueQuotesConfigTextOnOneBoundedLine() throws {
        let long = String(repeating: "b", count: 1_000)
        let config =
            "[profile a]\nrole_arn = arn:a\nsource_profile = \(long)\n[profile \(long)]\nrole_arn = arn:\u{6}\u{1B}[2J\u{202E}x\n"
        let chain = try resolver(config: config, credentials: "[\(long)]\naws_access_key_id = AKIA\n").resolve("a")
        let problem = try #require(chain.issues.first).problem
        #expect(problem.contains("arn:\\u{6}\\u{1b}[2J\\u{202e}x"))
        #expect(!problem.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x202E })
        #expect(problem.count < 300)
    }

    @Test func theRequestedProfileAssumesItsRoleEvenWithKeys() throws {
        let config = "[profile a]\nrole_arn = arn:a\nsource_profile = b\n\(keys)[profile b]\n"
        let chain = try resolver(config: config).resolve("a")
        #expect(chain.root.name == "b")
        #expect(chain.hops.map(\.roleARN) == ["arn:a"])
    }

    @Test func aProfileMaySourceItselfWhenItHasKeys() throws {
        let chain = try resolver(config: "[profile a]\nrole_arn = arn:a\nsource_profile = a\n\(keys)").resolve("a")
        #expect(chain.root.name == "a")
        #expect(chain.hops.map(\.profile) == ["a"])
        #expect(chain.issues.isEmpty)
        #expect(chain.root.hasStaticKeysInConfig)
    }

    @Test func cyclesAreNamedInFull() throws {
        #expect(throws: ConfigError.sourceProfileCycle(["a", "a"])) {
            try resolver(config: "[profile a]\nrole_arn = arn:a\nsource_profile = a\n").resolve("a")
        }
        let loop = """
            [profile top]
            role_arn = arn:t
            source_profile = b
            [profile b]
            role_arn = arn:b
            source_profile = c
            [profile c]
            role_arn = arn:c
            source_profile = b
            """
        #expect(throws: ConfigError.sourceProfileCycle(["b", "c", "b"])) { try resolver(config: loop).resolve("top") }
    }

    @Test func longChainsStop() throws {
        var config = "[profile p0]\n"
        for index in 1...20 {
            config += "[profile p\(index)]\nrole_arn = arn:\(index)\nsource_profile = p\(index - 1)\n"
        }
        let resolver = try resolver(config: config)
        #expect(try resolver.resolve("p16").hops.count == 16)
        #expect(throws: ConfigError.chainTooLong((1...17).reversed().map { "p\($0)" })) { try resolver.resolve("p17") }
    }

    @Test func missingAndAbsentSources() throws {
        #expect(throws: ConfigError.missingSourceProfile(profile: "a", source: "nope")) {
            try resolver(config: "[profile a]\nrole_arn = arn:a\nsource_profile = nope\n").resolve("a")
        }
        #expect(throws: ConfigError.noSourceProfile(profile: "a")) {
            try resolver(config: "[profile a]\nrole_arn = arn:a\n").resolve("a")
        }
    }

    @Test(arguments: [
        ("role_arn = arn:a\ncredential_source = Ec2InstanceMetadata\n", "credential_source"),
        ("role_arn = arn:a\nsource_profile = b\nweb_identity_token_file = /t\n", "web_identity_token_file"),
        ("sso_session = corp\nregion = x\n", "sso_session"),
        ("sso_start_url = https://x\n", "sso_start_url"),
        ("login_session = x\n", "login_session"),
    ])
    func unsupportedSourcesNameTheKey(body: String, key: String) throws {
        let resolver = try resolver(config: "[profile a]\n\(body)[profile b]\n")
        #expect(throws: ConfigError.unsupported(profile: "a", key: key)) { try resolver.resolve("a") }
    }

    @Test func ssoKeysOnARoleProfileAreIgnoredLikeBotocore() throws {
        let chain = try resolver(
            config: "[profile a]\nrole_arn = arn:a\nsource_profile = b\nsso_region = x\n[profile b]\n"
        ).resolve("a")
        #expect(chain.root.name == "b")
    }

    @Test(arguments: [
        ("duration_seconds = 899", "duration_seconds", "899"),
        ("duration_seconds = 43201", "duration_seconds", "43201"),
        ("duration_seconds = 1h", "duration_seconds", "1h"), ("duration_seconds = +900", "duration_seconds", "+900"),
        ("role_arn =", "role_arn", ""), ("mfa_serial = arn:mfa\n  oops", "mfa_serial", "arn:mfa\noops"),
    ])
    func unusableValuesAreReported(line: String, key: String, value: String) throws {
        var body = "source_profile = b\n\(line)\n"
        if key != "role_arn" { body += "role_arn = arn:a\n" }
        let resolver = try resolver(config: "[profile a]\n\(body)[profile b]\n")
        let error = #expect(throws: ConfigError.self) { try resolver.resolve("a") }
        guard case .invalidValue("a", key, value, _)? = error else {
            Issue.record("expected invalidValue for \(key), got \(String(describing: error))")
            return
        }
    }

    @Test func durationBoundsAreInclusive() throws {
        for seconds in [900, 43200] {
            let config =
                "[profile a]\nrole_arn = arn:a\nsource_profile = b\nduration_seconds = \(seconds)\n[profile b]\n"
            #expect(try resolver(config: config).resolve("a").hops.first?.durationSeconds == seconds)
        }
    }

    @Test func credentialsValuesOverrideConfigValuesKeyByKey() throws {
        let resolver = try resolver(
            config: "[default]\nregion = a\nk = config\n", credentials: "[default]\nk = creds\n[extra]\n")
        #expect(resolver.profile("default")?.raw == ["region": .string("a"), "k": .string("creds")])
        #expect(resolver.profileNames == ["default", "extra"])
        #expect(!resolver.profile("default")!.hasStaticKeys)
    }

    @Test func unknownProfilesSuggestCloseNames() throws {
        let resolver = try resolver(
            config: "[profile production]\n[profile prod-admin]\n[profile dev]\n[profile Staging]\n")
        #expect(throws: ConfigError.unknownProfile(name: "prod", suggestions: ["prod-admin", "production"])) {
            try resolver.resolve("prod")
        }
        #expect(resolver.suggestions(for: "deb") == ["dev"])
        #expect(resolver.suggestions(for: "staging") == ["Staging"])
        #expect(resolver.suggestions(for: "zzzzzz").isEmpty)
    }

    @Test func errorsExplainThemselvesInTwoLines() {
        let errors: [ConfigError] = [
            .malformed(file: .config, line: 3, reason: "r"), .unknownProfile(name: "x", suggestions: []),
            .unknownProfile(name: "x", suggestions: ["y"]), .sourceProfileCycle(["a", "a"]),
            .missingSourceProfile(profile: "a", source: "b"), .noSourceProfile(profile: "a"),
            .unsupported(profile: "a", key: "sso_session"),
            .invalidValue(profile: "a", key: "k", value: "v", reason: "r"),
            .chainTooLong(["a", "b"]),
        ]
        for error in errors {
            #expect(!error.problem.isEmpty && !error.problem.contains("\n"))
            #expect(!error.hint.isEmpty && !error.hint.contains("\n"))
        }
        #expect(ConfigError.unknownProfile(name: "x", suggestions: ["y", "z"]).hint == "did you mean \"y\", \"z\"?")
    }
}
