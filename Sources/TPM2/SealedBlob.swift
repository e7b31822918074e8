// The bytes vault stores for a TPM-sealed secret: a header (version, PIN flag, PCR list) and the
// TPM's public and private parts as tpm2-tss marshals them.

/// A sealed secret as stored: `version(1) flags(1) pcrCount(1) pcrs(pcrCount) TPM2B_PUBLIC
/// TPM2B_PRIVATE` (the TPM2B parts each carry their own big-endian 2-byte size). Flag bit 0: a
/// PIN is needed (the object's policy ends with PolicyAuthValue). The header is read without
/// the TPM; the TPM checks the parts (a changed byte fails its integrity check).
struct SealedBlob: Equatable {
    static let version: UInt8 = 1
    static let pinFlag: UInt8 = 0x01

    let needsPIN: Bool
    /// sha256 PCR indices, ascending, bound by PolicyPCR; empty when none.
    let pcrs: [UInt8]
    /// TPM2B_PUBLIC then TPM2B_PRIVATE, marshalled.
    let parts: [UInt8]

    /// Whether unsealing goes through a policy session (a PIN or PCRs) rather than an HMAC session.
    var hasPolicy: Bool { needsPIN || !pcrs.isEmpty }

    init(needsPIN: Bool, pcrs: [UInt8], parts: [UInt8]) {
        self.needsPIN = needsPIN
        self.pcrs = pcrs
        self.parts = parts
    }

    /// Reads the header; `.malformedBlob` for anything vault did not write.
    init(_ bytes: [UInt8]) throws(TPM2Error) {
        guard bytes.count >= 3, bytes[0] == Self.version, bytes[1] & ~Self.pinFlag == 0 else { throw .malformedBlob }
        let count = Int(bytes[2])
        guard bytes.count > 3 + count else { throw .malformedBlob }
        let pcrs = Array(bytes[3..<3 + count])
        guard Self.validPCRs(pcrs) else { throw .malformedBlob }
        self.init(needsPIN: bytes[1] & Self.pinFlag != 0, pcrs: pcrs, parts: Array(bytes[(3 + count)...]))
    }

    var bytes: [UInt8] { [Self.version, needsPIN ? Self.pinFlag : 0, UInt8(pcrs.count)] + pcrs + parts }

    /// Whether the header of `bytes` says a PIN is needed (false for anything unreadable).
    static func needsPIN(_ bytes: [UInt8]) -> Bool { (try? SealedBlob(bytes))?.needsPIN ?? false }

    /// Ascending, unique, each 0–23 (the TPM's PCRs).
    static func validPCRs(_ pcrs: [UInt8]) -> Bool {
        zip(pcrs, pcrs.dropFirst()).allSatisfy { $0 < $1 } && pcrs.allSatisfy { $0 < 24 }
    }
}
