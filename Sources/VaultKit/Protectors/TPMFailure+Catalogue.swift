// The TPM protector's errors, case by case: the catalogue docs/commands.md lists.

extension TPMFailure {
    /// One discriminator per case. `kind` switches over every case, so a new case does not
    /// compile until it has a `Kind`, and `examples(of:)` until it has an example.
    public enum Kind: CaseIterable, Sendable {
        case tctiNotNamed, libraryUnavailable, absent, deviceUnusable, busy, lockout, wrongPIN, pinRequired,
            pcrsChanged, foreignBlob, malformedBlob, secretSize, invalidPCRs, failed
    }

    public var kind: Kind {
        switch self {
        case .tctiNotNamed: return .tctiNotNamed
        case .libraryUnavailable: return .libraryUnavailable
        case .absent: return .absent
        case .deviceUnusable: return .deviceUnusable
        case .busy: return .busy
        case .lockout: return .lockout
        case .wrongPIN: return .wrongPIN
        case .pinRequired: return .pinRequired
        case .pcrsChanged: return .pcrsChanged
        case .foreignBlob: return .foreignBlob
        case .malformedBlob: return .malformedBlob
        case .secretSize: return .secretSize
        case .invalidPCRs: return .invalidPCRs
        case .failed: return .failed
        }
    }

    /// Representative values of each case (every variant of its message).
    static func examples(of kind: Kind) -> [Self] {
        switch kind {
        case .tctiNotNamed: return [.tctiNotNamed]
        case .libraryUnavailable:
            return [.libraryUnavailable(detail: "libtss2-esys.so.0: cannot open shared object file")]
        case .absent: return [.absent(tcti: "device:/dev/tpmrm0", detail: "No such file or directory")]
        case .deviceUnusable: return [.deviceUnusable(path: "/dev/tpmrm0", detail: "Permission denied")]
        case .busy: return [.busy(detail: "TPM_RC_RETRY")]
        case .lockout: return [.lockout]
        case .wrongPIN: return [.wrongPIN(triesLeft: nil), .wrongPIN(triesLeft: 0), .wrongPIN(triesLeft: 2)]
        case .pinRequired: return [.pinRequired]
        case .pcrsChanged: return [.pcrsChanged]
        case .foreignBlob: return [.foreignBlob]
        case .malformedBlob: return [.malformedBlob]
        case .secretSize: return [.secretSize(129)]
        case .invalidPCRs: return [.invalidPCRs([24])]
        case .failed:
            return [
                .failed(
                    step: "Esys_Unseal", code: 0x101,
                    text: "tpm:error(2.0): commands not being accepted because of a TPM failure")
            ]
        }
    }

    /// Everything this capability can say, case by case (docs/commands.md, Errors).
    public static var catalogue: [Self] { Kind.allCases.flatMap(examples) }
}
