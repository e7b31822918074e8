// `vault doctor`'s findings as a table for people and JSON for scripts.
import VaultBase

/// Text and JSON for `vault doctor`.
public enum DoctorFormatter {
    public static func text(_ findings: [Finding]) -> String {
        findings.map { f in
            let label = f.level.rawValue.padding(12)
            return "\(label)\(f.check): \(f.detail)" + (f.fix.isEmpty ? "" : "\n            fix: \(f.fix)")
        }.joined(separator: "\n")
    }

    /// `{"ok": Bool, "findings": [{"level","check","detail","fix"}]}`.
    public static func json(_ findings: [Finding]) -> String {
        let items = findings.map {
            "{\"level\":\(JSONValue.quoted($0.level.rawValue)),\"check\":\(JSONValue.quoted($0.check)),\"detail\":\(JSONValue.quoted($0.detail)),\"fix\":\(JSONValue.quoted($0.fix))}"
        }
        return "{\"ok\":\(!findings.contains { $0.level == .problem }),\"findings\":[\(items.joined(separator: ","))]}"
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(1, width - count)) }
}
