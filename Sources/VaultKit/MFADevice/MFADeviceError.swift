// Creating and linking a virtual MFA device: every error, with its message and hint.
#if canImport(Glibc)
import Glibc
#endif

/// `vault create-mfa-device` (and `vault setup --create-mfa`).
public enum MFADeviceError: ErrorMessage {
    /// The profile's key is not an IAM user's (a role, the root user): pass --user.
    case notAnIAMUser(profile: String, arn: String)
    /// A virtual MFA device of that name exists already.
    case deviceExists(name: String)
    /// A code that is not six digits.
    case malformedCode
    /// Fewer than two codes came (stdin ended, or the terminal was closed).
    case missingCodes
    /// AWS refused the pair: wrong, not consecutive, or too old. The device was deleted.
    case codesRejected
    /// No QR code could be drawn (libqrencode missing or failing).
    case noQRCode(String)
    /// No locked memory for the seed's URI.
    case cannotLockMemory
    /// The QR code or the seed could not be written out (the device was deleted).
    case cannotWrite(errno: Int32)
    /// The device is linked but `mfa_serial` could not be written into the config.
    case cannotWriteSerial(path: String, profile: String, serial: String, detail: String)

    public var problem: String {
        switch self {
        case .notAnIAMUser(let profile, let arn):
            return "'\(escaped(profile))' is not an IAM user's key (\(escaped(arn))): whose device would this be?"
        case .deviceExists(let name): return "a virtual MFA device named '\(escaped(name))' exists already"
        case .malformedCode: return "an MFA code is six digits"
        case .missingCodes: return "two MFA codes are needed to link the device, and fewer came"
        case .codesRejected:
            return "AWS did not accept the two codes (wrong, not consecutive, or expired); the new device was deleted"
        case .noQRCode(let detail): return "cannot draw the QR code: \(detail)"
        case .cannotLockMemory: return "cannot allocate locked memory for the MFA seed"
        case .cannotWrite(let code):
            return "cannot write the QR code: \(String(cString: strerror(code))); the new device was deleted"
        case .cannotWriteSerial(let path, _, _, let detail): return "cannot write \(path): \(detail)"
        }
    }

    public var hint: String {
        switch self {
        case .notAnIAMUser: return "name the user: vault create-mfa-device --user NAME (signed with --using ADMIN)"
        case .deviceExists(let name):
            return
                "if it is a leftover nobody uses: aws iam delete-virtual-mfa-device --serial-number arn:aws:iam::ACCOUNT:mfa/\(escaped(name)); else pass --device-name"
        case .malformedCode, .missingCodes, .codesRejected:
            return "run vault create-mfa-device again and type two consecutive codes as the app shows them, promptly"
        case .noQRCode: return "install libqrencode4 (apt install libqrencode4), or use --show-secret to type the seed"
        case .cannotLockMemory: return "raise the locked-memory limit (ulimit -l)"
        case .cannotWrite: return "check where standard output goes"
        case .cannotWriteSerial(_, let profile, let serial, _):
            return "add mfa_serial = \(serial) to [\(profile)] yourself"
        }
    }
}

extension MFADeviceError {
    /// One discriminator per case. `kind` switches over every case, so a new case does not
    /// compile until it has a `Kind`, and `examples(of:)` until it has an example.
    public enum Kind: CaseIterable, Sendable {
        case notAnIAMUser, deviceExists, malformedCode, missingCodes, codesRejected, noQRCode, cannotLockMemory,
            cannotWrite, cannotWriteSerial
    }

    public var kind: Kind {
        switch self {
        case .notAnIAMUser: return .notAnIAMUser
        case .deviceExists: return .deviceExists
        case .malformedCode: return .malformedCode
        case .missingCodes: return .missingCodes
        case .codesRejected: return .codesRejected
        case .noQRCode: return .noQRCode
        case .cannotLockMemory: return .cannotLockMemory
        case .cannotWrite: return .cannotWrite
        case .cannotWriteSerial: return .cannotWriteSerial
        }
    }

    /// Representative values of each case (every variant of its message).
    static func examples(of kind: Kind) -> [Self] {
        switch kind {
        case .notAnIAMUser: return [.notAnIAMUser(profile: "default", arn: "arn:aws:iam::123456789012:root")]
        case .deviceExists: return [.deviceExists(name: "me")]
        case .malformedCode: return [.malformedCode]
        case .missingCodes: return [.missingCodes]
        case .codesRejected: return [.codesRejected]
        case .noQRCode: return [.noQRCode("libqrencode.so.4: cannot open shared object file")]
        case .cannotLockMemory: return [.cannotLockMemory]
        case .cannotWrite: return [.cannotWrite(errno: EPIPE)]
        case .cannotWriteSerial:
            return [
                .cannotWriteSerial(
                    path: "~/.aws/config", profile: "profile mfa", serial: "arn:aws:iam::123456789012:mfa/me",
                    detail: "Permission denied")
            ]
        }
    }

    /// Everything this capability can say, case by case (docs/commands.md, Errors).
    public static var catalogue: [Self] { Kind.allCases.flatMap(examples) }
}
