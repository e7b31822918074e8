/// How the vault's X25519 secret key is protected.
public enum KeyProtection: Equatable, Sendable {
    /// Wrapped with XChaCha20-Poly1305 under an Argon2id key derived from a passphrase.
    case passphrase(KDFParameters, nonce: [UInt8], wrappedKey: [UInt8])
    /// Held in the freedesktop Secret Service under this vault's id; nothing in the file.
    case secretService
    /// Format version 3: several protectors, any one of which unlocks (FORMAT.md §10).
    case protectors(ProtectorList)

    /// Whether a passphrase wraps the key.
    public var isPassphrase: Bool {
        if case .passphrase = self { return true }
        return false
    }

    /// The protector list of a version-3 header, nil for versions 1 and 2.
    public var protectorList: ProtectorList? {
        if case .protectors(let list) = self { return list }
        return nil
    }

    /// Whether a passphrase unlocks the key (the keyblock, or one protector of the list).
    public var hasPassphrase: Bool {
        isPassphrase || protectorList?.protectors.contains { $0.kind.code == 1 } == true
    }

    /// The backend byte in the header (FORMAT.md §2); version 3 has none (0).
    public var backendCode: UInt8 {
        switch self {
        case .passphrase: return 1
        case .secretService: return 2
        case .protectors: return 0
        }
    }
}

/// Argon2id parameters, stored so a vault stays openable when defaults change.
public struct KDFParameters: Equatable, Sendable {
    public var opsLimit: UInt32
    public var memLimit: UInt64
    public var salt: [UInt8]

    public init(opsLimit: UInt32, memLimit: UInt64, salt: [UInt8]) {
        self.opsLimit = opsLimit
        self.memLimit = memLimit
        self.salt = salt
    }

    /// Bounds a reader enforces before running the KDF, so a hostile file cannot exhaust memory or time.
    public static let opsLimitRange: ClosedRange<UInt32> = 1...16
    public static let memLimitRange: ClosedRange<UInt64> = 8192...(1 << 30)
}

/// The part of the file before the entries.
public struct VaultHeader: Equatable, Sendable {
    /// 3 for every vault vault creates; 2 or 1 for a file read from an older vault (FORMAT.md §9, §10.6).
    public var version: UInt16
    public var vaultID: [UInt8]
    public var created: UInt64
    public var publicKey: [UInt8]
    public var protection: KeyProtection
    /// Grows by one with every sealed write; 0 in a version-1 file, which has none (FORMAT.md §2).
    public var generation: UInt64

    public init(
        vaultID: [UInt8], created: UInt64, publicKey: [UInt8], protection: KeyProtection,
        version: UInt16 = VaultDocument.currentVersion, generation: UInt64 = 1
    ) {
        self.version = version
        self.vaultID = vaultID
        self.created = created
        self.publicKey = publicKey
        self.protection = protection
        self.generation = version == 1 ? 0 : generation
    }
}

/// What an entry holds.
public enum EntryKind: UInt8, Sendable {
    /// A profile's long-term access key.
    case accessKey = 1
}

/// One sealed record: clear metadata for `list`, and a sealed box only the vault's key opens.
public struct VaultEntry: Equatable, Sendable {
    public var id: [UInt8]
    public var kind: EntryKind
    public var added: UInt64
    public var profile: String
    /// A masked access key id (`AKIA…WXYZ`) so `list` needs no unlock.
    public var keyHint: String
    /// Non-secret attributes (rotation state, key creation date, …), in order.
    public var metadata: [Metadatum]
    public var sealed: [UInt8]

    public init(
        id: [UInt8], kind: EntryKind, added: UInt64, profile: String, keyHint: String, metadata: [Metadatum],
        sealed: [UInt8]
    ) {
        self.id = id
        self.kind = kind
        self.added = added
        self.profile = profile
        self.keyHint = keyHint
        self.metadata = metadata
        self.sealed = sealed
    }

    /// The value of metadata `key`, if present.
    public func metadata(_ key: String) -> String? { metadata.last { $0.key == key }?.value }
}

/// A clear key/value attribute of an entry.
public struct Metadatum: Equatable, Sendable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// A whole vault file: header, sealed entries, their seal and the pending entries, without the
/// checksum (added on encode).
public struct VaultDocument: Equatable, Sendable {
    public static let magic: [UInt8] = [0x89, 0x56, 0x4C, 0x54, 0x0D, 0x0A, 0x1A, 0x0A]  // \x89 V L T \r \n ^Z \n
    public static let currentVersion: UInt16 = 3
    public static let checksumByteCount = 32
    public static let sealByteCount = 32
    public static let idByteCount = 16
    /// Largest file a reader accepts (about 30,000 profiles).
    public static let maximumFileSize = 16 << 20
    public static let maximumEntries = 100_000

    public var header: VaultHeader
    /// Every entry in file order: the first `sealedCount` are covered by the seal, the rest are
    /// pending (appended without the vault's key).
    public var entries: [VaultEntry]
    /// How many of `entries` the seal covers (all of them in a version-1 file, which has no seal).
    public var sealedCount: Int
    /// The stored seal: keyed BLAKE2b of the sealed part (empty for version 1, and until sealed).
    public var seal: [UInt8]
    /// Pending entries that this machine's record does not vouch for (VaultKit fills it in after
    /// reading the record; not part of the file).
    public var untrustedEntryIDs: Set<[UInt8]> = []

    public init(header: VaultHeader, entries: [VaultEntry] = [], sealedCount: Int? = nil, seal: [UInt8] = []) {
        self.header = header
        self.entries = entries
        self.sealedCount = sealedCount ?? entries.count
        self.seal = seal
    }

    /// The entries appended without the vault's key, in order.
    public var pendingEntries: ArraySlice<VaultEntry> { entries[sealedCount...] }

    /// Whether `entry` is one this machine may use: sealed, or pending and vouched for.
    public func isTrusted(_ entry: VaultEntry) -> Bool { !untrustedEntryIDs.contains(entry.id) }

    /// Entries for `profile`.
    public func entries(for profile: String) -> [VaultEntry] { entries.filter { $0.profile == profile } }
}
