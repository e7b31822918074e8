// A TPM for tests: "seals" by keeping the secret in memory, checks the PIN, counts its calls.
import Foundation
import VaultCrypto
import VaultKit

/// A fake `VaultTPM`. A blob is `[flags, index]` (flags bit 0: a PIN is needed); the secrets and
/// PINs stay in this object. `wrongBytes` makes `unseal` return other bytes (as a broken TPM stack
/// would) so tests can check the caller's AEAD catches it; `unavailable` makes every call fail.
public final class FakeTPM: VaultTPM, @unchecked Sendable {
    private let lock = NSLock()
    private var sealed: [(secret: [UInt8], pin: [UInt8], pcrs: [UInt8])] = []
    public var wrongBytes = false
    public var unavailable = false
    public private(set) var unsealCalls = 0

    public init() {}

    public func seal(_ secret: borrowing SecureBytes, pin: borrowing SecureBytes, pcrs: [UInt8]) throws(VaultError)
        -> [UInt8]
    {
        if unavailable { throw .protectors(.noTPMSupport) }
        let s = secret.withUnsafeBytes { Array($0) }
        let p = pin.withUnsafeBytes { Array($0) }
        return lock.withLock {
            sealed.append((s, p, pcrs))
            return [p.isEmpty ? 0 : 1, UInt8(sealed.count - 1)]
        }
    }

    public func needsPIN(_ blob: [UInt8]) -> Bool { blob.first == 1 }

    public func unseal(_ blob: [UInt8], pin: borrowing SecureBytes) throws(VaultError) -> SecureBytes {
        if unavailable { throw .protectors(.noTPMSupport) }
        let given = pin.withUnsafeBytes { Array($0) }
        let found: [UInt8]? = lock.withLock {
            unsealCalls += 1
            guard blob.count == 2, Int(blob[1]) < sealed.count, sealed[Int(blob[1])].pin == given else { return nil }
            return sealed[Int(blob[1])].secret
        }
        guard var bytes = found else { throw .protectors(.tpmWrongPIN(triesLeft: nil)) }
        if wrongBytes { bytes = bytes.map { $0 ^ 0x5A } }
        do { return try SecureBytes(takingAndWiping: &bytes) } catch {
            throw .protectors(.kernelKeyring(operation: "copy", reason: "no locked memory"))
        }
    }
}
