// The catalogue of KeysError: one example of every case, for docs/commands.md and the tests.

extension KeysError {
    /// One discriminator per case. `kind` switches over every case, so a new case does not
    /// compile until it has a `Kind`, and `examples(of:)` until it has an example.
    public enum Kind: CaseIterable, Sendable {
        case unknownProfile, invalidProfileName, unknownAnywhere, alreadyInVault,
            removalNeedsConfirmation, envKeysMissing, notAnAccessKeyID, notASecretKey, sameFiles,
            nothingToImport, importConflicts, importedEntryMismatch,
            noPassphraseToRemovePlaintext, noKeysIn, temporaryKeysIn, incompleteKeysIn,
            differentKeys, badKeyIDIn, badSecretIn, notInFiles, keysOutsideSection, wouldChangeMore,
            plaintextIsLink, cannotLock, plaintextNotRegular, plaintextForeignOwner, cannotRewrite,
            plaintextTooLarge, plaintextChanged, secondKeyExists, unstorableKey,
            noKeyInput, keptKeyNeedsConfirmation, keptKeyStays
    }

    public var kind: Kind {
        switch self {
        case .unknownProfile: return .unknownProfile
        case .invalidProfileName: return .invalidProfileName
        case .unknownAnywhere: return .unknownAnywhere
        case .alreadyInVault: return .alreadyInVault
        case .removalNeedsConfirmation: return .removalNeedsConfirmation
        case .envKeysMissing: return .envKeysMissing
        case .notAnAccessKeyID: return .notAnAccessKeyID
        case .notASecretKey: return .notASecretKey
        case .sameFiles: return .sameFiles
        case .nothingToImport: return .nothingToImport
        case .importConflicts: return .importConflicts
        case .importedEntryMismatch: return .importedEntryMismatch
        case .noPassphraseToRemovePlaintext: return .noPassphraseToRemovePlaintext
        case .noKeysIn: return .noKeysIn
        case .temporaryKeysIn: return .temporaryKeysIn
        case .incompleteKeysIn: return .incompleteKeysIn
        case .differentKeys: return .differentKeys
        case .badKeyIDIn: return .badKeyIDIn
        case .badSecretIn: return .badSecretIn
        case .notInFiles: return .notInFiles
        case .keysOutsideSection: return .keysOutsideSection
        case .wouldChangeMore: return .wouldChangeMore
        case .plaintextIsLink: return .plaintextIsLink
        case .cannotLock: return .cannotLock
        case .plaintextNotRegular: return .plaintextNotRegular
        case .plaintextForeignOwner: return .plaintextForeignOwner
        case .cannotRewrite: return .cannotRewrite
        case .plaintextTooLarge: return .plaintextTooLarge
        case .plaintextChanged: return .plaintextChanged
        case .secondKeyExists: return .secondKeyExists
        case .unstorableKey: return .unstorableKey
        case .noKeyInput: return .noKeyInput
        case .keptKeyNeedsConfirmation: return .keptKeyNeedsConfirmation
        case .keptKeyStays: return .keptKeyStays
        }
    }

