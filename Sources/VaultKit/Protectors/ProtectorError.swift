// Key protectors and the unlock window: every error, with its message and hint.

/// Key protectors (passphrase, Secret Service, TPM, recovery key) and the unlock window.
public enum ProtectorError: ErrorMessage {
    /// This vault was built without TPM support.
    case noTPMSupport
    /// The TPM refused the PIN; `triesLeft` when the TPM said how many remain before lockout.
    case tpmWrongPIN(triesLeft: Int?)
    /// A new passphrase shorter than the one rule allows (typed, or from `VAULT_PASSPHRASE`).
    case passphraseTooShort(variable: String?)
    /// A secret variable (`VAULT_PASSPHRASE`, `VAULT_TPM_PIN`, `VAULT_RECOVERY_KEY`) set but empty.
    case emptyEnvironmentSecret(String)
    /// `--protector ID` names no protector of this vault.
    case unknownProtector(Int)
    /// `vault passwd` on a vault whose key no passphrase protects.
    case noPassphraseProtector
    /// Argon2id failed for a new passphrase (memory).
    case cannotDeriveKey(reason: String, mebibytes: UInt64)
    /// The vault's key protection changed while vault was changing it.
    case protectionChangedMeanwhile
    /// `--protect` names a protector this vault cannot create yet (format version 3, FORMAT.md §10).
    case protectorNotBuilt(String)
    /// `--for`, or the `unlock-duration` setting, is not a duration.
    case invalidDuration(String, setting: Bool)
    /// The duration is zero or longer than the window may last.
    case durationOutOfRange(String, setting: Bool)
    /// The kernel keyring refused to keep or give back the unlocked key.
    case kernelKeyring(operation: String, reason: String)

    public var problem: String {
        switch self {
        case .noTPMSupport:
            return "this vault was built without TPM support"
        case .tpmWrongPIN(let tries):
            return "wrong TPM PIN" + (tries.map { " (\($0) tries left before the TPM locks out)" } ?? "")
        case .passphraseTooShort(let variable):
            return "the new passphrase\(variable.map { " in \($0)" } ?? "") is too short"
        case .emptyEnvironmentSecret(let name):
            return "\(name) is set but empty"
        case .unknownProtector(let id):
            return "the vault has no protector \(id)"
        case .noPassphraseProtector:
            return "this vault's key is not protected by a passphrase (it is in the Secret Service)"
        case .cannotDeriveKey(let reason, _):
            return "cannot derive the new key: \(reason)"
        case .protectionChangedMeanwhile:
            return "the vault's key protection changed while vault was changing it"
        case .protectorNotBuilt(let kind):
            return "\(kind) protectors need vault format version 3, which this vault does not write yet"
        case .invalidDuration(let text, let setting):
            return "'\(text)' is not a duration\(setting ? " (setting unlock-duration)" : "")"
        case .durationOutOfRange(let text, let setting):
            return "\(text) is outside 1s–12h\(setting ? " (setting unlock-duration)" : "")"
        case .kernelKeyring(let operation, let reason):
            return "the kernel keyring refused to \(operation) the unlocked key: \(reason)"
        }
    }

    public var hint: String {
        switch self {
        case .noTPMSupport:
            return "use another protector (passphrase, secret-service or recovery)"
        case .tpmWrongPIN:
            return "try again, or use another protector with --protector ID (vault protect list)"
        case .passphraseTooShort:
            return "use at least 8 characters; a few random words are best"
        case .emptyEnvironmentSecret:
            return "unset it to be asked, or set it to the secret"
        case .unknownProtector:
            return "vault protect list shows the vault's protectors and their ids"
        case .noPassphraseProtector:
            return "vault passwd changes a passphrase; the keyring's own password protects this vault's key"
        case .cannotDeriveKey(_, let mebibytes):
            return "check free memory (the key derivation needs \(mebibytes) MiB); nothing was changed"
        case .protectionChangedMeanwhile:
            return "nothing was changed; run the command again"
        case .protectorNotBuilt:
            return "use passphrase or secret-service (Vault/FORMAT.md §10 describes the coming protectors)"
        case .invalidDuration(_, let setting), .durationOutOfRange(_, let setting):
            let example = "use a duration like 90s, 15m, 2h or 1h30m, at most 12h"
            return setting ? "\(example): vault config unlock-duration 15m" : example
        case .kernelKeyring:
            return "vault works without the unlock window (each fresh call asks); containers often forbid keyctl"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .invalidDuration(_, let setting), .durationOutOfRange(_, let setting): return setting ? 1 : 2
        case .emptyEnvironmentSecret, .protectorNotBuilt, .unknownProtector: return 2
        default: return 1
        }
    }
}
