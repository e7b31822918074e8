import VaultBase

/// `vault list` output: a table for people, JSON for scripts.
public enum ListingFormatter {
    /// Keys older than this many days get a warning (setting `key-max-age-days`).
    public static let defaultMaximumAgeDays = 90

    /// Columns PROFILE, KEY, AGE, STATE; the vault and its backend on top; warnings last.
    public static func table(_ listing: VaultListing, now: Int64, maximumAgeDays: Int = defaultMaximumAgeDays) -> String
    {
        var lines = ["vault: \(listing.path) (backend: \(listing.backend.rawValue))"]
        guard !listing.profiles.isEmpty else {
            return (lines + ["no profiles yet: vault add PROFILE"]).joined(separator: "\n")
        }
        let width = max(7, listing.profiles.map(\.profile.count).max() ?? 0) + 2
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(1, w - s.count)) }
        lines.append(pad("PROFILE", width) + pad("KEY", 11) + pad("AGE", 13) + "STATE")
        var warnings: [String] = []
        for p in listing.profiles {
            let age = now - keyCreated(p)
            lines.append(pad(p.profile, width) + pad(p.keyHint, 11) + pad(Text.age(age), 13) + state(p))
            if age > Int64(maximumAgeDays) * 86_400 && p.metadata.last(where: { $0.key == "rotation" }) == nil {
                warnings.append(
                    "warning: the key of '\(p.profile)' is \(age / 86_400) days old (over \(maximumAgeDays)): vault rotate \(p.profile)"
                )
            }
            if !p.trusted {
                warnings.append(
                    "warning: the entry for '\(p.profile)' was not added on this machine and is not sealed with the vault's key: vault will not use it (vault remove \(p.profile), then add your key again)"
                )
            }
            if p.metadata.last(where: { $0.key == "rotation" })?.value == "pending" {
                warnings.append(
                    "warning: a rotation of '\(p.profile)' was interrupted: run vault rotate \(p.profile) to finish it")
            }
        }
        return (lines + warnings).joined(separator: "\n")
    }

    /// `{"path","backend","created","profiles":[{"profile","key_hint","added","key_created","age_days","state","trusted","metadata"}]}`.
    public static func json(_ listing: VaultListing, now: Int64) -> String {
        let profiles = listing.profiles.map { p in
            let metadata = p.metadata.map { "\(JSONValue.quoted($0.key)):\(JSONValue.quoted($0.value))" }.joined(
                separator: ",")
            return "{\"profile\":\(JSONValue.quoted(p.profile)),\"key_hint\":\(JSONValue.quoted(p.keyHint)),"
                + "\"added\":\(JSONValue.quoted(ISO8601.format(p.added))),\"key_created\":\(JSONValue.quoted(ISO8601.format(keyCreated(p)))),"
                + "\"age_days\":\((now - keyCreated(p)) / 86_400),\"state\":\(JSONValue.quoted(state(p))),\"trusted\":\(p.trusted),"
                + "\"metadata\":{\(metadata)}}"
        }
        return "{\"path\":\(JSONValue.quoted(listing.path)),\"backend\":\(JSONValue.quoted(listing.backend.rawValue)),"
            + "\"created\":\(JSONValue.quoted(ISO8601.format(listing.created))),\"profiles\":[\(profiles.joined(separator: ","))]}"
    }

    /// `vault list --json` without a vault: where it would be, and no profiles.
    public static func emptyJSON(path: String) -> String {
        "{\"path\":\(JSONValue.quoted(path)),\"backend\":null,\"created\":null,\"profiles\":[]}"
    }

    /// When the key was made: the `key-created` metadata (rotation knows it), else when it was added.
    static func keyCreated(_ p: ProfileSummary) -> Int64 {
        p.metadata.last(where: { $0.key == "key-created" }).flatMap { ISO8601.parse($0.value) } ?? p.added
    }

    /// A short description of an entry's state, from its metadata.
    static func state(_ p: ProfileSummary) -> String {
        guard p.trusted else { return "untrusted: not added on this machine" }
        let value = { (key: String) in p.metadata.last(where: { $0.key == key })?.value }
        switch value("rotation") {
        case "pending": return "new key, rotation unfinished"
        case "old": return "previous key, rotation unfinished"
        case "retired-inactive": return "previous key, inactive"
        default: break
        }
        switch value("admin-state") {
        case "inactive", "deactivating": return "admin keys inactive since \(value("admin-since") ?? "?")"
        case "active": return "admin keys active since \(value("admin-since") ?? "?")"
        default: return "ok"
        }
    }
}
