import VaultFormat
import VaultStore

/// An error the user can act on: one line saying what is wrong, one saying what to do.
public struct VaultError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, in one line. Never contains a secret.
    public let problem: String
    /// What to do next, in one line.
    public let hint: String
    /// The process exit status (1 for everything the user can fix; 2 for usage).
    public let exitCode: Int32

    public init(_ problem: String, hint: String, exitCode: Int32 = 1) {
        self.problem = problem
        self.hint = hint
        self.exitCode = exitCode
    }

    public var description: String { "\(problem)\n\(hint)" }
}

extension VaultError {
    static func vaultMissing(_ path: String) -> VaultError {
        VaultError("no vault at \(path)", hint: "add a profile first: vault add PROFILE (or vault init to choose a backend)")
    }

    /// Failing to write `what` (a session cache file, ~/.aws/config …) as one clear line; a full
    /// disk gets its own hint.
    static func cannotWrite(_ what: String, _ error: any Error, hint: String) -> VaultError {
        if let system = error as? SystemError, system.isOutOfSpace {
            return VaultError("cannot write \(what): \(system)", hint: system.outOfSpaceHint)
        }
        return VaultError("cannot write \(what): \(error)", hint: hint)
    }

    static func unknownProfile(_ name: String, known: [String]) -> VaultError {
        let close = known.filter { editDistance($0, name) <= 2 || $0.hasPrefix(name) || name.hasPrefix($0) }
        let hint = close.isEmpty
            ? (known.isEmpty ? "the vault is empty: vault add PROFILE" : "profiles in the vault: \(known.map(escaped).joined(separator: ", "))")
            : "did you mean \(close.map { "'\(escaped($0))'" }.joined(separator: " or "))? (vault list shows them all)"
        return VaultError("profile '\(escaped(name))' is not in the vault", hint: hint)
    }

    static func invalidProfileName(_ name: String) -> VaultError {
        VaultError(
            "'\(escaped(name))' is not a valid profile name",
            hint: "use 1–64 characters from A–Z a–z 0–9 . _ - + = @ ,", exitCode: 2)
    }

    /// Translates a store failure into what the user should do.
    static func from(_ error: VaultStoreError) -> VaultError {
        switch error {
        case .notFound(let path):
            return .vaultMissing(path)
        case .invalid(let path, let format):
            return .from(format, path: path)
        case .unsafe(.tooOpen(let path, let mode)):
            return VaultError(
                "\(path) is accessible to other users (mode \(String(mode, radix: 8)))",
                hint: "restrict it with: chmod go-rwx '\(path)' (vault refuses to use it until then)")
        case .unsafe(.foreignOwner(let path, let uid)):
            return VaultError("\(path) belongs to another user (uid \(uid))", hint: "vault only uses files you own; check VAULT_FILE and HOME")
        case .unsafe(.wrongType(let path)):
            return VaultError("\(path) is not a regular file (a symbolic link or special file?)", hint: "vault never follows links at its own files; point VAULT_FILE at the real file")
        case .system(let system):
            if system.isOutOfSpace {
                return VaultError("cannot write the vault: \(system)", hint: system.outOfSpaceHint)
            }
            return VaultError("cannot use the vault: \(system)", hint: "check the path, its permissions and free disk space")
        }
    }

    /// Translates a format failure; the file is named and left unchanged.
    static func from(_ error: FormatError, path: String) -> VaultError {
        let unchanged = "the file was left unchanged; restore it from a backup or move it away to start a new vault"
        switch error {
        case .notAVault:
            return VaultError("\(path) is not a vault file", hint: "check VAULT_FILE; \(unchanged)")
        case .unsupportedVersion(let v):
            return VaultError("\(path) has format version \(v), which this vault does not know", hint: "upgrade vault; the file was left unchanged")
        case .truncated(let field):
            return VaultError("\(path) is truncated (it ends inside the \(field))", hint: unchanged)
        case .checksumMismatch:
            return VaultError("\(path) is damaged: its checksum does not match", hint: unchanged)
        case .invalidField(let field, let reason):
            return VaultError("\(path) is damaged: invalid \(field) (\(reason))", hint: unchanged)
        case .tooLarge(let count):
            return VaultError("\(path) is too large to be a vault (\(count) bytes)", hint: "check VAULT_FILE; the file was left unchanged")
        case .wrongKey:
            return VaultError("wrong passphrase for \(path)", hint: "try again; VAULT_PASSPHRASE, if set, is used instead of asking")
        case .entryTampered(let profile):
            return VaultError("the vault entry for '\(profile)' does not open: it was altered", hint: "remove it with vault remove \(profile) --force and add the key again")
        }
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...max(b.count, 1) where j <= b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
