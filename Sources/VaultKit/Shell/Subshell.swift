// `vault exec PROFILE` without a command: the user's shell, to work in the session.
#if canImport(Glibc)
import Glibc
#endif

/// The interactive shell `vault exec` starts when no command is given (aws-vault's subshell).
public enum Subshell {
    /// `$SHELL` when it names a program, else `/bin/sh`.
    public static func command(environment: [String: String]) throws(VaultError) -> [String] {
        if let shell = environment["SHELL"], !shell.isEmpty { return [shell] }
        guard access("/bin/sh", X_OK) == 0 else { throw .shell(.noShell) }
        return ["/bin/sh"]
    }
}
