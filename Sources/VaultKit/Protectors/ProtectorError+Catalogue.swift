// Key protectors' and the unlock window's errors, case by case: the catalogue docs/commands.md lists.

extension ProtectorError {
    /// One discriminator per case. `kind` switches over every case, so a new case does not
    /// compile until it has a `Kind`, and `examples(of:)` until it has an example.
    public enum Kind: CaseIterable, Sendable {
        case noTPMSupport, tpmWrongPIN, passphraseTooShort, emptyEnvironmentSecret, unknownProtector,
            noPassphraseProtector, cannotDeriveKey, protectionChangedMeanwhile, invalidDuration,
            durationOutOfRange, kernelKeyring, tpmWrongBytes, recoveryKeyUnreadable, wrongRecoveryKey,
            nothingToUnlockWith, lastProtector, noPortableProtectorLeft, secretServiceExists,
            tooManyProtectors, pinsDiffer
    }

    public var kind: Kind {
        switch self {
        case .noTPMSupport: return .noTPMSupport
        case .tpmWrongPIN: return .tpmWrongPIN
        case .passphraseTooShort: return .passphraseTooShort
        case .emptyEnvironmentSecret: return .emptyEnvironmentSecret
        case .unknownProtector: return .unknownProtector
        case .noPassphraseProtector: return .noPassphraseProtector
        case .cannotDeriveKey: return .cannotDeriveKey
        case .protectionChangedMeanwhile: return .protectionChangedMeanwhile
        case .invalidDuration: return .invalidDuration
        case .durationOutOfRange: return .durationOutOfRange
        case .kernelKeyring: return .kernelKeyring
        case .tpmWrongBytes: return .tpmWrongBytes
        case .recoveryKeyUnreadable: return .recoveryKeyUnreadable
        case .wrongRecoveryKey: return .wrongRecoveryKey
        case .nothingToUnlockWith: return .nothingToUnlockWith
        case .lastProtector: return .lastProtector
        case .noPortableProtectorLeft: return .noPortableProtectorLeft
        case .secretServiceExists: return .secretServiceExists
        case .tooManyProtectors: return .tooManyProtectors
        case .pinsDiffer: return .pinsDiffer
        }
    }

    /// Representative values of each case (every variant of its message).
    static func examples(of kind: Kind) -> [Self] {
        switch kind {
        case .noTPMSupport: return [.noTPMSupport]
        case .tpmWrongPIN: return [.tpmWrongPIN(triesLeft: 2), .tpmWrongPIN(triesLeft: nil)]
        case .passphraseTooShort:
            return [.passphraseTooShort(variable: "VAULT_PASSPHRASE"), .passphraseTooShort(variable: nil)]
        case .emptyEnvironmentSecret: return [.emptyEnvironmentSecret("VAULT_TPM_PIN")]
        case .unknownProtector: return [.unknownProtector(7)]
        case .noPassphraseProtector: return [.noPassphraseProtector]
        case .cannotDeriveKey: return [.cannotDeriveKey(reason: "out of memory", mebibytes: 256)]
        case .protectionChangedMeanwhile: return [.protectionChangedMeanwhile]
        case .invalidDuration:
            return [.invalidDuration("2 hours", setting: false), .invalidDuration("soon", setting: true)]
        case .durationOutOfRange:
            return [.durationOutOfRange("13h", setting: false), .durationOutOfRange("0m", setting: true)]
        case .kernelKeyring: return [.kernelKeyring(operation: "add_key", reason: "Disk quota exceeded")]
        case .tpmWrongBytes: return [.tpmWrongBytes(id: 2)]
        case .recoveryKeyUnreadable:
            return [
                .recoveryKeyUnreadable(group: 3, variable: false), .recoveryKeyUnreadable(group: nil, variable: true),
            ]
        case .wrongRecoveryKey: return [.wrongRecoveryKey]
        case .nothingToUnlockWith: return [.nothingToUnlockWith]
        case .lastProtector: return [.lastProtector(1)]
        case .noPortableProtectorLeft: return [.noPortableProtectorLeft(3)]
        case .secretServiceExists: return [.secretServiceExists]
        case .tooManyProtectors: return [.tooManyProtectors]
        case .pinsDiffer: return [.pinsDiffer]
        }
    }

    /// Everything this capability can say, case by case (docs/commands.md, Errors).
    public static var catalogue: [Self] { Kind.allCases.flatMap(examples) }
}
