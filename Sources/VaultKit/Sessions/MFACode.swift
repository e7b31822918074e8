// MFA codes: where they come from and what a valid one looks like.
import AWSConfig

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
        // A mistyped code is asked again (the passphrase, asked before, is not).
        var prompt = "Enter MFA code for \(serial): "
        for _ in 1..<3 {
            let answer = try prompter.line(prompt)
            if let code = try? validated(answer, from: "the prompt") { return code }
            prompt = "That is not 6 digits. Enter MFA code for \(serial): "
        }
        return try validated(try prompter.line(prompt), from: "the prompt")
    }

    /// Six ASCII digits; white space anywhere (`123 456`, as apps show it) is ignored.
    static func validated(_ code: String, from source: String) throws(VaultError) -> String {
        let trimmed = String(code.unicodeScalars.filter { !$0.properties.isWhitespace })
        guard trimmed.utf8.count == 6, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw VaultError.sessions(.mfaNotSixDigits(source: source))
        }
        return trimmed
    }
}

extension SessionBroker {
    /// Says so when `--mfa-code` was given for a chain without any `mfa_serial` (issue 19, item 16).
    func warnIfMFACodeUnused(_ request: SessionRequest, _ chain: ResolvedChain) {
        guard request.mfaCode != nil, chain.hops.allSatisfy({ $0.mfaSerial == nil }), chain.profile.mfaSerial == nil,
            chain.root.mfaSerial == nil
        else { return }
        let warning = SessionsError.mfaCodeUnused(profile: request.profile)
        context.notice("warning: \(warning.problem)\nhint: \(warning.hint)")
    }
}
