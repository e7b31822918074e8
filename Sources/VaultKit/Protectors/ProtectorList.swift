// The vault's key protectors as `vault protect list` shows them, and the kinds there are.
import VaultFormat

/// A kind of key protector (Vault/FORMAT.md §10).
public enum ProtectorKind: String, CaseIterable, Sendable {
    case passphrase
    case secretService = "secret-service"
    case tpm2
    case recovery
}

/// One protector: its id (never reused within a vault) and kind; for tpm2, its PIN and PCRs.
public struct ProtectorSummary: Equatable, Sendable {
    public let id: Int
    public let kind: ProtectorKind
    public var pin = false
    public var pcrs: [UInt8] = []

    init(id: Int, kind: ProtectorKind) {
        self.id = id
        self.kind = kind
    }

    init(_ protector: KeyProtector) {
        id = Int(protector.id)
        switch protector.kind {
        case .passphrase: kind = .passphrase
        case .secretService: kind = .secretService
        case .recovery: kind = .recovery
        case .tpm2(let needsPIN, let pcrs, _, _, _):
            kind = .tpm2
            pin = needsPIN
            self.pcrs = pcrs
        }
    }

    /// `PIN, PCRs 7` for a tpm2 protector, empty for the others.
    var details: String {
        var parts: [String] = []
        if pin { parts.append("PIN") }
        if !pcrs.isEmpty { parts.append("PCRs " + pcrs.map(String.init).joined(separator: ",")) }
        return parts.joined(separator: ", ")
    }
}

extension Vault {
    /// The protectors of the vault, read without unlocking. A version-2 file has exactly one, its
    /// keyblock, which becomes protector 1 when the file moves to version 3 (FORMAT.md §10.6).
    public func protectors() throws(VaultError) -> [ProtectorSummary] {
        let document = try load()
        if let list = document.header.protection.protectorList { return list.protectors.map(ProtectorSummary.init) }
        return [ProtectorSummary(id: 1, kind: document.header.protection.isPassphrase ? .passphrase : .secretService)]
    }
}

/// `vault protect list` output.
public enum ProtectorListFormatter {
    /// One line per protector: `ID  KIND  DETAILS`.
    public static func text(_ protectors: [ProtectorSummary]) -> String {
        protectors.map { "\($0.id)  \($0.kind.rawValue)" + ($0.details.isEmpty ? "" : "  " + $0.details) }
            .joined(separator: "\n")
    }

    /// `[{"id": 1, "kind": "passphrase"}, …]`.
    public static func json(_ protectors: [ProtectorSummary]) -> String {
        "["
            + protectors.map {
                let pcrs = $0.pcrs.map(String.init).joined(separator: ",")
                let tpm = $0.kind == .tpm2 ? ",\"pin\":\($0.pin),\"pcrs\":[\(pcrs)]" : ""
                return "{\"id\":\($0.id),\"kind\":\"\($0.kind.rawValue)\"\(tpm)}"
            }.joined(separator: ",") + "]"
    }
}
