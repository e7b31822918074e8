import AWSConfig
import Testing

/// configparser's rules as botocore applies them (configloader.py `raw_config_parse`).
@Suite struct ConfigFileTests {
    private func values(_ text: String, _ profile: String = "default", kind: ConfigFile.Kind = .config) throws
        -> [String: ConfigValue]
    {
        try #require(try ConfigFile(parsing: text, kind: kind).profile(named: profile))
    }

    @Test func equalsAndColonDelimitKeysAndBothSidesAreStripped() throws {
        let v = try values("[default]\n  region =  us-east-1  \nOUTPUT:json\nurl = https://x:443/a=b\n")
        #expect(v == ["region": .string("us-east-1"), "output": .string("json"), "url": .string("https://x:443/a=b")])
    }

    @Test func keysAreLowerCasedButSectionNamesAreNot() throws {
        let file = try ConfigFile(parsing: "[Default]\nA=1\n[profile Dev]\nRole_ARN = x\n", kind: .config)
        #expect(file.profileNames == ["Dev"])
        #expect(file.profile(named: "Dev") == ["role_arn": .string("x")])
    }

    @Test func fullLineCommentsAreSkippedButInlineOnesAreKept() throws {
        let v = try values("# c\n; c\n[default]\n   # indented\nregion = us-east-1 # primary\nout = a ; b\n")
        #expect(v == ["region": .string("us-east-1 # primary"), "out": .string("a ; b")])
    }

    @Test func deeperIndentedLinesContinueTheValue() throws {
        let v = try values("[default]\nk = one\n  two\n\n# note\n\tthree\n\n")
        #expect(v == ["k": .string("one\ntwo\n\nthree")])
    }

    @Test func anIndentedHeaderAfterAKeyIsPartOfItsValue() throws {
        let file = try ConfigFile(parsing: "[default]\na = 1\n  [profile x]\n", kind: .config)
        #expect(file.profileNames == ["default"])
        #expect(file.profile(named: "default") == ["a": .string("1\n[profile x]")])
    }

    @Test func anEmptyValueWithIndentedPairsIsASubsection() throws {
        let v = try values(
            "[default]\ns3 =\n  Max_Concurrent_Requests = 10\n  addressing_style=path\n  addressing_style = virtual\n")
        #expect(v == ["s3": .subsection(["Max_Concurrent_Requests": "10", "addressing_style": "virtual"])])
        #expect(v["s3"]?.stringValue == nil)
    }

    @Test func aSubsectionLineWithoutEqualsIsAnError() {
        #expect(
            parseError("[default]\ns3 =\n  a: 1\n")
                == .malformed(
                    file: .config, line: 2,
                    reason: "the indented lines under s3 must each be `name = value` (found \"a: 1\")"))
    }

    @Test func percentSignsAreNotInterpolated() throws {
        #expect(try values("[default]\nk = %(x)s 100%\n") == ["k": .string("%(x)s 100%")])
    }

    @Test func lineEndingsCRLFAndCRAreAccepted() throws {
        #expect(try values("[default]\r\nregion = x\r\n  y\r[profile a]\rk=v") == ["region": .string("x\ny")])
    }

    @Test func repeatedSectionsAndKeysAreErrorsAsInStrictConfigparser() {
        #expect(
            parseError("[default]\na=1\n[default]\nb=2\n")
                == .malformed(file: .config, line: 3, reason: "section [default] appears more than once"))
        #expect(
            parseError("[default]\nRegion=1\nregion=2\n")
                == .malformed(file: .config, line: 3, reason: "key region appears more than once in section [default]"))
    }

    @Test func linesBeforeAnyHeaderAreAnError() {
        #expect(
            parseError("region = x\n[default]\n")
                == .malformed(file: .config, line: 1, reason: "text appears before the first [section] header"))
        #expect(parseError("# fine\n\n[default]\n") == nil)
    }

    @Test func aByteOrderMarkIsRejectedWithAClearReason() {
        #expect(
            parseError("\u{FEFF}[default]\n")
                == .malformed(
                    file: .config, line: 1,
                    reason: "the file starts with a UTF-8 byte-order mark, which the AWS CLI does not accept"))
    }

    @Test func invalidUTF8NamesTheLine() {
        let bytes = Array("[default]\r\nregion = x\n".utf8) + [0xC3, 0x28]
        #expect(throws: ConfigError.malformed(file: .credentials, line: 3, reason: "the file is not valid UTF-8")) {
            try ConfigFile(parsing: bytes, kind: .credentials)
        }
    }

    @Test func linesThatAreNeitherKeyNorHeaderAreErrors() {
        #expect(
            parseError("[default]\nword\n")
                == .malformed(file: .config, line: 2, reason: "expected `key = value`, a [section] header or a comment")
        )
        #expect(
            parseError("[default]\n= v\n")
                == .malformed(file: .config, line: 2, reason: "the line has a value but no key before `=`"))
        #expect(parseError("[default]\n[]\n") != nil)
    }

    @Test func defaultSectionValuesAreInheritedByEverySection() throws {
        let file = try ConfigFile(
            parsing: "[DEFAULT]\nregion = d\n[default]\nregion = own\n[profile a]\n", kind: .config)
        #expect(file.profile(named: "default") == ["region": .string("own")])
        #expect(file.profile(named: "a") == ["region": .string("d")])
        #expect(file.sections.map(\.header) == ["default", "profile a"])
    }

    @Test func configSectionsMapToProfilesAsBotocoreDoes() throws {
        let text = """
            [default]
            [profile a]
            [profile "b c"]
            [profilex d]
            [profile e f]
            [profile]
            [ profile g]
            [sso-session s]
            [services s]
            [plugins]
            [profile "unclosed]
            """
        #expect(try ConfigFile(parsing: text, kind: .config).profileNames == ["a", "b c", "d", "default"])
    }

    @Test func theLaterOfDefaultAndProfileDefaultWinsWhole() throws {
        #expect(try values("[default]\nregion = a\nx = 1\n[profile default]\nregion = b\n") == ["region": .string("b")])
        #expect(
            try values("[profile default]\nregion = b\n[default]\nregion = a\nx = 1\n") == [
                "region": .string("a"), "x": .string("1"),
            ])
    }

    @Test func everyCredentialsSectionIsAProfileNamedAsWritten() throws {
        let file = try ConfigFile(parsing: "[default]\n[profile x]\n[dev]\n", kind: .credentials)
        #expect(file.profileNames == ["default", "dev", "profile x"])
    }

    @Test func headerTextAfterTheLastBracketIsIgnored() throws {
        let file = try ConfigFile(parsing: "[profile a] # note\n[profile b]]\n", kind: .config)
        #expect(file.profileNames == ["a", "b]"])
    }
}
