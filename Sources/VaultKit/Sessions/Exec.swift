// `vault exec`'s library half: the child's environment (its secret entries built in locked
// memory), the nesting check and the execve.
#if canImport(Glibc)
import Glibc
#endif
import AWSClient
import VaultCrypto
import VaultStore

/// `vault exec`: replaces this process with the user's command, credentials in its environment.
public enum Exec {
    /// Variables that would make the child use other credentials than the ones vault gives it.
    static let conflicting: Set<String> = [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE", "AWS_CREDENTIAL_EXPIRATION", "AWS_VAULT", "VAULT_PASSPHRASE",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    ]

    /// Where execvp would look for `program`: itself when it has a slash, else each PATH entry.
    static func executableCandidates(_ program: String, path: String) -> [String] {
        if program.contains("/") { return [program] }
        return path.split(separator: ":", omittingEmptySubsequences: false).map { dir in
            (dir.isEmpty ? "." : String(dir)) + "/" + program
        }
    }

    /// `NAME=value` and a NUL in locked memory, `value` copied from a secret.
    static func environmentEntry(_ name: String, _ value: borrowing SecureBytes) throws(VaultError) -> SecureBytes {
        let prefix = Array((name + "=").utf8)
        var entry: SecureBytes
        do { entry = try SecureBytes(count: prefix.count + value.count + 1) } catch {
            throw VaultError.lockedMemory
        }
        value.withUnsafeBytes { secret in
            entry.withUnsafeMutableBytes { out in
                out.copyBytes(from: prefix)
                UnsafeMutableRawBufferPointer(rebasing: out[prefix.count..<(prefix.count + secret.count)]).copyMemory(
                    from: secret)
                out[out.count - 1] = 0
            }
        }
        return entry
    }

    /// execve of each candidate in turn; returns the first error that is not ENOENT, else ENOENT.
    private static func execute(
        _ candidates: [String], _ argv: [UnsafeMutablePointer<CChar>?], _ environment: [UnsafeMutablePointer<CChar>?]
    ) -> Int32 {
        var firstError = ENOENT
        for candidate in candidates {
            execve(candidate, argv, environment)
            if errno != ENOENT && firstError == ENOENT { firstError = errno }
        }
        return firstError
    }

    /// Refuses to run inside another `vault exec` unless forced (nested sessions confuse everyone).
    public static func checkNotNested(environment: [String: String], force: Bool) throws(VaultError) {
        if let outer = environment["AWS_VAULT"], !outer.isEmpty, !force {
            throw VaultError.sessions(.nested(outer: outer))
        }
    }

    /// Execs `command` with the session's credentials. Returns only by throwing. Takes the session:
    /// a caller that kept it would have a release after this call that can never run.
    public static func run(
        _ command: [String], session: consuming Session, profile: String, environment: [String: String],
        extra: [String: String] = [:]
    ) throws(VaultError) -> Never {
        guard let program = command.first else {
            throw VaultError.sessions(.noCommand(server: false))
        }
        var variables = environment.filter { !conflicting.contains($0.key) }
        variables["AWS_ACCESS_KEY_ID"] = session.credentials.accessKeyID
        variables["AWS_CREDENTIAL_EXPIRATION"] = Text.iso8601(session.credentials.expiration)
        variables["AWS_VAULT"] = profile
        if let region = session.region {
            variables["AWS_REGION"] = region
            variables["AWS_DEFAULT_REGION"] = region
        }
        for (key, value) in extra { variables[key] = value }
        // The secret's and the token's entries are assembled in locked memory; execve copies them
        // into the new image. (An `extra` AWS_SESSION_TOKEN would replace the session's, as before.)
        var secretEntry = try environmentEntry("AWS_SECRET_ACCESS_KEY", session.credentials.secretAccessKey)
        var tokenEntry: SecureBytes? = nil
        if variables["AWS_SESSION_TOKEN"] == nil {
            tokenEntry = try environmentEntry("AWS_SESSION_TOKEN", session.credentials.sessionToken)
        }
        let owned = variables.map { strdup("\($0.key)=\($0.value)") } + command.map { strdup($0) }
        let envp: [UnsafeMutablePointer<CChar>?] = Array(owned[0..<variables.count]) + [nil]
        let argv: [UnsafeMutablePointer<CChar>?] = Array(owned[variables.count...]) + [nil]
        ProcessHardening.restoreForChild()
        PausePoint.reached("exec.before-exec")  // only the session's secret should be left
        let candidates = executableCandidates(program, path: environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
        var fullEnvironment = envp
        let code: Int32 = secretEntry.withUnsafeMutableBytes { secret in
            fullEnvironment.insert(secret.baseAddress!.assumingMemoryBound(to: CChar.self), at: 0)
            switch tokenEntry {
            case .some(let token):
                return token.withUnsafeBytes { token in
                    fullEnvironment.insert(
                        UnsafeMutablePointer(mutating: token.baseAddress!.assumingMemoryBound(to: CChar.self)), at: 1)
                    return execute(candidates, argv, fullEnvironment)
                }
            case .none:
                return execute(candidates, argv, fullEnvironment)
            }
        }
        owned.forEach { free($0) }
        throw VaultError.sessions(.cannotRun(program: program, errno: code))
    }
}
