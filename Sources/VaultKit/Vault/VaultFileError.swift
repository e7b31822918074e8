// The vault file, this machine's record of it, unlocking: every error, with its message and hint.

// To add an error: (1) a case here, carrying its data; (2) its words in the `problem` and `hint`
// switches (in VaultFileError+Messages.swift) (and `exitCode` if not 1); (3) the compiler then
// asks for its `Kind` and for an example in `examples(of:)` (VaultFileError+Catalogue.swift);
// (4) UPDATE_SNAPSHOTS=1 swift test --filter ErrorCatalogueTests adds it to docs/commands.md.
// Never a message outside these switches.

/// The vault file, this machine's record of it, unlocking.
public enum VaultFileError: ErrorMessage {
    // The file and its store.
    case missing(path: String)
    case alreadyExists(path: String)
    case tooOpen(path: String, mode: UInt32)
    case foreignOwner(path: String, uid: UInt32)
    case notRegularFile(path: String)
    case unusable(detail: String)
    case notAVault(path: String)
    case unsupportedVersion(path: String, version: UInt16)
    case truncated(path: String, field: String)
    case checksumMismatch(path: String)
    case invalidField(path: String, field: String, reason: String)
    case tooLarge(path: String, bytes: Int)
    case wrongPassphrase(path: String)
    case entryTampered(profile: String)
    case publicKeyMismatch(path: String)
    case sealMismatch(path: String)
    case changedWhileWorking
    case changedWhileOpening
    case entryChanged
    case unknownBackend(String)
    // This machine's record (FORMAT.md §6).
    case anotherVault(path: String, fileID: String, recordedID: String, since: String)
    case olderCopy(path: String, known: UInt64, file: UInt64)
    case headerChanged(path: String, since: String)
    case headerChangedWrongKey(path: String, since: String)
    case untrustedEntry(profile: String, path: String)
    case recordDamaged(path: String)
    case cannotWriteRecord(path: String, detail: String)
    case acceptNeedsConfirmation(path: String)
    case noteDoesNotOpen
    case cannotSealNote(detail: String)
    // Keys and passphrases.
    case cannotSealKey(detail: String)
    case passphraseTooShort
    case passphrasesDiffer
    case noPassphrase
    case unknownKDF(String)
    // The desktop keyring.
    case libsecretUnavailable(detail: String)
    case noSecretService(detail: String)
    case keyringLocked
    case keyringItemMissing
    case keyringItemInvalid
    case keyringFailed(message: String)
    case keyringKeyMismatch(path: String)

    public var exitCode: Int32 {
        switch self {
        case .unknownBackend, .unknownKDF: return 2
        default: return 1
        }
    }
}
