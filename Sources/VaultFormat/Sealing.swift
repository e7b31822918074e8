import VaultCrypto

/// The seal of FORMAT.md §2 and the sealed write of §4: a MAC keyed from the vault's secret key
/// over the header, the generation and every sealed entry.
extension VaultCryptography {
    /// The metadata key (and value) that marks a pending entry as replacing the profile's earlier ones.
    public static let replacesKey = "replaces"
    public static let replacesValue = "earlier"

    /// Checks the stored seal (version 2; a version-1 file has none to check).
    public static func verifySeal(_ document: VaultDocument, with key: SealKey) throws(FormatError) {
        guard document.header.version != 1 else { return }
        let valid = document.sealedPart().withUnsafeBytes { KeyedBLAKE2b.verify(document.seal, $0, key: key.bytes) }
        guard valid else { throw .sealMismatch }
    }

    /// The document with its trusted pending entries taken into the sealed part, in file order; an
    /// entry marked `replaces` drops the profile's earlier trusted entries and loses the marker.
    /// Untrusted entries stay last, still untrusted (FORMAT.md §4).
    public static func folded(_ document: VaultDocument) -> VaultDocument {
        var trusted = Array(document.entries[..<document.sealedCount])
        var untrusted: [VaultEntry] = []
        for var entry in document.pendingEntries {
            guard document.isTrusted(entry) else {
                untrusted.append(entry)
                continue
            }
            if let index = entry.metadata.firstIndex(where: { $0.key == replacesKey }) {
                entry.metadata.remove(at: index)
                trusted.removeAll { $0.profile == entry.profile }
            }
            trusted.append(entry)
        }
        var next = document
        next.entries = trusted + untrusted
        next.sealedCount = trusted.count
        return next
    }

    /// The document as a sealed write leaves it: every trusted entry (in order) in the sealed part,
    /// untrusted ones pending, version 3 for a protector list (else 2), the generation one higher
    /// (1 for a version-1 file), and a fresh seal. A version-1 passphrase header must be re-wrapped
    /// first (`version3Header`).
    /// `advancing: false` keeps the generation (a vault being created).
    public static func sealed(_ document: VaultDocument, with key: SealKey, advancing: Bool = true) -> VaultDocument {
        precondition(
            document.header.version != 1 || !document.header.protection.isPassphrase,
            "re-wrap a version-1 passphrase header before sealing")
        let trusted = document.entries.filter { document.isTrusted($0) }
        let untrusted = document.entries.filter { !document.isTrusted($0) }
        var header = document.header
        if advancing { header.generation = header.version == 1 ? 1 : header.generation + 1 }
        header.version = header.protection.protectorList == nil ? 2 : VaultDocument.currentVersion
        var next = VaultDocument(header: header, entries: trusted + untrusted, sealedCount: trusted.count)
        next.untrustedEntryIDs = Set(untrusted.map(\.id))
        next.seal = next.sealedPart().withUnsafeBytes { KeyedBLAKE2b.tag($0, key: key.bytes) }
        return next
    }
}

/// The key of a vault's seal, `BLAKE2b-256(key = sk, message = "vault v2 seal key")`, in locked
/// memory; a class so that the closures of a locked write can share it.
public final class SealKey {
    let bytes: SecureBytes

    public init(_ keyPair: borrowing BoxKeyPair) throws(CryptoError) {
        bytes = try KeyedBLAKE2b.deriveKey(from: keyPair.secretKey, label: "vault v2 seal key")
    }
}
