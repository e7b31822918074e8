// The vault file's bytes: encoding a VaultDocument and decoding one (FORMAT.md §2–§4).
import VaultCrypto

extension VaultDocument {
    /// The file's bytes, checksum included (FORMAT.md §2–§4). A version-2 document that was never
    /// sealed encodes a zero seal, which no key verifies.
    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.raw(sealedPart())
        if header.version != 1 {
            w.raw(seal.count == Self.sealByteCount ? seal : [UInt8](repeating: 0, count: Self.sealByteCount))
            w.u32(UInt32(entries.count - sealedCount))
            for entry in entries[sealedCount...] { w.raw(entry.encoded()) }
        }
        let body = w.bytes
        return body + BLAKE2b.hash(body, outputLength: Self.checksumByteCount)
    }

    /// Every byte from the magic through the last sealed entry: what the seal covers (FORMAT.md §2).
    public func sealedPart() -> [UInt8] {
        var w = ByteWriter()
        w.raw(header.encodedWithoutGeneration())
        if header.version != 1 { w.u64(header.generation) }
        w.u32(UInt32(header.version == 1 ? entries.count : sealedCount))
        for entry in entries[..<(header.version == 1 ? entries.count : sealedCount)] { w.raw(entry.encoded()) }
        return w.bytes
    }

    /// Parses and checks a vault file (version 1, 2 or 3) without unlocking it. Verifies the checksum first.
    public static func decode(_ bytes: [UInt8]) throws(FormatError) -> VaultDocument {
        guard bytes.count <= maximumFileSize else { throw .tooLarge(byteCount: bytes.count) }
        guard bytes.count >= magic.count, Array(bytes.prefix(magic.count)) == magic else {
            if bytes.isEmpty { throw .truncated(field: "magic") }
            throw magic.starts(with: bytes) ? .truncated(field: "magic") : .notAVault
        }
        var r = ByteReader(bytes, from: magic.count)
        let version = try r.u16("version")
        guard (1...currentVersion).contains(version) else { throw .unsupportedVersion(version) }
        guard bytes.count >= magic.count + 2 + checksumByteCount else { throw .truncated(field: "checksum") }
        let bodyEnd = bytes.count - checksumByteCount
        let expected = Array(bytes[bodyEnd...])
        let actual = bytes.withUnsafeBytes {
            BLAKE2b.hash(UnsafeRawBufferPointer(rebasing: $0[..<bodyEnd]), outputLength: checksumByteCount)
        }
        guard actual == expected else { throw .checksumMismatch }

        r = ByteReader(bytes, from: magic.count + 2, to: bodyEnd)
        var header = try decodeHeader(&r, version: version)
        if version != 1 {
            header.generation = try r.u64("generation")
            guard header.generation > 0 else { throw .invalidField(field: "generation", reason: "zero") }
        }
        // Ids as two words: hashing 16-byte arrays cost more than decoding at 1,000 entries.
        var seen = Set<EntryIDKey>()
        var entries = try decodeEntries(&r, "entry count", seen: &seen, budget: maximumEntries)
        let sealedCount = entries.count
        var seal: [UInt8] = []
        if version != 1 {
            seal = try r.raw(sealByteCount, "seal")
            entries += try decodeEntries(&r, "pending count", seen: &seen, budget: maximumEntries - sealedCount)
        }
        guard r.isAtEnd else { throw .invalidField(field: "file", reason: "\(r.remaining) bytes after the last entry") }
        return VaultDocument(header: header, entries: entries, sealedCount: sealedCount, seal: seal)
    }

    /// A count and that many entries, ids unique across the whole file.
    private static func decodeEntries(
        _ r: inout ByteReader, _ field: String, seen: inout Set<EntryIDKey>, budget: Int
    ) throws(FormatError) -> [VaultEntry] {
        let count = try r.u32(field)
        guard count <= budget else { throw .invalidField(field: field, reason: "\(count) entries") }
        var entries: [VaultEntry] = []
        entries.reserveCapacity(Int(count))
        seen.reserveCapacity(seen.count + min(Int(count), 4096))
        for _ in 0..<count {
            let entry = try VaultEntry.decode(&r)
            guard seen.insert(EntryIDKey(entry.id)).inserted else {
                throw .invalidField(field: "entry id", reason: "two entries share an id")
            }
            entries.append(entry)
        }
        return entries
    }

    private static func decodeHeader(_ r: inout ByteReader, version: UInt16) throws(FormatError) -> VaultHeader {
        if version == 3 {
            guard try r.u16("reserved") == 0 else { throw .invalidField(field: "reserved", reason: "not zero") }
            let vaultID = try r.raw(idByteCount, "vault id")
            let created = try r.u64("created")
            let publicKey = try r.raw(BoxKeyPair.publicKeyByteCount, "public key")
            let list = try ProtectorList.decode(&r)
            return VaultHeader(
                vaultID: vaultID, created: created, publicKey: publicKey, protection: .protectors(list), version: 3)
        }
        let backend = try r.u8("backend")
        guard try r.u8("reserved") == 0 else { throw .invalidField(field: "reserved", reason: "not zero") }
        let vaultID = try r.raw(idByteCount, "vault id")
        let created = try r.u64("created")
        let publicKey = try r.raw(BoxKeyPair.publicKeyByteCount, "public key")
        let protection: KeyProtection
        switch backend {
        case 1:
            let kdf = try KDFParameters.read(&r)
            let nonce = try r.raw(XChaCha20Poly1305.nonceByteCount, "key nonce")
            let wrapped = try r.raw(BoxKeyPair.secretKeyByteCount + XChaCha20Poly1305.tagByteCount, "wrapped key")
            protection = .passphrase(kdf, nonce: nonce, wrappedKey: wrapped)
        case 2:
            protection = .secretService
        default:
            throw .invalidField(field: "backend", reason: "unknown backend \(backend)")
        }
        return VaultHeader(
            vaultID: vaultID, created: created, publicKey: publicKey, protection: protection, version: version)
    }
}

