import AWSConfig
import Testing

@testable import VaultKit

/// The pure part of `vault add --import`: finding plaintext keys and removing their lines.
struct MigrationTests {
    static let id = "AKIAIOSFODNN7EXAMPLE", secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let keyLines = "aws_access_key_id = \(id)\naws_secret_access_key = \(secret)\n"

    func sources(credentials: String?, config: String? = nil) throws -> PlaintextSources {
        PlaintextSources(
            credentials: try credentials.map { try ConfigFile(parsing: $0, kind: .credentials) },
            config: try config.map { try ConfigFile(parsing: $0, kind: .config) },
            credentialsPath: "/h/.aws/credentials", configPath: "/h/.aws/config")
    }

    @Test func findsKeysInEitherFileAndRefusesWhatCannotMove() throws {
        let files = try sources(
            credentials:
                "[a]\n\(Self.keyLines)[temp]\n\(Self.keyLines)aws_session_token = t\n[half]\naws_access_key_id = \(Self.id)\n[none]\nregion = x\n",
            config: "[profile c]\n\(Self.keyLines)[profile a]\n\(Self.keyLines)")
        #expect(files.profilesWithKeys == ["a", "temp", "half", "c"])
        #expect(
            try files.find("a") == PlaintextKeys(profile: "a", accessKeyID: Self.id, kinds: [.credentials, .config]))
        #expect(try files.find("c").kinds == [.config])
        #expect(throws: VaultError.self) { try files.find("temp") }
        #expect(throws: VaultError.self) { try files.find("half") }
        #expect(throws: VaultError.self) { try files.find("none") }
        #expect(files.missing("cc").hint.contains("'c'"))
    }

    @Test func differentKeysInTheTwoFilesAreRefused() throws {
        let other = "aws_access_key_id = \(Self.id)\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEX\n"
        let files = try sources(credentials: "[a]\n\(Self.keyLines)", config: "[profile a]\n\(other)")
        #expect(throws: VaultError.self) { try files.find("a") }
    }

    @Test func malformedSecretIsRefusedWithoutShowingIt() throws {
        let files = try sources(
            credentials: "[a]\naws_access_key_id = \(Self.id)\naws_secret_access_key = \"quoted\"\n")
        do throws(VaultError) {
            _ = try files.find("a")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.problem.contains("got 8"))
            #expect(!error.problem.contains("quoted"))
        }
    }

    @Test func removingKeepsEveryOtherLineAndLineEnding() throws {
        let keys = crlf(Self.keyLines)
        let text = "# top\r\n[a]\r\n; note\r\n" + keys + "region = x\r\n\r\n[b]\r\n" + keys
        let edit = try PlaintextSources.removingKeys(of: ["a"], from: text, kind: .credentials, path: "p")
        #expect(edit.text == "# top\r\n[a]\r\n; note\r\nregion = x\r\n\r\n[b]\r\n" + keys)
        #expect(edit.sectionRemoved.isEmpty)
    }

    @Test func anEmptiedSectionGoesUnlessItMustStay() throws {
        let text = "[a]\n\(Self.keyLines)\n[b]\nregion = x\n"
        let dropped = try PlaintextSources.removingKeys(of: ["a"], from: text, kind: .credentials, path: "p")
        #expect(dropped.text == "[b]\nregion = x\n")
        #expect(dropped.sectionRemoved == ["a"])
        let kept = try PlaintextSources.removingKeys(
            of: ["a"], keepingSectionOf: ["a"], from: text, kind: .credentials, path: "p")
        #expect(kept.text == "[a]\n\n[b]\nregion = x\n")
        #expect(kept.sectionRemoved.isEmpty)
    }

    @Test func keysInheritedFromDefaultAreRefused() throws {
        let text = "[DEFAULT]\n\(Self.keyLines)[a]\nregion = x\n"
        #expect(throws: VaultError.self) {
            try PlaintextSources.removingKeys(of: ["a"], from: text, kind: .credentials, path: "p")
        }
    }

    @Test func physicalLinesSplitLikePython() {
        #expect(PlaintextSources.physicalLines("a\nb\r\nc\rd") == ["a\n", "b\r\n", "c\r", "d"])
        #expect(PlaintextSources.physicalLines("") == [])
        #expect(PlaintextSources.isSubsequence(["a\n", "c\n"], of: ["a\n", "b\n", "c\n"]))
        #expect(!PlaintextSources.isSubsequence(["c\n", "a\n"], of: ["a\n", "b\n", "c\n"]))
    }

    func crlf(_ text: String) -> String {
        text.unicodeScalars.map { $0 == "\n" ? "\r\n" : String($0) }.joined()
    }

    @Test func sameTextComparesWholeStrings() {
        #expect(sameText("abc", "abc"))
        #expect(!sameText("abc", "abd"))
        #expect(!sameText("abc", "ab"))
    }
}
