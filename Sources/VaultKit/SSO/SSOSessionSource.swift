// SSO as a credential source of the session broker: an SSO profile's role credentials (and any
// role chained from them) cached and refreshed like every other session, without the vault.
import AWSClient
import AWSConfig

extension SessionBroker {
    /// The session for a chain whose root is an SSO profile: GetRoleCredentials for the root,
    /// then AssumeRole per hop (role chaining: at most one hour each).
    func ssoSession(_ request: SessionRequest, _ chain: ResolvedChain, _ source: SSOSource) throws(VaultError)
        -> Session
    {
        let identity = Self.ssoIdentity(request.profile, chain, source)
        let region = request.region ?? chain.profile.region ?? chain.root.region
        let cache = SessionCache(
            directory: SessionCache.defaultDirectory(environment: context.environment),
            keyStore: try SessionKeyStore.choose(environment: context.environment), vaultID: SSOTokenStore.keyID)
        let minimum = request.minimumRemaining
        if !request.refresh, let hit = cache.lookup(identity, now: context.now(), minimumRemaining: minimum) {
            return Session(credentials: hit, region: region, fromCache: true)
        }
        return try cache.withLock(identity) { () throws(VaultError) -> Session in
            if !request.refresh, let hit = cache.lookup(identity, now: context.now(), minimumRemaining: minimum) {
                return Session(credentials: hit, region: region, fromCache: true)
            }
            let fresh = try fetchSSO(request, chain, source, region: region)
            do throws(VaultError) { try cache.store(identity, fresh) } catch {
                context.notice("warning: \(error.problem) (the session works, but is not cached)")
            }
            return Session(credentials: fresh, region: region, fromCache: false)
        }
    }

    /// What the cache files an SSO chain's session under: profile, roles, and the login, account
    /// and role it starts from (in place of a vault entry).
    static func ssoIdentity(_ profile: String, _ chain: ResolvedChain, _ source: SSOSource) -> SessionIdentity {
        let origin = ["sso", source.login.cacheKey, source.accountID, source.roleName].joined(separator: "\u{0}")
        return SessionIdentity(
            profile: profile, roleARNs: chain.hops.map(\.roleARN), mfaSerial: chain.hops.first?.mfaSerial,
            sourceEntryID: Array(origin.utf8))
    }

    private func fetchSSO(_ request: SessionRequest, _ chain: ResolvedChain, _ source: SSOSource, region: String?)
        throws(VaultError) -> TemporaryCredentials
    {
        let logins = SSOLogins(context: context, configuration: configuration)
        guard let last = chain.hops.last else {
            return try logins.roleCredentials(source, profile: request.profile)
        }
        let parentProfile = chain.hops.count == 1 ? chain.root.name : chain.hops[chain.hops.count - 2].profile
        let parent = try session(
            SessionRequest(
                profile: parentProfile, region: request.region, refresh: request.refresh,
                minimumRemaining: request.minimumRemaining))
        let sts: STSClient
        do {
            sts = try STSClient(
                region: region ?? "us-east-1", environment: context.environment, configuration: configuration)
        } catch { throw .from(error, profile: request.profile) }
        var duration = request.durationSeconds ?? last.durationSeconds
        if let asked = duration, asked > 3600 {
            context.notice(
                "note: '\(last.profile)' is reached by role chaining from IAM Identity Center credentials, which AWS limits to 1 hour; asking for 3600 s instead of \(asked) s"
            )
            duration = 3600
        }
        let timeout = try MFAProcess.timeout(environment: context.environment)
        let code = try mfaCode(last, hopIndex: chain.hops.count - 1, request, timeout: timeout)
        return try assume(
            last, durationSeconds: duration, mfaCode: code, credentials: parent.signingCredentials(), sts: sts)
    }
}

extension SessionBroker {
    /// The expiry of an SSO chain's cached session, past ones too, when the cache key opens it
    /// (`vault status`, `status --prompt`).
    static func ssoCachedExpiration(
        _ profile: String, _ chain: ResolvedChain, _ source: SSOSource, keyStore: SessionKeyStore, directory: String,
        now: Int64
    ) -> Int64? {
        let cache = SessionCache(directory: directory, keyStore: keyStore, vaultID: SSOTokenStore.keyID)
        return cache.lookup(ssoIdentity(profile, chain, source), now: now, minimumRemaining: Int64.min / 2)?
            .expiration
    }
}

extension StatusReport {
    /// The cached session of an SSO profile as `vault status` shows it; nil for other profiles.
    func ssoSessionState(_ profile: String, keyStore: SessionKeyStore, directory: String) -> CachedSessionStatus? {
        let broker = SessionBroker(context: context)
        guard let chain = try? broker.resolve(profile), let source = chain.sso else { return nil }
        let now = context.now()
        guard
            let expiration = SessionBroker.ssoCachedExpiration(
                profile, chain, source, keyStore: keyStore, directory: directory, now: now)
        else {
            return CachedSessionStatus(
                profile: profile, state: .unreadable, expiration: nil, secondsLeft: nil,
                reason: "the cache key is gone, or the profile's login, account or role changed")
        }
        return CachedSessionStatus(
            profile: profile, state: expiration > now ? .valid : .expired, expiration: expiration,
            secondsLeft: expiration - now, reason: "")
    }

    /// Without a vault file, only SSO profiles can have sessions.
    func ssoSessionStates(keyStore: SessionKeyStore, directory: String) -> [CachedSessionStatus] {
        guard keyStore != .none else { return [] }
        let cache = SessionCache(directory: directory, keyStore: keyStore, vaultID: SSOTokenStore.keyID)
        return Set(cache.cachedProfiles()).sorted().compactMap {
            ssoSessionState($0, keyStore: keyStore, directory: directory)
        }
    }
}