    /// Representative values of each case (every variant of its message).
    static func examples(of kind: Kind) -> [Self] {
        switch kind {
        case .unknownProfile:
            return [
                .unknownProfile("wrok", known: ["work", "prod"]),
                .unknownProfile("x", known: ["work", "prod"]),
                .unknownProfile("work", known: []),
            ]
        case .invalidProfileName: return [.invalidProfileName("my profile")]
        case .unknownAnywhere:
            return [
                .unknownAnywhere("mfaa", configPath: "/home/me/.aws/config", close: ["mfa"], known: []),
                .unknownAnywhere("x", configPath: "/home/me/.aws/config", close: [], known: ["default", "mfa"]),
                .unknownAnywhere("x", configPath: "/home/me/.aws/config", close: [], known: []),
            ]
        case .alreadyInVault: return [.alreadyInVault(profile: "work")]
        case .removalNeedsConfirmation: return [.removalNeedsConfirmation(profile: "work")]
        case .envKeysMissing: return [.envKeysMissing]
        case .notAnAccessKeyID: return [.notAnAccessKeyID]
        case .notASecretKey: return [.notASecretKey(length: 39)]
        case .sameFiles: return [.sameFiles(path: "/home/me/.aws/config")]
        case .nothingToImport: return [.nothingToImport(files: "/home/me/.aws/credentials and /home/me/.aws/config")]
        case .importConflicts:
            return [
                .importConflicts(profiles: ["work"], again: "vault add work --import --force"),
                .importConflicts(profiles: ["work", "prod"], again: "vault add --import --all --force"),
            ]
        case .importedEntryMismatch:
            return [.importedEntryMismatch(profile: "work", paths: "/home/me/.aws/credentials")]
        case .noPassphraseToRemovePlaintext: return [.noPassphraseToRemovePlaintext]
        case .noKeysIn: return [.noKeysIn(profile: "mfa", place: "/home/me/.aws/credentials")]
        case .temporaryKeysIn: return [.temporaryKeysIn(profile: "work", place: "/home/me/.aws/credentials")]
        case .incompleteKeysIn:
            return [
                .incompleteKeysIn(
                    profile: "work", place: "/home/me/.aws/credentials", key: "aws_secret_access_key", missing: true),
                .incompleteKeysIn(
                    profile: "work", place: "/home/me/.aws/credentials", key: "aws_access_key_id", missing: false),
            ]
        case .differentKeys:
            return [
                .differentKeys(
                    profile: "work", credentialsPath: "/home/me/.aws/credentials", configPath: "/home/me/.aws/config")
            ]
        case .badKeyIDIn: return [.badKeyIDIn(profile: "work", place: "/home/me/.aws/credentials")]
        case .badSecretIn: return [.badSecretIn(profile: "work", place: "/home/me/.aws/credentials", length: 41)]
        case .notInFiles:
            return [
                .notInFiles(
                    profile: "wrok", in: "/home/me/.aws/credentials", orConfig: "/home/me/.aws/config", close: ["work"],
                    withKeys: ["work"]),
                .notInFiles(
                    profile: "x", in: "/home/me/.aws/credentials", orConfig: nil, close: [], withKeys: ["work", "prod"]),
                .notInFiles(
                    profile: "x", in: "/home/me/.aws/credentials (there is no such file)",
                    orConfig: "/home/me/.aws/config", close: [], withKeys: []),
            ]
        case .keysOutsideSection: return [.keysOutsideSection(profile: "work", path: "/home/me/.aws/credentials")]
        case .wouldChangeMore: return [.wouldChangeMore(profiles: ["work"], path: "/home/me/.aws/credentials")]
        case .plaintextIsLink:
            return [.plaintextIsLink(path: "/home/me/.aws/credentials", variable: "AWS_SHARED_CREDENTIALS_FILE")]
        case .cannotLock: return [.cannotLock(path: "/home/me/.aws/credentials", detail: "Operation not supported")]
        case .plaintextNotRegular:
            return [.plaintextNotRegular(path: "/home/me/.aws/credentials", variable: "AWS_SHARED_CREDENTIALS_FILE")]
        case .plaintextForeignOwner:
            return [
                .plaintextForeignOwner(
                    path: "/home/me/.aws/credentials", uid: 0, variable: "AWS_SHARED_CREDENTIALS_FILE")
            ]
        case .cannotRewrite:
            return [
                .cannotRewrite(
                    path: "/home/me/.aws/credentials", detail: "rename /home/me/.aws/credentials: Permission denied")
            ]
        case .plaintextTooLarge: return [.plaintextTooLarge(path: "/home/me/.aws/credentials")]
        case .plaintextChanged: return [.plaintextChanged(path: "/home/me/.aws/credentials")]
        case .secondKeyExists:
            return [
                .secondKeyExists(profile: "work", maskedKey: "AKIA…MPLE", status: "Inactive", user: "me"),
                .secondKeyExists(profile: "work", maskedKey: "AKIA…MPLE", status: "Active", user: nil),
            ]
        case .unstorableKey: return [.unstorableKey(keyID: "AKIAIOSFODNN7EXAMPLE")]
        case .noKeyInput:
            return [.noKeyInput]
        case .keptKeyNeedsConfirmation:
            return [.keptKeyNeedsConfirmation(profile: "default", maskedKey: "AKIA…MPLE")]
        case .keptKeyStays:
            return [.keptKeyStays(profile: "default", maskedKey: "AKIA…MPLE")]
        }
    }

    /// Everything this capability can say, case by case (docs/commands.md, Errors).
    public static var catalogue: [Self] { Kind.allCases.flatMap(examples) }
}
