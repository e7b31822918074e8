// Every error vault reports, by the capability that raised it; the CLI prints `problem` and `hint`.
import VaultBase
import VaultCrypto
import VaultFormat
import VaultStore

/// An error the user can act on: one line saying what is wrong, one saying what to do, and the
/// exit status. Each capability has its own enum (cases carry their data) whose `problem` and
/// `hint` switches hold every message of that capability, in one place.
public protocol ErrorMessage: Error, Equatable, Sendable {
    /// What went wrong, in one line. Never contains a secret.
    var problem: String { get }
    /// What to do next, in one line.
    var hint: String { get }
    /// The process exit status: 1 for everything the user can fix, 2 for usage.
    var exitCode: Int32 { get }
}

extension ErrorMessage {
    public var exitCode: Int32 { 1 }
}

/// Every error vault's library throws, by capability.
public enum VaultError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The vault file, this machine's record of it, unlocking (Vault/).
    case vaultFile(VaultFileError)
    /// Long-term keys: add, list, remove, import, rotate, profile names (Keys/).
    case keys(KeysError)
    /// Sessions: the broker, the cache, outputs, exec, MFA, the credential server (Sessions/).
    case sessions(SessionsError)
    /// Admin keys (Admin/).
    case admin(AdminError)
    /// Setup, doctor and settings (Setup/).
    case setup(SetupError)
    /// Console sign-in (Console/).
    case console(ConsoleError)
    /// AWS's answers and the AWS config files, in the user's terms (AWSErrors.swift, AWSFiles.swift).
    case aws(AWSFailure)
    /// The terminal and other process-level plumbing (System/).
    case system(SystemFailure)
    // MARK: IAM Identity Center (issue 18)
    /// IAM Identity Center logins and SSO profiles (SSO/).
    case sso(SSOError)

    /// Not yet given a capability's case; removed when the redesign is done.
    case legacy(problem: String, hint: String, exitCode: Int32)

    /// Not yet given a capability's case; removed when the redesign is done.
    public init(_ problem: String, hint: String, exitCode: Int32 = 1) {
        self = .legacy(problem: problem, hint: hint, exitCode: exitCode)
    }

    private var message: any ErrorMessage {
        switch self {
        case .vaultFile(let error): return error
        case .keys(let error): return error
        case .sessions(let error): return error
        case .admin(let error): return error
        case .setup(let error): return error
        case .console(let error): return error
        case .aws(let error): return error
        case .system(let error): return error
        case .sso(let error): return error
        case .legacy(let problem, let hint, let exitCode):
            return LegacyMessage(problem: problem, hint: hint, exitCode: exitCode)
        }
    }

    /// What went wrong, in one line. Never contains a secret.
    public var problem: String { message.problem }
    /// What to do next, in one line.
    public var hint: String { message.hint }
    /// The process exit status (1 for everything the user can fix; 2 for usage).
    public var exitCode: Int32 { message.exitCode }

    public var description: String { "\(problem)\n\(hint)" }
}

private struct LegacyMessage: ErrorMessage {
    let problem: String
    let hint: String
    let exitCode: Int32
}

