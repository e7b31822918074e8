/// Where an MFA code comes from: `--mfa-code`, else the profile's `mfa_process`, else a prompt
/// on the terminal (never on stderr, which `credential_process` callers swallow).
public enum MFACode {
    /// A validated 6-digit code for `serial`.
    static func obtain(serial: String, given: String?, process: MFAProcess?, prompter: any Prompter) throws(VaultError)
        -> String
    {
        if let given { return try validated(given, from: "--mfa-code") }
        if let process { return try validated(try process.firstLine(), from: "mfa_process") }
        guard prompter.canPrompt else {
            throw VaultError.sessions(.mfaCannotAsk(serial: serial))
        }
        return try validated(try prompter.line("Enter MFA code for \(serial): "), from: "the prompt")
    }

    /// Six ASCII digits, surrounding white space ignored.
    static func validated(_ code: String, from source: String) throws(VaultError) -> String {
        let trimmed = code.trimmingSpaces
        guard trimmed.utf8.count == 6, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw VaultError.sessions(.mfaNotSixDigits(source: source))
        }
        return trimmed
    }
}
