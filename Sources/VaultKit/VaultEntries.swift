import VaultCrypto
import VaultFormat

extension Vault {
    /// Under the vault's lock: applies `change` to the entry with `id` (its metadata, typically).
    func updateEntry(id: [UInt8], _ change: @escaping (inout VaultEntry) -> Void) throws(VaultError) {
        try modify { (document) throws(VaultError) in
            guard let index = document.entries.firstIndex(where: { $0.id == id }) else {
                throw VaultError("the vault entry changed while vault was working", hint: "run the command again")
            }
            change(&document.entries[index])
        }
    }

    /// Under the vault's lock: lets `change` edit the existing vault document, then writes it.
    func modify(_ change: (inout VaultDocument) throws(VaultError) -> Void) throws(VaultError) {
        do {
            try store.update { (current) throws(VaultError) -> VaultDocument? in
                guard var document = current else { throw VaultError.vaultMissing(store.path) }
                try change(&document)
                return document
            }
        } catch {
            switch error {
            case .store(let store): throw .from(store)
            case .change(let change): throw change
            }
        }
    }

    /// Seals `key` as a new entry for `profile`, appended after the existing ones (so it becomes
    /// the profile's current key), with `metadata`. Returns the new entry's id.
    func appendEntry(profile: String, key: borrowing AccessKey, metadata: [Metadatum], alsoChange: @escaping (inout VaultDocument) -> Void = { _ in }) throws(VaultError) -> [UInt8] {
        var newID: [UInt8] = []
        try modify { (document) throws(VaultError) in
            var entropy = SystemEntropy()
            do {
                let entry = try VaultCryptography.sealEntry(
                    profile: profile, key: key, added: UInt64(context.now()), metadata: metadata, header: document.header,
                    entropy: &entropy)
                newID = entry.id
                alsoChange(&document)
                document.entries.append(entry)
            } catch {
                throw VaultError("cannot seal the key: \(error)", hint: "nothing was written")
            }
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
            throw VaultError("cannot seal a note: \(error)", hint: "nothing was written")
        }
    }

    /// Opens a note made by `sealNote`.
    func openNote(_ base64: String, keyPair: borrowing BoxKeyPair) throws(VaultError) -> String {
        guard let box = Encoding.fromBase64(base64), let plain = try? SealedBox.open(box, keyPair: keyPair) else {
            throw VaultError("a sealed note in the vault does not open", hint: "the vault was altered; the record cannot be used")
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
