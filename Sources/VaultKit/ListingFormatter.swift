/// `vault list` output: a table for people, JSON for scripts.
public enum ListingFormatter {
    /// Columns PROFILE, KEY, ADDED; the vault and its backend on top.
    public static func table(_ listing: VaultListing, now: Int64) -> String {
        var lines = ["vault: \(listing.path) (backend: \(listing.backend.rawValue))"]
        guard !listing.profiles.isEmpty else { return (lines + ["no profiles yet: vault add PROFILE"]).joined(separator: "\n") }
        let width = max(7, listing.profiles.map(\.profile.count).max() ?? 0) + 2
        func pad(_ s: String) -> String { s + String(repeating: " ", count: max(1, width - s.count)) }
        lines.append(pad("PROFILE") + "KEY        ADDED")
        for p in listing.profiles {
            lines.append(pad(p.profile) + p.keyHint + "  " + Text.iso8601(p.added) + " (" + Text.age(now - p.added) + " ago)")
        }
        return lines.joined(separator: "\n")
    }

    /// `{"path":…,"backend":…,"created":…,"profiles":[{"profile","key_hint","added","metadata"}]}`.
    public static func json(_ listing: VaultListing) -> String {
        let profiles = listing.profiles.map { p in
            let metadata = p.metadata.map { "\(Text.jsonString($0.key)):\(Text.jsonString($0.value))" }.joined(separator: ",")
            return "{\"profile\":\(Text.jsonString(p.profile)),\"key_hint\":\(Text.jsonString(p.keyHint)),"
                + "\"added\":\(Text.jsonString(Text.iso8601(p.added))),\"metadata\":{\(metadata)}}"
        }
        return "{\"path\":\(Text.jsonString(listing.path)),\"backend\":\(Text.jsonString(listing.backend.rawValue)),"
            + "\"created\":\(Text.jsonString(Text.iso8601(listing.created))),\"profiles\":[\(profiles.joined(separator: ","))]}"
    }
}
