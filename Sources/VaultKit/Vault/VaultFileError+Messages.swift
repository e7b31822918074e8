// What each VaultFileError says: its problem and its hint.

extension VaultFileError {
    public var problem: String {
        switch self {
        case .missing(let path): return "no vault at \(path)"
        case .alreadyExists(let path): return "a vault already exists at \(path)"
        case .tooOpen(let path, let mode):
            return "\(path) is accessible to other users (mode \(String(mode, radix: 8)))"
        case .foreignOwner(let path, let uid): return "\(path) belongs to another user (uid \(uid))"
        case .notRegularFile(let path): return "\(path) is not a regular file (a symbolic link or special file?)"
        case .unusable(let detail): return "cannot use the vault: \(detail)"
        case .notAVault(let path): return "\(path) is not a vault file"
        case .unsupportedVersion(let path, let version):
            return "\(path) has format version \(version), which this vault does not know"
        case .truncated(let path, let field): return "\(path) is truncated (it ends inside the \(field))"
        case .checksumMismatch(let path): return "\(path) is damaged: its checksum does not match"
        case .invalidField(let path, let field, let reason): return "\(path) is damaged: invalid \(field) (\(reason))"
        case .tooLarge(let path, let bytes): return "\(path) is too large to be a vault (\(bytes) bytes)"
        case .wrongPassphrase(let path): return "wrong passphrase for \(path)"
        case .entryTampered(let profile): return "the vault entry for '\(profile)' does not open: it was altered"
        case .publicKeyMismatch(let path):
            return
                "\(path) was altered: its public key does not belong to the vault's secret key (the passphrase is right)"
        case .sealMismatch(let path):
            return
                "\(path) was altered by someone without the vault's key: its seal does not match its contents"
        case .changedWhileWorking: return "the vault changed while vault was working"
        case .changedWhileOpening: return "the vault changed while vault was opening it"
        case .entryChanged: return "the vault entry changed while vault was working"
        case .unknownBackend(let name): return "VAULT_BACKEND=\(name) is not a backend"
        case .anotherVault(let path, let fileID, let recordedID, let since):
            return
                "\(path) holds another vault (id \(fileID)…) than the one this machine recorded on \(since) (id \(recordedID)…)"
        case .olderCopy(let path, let known, let file):
            return
                "\(path) is an older copy of the vault (generation \(file); this machine has seen generation \(known)): a key from it could be one you rotated or removed"
        case .headerChanged(let path, let since):
            return
                "the vault's public key or key protection changed since this machine last opened \(path) (\(since)): vault will not seal a key to it"
        case .headerChangedWrongKey(let path, let since):
            return
                "the passphrase does not open \(path), whose key protection changed since this machine last opened it (\(since))"
        case .untrustedEntry(let profile, let path):
            return
                "the newest vault entry for '\(escaped(profile))' in \(path) was not added on this machine and is not sealed with the vault's key: vault will not use it"
        case .recordDamaged(let path): return "this machine's record of the vault (\(path)) is damaged"
        case .cannotWriteRecord(let path, let detail):
            return "cannot write this machine's record of the vault (\(path)): \(detail)"
        case .acceptNeedsConfirmation(let path): return "accepting \(path) needs confirmation"
        case .noteDoesNotOpen: return "a sealed note in the vault does not open"
        case .cannotSealNote(let detail): return "cannot seal a note: \(detail)"
        case .cannotSealKey(let detail): return "cannot seal the key: \(detail)"
        case .passphraseTooShort: return "the passphrase is too short"
        case .passphrasesDiffer: return "the passphrases differ"
        case .noPassphrase: return "the vault passphrase is needed but there is no terminal to ask on"
        case .unknownKDF(let name): return "VAULT_KDF=\(name) is not a strength"
        case .libsecretUnavailable(let detail):
            return "Secret Service support is unavailable: libsecret could not be loaded (\(detail))"
        case .noSecretService(let detail): return "no Secret Service (desktop keyring) is reachable: \(detail)"
        case .keyringLocked: return "the desktop keyring is locked"
        case .keyringItemMissing: return "the desktop keyring has no key for this vault"
        case .keyringItemInvalid: return "the desktop keyring's item for this vault is not a vault key"
        case .keyringFailed(let message): return "the desktop keyring failed: \(message)"
        case .keyringKeyMismatch(let path): return "the keyring's key does not open \(path)"
        }
    }

