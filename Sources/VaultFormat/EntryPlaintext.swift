import VaultCrypto

/// The bytes inside an entry's sealed box (FORMAT.md §5), built and read in locked memory.
///
/// `version(1) ‖ entry id(16) ‖ kind(1) ‖ len ‖ profile ‖ len ‖ access key id ‖ len ‖ secret`
/// — the id, kind and profile repeat the clear fields so a box moved to another entry is refused.
enum EntryPlaintext {
    static let version: UInt8 = 1

    static func encode(id: [UInt8], kind: EntryKind, profile: String, key: borrowing AccessKey) throws(CryptoError)
        -> SecureBytes
    {
        var prefix = ByteWriter()
        prefix.u8(version)
        prefix.raw(id)
        prefix.u8(kind.rawValue)
        prefix.short(Array(profile.utf8))
        prefix.short(Array(key.accessKeyID.utf8))
        let secretCount = key.secretAccessKey.count
        prefix.u8(UInt8(secretCount))
        let head = prefix.bytes
        var out = try SecureBytes(count: head.count + secretCount)
        key.secretAccessKey.withUnsafeBytes { secret in
            out.withUnsafeMutableBytes { o in
                o.copyBytes(from: head)
                UnsafeMutableRawBufferPointer(rebasing: o[head.count...]).copyMemory(from: secret)
            }
        }
        return out
    }

    static func decode(_ plaintext: borrowing SecureBytes, expecting entry: VaultEntry) throws(FormatError) -> AccessKey
    {
        let tampered = FormatError.entryTampered(profile: entry.profile)
        // Parse the public prefix without copying the secret: walk offsets inside the closure.
        let parsed: (keyID: String, secretRange: Range<Int>)? = plaintext.withUnsafeBytes { raw in
            var offset = 0
            func take(_ n: Int) -> UnsafeRawBufferPointer? {
                guard n >= 0, offset + n <= raw.count else { return nil }
                defer { offset += n }
                return UnsafeRawBufferPointer(rebasing: raw[offset..<offset + n])
            }
            guard let v = take(1), v[0] == version,
                let id = take(VaultDocument.idByteCount), Array(id) == entry.id,
                let kind = take(1), kind[0] == entry.kind.rawValue,
                let nameLength = take(1), let name = take(Int(nameLength[0])), Array(name) == Array(entry.profile.utf8),
                let idLength = take(1), let keyID = take(Int(idLength[0])),
                let secretLength = take(1)
            else { return nil }
            let start = offset
            guard take(Int(secretLength[0])) != nil, offset == raw.count else { return nil }
            return (String(decoding: keyID, as: UTF8.self), start..<offset)
        }
        guard let parsed, let secret = try? plaintext.slice(parsed.secretRange) else { throw tampered }
        guard AccessKey.hint(for: parsed.keyID) == entry.keyHint,
            let key = try? AccessKey(accessKeyID: parsed.keyID, secretAccessKey: secret)
        else {
            throw tampered
        }
        return key
    }
}
