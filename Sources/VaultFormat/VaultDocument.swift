/// How the vault's X25519 secret key is protected.
public enum KeyProtection: Equatable, Sendable {
    /// Wrapped with XChaCha20-Poly1305 under an Argon2id key derived from a passphrase.
    case passphrase(KDFParameters, nonce: [UInt8], wrappedKey: [UInt8])
    /// Held in the freedesktop Secret Service under this vault's id; nothing in the file.
    case secretService

    /// The backend byte in the header (FORMAT.md §2).
    public var backendCode: UInt8 {
        switch self {
        case .passphrase: return 1
        case .secretService: return 2
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
    public var version: UInt16
    public var vaultID: [UInt8]
    public var created: UInt64
    public var publicKey: [UInt8]
    public var protection: KeyProtection

    public init(vaultID: [UInt8], created: UInt64, publicKey: [UInt8], protection: KeyProtection) {
        self.version = VaultDocument.currentVersion
        self.vaultID = vaultID
        self.created = created
        self.publicKey = publicKey
        self.protection = protection
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

/// A whole vault file: header and entries, without the checksum (added on encode).
public struct VaultDocument: Equatable, Sendable {
    public static let magic: [UInt8] = [0x89, 0x56, 0x4C, 0x54, 0x0D, 0x0A, 0x1A, 0x0A]  // \x89 V L T \r \n ^Z \n
    public static let currentVersion: UInt16 = 1
    public static let checksumByteCount = 32
    public static let idByteCount = 16
    /// Largest file a reader accepts (about 30,000 profiles).
    public static let maximumFileSize = 16 << 20
    public static let maximumEntries = 100_000

    public var header: VaultHeader
    public var entries: [VaultEntry]

    public init(header: VaultHeader, entries: [VaultEntry] = []) {
        self.header = header
        self.entries = entries
    }

    /// Entries for `profile`.
    public func entries(for profile: String) -> [VaultEntry] { entries.filter { $0.profile == profile } }
}
