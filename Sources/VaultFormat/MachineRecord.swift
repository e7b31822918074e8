import VaultCrypto

/// This machine's record of one vault (FORMAT.md §6): the header it last saw opened, the highest
/// generation it knows, and a journal of the pending entries it appended.
public struct MachineRecord: Equatable, Sendable {
    public static let magic: [UInt8] = Array("VLTRECRD".utf8)
    public static let version: UInt16 = 1
    /// Larger than any record vault writes (the journal empties at every sealed write).
    public static let maximumSize = 1 << 20

    /// One pending entry this machine appended.
    public struct JournalEntry: Equatable, Sendable {
        public enum State: UInt8, Sendable {
            /// Recorded before the vault file was written (a crash may have kept it out of the file).
            case writing = 1
            /// The vault file held it when this machine last wrote.
            case written = 2
        }

        public var digest: [UInt8]
        public var generation: UInt64
        public var state: State

        public init(digest: [UInt8], generation: UInt64, state: State) {
            self.digest = digest
            self.generation = generation
            self.state = state
        }
    }

    public var headerDigest: [UInt8]
    public var vaultID: [UInt8]
    public var publicKey: [UInt8]
    public var generation: UInt64
    /// Unix seconds of the last unlock or sealed write that set the pin.
    public var recorded: UInt64
    public var journal: [JournalEntry]

    /// A record that pins `document` as opened (or written) now, with an empty journal.
    public init(pinning document: VaultDocument, at time: UInt64) {
        headerDigest = document.header.digest
        vaultID = document.header.vaultID
        publicKey = document.header.publicKey
        generation = document.header.generation
        recorded = time
        journal = []
    }

    /// The highest generation this machine has seen or written to.
    public var knownGeneration: UInt64 {
        journal.filter { $0.state == .written }.map(\.generation).reduce(generation, max)
    }
}

/// Why a vault file does not match this machine's record.
public enum RecordMismatch: Error, Equatable, Sendable {
    /// Another vault (another id) sits at the location.
    case anotherVault(recordedID: [UInt8], fileID: [UInt8])
    /// The file is older than one this machine wrote or opened.
    case olderCopy(known: UInt64, file: UInt64)
}

/// What comparing a file with the record found, when it is not refused.
public struct RecordComparison: Equatable, Sendable {
    /// Pending entries the journal does not vouch for.
    public var untrustedEntryIDs: Set<[UInt8]>
    /// The header differs from the one this machine last saw opened.
    public var headerChanged: Bool
    /// The record needs rewriting after an unlock (newer file, changed header, leftover journal).
    public var isStale: Bool

    public init(untrustedEntryIDs: Set<[UInt8]>, headerChanged: Bool, isStale: Bool) {
        self.untrustedEntryIDs = untrustedEntryIDs
        self.headerChanged = headerChanged
        self.isStale = isStale
    }
}

extension MachineRecord {
    /// Compares `document` with the record (FORMAT.md §6); throws when the file must be refused.
    public func compare(_ document: VaultDocument) throws(RecordMismatch) -> RecordComparison {
        guard document.header.vaultID == vaultID else {
            throw .anotherVault(recordedID: vaultID, fileID: document.header.vaultID)
        }
        let fileGeneration = document.header.generation
        guard fileGeneration >= knownGeneration else { throw .olderCopy(known: knownGeneration, file: fileGeneration) }
        let pending = Set(document.pendingEntries.map(\.digest))
        let current = journal.filter { $0.generation == fileGeneration }
        if current.contains(where: { $0.state == .written && !pending.contains($0.digest) }) {
            throw .olderCopy(known: knownGeneration, file: fileGeneration)
        }
        let vouched = Set(current.map(\.digest))
        let untrusted = document.pendingEntries.filter { !vouched.contains($0.digest) }.map(\.id)
        let headerChanged = document.header.digest != headerDigest
        return RecordComparison(
            untrustedEntryIDs: Set(untrusted), headerChanged: headerChanged,
            isStale: headerChanged || fileGeneration != generation || !journal.isEmpty)
    }

    /// The record's bytes (FORMAT.md §6).
    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.raw(Self.magic)
        w.u16(Self.version)
        w.raw(headerDigest)
        w.raw(vaultID)
        w.raw(publicKey)
        w.u64(generation)
        w.u64(recorded)
        w.u32(UInt32(journal.count))
        for entry in journal {
            w.raw(entry.digest)
            w.u64(entry.generation)
            w.u8(entry.state.rawValue)
        }
        return w.bytes + BLAKE2b.hash(w.bytes)
    }

    /// Parses a record, checksum first.
    public static func decode(_ bytes: [UInt8]) throws(FormatError) -> MachineRecord {
        guard bytes.count <= maximumSize else { throw .tooLarge(byteCount: bytes.count) }
        guard bytes.count >= magic.count + 2 + 32, Array(bytes.prefix(magic.count)) == magic else { throw .notAVault }
        let bodyEnd = bytes.count - 32
        guard BLAKE2b.hash(Array(bytes[..<bodyEnd])) == Array(bytes[bodyEnd...]) else { throw .checksumMismatch }
        var r = ByteReader(bytes, from: magic.count, to: bodyEnd)
        let version = try r.u16("record version")
        guard version == Self.version else { throw .unsupportedVersion(version) }
        let headerDigest = try r.raw(32, "header digest")
        let vaultID = try r.raw(VaultDocument.idByteCount, "vault id")
        let publicKey = try r.raw(BoxKeyPair.publicKeyByteCount, "public key")
        let generation = try r.u64("generation")
        let recorded = try r.u64("recorded")
        let count = try r.u32("journal count")
        guard Int(count) <= VaultDocument.maximumEntries else {
            throw .invalidField(field: "journal count", reason: "\(count) entries")
        }
        var journal: [JournalEntry] = []
        for _ in 0..<count {
            let digest = try r.raw(32, "journal digest")
            let entryGeneration = try r.u64("journal generation")
            let stateByte = try r.u8("journal state")
            guard let state = JournalEntry.State(rawValue: stateByte) else {
                throw .invalidField(field: "journal state", reason: "unknown state \(stateByte)")
            }
            journal.append(JournalEntry(digest: digest, generation: entryGeneration, state: state))
        }
        guard r.isAtEnd else { throw .invalidField(field: "record", reason: "trailing bytes") }
        var record = MachineRecord(
            headerDigest: headerDigest, vaultID: vaultID, publicKey: publicKey, generation: generation,
            recorded: recorded)
        record.journal = journal
        return record
    }

    private init(headerDigest: [UInt8], vaultID: [UInt8], publicKey: [UInt8], generation: UInt64, recorded: UInt64) {
        self.headerDigest = headerDigest
        self.vaultID = vaultID
        self.publicKey = publicKey
        self.generation = generation
        self.recorded = recorded
        self.journal = []
    }
}