extension VaultHeader {
    /// The header bytes from the magic through the keyblock (the generation follows them).
    public func encodedWithoutGeneration() -> [UInt8] { fields(publicKey: true, wrappedKey: true) }

    /// The wrapped key's associated data (FORMAT.md §3.2): the header through the nonce, without
    /// the public key in version 2 (so a swapped public key shows as tampering, not as a wrong
    /// passphrase), with it in version 1.
    public var keyWrapAssociatedData: [UInt8] { fields(publicKey: version == 1, wrappedKey: false) }

    /// The header's fields in file order, the public key and the wrapped key optional.
    private func fields(publicKey withPublicKey: Bool, wrappedKey withWrappedKey: Bool) -> [UInt8] {
        var w = ByteWriter()
        w.raw(VaultDocument.magic)
        w.u16(version)
        if case .protectors(let list) = protection {
            // Version 3 (FORMAT.md §10.1): each protector's wrap has its own associated data.
            w.u16(0)
            w.raw(vaultID)
            w.u64(created)
            w.raw(publicKey)
            w.raw(list.encoded())
            return w.bytes
        }
        w.u8(protection.backendCode)
        w.u8(0)
        w.raw(vaultID)
        w.u64(created)
        if withPublicKey { w.raw(publicKey) }
        if case .passphrase(let kdf, let nonce, let wrapped) = protection {
            kdf.write(&w)
            w.raw(nonce)
            if withWrappedKey { w.raw(wrapped) }
        }
        return w.bytes
    }

    /// BLAKE2b-256 of `encodedWithoutGeneration()`: what this machine's record pins (FORMAT.md §6).
    public var digest: [UInt8] { BLAKE2b.hash(encodedWithoutGeneration()) }
}

extension VaultEntry {
    /// Profile names vault accepts (FORMAT.md §2): 1–128 bytes of UTF-8 without white space,
    /// control characters, or Unicode line separators and direction marks — every name the AWS CLI
    /// reads from a `[section]` header except those with spaces (`team:prod`, `équipe/dev`).
    public static func isValidProfileName(_ name: String) -> Bool {
        // A switch, not a Set built per call: every entry's name is checked on each load of the vault.
        (1...128).contains(name.utf8.count)
            && name.unicodeScalars.allSatisfy { scalar in
                switch scalar.value {
                case 0x00...0x20, 0x7F...0xA0, 0x1680, 0x2000...0x200F, 0x2028...0x202F, 0x205F...0x206F, 0x3000,
                    0xFEFF:
                    return false
                default:
                    return true
                }
            }
    }

    /// BLAKE2b-256 of the entry's bytes, length prefix included: how this machine's record names a
    /// pending entry it wrote (FORMAT.md §6).
    public var digest: [UInt8] { BLAKE2b.hash(encoded()) }

    func encoded() -> [UInt8] {
        var body = ByteWriter()
        body.raw(id)
        body.u8(kind.rawValue)
        body.u64(added)
        body.short(Array(profile.utf8))
        body.short(Array(keyHint.utf8))
        var meta = ByteWriter()
        meta.u16(UInt16(metadata.count))
        for m in metadata {
            meta.short(Array(m.key.utf8))
            meta.medium(Array(m.value.utf8))
        }
        body.medium(meta.bytes)
        body.medium(sealed)
        var w = ByteWriter()
        w.u32(UInt32(body.bytes.count))
        w.raw(body.bytes)
        return w.bytes
    }

