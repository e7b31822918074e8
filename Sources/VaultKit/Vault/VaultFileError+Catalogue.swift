// The catalogue of VaultFileError: one example of every case, for docs/commands.md and the tests.

extension VaultFileError {
    /// One discriminator per case. `kind` switches over every case, so a new case does not
    /// compile until it has a `Kind`, and `examples(of:)` until it has an example.
    public enum Kind: CaseIterable, Sendable {
        case missing, alreadyExists, tooOpen, foreignOwner, notRegularFile, unusable, notAVault,
            unsupportedVersion, truncated, checksumMismatch, invalidField, tooLarge,
            wrongPassphrase, entryTampered, publicKeyMismatch, sealMismatch, changedWhileWorking,
            changedWhileOpening, entryChanged, unknownBackend, anotherVault, olderCopy,
            headerChanged, headerChangedWrongKey, untrustedEntry, recordDamaged, cannotWriteRecord,
            acceptNeedsConfirmation, noteDoesNotOpen, cannotSealNote,
            cannotSealKey, passphraseTooShort, passphrasesDiffer,
            noPassphrase, unknownKDF, libsecretUnavailable,
            noSecretService, keyringLocked, keyringItemMissing, keyringItemInvalid, keyringFailed,
            keyringKeyMismatch
    }

    public var kind: Kind {
        switch self {
        case .missing: return .missing
        case .alreadyExists: return .alreadyExists
        case .tooOpen: return .tooOpen
        case .foreignOwner: return .foreignOwner
        case .notRegularFile: return .notRegularFile
        case .unusable: return .unusable
        case .notAVault: return .notAVault
        case .unsupportedVersion: return .unsupportedVersion
        case .truncated: return .truncated
        case .checksumMismatch: return .checksumMismatch
        case .invalidField: return .invalidField
        case .tooLarge: return .tooLarge
        case .wrongPassphrase: return .wrongPassphrase
        case .entryTampered: return .entryTampered
        case .publicKeyMismatch: return .publicKeyMismatch
        case .sealMismatch: return .sealMismatch
        case .changedWhileWorking: return .changedWhileWorking
        case .changedWhileOpening: return .changedWhileOpening
        case .entryChanged: return .entryChanged
        case .unknownBackend: return .unknownBackend
        case .anotherVault: return .anotherVault
        case .olderCopy: return .olderCopy
        case .headerChanged: return .headerChanged
        case .headerChangedWrongKey: return .headerChangedWrongKey
        case .untrustedEntry: return .untrustedEntry
        case .recordDamaged: return .recordDamaged
        case .cannotWriteRecord: return .cannotWriteRecord
        case .acceptNeedsConfirmation: return .acceptNeedsConfirmation
        case .noteDoesNotOpen: return .noteDoesNotOpen
        case .cannotSealNote: return .cannotSealNote
        case .cannotSealKey: return .cannotSealKey
        case .passphraseTooShort: return .passphraseTooShort
        case .passphrasesDiffer: return .passphrasesDiffer
        case .noPassphrase: return .noPassphrase
        case .unknownKDF: return .unknownKDF
        case .libsecretUnavailable: return .libsecretUnavailable
        case .noSecretService: return .noSecretService
        case .keyringLocked: return .keyringLocked
        case .keyringItemMissing: return .keyringItemMissing
        case .keyringItemInvalid: return .keyringItemInvalid
        case .keyringFailed: return .keyringFailed
        case .keyringKeyMismatch: return .keyringKeyMismatch
        }
    }

