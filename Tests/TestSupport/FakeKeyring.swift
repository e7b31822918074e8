// A desktop keyring for tests: secrets in memory, keyed by their attributes, with every store,
// lookup and remove recorded (labels and attributes only; secrets are never logged).
import Foundation
import VaultCrypto
import VaultKit

/// Implements `VaultKeyring` in memory. A lookup of a missing item throws as the real one does.
public final class FakeKeyring: VaultKeyring, @unchecked Sendable {
    /// One call vault made.
    public enum Call: Equatable, Sendable {
        case store(label: String, attributes: [String: String])
        case lookup(attributes: [String: String])
        case remove(attributes: [String: String])
    }

    private let lock = NSLock()
    private var items: [[String: String]: [UInt8]] = [:]
    private var log: [Call] = []
    /// When set, every call fails with this error (a locked or absent keyring).
    public var failure: VaultError?

    public init() {}

    /// Every call so far, in order.
    public var calls: [Call] { lock.withLock { log } }

    /// How many items it holds.
    public var count: Int { lock.withLock { items.count } }

    public func store(_ secret: borrowing SecureBytes, label: String, attributes: [String: String]) throws(VaultError) {
        let bytes = secret.withUnsafeBytes { Array($0) }
        try record(.store(label: label, attributes: attributes))
        lock.withLock { items[attributes] = bytes }
    }

    public func lookup(attributes: [String: String]) throws(VaultError) -> SecureBytes {
        try record(.lookup(attributes: attributes))
        guard var bytes = lock.withLock({ items[attributes] }) else {
            throw VaultError.vaultFile(.keyringItemMissing)
        }
        do { return try SecureBytes(takingAndWiping: &bytes) } catch {
            throw VaultError.system(.lockedMemory)
        }
    }

    public func remove(attributes: [String: String]) throws(VaultError) -> Bool {
        try record(.remove(attributes: attributes))
        return lock.withLock { items.removeValue(forKey: attributes) != nil }
    }

    private func record(_ call: Call) throws(VaultError) {
        lock.withLock { log.append(call) }
        if let failure { throw failure }
    }
}