extension VaultError {
    static func vaultMissing(_ path: String) -> VaultError {
        VaultError(
            "no vault at \(path)", hint: "add a profile first: vault add PROFILE (or vault init to choose a backend)")
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
        let close = known.filter {
            EditDistance.levenshtein(Array($0), Array(name), limit: 2) != nil || $0.hasPrefix(name)
                || name.hasPrefix($0)
        }
        let hint =
            close.isEmpty
            ? (known.isEmpty
                ? "the vault is empty: vault add PROFILE"
                : "profiles in the vault: \(known.map(escaped).joined(separator: ", "))")
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
            return VaultError(
                "\(path) belongs to another user (uid \(uid))",
                hint: "vault only uses files you own; check VAULT_FILE and HOME")
        case .unsafe(.wrongType(let path)):
            return VaultError(
                "\(path) is not a regular file (a symbolic link or special file?)",
                hint: "vault never follows links at its own files; point VAULT_FILE at the real file")
        case .system(let system):
            if system.isOutOfSpace {
                return VaultError("cannot write the vault: \(system)", hint: system.outOfSpaceHint)
            }
            return VaultError(
                "cannot use the vault: \(system)", hint: "check the path, its permissions and free disk space")
        }
    }

    /// Translates a format failure; the file is named and left unchanged.
    static func from(_ error: FormatError, path: String) -> VaultError {
        let unchanged = "the file was left unchanged; restore it from a backup or move it away to start a new vault"
        switch error {
        case .notAVault:
            return VaultError("\(path) is not a vault file", hint: "check VAULT_FILE; \(unchanged)")
        case .unsupportedVersion(let v):
            return VaultError(
                "\(path) has format version \(v), which this vault does not know",
                hint: "upgrade vault; the file was left unchanged")
        case .truncated(let field):
            return VaultError("\(path) is truncated (it ends inside the \(field))", hint: unchanged)
        case .checksumMismatch:
            return VaultError("\(path) is damaged: its checksum does not match", hint: unchanged)
        case .invalidField(let field, let reason):
            return VaultError("\(path) is damaged: invalid \(field) (\(reason))", hint: unchanged)
        case .tooLarge(let count):
            return VaultError(
                "\(path) is too large to be a vault (\(count) bytes)",
                hint: "check VAULT_FILE; the file was left unchanged")
        case .wrongKey:
            return VaultError(
                "wrong passphrase for \(path)", hint: "try again; VAULT_PASSPHRASE, if set, is used instead of asking")
        case .entryTampered(let profile):
            return VaultError(
                "the vault entry for '\(profile)' does not open: it was altered",
                hint: "remove it with vault remove \(profile) --force and add the key again")
        case .publicKeyMismatch:
            return VaultError(
                "\(path) was altered: its public key does not belong to the vault's secret key (the passphrase is right)",
                hint: "do not add keys to it; restore the vault from a backup (the file was left unchanged)")
        case .sealMismatch:
            return VaultError(
                "\(path) was altered by someone without the vault's key: its seal does not match its contents",
                hint: "vault will not use it; restore the vault from a backup (the file was left unchanged)")
        }
    }
}

extension VaultError {
    /// The file does not match this machine's record of it (FORMAT.md §6).
    static func from(_ mismatch: RecordMismatch, path: String, record: MachineRecord) -> VaultError {
        let since = Text.iso8601(Int64(record.recorded))
        switch mismatch {
        case .anotherVault(let recorded, let file):
            return VaultError(
                "\(path) holds another vault (id \(Encoding.hex(file).prefix(8))…) than the one this machine recorded on \(since) (id \(Encoding.hex(recorded).prefix(8))…)",
                hint:
                    "if you replaced it on purpose, accept it with: vault accept-file; to start over, move it away and run vault init"
            )
        case .olderCopy(let known, let file):
            return VaultError(
                "\(path) is an older copy of the vault (generation \(file); this machine has seen generation \(known)): a key from it could be one you rotated or removed",
                hint:
                    "put back the newest file; if you restored this backup on purpose, accept it with: vault accept-file"
            )
        }
    }

    /// `vault add` refuses to seal a key to a header this machine has not seen opened.
    static func headerChanged(_ path: String, record: MachineRecord) -> VaultError {
        VaultError(
            "the vault's public key or key protection changed since this machine last opened \(path) (\(Text.iso8601(Int64(record.recorded)))): vault will not seal a key to it",
            hint:
                "nothing was written; check where the file came from (vault list); if the change is yours, vault accept-file unlocks and records it, otherwise restore the vault from a backup"
        )
    }

    /// The passphrase does not open a header that changed since this machine opened it.
    static func headerChangedWrongKey(_ path: String, record: MachineRecord) -> VaultError {
        VaultError(
            "the passphrase does not open \(path), whose key protection changed since this machine last opened it (\(Text.iso8601(Int64(record.recorded))))",
            hint:
                "if you changed the passphrase on another machine, use the new one; otherwise the file was replaced: restore the vault from a backup"
        )
    }

    /// A profile's current entry is neither sealed nor recorded by this machine.
    static func untrustedEntry(_ profile: String, path: String) -> VaultError {
        VaultError(
            "the newest vault entry for '\(escaped(profile))' in \(path) was not added on this machine and is not sealed with the vault's key: vault will not use it",
            hint:
                "if you did not add it, someone else did: remove it with vault remove \(escaped(profile)) and add your key again"
        )
    }

    static func recordDamaged(_ path: String) -> VaultError {
        VaultError(
            "this machine's record of the vault (\(path)) is damaged",
            hint: "vault accept-file unlocks the vault and records it again")
    }
}
