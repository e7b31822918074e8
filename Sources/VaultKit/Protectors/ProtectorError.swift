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
    /// `--for`, or the `unlock-duration` setting, is not a duration.
    case invalidDuration(String, setting: Bool)
    /// The duration is zero or longer than the window may last.
    case durationOutOfRange(String, setting: Bool)
    /// The kernel keyring refused to keep or give back the unlocked key.
    case kernelKeyring(operation: String, reason: String)
    // Unlocking and changing a version-3 protector list.
    /// A tpm2 protector's unsealed bytes do not open its wrap (another or a cleared TPM, changed PCRs).
    case tpmWrongBytes(id: Int)
    /// The recovery key's text is not a recovery key (`group` names the mistyped group).
    case recoveryKeyUnreadable(group: Int?, variable: Bool)
    /// A well-formed recovery key that does not open the vault.
    case wrongRecoveryKey
    /// No protector can be used without typing, and there is no terminal to ask on.
    case nothingToUnlockWith
    /// `protect remove` of the only protector.
    case lastProtector(Int)
    /// `protect remove` would leave only protectors tied to this machine (tpm2, secret-service).
    case noPortableProtectorLeft(Int)
    /// A second secret-service protector (the keyring item is named by the vault id alone).
    case secretServiceExists
    /// The list is full (FORMAT.md §10.1: at most 16).
    case tooManyProtectors
    /// The two PINs typed differ.
    case pinsDiffer

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
        case .invalidDuration(let text, let setting):
            return "'\(text)' is not a duration\(setting ? " (setting unlock-duration)" : "")"
        case .durationOutOfRange(let text, let setting):
            return "\(text) is outside 1s–12h\(setting ? " (setting unlock-duration)" : "")"
        case .kernelKeyring(let operation, let reason):
            return "the kernel keyring refused to \(operation) the unlocked key: \(reason)"
        case .tpmWrongBytes(let id):
            return "the TPM returned wrong bytes for protector \(id): they do not open this vault"
        case .recoveryKeyUnreadable(let group, let variable):
            let source = variable ? " in VAULT_RECOVERY_KEY" : ""
            return group.map { "group \($0) of the recovery key\(source) is mistyped" }
                ?? "the recovery key\(source) is not 8 groups of 5 letters"
        case .wrongRecoveryKey:
            return "the recovery key does not open this vault"
        case .nothingToUnlockWith:
            return "the vault needs a passphrase, PIN or recovery key but there is no terminal to ask on"
        case .lastProtector(let id):
            return "protector \(id) is the vault's only protector: without it nothing could unlock the vault"
        case .noPortableProtectorLeft(let id):
            return
                "without protector \(id), no protector would survive the loss of this machine (only tpm2 or secret-service would remain)"
        case .secretServiceExists:
            return "the vault already has a secret-service protector"
        case .tooManyProtectors:
            return "the vault already has 16 protectors, the most it can have"
        case .pinsDiffer:
            return "the PINs differ"
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
        case .invalidDuration(_, let setting), .durationOutOfRange(_, let setting):
            let example = "use a duration like 90s, 15m, 2h or 1h30m, at most 12h"
            return setting ? "\(example): vault config unlock-duration 15m" : example
        case .kernelKeyring:
            return "vault works without the unlock window (each fresh call asks); containers often forbid keyctl"
        case .tpmWrongBytes:
            return
                "another or a cleared TPM, or PCRs that changed (a firmware update): use another protector, then re-enrol: vault protect remove ID; vault protect add tpm2"
        case .recoveryKeyUnreadable:
            return "check the key against your copy (letters cbdefghijklnrtuv only); nothing was tried"
        case .wrongRecoveryKey:
            return "it belongs to another vault, or to a recovery protector that was removed (vault protect list)"
        case .nothingToUnlockWith:
            return "run from a terminal, or set VAULT_PASSPHRASE, VAULT_TPM_PIN or VAULT_RECOVERY_KEY"
        case .lastProtector:
            return "add another first (vault protect add passphrase|recovery|…), then remove this one"
        case .noPortableProtectorLeft:
            return "add a recovery key first (vault protect add recovery), or remove it anyway with --force"
        case .secretServiceExists:
            return "vault protect list shows it; nothing was changed"
        case .tooManyProtectors:
            return "remove one you no longer use (vault protect remove ID)"
        case .pinsDiffer:
            return "run the command again; nothing was changed"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .invalidDuration(_, let setting), .durationOutOfRange(_, let setting): return setting ? 1 : 2
        case .emptyEnvironmentSecret, .unknownProtector: return 2
        default: return 1
        }
    }
}
