import VaultBase

/// Small Foundation-free text helpers for output.
public enum Text {
    /// A JSON string literal; the same as `JSONValue.quoted` (VaultBase), kept for the files
    /// being rewritten elsewhere (Exec, the credential server, the vault core) until they switch.
    public static func jsonString(_ s: String) -> String { JSONValue.quoted(s) }

    /// `2026-11-25T19:32:21Z`; the same as `ISO8601.format` (VaultBase), kept like `jsonString`.
    public static func iso8601(_ seconds: Int64) -> String { ISO8601.format(seconds) }

    /// "3 days", "5 hours", "12 minutes": a rough age for humans.
    public static func age(_ seconds: Int64) -> String {
        let s = max(0, seconds)
        func unit(_ n: Int64, _ name: String) -> String { "\(n) \(name)\(n == 1 ? "" : "s")" }
        if s >= 86_400 * 2 { return unit(s / 86_400, "day") }
        if s >= 3_600 * 2 { return unit(s / 3_600, "hour") }
        if s >= 120 { return unit(s / 60, "minute") }
        return unit(s, "second")
    }
}
