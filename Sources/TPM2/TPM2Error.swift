// What can go wrong talking to a TPM 2.0, classified from tpm2-tss's response codes.

/// A TPM failure, classified so that the caller can say what to do. Nothing was changed on the
/// TPM or anywhere else when one is thrown (sealing creates no persistent object).
public enum TPM2Error: Error, Equatable, Sendable {
    /// The TCTI string was empty: tpm2-tss would then pick a TPM itself (even a simulator on
    /// 127.0.0.1:2321 that any local user can run), so vault refuses.
    case tctiNotNamed
    /// tpm2-tss (libtss2-esys, -tctildr, -mu, -rc) could not be loaded.
    case libraryUnavailable(detail: String)
    /// Nothing answers at `tcti` (no device, connection refused, TCTI module missing).
    case absent(tcti: String, detail: String)
    /// The device exists but could not be opened (permissions, or held by another program).
    case deviceUnusable(path: String, detail: String)
    /// The TPM is busy (retry, yielded, self-testing, rate limiting, out of session memory).
    case busy(detail: String)
    /// Dictionary-attack lockout: every DA-protected object is refused until it ends or is cleared.
    case lockout
    /// The PIN was wrong; `triesLeft` before lockout when the TPM tells.
    case wrongPIN(triesLeft: Int?)
    /// The blob needs a PIN and none was given (the TPM was not asked: no DA failure counted).
    case pinRequired
    /// The PCR values the secret is bound to have changed (firmware or Secure Boot change).
    case pcrsChanged
    /// The blob was sealed by another TPM (or another owner seed) or is damaged.
    case foreignBlob
    /// The bytes are not a sealed blob vault wrote (or a later version of one).
    case malformedBlob
    /// A secret of this size cannot be sealed (1 to 128 bytes).
    case secretSize(Int)
    /// A PCR index outside 0–23, or repeated.
    case invalidPCRs([UInt8])
    /// Any other failure, with tpm2-tss's text for it.
    case failed(step: String, code: UInt32, text: String)
}

/// Classifies response codes: TPM (layer 0) codes by their error number, TCTI codes by kind.
enum ResponseCode {
    static let authFail: UInt32 = 0x08E
    static let policyFail: UInt32 = 0x09D
    static let integrity: UInt32 = 0x09F
    static let binding: UInt32 = 0x0A5
    static let size: UInt32 = 0x095
    static let lockout: UInt32 = 0x921
    static let busyWarnings: Set<UInt32> = [0x902, 0x903, 0x904, 0x908, 0x909, 0x90A, 0x920, 0x922, 0x128]
    static let tctiLayer: UInt32 = 0x0A_0000
    static let tctiUnreachable: Set<UInt32> = [8, 10]  // TSS2_BASE_RC_NO_CONNECTION, _IO_ERROR
    static let tctiTryAgain: UInt32 = 9

    /// The error number of a TPM response code without its handle, session or parameter index.
    static func tpmError(_ code: UInt32) -> UInt32? {
        guard code & 0xFF_0000 == 0 else { return nil }
        return code & 0x80 != 0 ? code & 0xBF : code & 0xFFF
    }

    /// The TCTI layer's base code, when `code` comes from the TCTI.
    static func tctiError(_ code: UInt32) -> UInt32? {
        code & 0xFF_0000 == tctiLayer ? code & 0xFFFF : nil
    }
}
