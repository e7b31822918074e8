// SecretQuoting writes the bytes the String quoting wrote, so the output does not change.
import Testing
import VaultBase
import VaultCrypto

@testable import VaultKit

@Suite("Quoting a session token in locked memory")
struct SecretQuotingTests {
    static let samples = [
        "", "FQoGZXIvYXdzEXAMPLE/+=", "served-token", "q\"uo\\te", "tab\tnl\ncr\r", "\u{1}\u{1F}\u{7F}",
        "sep\u{2028}par\u{2029}", "é€😀", "it's", "''",
    ]

    func secure(_ text: String) throws -> SecureBytes {
        var bytes = Array(text.utf8)
        return try SecureBytes(takingAndWiping: &bytes)
    }

    func text(_ bytes: borrowing SecureBytes) -> String {
        bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    @Test("JSON: the bytes of JSONValue.quoted", arguments: samples)
    func json(_ sample: String) throws {
        #expect(text(try SecretQuoting.json(secure(sample))) == JSONValue.quoted(sample))
    }

    @Test("shell: the bytes of CredentialOutput.shellQuoted", arguments: samples)
    func shell(_ sample: String) throws {
        #expect(text(try SecretQuoting.shell(secure(sample))) == CredentialOutput.shellQuoted(sample))
    }

    @Test("fish: the bytes of CredentialOutput.fishQuoted", arguments: samples + ["back\\slash\\'", "\\"])
    func fish(_ sample: String) throws {
        #expect(text(try SecretQuoting.fish(secure(sample))) == CredentialOutput.fishQuoted(sample))
    }

    @Test("fish: only ' and \\ are escaped, each with a backslash")
    func fishEscapes() {
        #expect(CredentialOutput.fishQuoted("a'b\\c$d\n") == "'a\\'b\\\\c$d\n'")
    }

    @Test("shell: a quote before a combining mark is escaped too (a String's Character search misses it)")
    func quoteBeforeCombiningMark() throws {
        #expect(text(try SecretQuoting.shell(secure("a'\u{301}b"))) == "'a'\\''\u{301}b'")
    }
}
