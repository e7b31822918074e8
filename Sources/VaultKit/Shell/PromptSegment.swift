// `vault status --prompt`: the session a shell prompt shows, read without unlocking or asking.
import VaultBase

/// The short text a shell prompt shows for the current session: `PROFILE 42m`, `PROFILE expired`,
/// or nothing. Inside `vault exec` (AWS_VAULT and AWS_CREDENTIAL_EXPIRATION set) only the
/// environment is read; otherwise the cached session of AWS_VAULT's profile (`exec --server`) or
/// AWS_PROFILE's, whose expiry the cache key opens.
/// Never unlocks, never prompts, never fails: a prompt has nowhere to show an error.
public struct PromptSegment {
    let context: VaultContext

    public init(context: VaultContext) {
        self.context = context
    }

    /// The segment, or nil when there is no session to show.
    public func text() -> String? {
        let environment = context.environment
        if let profile = environment["AWS_VAULT"], !profile.isEmpty,
            let expiration = environment["AWS_CREDENTIAL_EXPIRATION"].flatMap(ISO8601.parse)
        {
            return Self.format(profile: profile, secondsLeft: expiration - context.now())
        }
        // `exec --server` sets AWS_VAULT without an expiry: its profile's cached session, then.
        let named = [environment["AWS_VAULT"], environment["AWS_PROFILE"]].compactMap { $0 }.first { !$0.isEmpty }
        guard let profile = named, let expiration = cachedExpiration(profile) else { return nil }
        return Self.format(profile: profile, secondsLeft: expiration - context.now())
    }

    /// `PROFILE 42m` (whole minutes left, rounded down), `PROFILE expired`; control characters
    /// of the name dropped so the prompt cannot be rewritten by it.
    static func format(profile: String, secondsLeft: Int64) -> String {
        let name = String(
            String.UnicodeScalarView(profile.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
        return secondsLeft > 0 ? "\(name) \(secondsLeft / 60)m" : "\(name) expired"
    }

    /// The expiry of `profile`'s cached session, when the cache holds one this machine can open.
    func cachedExpiration(_ profile: String) -> Int64? {
        let broker = SessionBroker(context: context)
        let directory = SessionCache.defaultDirectory(environment: context.environment)
        guard let keyStore = try? SessionKeyStore.choose(environment: context.environment), keyStore != .none,
            let chain = try? broker.resolve(profile)
        else { return nil }
        if let source = chain.sso {  // SSO/SSOSessionSource.swift: no vault entry behind it
            return SessionBroker.ssoCachedExpiration(
                profile, chain, source, keyStore: keyStore, directory: directory, now: context.now())
        }
        guard let document = try? Vault(context: context).loadIfPresent(),
            let entry = try? broker.sourceEntry(chain, document)
        else { return nil }
        let cache = SessionCache(directory: directory, keyStore: keyStore, vaultID: document.header.vaultID)
        // Any expiry: `lookup` filters on time left, and the prompt shows expired sessions too.
        return cache.lookup(
            broker.identity(profile, chain, entry), now: context.now(), minimumRemaining: Int64.min / 2)?
            .expiration
    }
}