    static func decode(_ outer: inout ByteReader) throws(FormatError) -> VaultEntry {
        let length = Int(try outer.u32("entry length"))
        let start = outer.offset
        _ = try outer.take(length, "entry")
        var r = ByteReader(outer.bytes, from: start, to: start + length)
        let id = try r.raw(VaultDocument.idByteCount, "entry id")
        let kindByte = try r.u8("entry kind")
        guard let kind = EntryKind(rawValue: kindByte) else {
            throw .invalidField(field: "entry kind", reason: "unknown kind \(kindByte)")
        }
        let added = try r.u64("entry added")
        let profile = try text(r.short("profile name"), "profile name")
        guard isValidProfileName(profile) else {
            throw .invalidField(field: "profile name", reason: "not a valid name")
        }
        let hint = try text(r.short("key hint"), "key hint")
        guard isValidKeyHint(hint) else { throw .invalidField(field: "key hint", reason: "not of the form AKIA…WXYZ") }
        let metaBytes = try r.medium("metadata")
        var m = ByteReader(metaBytes)
        var metadata: [Metadatum] = []
        var keys = Set<String>()
        for _ in 0..<(try m.u16("metadata count")) {
            let key = try text(m.short("metadata key"), "metadata key")
            guard !key.isEmpty, keys.insert(key).inserted else {
                throw .invalidField(field: "metadata key", reason: key.isEmpty ? "empty" : "repeated")
            }
            metadata.append(Metadatum(key, try text(m.medium("metadata value"), "metadata value")))
        }
        guard m.isAtEnd else { throw .invalidField(field: "metadata", reason: "trailing bytes") }
        let sealed = try r.medium("sealed box")
        guard sealed.count >= SealedBox.overhead else { throw .invalidField(field: "sealed box", reason: "too short") }
        guard r.isAtEnd else { throw .invalidField(field: "entry", reason: "trailing bytes") }
        return VaultEntry(
            id: id, kind: kind, added: added, profile: profile, keyHint: hint, metadata: metadata, sealed: sealed)
    }

    /// 4 of `A–Z 0–9`, `…`, 4 of `A–Z 0–9` (FORMAT.md §2).
    static func isValidKeyHint(_ hint: String) -> Bool {
        let u = Array(hint.utf8)
        let part: (UInt8) -> Bool = { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }
        return u.count == 11 && u[0..<4].allSatisfy(part) && u[4..<7] == [0xE2, 0x80, 0xA6] && u[7...].allSatisfy(part)
    }

    private static func text(_ bytes: [UInt8], _ field: String) throws(FormatError) -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw .invalidField(field: field, reason: "not UTF-8")
        }
        return s
    }
}

/// An entry id (16 bytes, `VaultDocument.idByteCount`) as two words, for the duplicate check.
private struct EntryIDKey: Hashable {
    let high: UInt64
    let low: UInt64

    init(_ id: [UInt8]) {
        precondition(id.count == VaultDocument.idByteCount, "entry ids are read with their fixed length")
        (high, low) = id.withUnsafeBytes {
            ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
    }
}

extension KDFParameters {
    /// `kdf:u8(=1) opslimit:u32 memlimit:u64 salt(16)`, the bounds checked before any KDF work
    /// (FORMAT.md §2): a version-1/2 keyblock and a version-3 passphrase protector share it.
    /// Writes what `read` reads.
    func write(_ w: inout ByteWriter) {
        w.u8(1)
        w.u32(opsLimit)
        w.u64(memLimit)
        w.raw(salt)
    }

    static func read(_ r: inout ByteReader) throws(FormatError) -> KDFParameters {
        guard try r.u8("kdf") == 1 else { throw .invalidField(field: "kdf", reason: "unknown algorithm") }
        let ops = try r.u32("kdf opslimit")
        let mem = try r.u64("kdf memlimit")
        guard opsLimitRange.contains(ops) else {
            throw .invalidField(field: "kdf opslimit", reason: "\(ops) is outside \(opsLimitRange)")
        }
        guard memLimitRange.contains(mem) else {
            throw .invalidField(field: "kdf memlimit", reason: "\(mem) bytes is outside \(memLimitRange)")
        }
        return KDFParameters(opsLimit: ops, memLimit: mem, salt: try r.raw(PasswordHash.saltByteCount, "kdf salt"))
    }
}
