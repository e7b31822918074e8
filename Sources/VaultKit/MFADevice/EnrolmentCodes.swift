// The two consecutive codes that link a new MFA device: from the terminal, or from stdin lines.
#if canImport(Glibc)
import Glibc
#endif

/// Reads the two codes EnableMFADevice checks: asked on the terminal when stdin is one, else
/// one per line from stdin (a script, or a test driving an authenticator).
struct EnrolmentCodes {
    let context: VaultContext

    func twoCodes() throws(VaultError) -> (String, String) {
        let first = try code("MFA code: ")
        let second = try code("Next MFA code (wait for the app to show a new one): ")
        return (first, second)
    }

    private func code(_ prompt: String) throws(VaultError) -> String {
        let text: String
        if isatty(0) == 1 {
            text = try context.prompter.line(prompt)
        } else {
            let line = try LineReader.readSecretLine(fd: 0, limit: 64)
            guard line.count > 0 else { throw .mfaDevice(.missingCodes) }
            text = line.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        }
        let code = String(text.filter { $0 != " " })
        guard code.utf8.count == 6, code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .mfaDevice(.malformedCode)
        }
        return code
    }
}
