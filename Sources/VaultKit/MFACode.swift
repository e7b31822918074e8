#if canImport(Glibc)
import Glibc
#endif

/// Where an MFA code comes from: `--mfa-code`, else the profile's `mfa_process`, else a prompt
/// on the terminal (never on stderr, which `credential_process` callers swallow).
public enum MFACode {
    /// A validated 6-digit code for `serial`.
    static func obtain(serial: String, given: String?, process: String?, prompter: any Prompter) throws(VaultError) -> String {
        if let given { return try validated(given, from: "--mfa-code") }
        if let process { return try validated(try run(process), from: "mfa_process") }
        guard prompter.canPrompt else {
            throw VaultError(
                "an MFA code for \(serial) is needed but vault cannot ask (no terminal, or --no-prompt)",
                hint: "pass --mfa-code CODE, or set mfa_process in the profile to a command that prints the code")
        }
        return try validated(try prompter.line("Enter MFA code for \(serial): "), from: "the prompt")
    }

    /// Six ASCII digits, surrounding white space ignored.
    static func validated(_ code: String, from source: String) throws(VaultError) -> String {
        let trimmed = code.trimmingSpaces
        guard trimmed.utf8.count == 6, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw VaultError("the MFA code from \(source) is not 6 digits", hint: "use the current code your authenticator app shows")
        }
        return trimmed
    }

    /// Runs `command` with /bin/sh; its first line of stdout is the code. stdin and stderr are the
    /// user's (a hardware token may need a touch prompt); nothing secret is in its environment.
    static func run(_ command: String) throws(VaultError) -> String {
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw VaultError("cannot run mfa_process: pipe failed", hint: "check system limits") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
        defer { argv.forEach { free($0) } }
        // The child gets our environment minus VAULT_PASSPHRASE.
        var childEnvironment: [UnsafeMutablePointer<CChar>?] = []
        var entry = environ
        while let pointer = entry.pointee {
            if strncmp(pointer, "VAULT_PASSPHRASE=", 17) != 0 { childEnvironment.append(pointer) }
            entry += 1
        }
        childEnvironment.append(nil)
        let status = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, childEnvironment)
        close(pipeFDs[1])
        guard status == 0 else {
            close(pipeFDs[0])
            throw VaultError("cannot run mfa_process (\(String(cString: strerror(status))))", hint: "check the command in the profile")
        }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while output.count < 4096 {
            let n = buffer.withUnsafeMutableBytes { read(pipeFDs[0], $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            output.append(contentsOf: buffer[0..<n])
        }
        close(pipeFDs[0])
        var exitStatus: Int32 = 0
        while waitpid(pid, &exitStatus, 0) == -1 && errno == EINTR {}
        guard exitStatus & 0x7f == 0, (exitStatus >> 8) & 0xff == 0 else {
            throw VaultError("mfa_process failed (exit status \((exitStatus >> 8) & 0xff))", hint: "run the command yourself to see why: \(command)")
        }
        let firstLine = output.split(separator: 0x0A, omittingEmptySubsequences: false).first ?? []
        return String(decoding: firstLine, as: UTF8.self)
    }
}