    public var hint: String {
        let unchanged = "the file was left unchanged; restore it from a backup or move it away to start a new vault"
        switch self {
        case .missing: return "add a profile first: vault add PROFILE (or vault init to choose a backend)"
        case .alreadyExists: return "vault list shows it; remove the file first to start over"
        case .tooOpen(let path, _):
            return "restrict it with: chmod go-rwx '\(path)' (vault refuses to use it until then)"
        case .foreignOwner: return "vault only uses files you own; check VAULT_FILE and HOME"
        case .notRegularFile: return "vault never follows links at its own files; point VAULT_FILE at the real file"
        case .unusable: return "check the path, its permissions and free disk space"
        case .notAVault: return "check VAULT_FILE; \(unchanged)"
        case .unsupportedVersion: return "upgrade vault; the file was left unchanged"
        case .truncated, .checksumMismatch, .invalidField: return unchanged
        case .tooLarge: return "check VAULT_FILE; the file was left unchanged"
        case .wrongPassphrase: return "try again; VAULT_PASSPHRASE, if set, is used instead of asking"
        case .entryTampered(let profile):
            return "remove it with vault remove \(profile) --force and add the key again"
        case .publicKeyMismatch:
            return "do not add keys to it; restore the vault from a backup (the file was left unchanged)"
        case .sealMismatch:
            return "vault will not use it; restore the vault from a backup (the file was left unchanged)"
        case .changedWhileWorking, .changedWhileOpening, .entryChanged, .passphrasesDiffer:
            return "run the command again"
        case .unknownBackend: return "use file or secret-service"
        case .anotherVault:
            return
                "if you replaced it on purpose, accept it with: vault accept-file; to start over, move it away and run vault init"
        case .olderCopy:
            return
                "put back the newest file; if you restored this backup on purpose, accept it with: vault accept-file"
        case .headerChanged:
            return
                "nothing was written; check where the file came from (vault list); if the change is yours, vault accept-file unlocks and records it, otherwise restore the vault from a backup"
        case .headerChangedWrongKey:
            return
                "if you changed the passphrase on another machine, use the new one; otherwise the file was replaced: restore the vault from a backup"
        case .untrustedEntry(let profile, _):
            return
                "if you did not add it, someone else did: remove it with vault remove \(escaped(profile)) and add your key again"
        case .recordDamaged: return "vault accept-file unlocks the vault and records it again"
        case .cannotWriteRecord: return "check that folder's permissions and free disk space"
        case .acceptNeedsConfirmation: return "add --yes to accept without asking"
        case .noteDoesNotOpen: return "the vault was altered; the record cannot be used"
        case .cannotSealNote: return "nothing was written"
        case .cannotSealKey: return "this is a bug or an out-of-memory condition; nothing was written"
        case .passphraseTooShort: return "use at least 8 characters; a few random words are best"
        case .noPassphrase: return "run from a terminal, set VAULT_PASSPHRASE, or use a secret-service vault"
        case .unknownKDF: return "use moderate (default), interactive, or minimum (tests only)"
        case .libsecretUnavailable: return SystemKeyring.libsecretHint
        case .noSecretService:
            return
                "start one (e.g. gnome-keyring-daemon --unlock --components=secrets in a D-Bus session) or use a passphrase vault: vault init --backend file"
        case .keyringLocked:
            return
                "unlock it (log in to the desktop, or: echo -n PASSWORD | gnome-keyring-daemon --unlock) and try again"
        case .keyringItemMissing:
            return
                "the keyring item was deleted or this vault came from another machine; restore the keyring, or start a new vault"
        case .keyringItemInvalid: return "another program overwrote it; restore the keyring from a backup"
        case .keyringFailed: return "check that the keyring daemon is running and unlocked"
        case .keyringKeyMismatch:
            return
                "the keyring item belongs to another vault, or the file's public key was altered; restore the matching vault file or keyring"
        }
    }
}
