// The vault's key protectors as `vault protect list` shows them, and the kinds there are.
import VaultFormat

/// A kind of key protector (Vault/FORMAT.md §10).
public enum ProtectorKind: String, CaseIterable, Sendable {
    case passphrase
    case secretService = "secret-service"
    case tpm2
    case recovery

    /// The version-2 backend that holds a vault's key this way; tpm2 and recovery need format
    /// version 3, not written yet.
    public func backend() throws(VaultError) -> VaultBackend {
        switch self {
        case .passphrase: return .file
        case .secretService: return .secretService
        case .tpm2, .recovery: throw .protectors(.protectorNotBuilt(rawValue))
        }
    }
}

/// One protector: its id (never reused within a vault) and kind.
public struct ProtectorSummary: Equatable, Sendable {
    public let id: Int
    public let kind: ProtectorKind
}

extension Vault {
    /// The protectors of the vault, read without unlocking. A version-2 file has exactly one, its
    /// keyblock, which becomes protector 1 when the file moves to version 3 (FORMAT.md §10.6).
    public func protectors() throws(VaultError) -> [ProtectorSummary] {
        let document = try load()
        return [ProtectorSummary(id: 1, kind: document.header.protection.isPassphrase ? .passphrase : .secretService)]
    }
}

/// `vault protect list` output.
public enum ProtectorListFormatter {
    /// One line per protector: `ID  KIND  DETAILS`.
    public static func text(_ protectors: [ProtectorSummary]) -> String {
        protectors.map { "\($0.id)  \($0.kind.rawValue)" }.joined(separator: "\n")
    }

    /// `[{"id": 1, "kind": "passphrase"}, …]`.
    public static func json(_ protectors: [ProtectorSummary]) -> String {
        "[" + protectors.map { "{\"id\":\($0.id),\"kind\":\"\($0.kind.rawValue)\"}" }.joined(separator: ",") + "]"
    }
}
