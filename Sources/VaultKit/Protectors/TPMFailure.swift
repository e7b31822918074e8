// The TPM protector's failures: every message and hint, in one place.

// Its cases mirror module TPM2's `TPM2Error` one for one on purpose (`duplicates` pairs them): the
// module classifies what the TPM said and knows nothing of vault; this enum says it to the user.

/// A TPM that is absent, busy, locked out, or whose PCRs changed, and the rest: each says what to
/// do. Nothing was changed when one is thrown.
public enum TPMFailure: ErrorMessage {
    case tctiNotNamed
    case libraryUnavailable(detail: String)
    case absent(tcti: String, detail: String)
    case deviceUnusable(path: String, detail: String)
    case busy(detail: String)
    case lockout
    case wrongPIN(triesLeft: Int?)
    case pinRequired
    case pcrsChanged
    case foreignBlob
    case malformedBlob
    case secretSize(Int)
    case invalidPCRs([UInt8])
    case failed(step: String, code: UInt32, text: String)

    static let otherProtector = "unlock with another protector (--protector ID; vault protect list shows them)"
    static let clearLockout =
        "wait for the TPM's lockout to expire, or have the TPM's owner clear it: tpm2_dictionarylockout --clear-lockout"

    public var problem: String {
        switch self {
        case .tctiNotNamed:
            return "VAULT_TPM_TCTI is empty: vault never lets tpm2-tss pick a TPM by itself"
        case .libraryUnavailable(let detail):
            return "TPM support is unavailable: tpm2-tss could not be loaded (\(detail))"
        case .absent(let tcti, let detail):
            return "no TPM answers at \(tcti) (\(detail))"
        case .deviceUnusable(let path, let detail):
            return "cannot open the TPM device \(path) (\(detail))"
        case .busy(let detail):
            return "the TPM is busy (\(detail))"
        case .lockout:
            return "the TPM is in dictionary-attack lockout: it refuses every PIN, right or wrong, until it ends"
        case .wrongPIN(nil):
            return "wrong TPM PIN"
        case .wrongPIN(.some(0)):
            return "wrong TPM PIN: no tries left, the TPM is now in dictionary-attack lockout"
        case .wrongPIN(.some(let left)):
            return "wrong TPM PIN: \(left) \(left == 1 ? "try" : "tries") left before the TPM locks out"
        case .pinRequired:
            return "this TPM protector needs its PIN"
        case .pcrsChanged:
            return "the TPM refuses: the PCR values this protector is bound to have changed"
        case .foreignBlob:
            return "this TPM protector was sealed by another TPM (or this TPM was cleared), or it is damaged"
        case .malformedBlob:
            return "this TPM protector's data is unreadable (damaged, or written by a newer vault)"
        case .secretSize(let count):
            return "cannot seal \(count) bytes with the TPM (1 to 128 bytes)"
        case .invalidPCRs(let pcrs):
            return "PCRs \(pcrs.map(String.init).joined(separator: ",")) are not valid: each must be 0–23, listed once"
        case .failed(let step, let code, let text):
            return "the TPM failed: \(step): \(text) (0x\(String(code, radix: 16)))"
        }
    }

    public var hint: String {
        switch self {
        case .tctiNotNamed:
            return "unset VAULT_TPM_TCTI (vault then uses device:/dev/tpmrm0) or name a TPM, e.g. device:/dev/tpmrm0"
        case .libraryUnavailable:
            return "install tpm2-tss (Debian: apt install libtss2-esys-3.0.2-0 libtss2-tctildr0 libtss2-rc0), or "
                + Self.otherProtector
        case .absent:
            return Self.otherProtector + "; on a machine with a TPM, check /dev/tpmrm0 or VAULT_TPM_TCTI"
        case .deviceUnusable:
            return "join the group that owns it (usually tss: sudo usermod -aG tss $USER, then log in again), or "
                + Self.otherProtector
        case .busy:
            return "try again in a moment"
        case .lockout, .wrongPIN(.some(0)):
            return Self.clearLockout + "; meanwhile " + Self.otherProtector
        case .wrongPIN:
            return "try again (at the prompt, or in VAULT_TPM_PIN), or " + Self.otherProtector
        case .pinRequired:
            return "give it at the prompt or in VAULT_TPM_PIN"
        case .pcrsChanged:
            return "re-enrol after a firmware or Secure Boot change: " + Self.otherProtector
                + ", then vault protect remove ID and vault protect add tpm2"
        case .foreignBlob, .malformedBlob:
            return Self.otherProtector + ", then enrol this machine's TPM again: vault protect add tpm2"
        case .secretSize:
            return "this is a bug in vault; please report it"
        case .invalidPCRs:
            return "list PCR numbers in ascending order, e.g. --pcrs 7 or --pcrs 0,7"
        case .failed:
            return Self.otherProtector + "; tpm2_getcap properties-variable shows the TPM's state"
        }
    }

    public var exitCode: Int32 {
        if case .invalidPCRs = self { return 2 }
        return 1
    }
}
