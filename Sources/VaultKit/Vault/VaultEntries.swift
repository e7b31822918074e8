// Sealed writes to the vault's entries (change one, append one, any change) and its sealed notes.
import VaultCrypto
import VaultFormat

extension Vault {
    /// A sealed write that applies `change` to the entry with `id` (its metadata, typically).
    func updateEntry(id: [UInt8], keyPair: borrowing BoxKeyPair, _ change: @escaping (inout VaultEntry) -> Void)
        throws(VaultError)
    {
        try modify(keyPair: keyPair) { (document) throws(VaultError) in
            guard let index = document.entries.firstIndex(where: { $0.id == id }) else {
                throw VaultError.vaultFile(.entryChanged)
            }
            change(&document.entries[index])
        }
    }

    /// A sealed write (FORMAT.md §4) under the vault's lock: lets `change` edit the existing vault
    /// document, then seals and writes it. Needs the unlocked key.
    func modify(keyPair: borrowing BoxKeyPair, _ change: (inout VaultDocument) throws(VaultError) -> Void)
        throws(VaultError)
    {
        try sealedWrite(key: try sealKey(keyPair), change)
    }

    /// Seals `key` as a new entry for `profile`, appended after the existing ones (so it becomes
    /// the profile's current key), with `metadata`, in a sealed write. Returns the new entry's id.
    func appendEntry(
        profile: String, key: borrowing AccessKey, metadata: [Metadatum], keyPair: borrowing BoxKeyPair,
        alsoChange: @escaping (inout VaultDocument) -> Void = { _ in }
    ) throws(VaultError) -> [UInt8] {
        var newID: [UInt8] = []
        try modify(keyPair: keyPair) { (document) throws(VaultError) in
            var entropy = SystemEntropy()
            let entry = try sealEntry(
                profile: profile, key: key, metadata: metadata, header: document.header, entropy: &entropy)
            newID = entry.id
            alsoChange(&document)
            document.entries.append(entry)
        }
        return newID
    }

    /// Seals a small non-secret-but-private text (e.g. key ids) to the vault's public key, as
    /// base64 for a metadata value; only an unlock reads it back.
    func sealNote(_ text: String, header: VaultHeader) throws(VaultError) -> String {
        var entropy = SystemEntropy()
        do {
            let sealed = try Array(text.utf8).withUnsafeBytes { (raw) throws(CryptoError) -> [UInt8] in
                try SealedBox.seal(raw, to: header.publicKey, entropy: &entropy)
            }
            return Encoding.base64(sealed)
        } catch {
            throw VaultError.vaultFile(.cannotSealNote(detail: "\(error)"))
        }
    }

    /// Opens a note made by `sealNote`.
    func openNote(_ base64: String, keyPair: borrowing BoxKeyPair) throws(VaultError) -> String {
        guard let box = Encoding.fromBase64(base64), let plain = try? SealedBox.open(box, keyPair: keyPair) else {
            throw VaultError.vaultFile(.noteDoesNotOpen)
        }
        return plain.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }
}

extension Array where Element == Metadatum {
    /// Sets `key` to `value` (nil removes it), keeping the order of the others.
    mutating func set(_ key: String, _ value: String?) {
        if let index = firstIndex(where: { $0.key == key }) {
            if let value { self[index].value = value } else { remove(at: index) }
        } else if let value {
            append(Metadatum(key, value))
        }
    }
}
