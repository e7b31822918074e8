import AWSConfig
import TestSupport
import Testing

@Suite struct ConfigEditorTests {
    let original = """
        # Managed by hand.
        [default]
        region = us-east-1   
        Output:json

        ; prod below
        [profile prod]
        role_arn = arn:aws:iam::1:role/old
          continued-by-mistake
        source_profile = default
        s3 =
          max_concurrent_requests = 10

        [sso-session corp]
        sso_region = eu-west-1
        """

    /// Line contents as Python's universal-newline reader splits them.
    private func universalLines(_ text: String) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                result.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { result.append(String(current)) }
        return result
    }

    @Test func setReplacesInPlaceAndKeepsEveryOtherLineByteForByte() throws {
        var editor = ConfigEditor(text: original, kind: .config)
        try editor.set(
            [(key: "Role_ARN", value: "arn:aws:iam::1:role/new"), (key: "mfa_serial", value: "arn:mfa")],
            inProfile: "prod")
        let expected =
            original
            .replacingOccurrences(
                of: "role_arn = arn:aws:iam::1:role/old\n  continued-by-mistake\n",
                with: "role_arn = arn:aws:iam::1:role/new\n"
            )
            .replacingOccurrences(
                of: "  max_concurrent_requests = 10\n", with: "  max_concurrent_requests = 10\nmfa_serial = arn:mfa\n")
        #expect(Array(editor.text.utf8) == Array(expected.utf8))
        let profile = try resolver(config: editor.text).profile("prod")!
        #expect(profile.roleARN == "arn:aws:iam::1:role/new")
        #expect(profile.mfaSerial == "arn:mfa")
        #expect(profile.raw["s3"] == .subsection(["max_concurrent_requests": "10"]))
    }

    @Test func setCreatesAMissingSectionAtTheEnd() throws {
        var editor = ConfigEditor(text: original, kind: .config)
        try editor.set(
            [(key: "role_arn", value: "arn:r"), (key: "source_profile", value: "default")], inProfile: "new one")
        #expect(editor.text == original + "\n\n[profile 'new one']\nrole_arn = arn:r\nsource_profile = default\n")
        #expect(try resolver(config: editor.text).profile("new one")?.roleARN == "arn:r")

        var credentials = ConfigEditor(text: "", kind: .credentials)
        try credentials.set([(key: "aws_access_key_id", value: "AKIA")], inProfile: "dev")
        #expect(credentials.text == "[dev]\naws_access_key_id = AKIA\n")
    }

    @Test func aKeyGivenTwiceIsWrittenOnce() throws {
        var editor = ConfigEditor(text: "", kind: .config)
        try editor.set(
            [(key: "region", value: "a"), (key: "out", value: "x"), (key: "Region", value: "b")], inProfile: "p")
        #expect(editor.text == "[profile p]\nregion = b\nout = x\n")
    }

    @Test func setKeepsCRLFAndTheSpellingOfTheLine() throws {
        var editor = ConfigEditor(text: "[default]\r\n  Region:us-east-1\r\n[profile a]\r\nx = 1", kind: .config)
        try editor.set([(key: "region", value: "eu-west-1"), (key: "output", value: "json")], inProfile: "default")
        try editor.set([(key: "y", value: "2")], inProfile: "a")
        #expect(
            editor.text == "[default]\r\n  Region:eu-west-1\r\n  output = json\r\n[profile a]\r\nx = 1\r\ny = 2\r\n")
    }

    @Test func setWritesToTheSectionBotocoreReads() throws {
        var editor = ConfigEditor(text: "[profile default]\nregion = a\n[default]\nregion = b\n", kind: .config)
        try editor.set([(key: "region", value: "c")], inProfile: "default")
        #expect(editor.text == "[profile default]\nregion = a\n[default]\nregion = c\n")
        var spaced = ConfigEditor(text: "[profile  dev]\nregion = a\n", kind: .config)
        try spaced.set([(key: "region", value: "b")], inProfile: "dev")
        #expect(spaced.text == "[profile  dev]\nregion = b\n")
    }

    @Test func aKeyAddedToAnEmptySectionDoesNotSwallowAnIndentedHeader() throws {
        var editor = ConfigEditor(text: "[profile a]\n    [profile b]\n    k = 1\n", kind: .config)
        try editor.set([(key: "x", value: "1")], inProfile: "a")
        #expect(try resolver(config: editor.text).profileNames == ["a", "b"])
        #expect(try resolver(config: editor.text).profile("b")?.raw == ["k": .string("1")])
    }

    @Test(arguments: [
        ("bad\nkey", "v"), ("k", "line\nbreak"), ("k", " padded"), ("a=b", "v"), ("[x]", "v"), ("#k", "v"), ("", "v"),
        ("k", "v\r"),
    ])
    func setRefusesWhatWouldNotReadBack(key: String, value: String) {
        var editor = ConfigEditor(text: original, kind: .config)
        #expect(throws: ConfigError.self) { try editor.set([(key: key, value: value)], inProfile: "prod") }
        #expect(editor.text == original)
    }

    @Test func setRefusesProfileNamesThatCannotBeHeaders() {
        var credentials = ConfigEditor(text: "", kind: .credentials)
        #expect(throws: ConfigError.self) { try credentials.set([(key: "k", value: "v")], inProfile: "DEFAULT") }
        #expect(throws: ConfigError.self) { try credentials.set([(key: "k", value: "v")], inProfile: "") }
        #expect(throws: ConfigError.self) { try credentials.set([(key: "k", value: "v")], inProfile: "a\nb") }
    }

    @Test func removeTakesKeysWithTheirContinuationLines() throws {
        var editor = ConfigEditor(text: original, kind: .config)
        editor.remove(keys: ["ROLE_ARN", "s3", "absent"], fromProfile: "prod")
        let expected =
            original
            .replacingOccurrences(of: "role_arn = arn:aws:iam::1:role/old\n  continued-by-mistake\n", with: "")
            .replacingOccurrences(of: "s3 =\n  max_concurrent_requests = 10\n", with: "")
        #expect(Array(editor.text.utf8) == Array(expected.utf8))
    }

    @Test func removeDropsASectionLeftEmptyButKeepsOneWithComments() {
        let text =
            "[a]\nx = 1\n\n[dev]\naws_access_key_id = A\naws_secret_access_key = S\n\n[b]\ny = 2\n\n[last]\naws_access_key_id = A\n"
        var editor = ConfigEditor(text: text, kind: .credentials)
        editor.remove(keys: ["aws_access_key_id", "aws_secret_access_key"], fromProfile: "dev")
        editor.remove(keys: ["aws_access_key_id"], fromProfile: "last")
        #expect(editor.text == "[a]\nx = 1\n\n[b]\ny = 2\n")

        var commented = ConfigEditor(text: "[dev]\n# keep me\naws_access_key_id = A\n", kind: .credentials)
        commented.remove(keys: ["aws_access_key_id"], fromProfile: "dev")
        #expect(commented.text == "[dev]\n# keep me\n")
    }

    @Test func removeClearsEverySectionOfTheProfile() {
        var editor = ConfigEditor(text: "[default]\nk = 1\nz = 0\n[profile default]\nk = 2\nz = 0\n", kind: .config)
        editor.remove(keys: ["k"], fromProfile: "default")
        #expect(editor.text == "[default]\nz = 0\n[profile default]\nz = 0\n")
    }

    @Test func removeKeepsAnEmptySectionWhoseRemovalWouldChangeTheNextLines() throws {
        let text = "[a]\nx = 1\n[dev]\n      k = 1\n      [b]\ny = 2\n"
        var editor = ConfigEditor(text: text, kind: .credentials)
        editor.remove(keys: ["k"], fromProfile: "dev")
        #expect(editor.text == "[a]\nx = 1\n[dev]\n      [b]\ny = 2\n")
        #expect(try resolver(config: nil, credentials: editor.text).profileNames == ["a", "b", "dev"])
    }

    /// On generated files: setting a key changes exactly that key of that profile, removing drops
    /// exactly those keys, and every line the edit did not touch survives unchanged.
    @Test func editsChangeOnlyWhatTheyNameOnGeneratedFiles() throws {
        var rng = SplitMix64(seed: 42)
        var checked = 0
        for _ in 0..<2500 {
            let text = ConfigGenerator.file(&rng)
            guard let before = try? resolver(config: text) else { continue }
            guard let name = before.profileNames.randomElement(using: &rng) else { continue }
            checked += 1

            var editor = ConfigEditor(text: text, kind: .config)
            try editor.set([(key: "Region", value: "xx-test-1")], inProfile: name)
            let afterSet = try resolver(config: editor.text)
            var expected = profileMap(before)
            expected[name]!["region"] = .string("xx-test-1")
            #expect(
                profileMap(afterSet) == expected,
                "set in \(name):\n\(text.debugDescription)\n->\n\(editor.text.debugDescription)")

            // A new key is one new line; every other line's content is unchanged and in order.
            var inserter = ConfigEditor(text: text, kind: .config)
            try inserter.set([(key: "xx_new_key", value: "v")], inProfile: name)
            #expect(
                universalLines(inserter.text).filter { !$0.contains("xx_new_key") } == universalLines(text),
                "\(text.debugDescription)")
            #expect(universalLines(inserter.text).count == universalLines(text).count + 1)
            #expect(try resolver(config: inserter.text).profile(name)?.raw["xx_new_key"] == .string("v"))

            var remover = ConfigEditor(text: text, kind: .config)
            remover.remove(keys: ["region", "output"], fromProfile: name)
            let afterRemove = try resolver(config: remover.text)
            var removed = profileMap(before)
            removed[name]?["region"] = nil
            removed[name]?["output"] = nil
            // [DEFAULT] values are inherited again once the profile's own are gone.
            if !text.contains("[DEFAULT]") {
                #expect(
                    profileMap(afterRemove).filter { $0.key != name } == removed.filter { $0.key != name },
                    "\(text.debugDescription)")
                #expect(afterRemove.profile(name).map { $0.raw == removed[name] } ?? true, "\(text.debugDescription)")
            }
        }
        #expect(checked > 300)
    }
}
