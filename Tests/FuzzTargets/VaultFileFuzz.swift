import VaultCrypto
import VaultFormat

/// `VaultDocument.decode` on arbitrary bytes. The first input byte is a mode; the rest is the file:
/// - bit 0: append the keyless checksum (BLAKE2b-256 of the rest), so the structural parser is
///   reached instead of stopping at "checksum mismatch";
/// - bit 1: prepend the magic and version 1 (so mutations spend no effort keeping them);
/// - bit 3: prepend the magic and version 2 instead;
/// - bit 4: the rest is this machine's record of a vault (FORMAT.md §6), checksum appended;
/// - bit 2: the rest is instead the *plaintext* of an entry, sealed to a fixed key pair inside a
///   fixed entry and opened with `VaultCryptography.openEntry` (FORMAT.md §5).
/// Invariants: a decoded file re-encodes to exactly its bytes, and decodes again to the same
/// document; an opened entry's key matches the entry's hint; no input forges a seal under the
/// fixture's key; a decoded record re-encodes to its bytes.
enum VaultFileFuzz {
    static func run(_ input: [UInt8]) -> [String] {
        let mode = input.first ?? 0
        var body = Array(input.dropFirst())
        if mode & 4 != 0 { return openEntry(plaintext: body) }
        if mode & 16 != 0 { return decodeRecord(body + BLAKE2b.hash(body)) }
        if mode & 8 != 0 {
            body = VaultDocument.magic + [2, 0] + body
        } else if mode & 2 != 0 {
            body = VaultDocument.magic + [1, 0] + body
        }
        if mode & 1 != 0 { body += BLAKE2b.hash(body, outputLength: VaultDocument.checksumByteCount) }
        return decode(body)
    }

    static func decode(_ bytes: [UInt8]) -> [String] {
        let document: VaultDocument
        do { document = try VaultDocument.decode(bytes) } catch {
            if case .tooLarge = error, bytes.count <= VaultDocument.maximumFileSize {
                return ["a \(bytes.count)-byte file was refused as too large"]
            }
            if case .entryTampered = error { return ["decode reported \(error), which needs a key"] }
            if case .wrongKey = error { return ["decode reported \(error), which needs a key"] }
            return []
        }
        var out: [String] = []
        let again = document.encoded()
        if again != bytes {
            out.append("re-encoding a decoded file gives other bytes (\(again.count) vs \(bytes.count))")
        }
        if (try? VaultDocument.decode(again)) != document { out.append("the re-encoded file decodes differently") }
        if document.entries.count > VaultDocument.maximumEntries { out.append("more entries than allowed") }
        if Set(document.entries.map(\.id)).count != document.entries.count { out.append("two entries share an id") }
        for entry in document.entries where !VaultEntry.isValidProfileName(entry.profile) {
            out.append("entry with an invalid profile name was accepted")
        }
        if document.header.version == 2, (try? VaultCryptography.verifySeal(document, with: fixture.sealKey)) != nil {
            out.append("a fuzzed file carries a valid seal under the fixture's key")
        }
        return out
    }

    static func decodeRecord(_ bytes: [UInt8]) -> [String] {
        guard let record = try? MachineRecord.decode(bytes) else { return [] }
        return record.encoded() == bytes ? [] : ["re-encoding a decoded record gives other bytes"]
    }

    /// A fixed key pair and the clear fields of the entry its boxes are checked against.
    private static let fixture = SealFixture()

    static func openEntry(plaintext: [UInt8]) -> [String] {
        let fixture = Self.fixture
        var entropy = FixedEntropy([UInt8](repeating: 0x42, count: BoxKeyPair.seedByteCount))
        let sealed: [UInt8]
        do {
            sealed = try plaintext.withUnsafeBytes { (p) throws(CryptoError) -> [UInt8] in
                try SealedBox.seal(p, to: fixture.keyPair.publicKey, entropy: &entropy)
            }
        } catch { return ["sealing failed: \(error)"] }
        var entry = fixture.entry
        entry.sealed = sealed
        do {
            let key = try VaultCryptography.openEntry(entry, keyPair: fixture.keyPair)
            var out: [String] = []
            if !AccessKey.isValidAccessKeyID(key.accessKeyID) { out.append("opened a key with an invalid id") }
            if AccessKey.hint(for: key.accessKeyID) != entry.keyHint {
                out.append("opened a key whose id does not match the hint")
            }
            if !AccessKey.isValidSecretShape(key.secretAccessKey) { out.append("opened a key with an invalid secret") }
            return out
        } catch {
            if case .entryTampered(let profile) = error, profile == entry.profile { return [] }
            return ["opening an entry failed with \(error), not entryTampered"]
        }
    }

    /// The plaintext `openEntry` accepts for the fixture entry (a seed for the corpus).
    static var validPlaintext: [UInt8] {
        [1] + fixture.entry.id + [1, UInt8(fixture.entry.profile.utf8.count)] + Array(fixture.entry.profile.utf8)
            + [20] + Array("AKIAIOSFODNN7EXAMPLE".utf8) + [40] + Array("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".utf8)
    }
}

/// Owns the noncopyable key pair so one can be shared by every run.
private final class SealFixture: @unchecked Sendable {  // immutable after init
    let keyPair: BoxKeyPair
    let sealKey: SealKey
    let entry: VaultEntry

    init() {
        var seed = [UInt8](repeating: 7, count: BoxKeyPair.seedByteCount)
        keyPair = try! BoxKeyPair(seed: try! SecureBytes(takingAndWiping: &seed))
        sealKey = try! SealKey(keyPair)
        entry = VaultEntry(
            id: [UInt8](repeating: 0x11, count: VaultDocument.idByteCount), kind: .accessKey, added: 1_700_000_000,
            profile: "fuzz", keyHint: "AKIA…MPLE", metadata: [], sealed: [])
    }
}
