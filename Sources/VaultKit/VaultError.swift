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
    /// Shell integrations: fish and ini outputs, the subshell (Shell/).
    case shell(ShellError)
    /// Creating and linking a virtual MFA device (MFADevice/).
    case mfaDevice(MFADeviceError)
    /// A command line vault cannot run (System/UsageError.swift).
    case usage(UsageError)
    /// Key protectors and the unlock window (Protectors/).
    case protectors(ProtectorError)
    /// The TPM protector: absent, busy, lockout, wrong PIN, PCRs changed (Protectors/TPMFailure.swift).
    case tpm(TPMFailure)
    /// IAM Identity Center logins and SSO profiles (SSO/).
    case sso(SSOError)
    /// The MFA session: one code for many roles (Sessions/MFASession/).
    case mfaSession(MFASessionError)

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
        case .shell(let error): return error
        case .mfaDevice(let error): return error
        case .usage(let error): return error
        case .protectors(let error): return error
        case .tpm(let error): return error
        case .sso(let error): return error
        case .mfaSession(let error): return error
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

extension VaultError {
    static func vaultMissing(_ path: String) -> VaultError { .vaultFile(.missing(path: path)) }

    /// Failing to write `what` (a session cache file, ~/.aws/config …): a full disk gets its own
    /// case, anything else the caller's (given the failure's text).
    static func cannotWrite(_ what: String, _ error: any Error, otherwise: (String) -> VaultError) -> VaultError {
        if let system = error as? SystemError, system.isOutOfSpace { return .system(.outOfSpace(what: what, system)) }
        return otherwise("\(error)")
    }

    static func unknownProfile(_ name: String, known: [String]) -> VaultError {
        .keys(.unknownProfile(name, known: known))
    }

    static func invalidProfileName(_ name: String) -> VaultError { .keys(.invalidProfileName(name)) }

    /// Translates a store failure into what the user should do.
    static func from(_ error: VaultStoreError) -> VaultError {
        switch error {
        case .notFound(let path): return .vaultMissing(path)
        case .invalid(let path, let format): return .from(format, path: path)
        case .unsafe(.tooOpen(let path, let mode)): return .vaultFile(.tooOpen(path: path, mode: mode))
        case .unsafe(.foreignOwner(let path, let uid)): return .vaultFile(.foreignOwner(path: path, uid: uid))
        case .unsafe(.wrongType(let path)): return .vaultFile(.notRegularFile(path: path))
        case .system(let system):
            if system.isOutOfSpace { return .system(.outOfSpace(what: "the vault", system)) }
            return .vaultFile(.unusable(detail: "\(system)"))
        }
    }

    /// Translates a format failure; the file is named and left unchanged.
    static func from(_ error: FormatError, path: String) -> VaultError {
        switch error {
        case .notAVault: return .vaultFile(.notAVault(path: path))
        case .unsupportedVersion(let v): return .vaultFile(.unsupportedVersion(path: path, version: v))
        case .truncated(let field): return .vaultFile(.truncated(path: path, field: field))
        case .checksumMismatch: return .vaultFile(.checksumMismatch(path: path))
        case .invalidField(let field, let reason):
            return .vaultFile(.invalidField(path: path, field: field, reason: reason))
        case .tooLarge(let count): return .vaultFile(.tooLarge(path: path, bytes: count))
        case .wrongKey: return .vaultFile(.wrongPassphrase(path: path))
        case .entryTampered(let profile): return .vaultFile(.entryTampered(profile: profile))
        case .publicKeyMismatch: return .vaultFile(.publicKeyMismatch(path: path))
        case .sealMismatch: return .vaultFile(.sealMismatch(path: path))
        }
    }

    /// The file does not match this machine's record of it (FORMAT.md §6).
    static func from(_ mismatch: RecordMismatch, path: String, record: MachineRecord) -> VaultError {
        switch mismatch {
        case .anotherVault(let recorded, let file):
            return .vaultFile(
                .anotherVault(
                    path: path, fileID: String(Encoding.hex(file).prefix(8)),
                    recordedID: String(Encoding.hex(recorded).prefix(8)), since: Text.iso8601(Int64(record.recorded))))
        case .olderCopy(let known, let file): return .vaultFile(.olderCopy(path: path, known: known, file: file))
        }
    }

    /// `vault add` refuses to seal a key to a header this machine has not seen opened.
    static func headerChanged(_ path: String, record: MachineRecord) -> VaultError {
        .vaultFile(.headerChanged(path: path, since: Text.iso8601(Int64(record.recorded))))
    }

    /// The passphrase does not open a header that changed since this machine opened it.
    static func headerChangedWrongKey(_ path: String, record: MachineRecord) -> VaultError {
        .vaultFile(.headerChangedWrongKey(path: path, since: Text.iso8601(Int64(record.recorded))))
    }

    /// A profile's current entry is neither sealed nor recorded by this machine.
    static func untrustedEntry(_ profile: String, path: String) -> VaultError {
        .vaultFile(.untrustedEntry(profile: profile, path: path))
    }

    static func recordDamaged(_ path: String) -> VaultError { .vaultFile(.recordDamaged(path: path)) }

    static let noPassphrase = VaultError.vaultFile(.noPassphrase)
    static let noTerminal = VaultError.system(.noTerminal)
    static let promptNotAllowed = VaultError.system(.promptNotAllowed)
    static let lockedMemory = VaultError.system(.lockedMemory)
}
