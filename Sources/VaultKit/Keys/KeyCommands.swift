// What `vault add` (a typed or exported key), `vault remove` and `vault list` do, start to end.

/// How a command that may ask before changing the vault ended: a declined question keeps
/// everything as it was and is not a failure (exit 0).
public struct ChangeOutcome: Equatable, Sendable {
    /// Whether the vault (or this machine's record) changed.
    public let changed: Bool
    /// The line to show the person, on stderr.
    public let message: String
}

extension Vault {
    /// `vault add PROFILE` with a key typed in or exported (`.environment`). An existing key is
    /// replaced with `force`, or after a yes on the terminal; `--env` never asks (scripts use it).
    /// Nothing is read before the question, so a no costs nothing.
    public func addKey(profile: String, input: AccessKeyInput, force: Bool) throws(VaultError) -> ChangeOutcome {
        var replace = force
        if !replace, try contains(profile: profile) {
            guard context.prompter.canPrompt, input != .environment else {
                throw .keys(.alreadyInVault(profile: profile))
            }
            guard try context.prompter.confirm("Profile '\(profile)' is already in the vault. Replace its key?") else {
                return ChangeOutcome(changed: false, message: "kept the existing key of '\(profile)'")
            }
            replace = true
        }
        let key = try input.read(context: context)
        try add(profile: profile, key: key, replace: replace)
        return ChangeOutcome(changed: true, message: "added '\(profile)' to \(store.path)")
    }

    /// `vault remove PROFILE`: a profile not in the vault is named at once (with close matches),
    /// before any question; otherwise asks unless `force`, and needs a terminal to ask on.
    public func removeKey(profile: String, force: Bool) throws(VaultError) -> ChangeOutcome {
        let document = try load()
        guard !document.entries(for: profile).isEmpty else {
            throw .unknownProfile(profile, known: uniqueProfiles(document))
        }
        if !force {
            guard context.prompter.canPrompt else { throw .keys(.removalNeedsConfirmation(profile: profile)) }
            guard try context.prompter.confirm("Remove the key of '\(profile)' from the vault?") else {
                return ChangeOutcome(changed: false, message: "kept '\(profile)'")
            }
        }
        try remove(profile: profile)
        return ChangeOutcome(changed: true, message: "removed '\(profile)' from \(store.path)")
    }

    /// `vault list`: the table (keys older than the `key-max-age-days` setting flagged, default
    /// 90), or JSON for scripts. With no vault yet, JSON is an empty list (scripts need no special case); the table says
    /// there is no vault.
    public func listing(json: Bool) throws(VaultError) -> String {
        guard let listing = json ? try listIfPresent() : try list() else {
            return ListingFormatter.emptyJSON(path: store.path)
        }
        // An invalid stored value is reported (notice) and the default used.
        let maximumAge =
            try Settings(environment: context.environment).keyMaxAgeDays(notice: context.noticeSink)
            ?? ListingFormatter.defaultMaximumAgeDays
        return json
            ? ListingFormatter.json(listing, now: context.now())
            : ListingFormatter.table(listing, now: context.now(), maximumAgeDays: maximumAge)
    }
}
