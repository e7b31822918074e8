// The protector list of format version 3 (FORMAT.md §10.1): the model and its strict codec.

/// One way to unlock the vault's secret key: its id (never reused within a vault) and kind.
public struct KeyProtector: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case passphrase(KDFParameters, nonce: [UInt8], wrappedKey: [UInt8])
        case secretService
        case tpm2(needsPIN: Bool, pcrs: [UInt8], nonce: [UInt8], wrappedKey: [UInt8], blob: [UInt8])
        case recovery(salt: [UInt8], nonce: [UInt8], wrappedKey: [UInt8])

        /// The kind byte in the file.
        public var code: UInt8 {
            switch self {
            case .passphrase: return 1
            case .secretService: return 2
            case .tpm2: return 3
            case .recovery: return 4
            }
        }
    }

    public var id: UInt16
    public var kind: Kind

    public init(id: UInt16, kind: Kind) {
        self.id = id
        self.kind = kind
    }
}

/// The protectors of a version-3 vault, any one of which unlocks it.
public struct ProtectorList: Equatable, Sendable {
    public static let maximumCount = 16
    public static let maximumBlobBytes = 4096
    static let wrappedKeyBytes = 32 + 16

    /// The id the next protector gets; only grows.
    public var nextID: UInt16
    public var protectors: [KeyProtector]

    public init(nextID: UInt16, protectors: [KeyProtector]) {
        self.nextID = nextID
        self.protectors = protectors
    }

    /// `next_id count protector{count}`.
    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.u16(nextID)
        w.u8(UInt8(protectors.count))
        for p in protectors {
            w.u16(p.id)
            w.u8(p.kind.code)
            w.medium(Self.body(p.kind, withWrappedKey: true))
        }
        return w.bytes
    }

    /// A protector's body, without its wrapped key (and what follows it) for the associated data.
    static func body(_ kind: KeyProtector.Kind, withWrappedKey: Bool) -> [UInt8] {
        var w = ByteWriter()
        switch kind {
        case .passphrase(let kdf, let nonce, let wrapped):
            kdf.write(&w)
            w.raw(nonce)
            if withWrappedKey { w.raw(wrapped) }
        case .secretService:
            break
        case .tpm2(let needsPIN, let pcrs, let nonce, let wrapped, let blob):
            w.u8(needsPIN ? 1 : 0)
            w.short(pcrs)
            w.raw(nonce)
            if withWrappedKey {
                w.raw(wrapped)
                w.medium(blob)
            }
        case .recovery(let salt, let nonce, let wrapped):
            w.raw(salt)
            w.raw(nonce)
            if withWrappedKey { w.raw(wrapped) }
        }
        return w.bytes
    }

    /// Reads and checks a list that fills `bytes` exactly.
    public static func decode(_ bytes: [UInt8]) throws(FormatError) -> ProtectorList {
        var r = ByteReader(bytes)
        let list = try decode(&r)
        guard r.isAtEnd else { throw .invalidField(field: "protectors", reason: "trailing bytes") }
        return list
    }

    /// Reads and checks a list (every rule of FORMAT.md §10.1).
    static func decode(_ r: inout ByteReader) throws(FormatError) -> ProtectorList {
        let nextID = try r.u16("protector next id")
        let count = Int(try r.u8("protector count"))
        guard (1...maximumCount).contains(count) else {
            throw .invalidField(field: "protector count", reason: "\(count) is outside 1…\(maximumCount)")
        }
        var protectors: [KeyProtector] = []
        for _ in 0..<count {
            let id = try r.u16("protector id")
            let previous = protectors.last?.id ?? 0
            guard id > previous, id < nextID else {
                throw .invalidField(field: "protector id", reason: "\(id) is not ascending and below \(nextID)")
            }
            let code = try r.u8("protector kind")
            var b = ByteReader(try r.medium("protector body"))
            let kind = try decodeBody(code, &b)
            guard b.isAtEnd else { throw .invalidField(field: "protector body", reason: "trailing bytes") }
            protectors.append(KeyProtector(id: id, kind: kind))
        }
        guard protectors.filter({ $0.kind == .secretService }).count <= 1 else {
            throw .invalidField(field: "protector kind", reason: "two secret-service protectors")
        }
        return ProtectorList(nextID: nextID, protectors: protectors)
    }

    private static func decodeBody(_ code: UInt8, _ b: inout ByteReader) throws(FormatError) -> KeyProtector.Kind {
        switch code {
        case 1:
            let kdf = try KDFParameters.read(&b)
            return .passphrase(
                kdf, nonce: try b.raw(24, "key nonce"), wrappedKey: try b.raw(wrappedKeyBytes, "wrapped key"))
        case 2:
            return .secretService
        case 3:
            let flags = try b.u8("tpm2 flags")
            guard flags & ~1 == 0 else { throw .invalidField(field: "tpm2 flags", reason: "unknown bits") }
            let pcrs = try b.short("tpm2 pcrs")
            guard pcrs.count <= 24, pcrs.allSatisfy({ $0 < 24 }), zip(pcrs, pcrs.dropFirst()).allSatisfy({ $0 < $1 })
            else { throw .invalidField(field: "tpm2 pcrs", reason: "not ascending PCR indices below 24") }
            let nonce = try b.raw(24, "key nonce")
            let wrapped = try b.raw(wrappedKeyBytes, "wrapped key")
            let blob = try b.medium("tpm2 blob")
            guard (1...maximumBlobBytes).contains(blob.count) else {
                throw .invalidField(field: "tpm2 blob", reason: "\(blob.count) bytes")
            }
            return .tpm2(needsPIN: flags == 1, pcrs: pcrs, nonce: nonce, wrappedKey: wrapped, blob: blob)
        case 4:
            return .recovery(
                salt: try b.raw(16, "recovery salt"), nonce: try b.raw(24, "key nonce"),
                wrappedKey: try b.raw(wrappedKeyBytes, "wrapped key"))
        default:
            throw .invalidField(field: "protector kind", reason: "unknown kind \(code)")
        }
    }
}