    /// Representative values of each case (every variant of its message).
    static func examples(of kind: Kind) -> [Self] {
        switch kind {
        case .missing: return [.missing(path: "/home/me/.local/share/vault/vault")]
        case .alreadyExists: return [.alreadyExists(path: "/home/me/.local/share/vault/vault")]
        case .tooOpen: return [.tooOpen(path: "/home/me/.local/share/vault/vault", mode: 0o644)]
        case .foreignOwner: return [.foreignOwner(path: "/home/me/.local/share/vault/vault", uid: 0)]
        case .notRegularFile: return [.notRegularFile(path: "/home/me/.local/share/vault/vault")]
        case .unusable: return [.unusable(detail: "open /home/me/.local/share/vault/vault: Permission denied")]
        case .notAVault: return [.notAVault(path: "/home/me/.local/share/vault/vault")]
        case .unsupportedVersion: return [.unsupportedVersion(path: "/home/me/.local/share/vault/vault", version: 9)]
        case .truncated: return [.truncated(path: "/home/me/.local/share/vault/vault", field: "header")]
        case .checksumMismatch: return [.checksumMismatch(path: "/home/me/.local/share/vault/vault")]
        case .invalidField:
            return [
                .invalidField(
                    path: "/home/me/.local/share/vault/vault", field: "entry count", reason: "larger than the file")
            ]
        case .tooLarge: return [.tooLarge(path: "/home/me/.local/share/vault/vault", bytes: 80_000_000)]
        case .wrongPassphrase: return [.wrongPassphrase(path: "/home/me/.local/share/vault/vault")]
        case .entryTampered: return [.entryTampered(profile: "work")]
        case .publicKeyMismatch: return [.publicKeyMismatch(path: "/home/me/.local/share/vault/vault")]
        case .sealMismatch: return [.sealMismatch(path: "/home/me/.local/share/vault/vault")]
        case .changedWhileWorking: return [.changedWhileWorking]
        case .changedWhileOpening: return [.changedWhileOpening]
        case .entryChanged: return [.entryChanged]
        case .unknownBackend: return [.unknownBackend("tpm")]
        case .anotherVault:
            return [
                .anotherVault(
                    path: "/home/me/.local/share/vault/vault", fileID: "9f2c41d0", recordedID: "51aa7e03",
                    since: "2026-11-25T19:32:21Z")
            ]
        case .olderCopy: return [.olderCopy(path: "/home/me/.local/share/vault/vault", known: 12, file: 9)]
        case .headerChanged:
            return [.headerChanged(path: "/home/me/.local/share/vault/vault", since: "2026-11-25T19:32:21Z")]
        case .headerChangedWrongKey:
            return [.headerChangedWrongKey(path: "/home/me/.local/share/vault/vault", since: "2026-11-25T19:32:21Z")]
        case .untrustedEntry: return [.untrustedEntry(profile: "work", path: "/home/me/.local/share/vault/vault")]
        case .recordDamaged: return [.recordDamaged(path: "/home/me/.local/state/vault/record")]
        case .cannotWriteRecord:
            return [
                .cannotWriteRecord(
                    path: "/home/me/.local/state/vault/record",
                    detail: "open /home/me/.local/state/vault/record: Permission denied")
            ]
        case .acceptNeedsConfirmation: return [.acceptNeedsConfirmation(path: "/home/me/.local/share/vault/vault")]
        case .noteDoesNotOpen: return [.noteDoesNotOpen]
        case .cannotSealNote: return [.cannotSealNote(detail: "out of memory")]
        case .cannotSealKey: return [.cannotSealKey(detail: "out of memory")]
        case .passphraseTooShort: return [.passphraseTooShort]
        case .passphrasesDiffer: return [.passphrasesDiffer]
        case .noPassphrase: return [.noPassphrase]
        case .unknownKDF: return [.unknownKDF("fast")]
        case .libsecretUnavailable:
            return [.libsecretUnavailable(detail: "libsecret-1.so.0: cannot open shared object file")]
        case .noSecretService:
            return [.noSecretService(detail: "The name org.freedesktop.secrets was not provided by any .service files")]
        case .keyringLocked: return [.keyringLocked]
        case .keyringItemMissing: return [.keyringItemMissing]
        case .keyringItemInvalid: return [.keyringItemInvalid]
        case .keyringFailed: return [.keyringFailed(message: "Cannot create an item in a locked collection")]
        case .keyringKeyMismatch: return [.keyringKeyMismatch(path: "/home/me/.local/share/vault/vault")]
        }
    }

    /// Everything this capability can say, case by case (docs/commands.md, Errors).
    public static var catalogue: [Self] { Kind.allCases.flatMap(examples) }
}
