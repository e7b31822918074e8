// Shell quoting of the values `vault assume --format env` prints for `eval`.
import Foundation
import Testing

@testable import VaultKit

@Suite struct ShellQuotingTests {
    /// What `/bin/sh` makes of `printf %s QUOTED`: the text back, if the quoting holds.
    private func throughTheShell(_ quoted: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "printf %s " + quoted]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// A single quote followed by a combining mark is one Character: a Character-wise replacement
    /// left it unescaped, so a hostile endpoint's region or key id could end the quoting and run code.
    @Test(arguments: [
        "us-east-1'\u{301}; echo injected; echo '", "it's", "'\u{301}'\u{308}", "", "eu-west-1", "$(echo x) `x` \\",
    ])
    func theShellGetsBackExactlyTheText(text: String) throws {
        #expect(try throughTheShell(CredentialOutput.shellQuoted(text)) == text)
    }
}
