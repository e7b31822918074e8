// Remembers, beside an MFA session's lock, the last code AWS refused, so that callers who waited
// on the lock do not send it again (repeated failures can lock the MFA device at AWS).
#if canImport(Glibc)
import Glibc
#endif
import AWSConfig
import VaultCrypto
import VaultFormat
import VaultStore

/// `<lock>.refused`: the time (8 bytes) and BLAKE2b(identity ‖ code) of the last refused code.
/// A refused code is spent or wrong, so its hash tells nobody anything they could use.
struct RefusedCodeMemo {
    let path: String
    let identity: [UInt8]
    /// How long a refusal is remembered: a TOTP code is accepted for at most about 90 s.
    static let window: Int64 = 120

    /// Whether AWS refused `code` within the last two minutes.
    func refusedRecently(_ code: String, now: Int64) -> Bool {
        guard let bytes = try? PrivateFile.read(path, limit: 64), bytes.count == 40 else { return false }
        let when = bytes.prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
        return now - when <= Self.window && now >= when && Array(bytes.suffix(32)) == hash(code)
    }

    /// Throws at once when `given` (a `--mfa-code`) is a code AWS refused moments ago.
    func refuseAgain(_ given: String?, serial: String?, now: Int64) throws(VaultError) {
        if let given, let serial, refusedRecently(given.trimmingSpaces, now: now) {
            throw .mfaSession(.codeJustRefused(serial: serial))
        }
    }

    /// Notes that AWS refused `code` now (best effort: a failure here only costs a resend).
    func record(_ code: String, now: Int64) {
        let time = (0..<8).map { UInt8(truncatingIfNeeded: now >> (56 - 8 * $0)) }
        try? AtomicFile.write(time + hash(code), to: path)
    }

    private func hash(_ code: String) -> [UInt8] { BLAKE2b.hash(identity + Array(code.utf8)) }
}

extension SessionBroker {
    /// The memo for a role that sends the code with its own AssumeRole (`--no-mfa-session`):
    /// `r-<digest>` beside the profile's session (not `s-…`, which would count as a session).
    func refusedCodeMemo(profile: String, chain: ResolvedChain, document: VaultDocument) throws(VaultError)
        -> RefusedCodeMemo
    {
        let identity = self.identity(profile, chain, try sourceEntry(chain, document))
        let directory = SessionCache.defaultDirectory(environment: context.environment)
        return RefusedCodeMemo(
            path: directory + "/r-" + Encoding.hex(Array(identity.digest.prefix(16))), identity: identity.digest)
    }
}
