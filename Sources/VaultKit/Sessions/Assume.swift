import AWSClient
import AWSConfig
import SigV4
import VaultCrypto
import VaultFormat
import VaultStore

/// What `vault assume` / `vault exec` were asked for.
public struct SessionRequest: Equatable, Sendable {
    public var profile: String
    public var durationSeconds: Int?
    public var region: String?
    public var mfaCode: String?
    public var refresh: Bool
    /// Reuse a cached session only while more than this many seconds remain (AWS CLI: 15 min).
    public var minimumRemaining: Int64
    /// Sign roles with an MFA session (one code for many roles); nil: the `mfa-session` setting.
    public var mfaSession: Bool?

    public init(
        profile: String, durationSeconds: Int? = nil, region: String? = nil, mfaCode: String? = nil,
        refresh: Bool = false, minimumRemaining: Int64 = 900, mfaSession: Bool? = nil
    ) {
        self.mfaSession = mfaSession
        self.profile = profile
        self.durationSeconds = durationSeconds
        self.region = region
        self.mfaCode = mfaCode
        self.refresh = refresh
        self.minimumRemaining = minimumRemaining
    }
}

extension SessionRequest {
    /// `VAULT_SESSION_MIN_REMAINING`: reuse a cached session only while more than this many seconds
    /// remain (default 900, like the AWS CLI).
    public static func minimumRemaining(environment: [String: String]) throws(VaultError) -> Int64 {
        guard let text = environment["VAULT_SESSION_MIN_REMAINING"], !text.isEmpty else { return 900 }
        guard let seconds = Int64(text), (0...43200).contains(seconds) else {
            throw VaultError.sessions(.badMinRemaining(text))
        }
        return seconds
    }
}

/// Temporary credentials ready to hand out, with where they came from.
public struct Session: ~Copyable {
    public let credentials: TemporaryCredentials
    public let region: String?
    /// True when served from the encrypted cache (no STS call, no unlock).
    public let fromCache: Bool

    /// The session's credentials for signing further requests, giving up ownership.
    public consuming func signingCredentials() -> SigningCredentials {
        let taken = credentials
        return taken.signingCredentials()
    }
}

/// `vault assume`: profile → chain → cache, or vault key → STS → cache.
public struct SessionBroker: UseCase {
    let world: UseCaseWorld

    public init(context: VaultContext, configuration: ServiceConfiguration = ServiceConfiguration()) {
        world = UseCaseWorld(context: context, configuration: PhaseTiming(context: context).timed(configuration))
    }

    /// The session for `request`: from the cache while it has time left, else from STS (one call
    /// per profile even under parallel invocations, which wait on a lock and then hit the cache).
    public func session(_ request: SessionRequest) throws(VaultError) -> Session {
        let chain = try resolve(request.profile)
        warnIfMFACodeUnused(request, chain)
        if let sso = chain.sso { return try ssoSession(request, chain, sso) }  // SSO/SSOSessionSource.swift
        let document = try vault.load()
        let entry = try sourceEntry(chain, document)
        let identity = self.identity(request.profile, chain, entry)
        let region = request.region ?? chain.profile.region ?? chain.root.region
        let cache = SessionCache(
            directory: SessionCache.defaultDirectory(environment: context.environment),
            keyStore: try SessionKeyStore.choose(environment: context.environment), vaultID: document.header.vaultID)
        if !request.refresh,
            let hit = cache.lookup(identity, now: context.now(), minimumRemaining: request.minimumRemaining)
        {
            noteCachedDuration(request, expiration: hit.expiration)
            return Session(credentials: hit, region: region, fromCache: true)
        }
        if let unusable = cache.prepareDirectory() {
            // Without a usable cache folder vault still works, uncached (and unserialised).
            if cache.keyStore != .none { context.notice("warning: \(unusable.problem)\nhint: \(unusable.hint)") }
            return Session(
                credentials: try fetch(chain, request: request, document: document, region: region), region: region,
                fromCache: false)
        }
        return try cache.withLock(identity) { () throws(VaultError) -> Session in
            if !request.refresh,
                let hit = cache.lookup(identity, now: context.now(), minimumRemaining: request.minimumRemaining)
            {
                return Session(credentials: hit, region: region, fromCache: true)
            }
            let fresh = try fetch(chain, request: request, document: document, region: region)
            PausePoint.reached("sts.returned")  // the long-term key is gone; the new session is held
            do throws(VaultError) { try cache.store(identity, fresh) } catch {
                context.notice("warning: \(error.problem) (the session works, but is not cached)")
            }
            return Session(credentials: fresh, region: region, fromCache: false)
        }
    }

    /// The profile's chain, refusing what vault cannot serve. A profile that is only in the
    /// vault (no section in ~/.aws/config) is a plain profile with long-term keys.
    func resolve(_ profile: String) throws(VaultError) -> ResolvedChain {
        let files = AWSFiles(environment: context.environment)
        let resolver = try files.resolver()
        do {
            return withAWSVaultReading(try resolver.resolve(profile), resolver)
        } catch .unknownProfile(let name, let suggestions) {
            // A damaged or unsafe vault is reported as such, not mistaken for one without the profile.
            if try vault.contains(profile: name) { return .plain(name) }
            let inVault = (try? vault.loadIfPresent()).flatMap { $0.map(vault.uniqueProfiles) } ?? []
            throw .unknownAWSProfile(name, suggestions: suggestions, vaultProfiles: inVault, files: files)
        } catch {
            throw .from(error, path: nil)
        }
    }

    /// The vault entry holding the chain's long-term keys.
    func sourceEntry(_ chain: ResolvedChain, _ document: VaultDocument) throws(VaultError) -> VaultEntry {
        if let entry = document.entries(for: chain.root.name).last { return entry }
        if let command = chain.root.credentialProcess {
            throw .sessions(.credentialProcess(profile: chain.root.name, command: command))
        }
        if chain.root.hasStaticKeysInCredentialsFile || chain.root.hasStaticKeysInConfig {
            throw VaultError.sessions(
                .keysInPlaintext(
                    profile: chain.root.name, path: AWSFiles(environment: context.environment).credentialsPath))
        }
        throw VaultError.sessions(
            .noKeys(
                profile: chain.root.name, sourceOf: chain.root.name == chain.profile.name ? nil : chain.profile.name))
    }

    /// What the cache files the profile's session under (`vault status` reads it back the same way).
    func identity(_ profile: String, _ chain: ResolvedChain, _ entry: VaultEntry) -> SessionIdentity {
        SessionIdentity(
            profile: profile, roleARNs: chain.hops.map(\.roleARN), mfaSerial: firstMFASerial(chain),
            sourceEntryID: entry.id)
    }

    func firstMFASerial(_ chain: ResolvedChain) -> String? {
        chain.hops.first?.mfaSerial ?? (chain.hops.isEmpty ? chain.profile.mfaSerial : nil)
    }

    /// Deletes the cached sessions of `profile`.
    func clearCached(profile: String) {
        SessionCache(
            directory: SessionCache.defaultDirectory(environment: context.environment), keyStore: .none, vaultID: []
        )
        .clear(profile: profile)
    }

    /// Forgets cached sessions of `profile` and of every profile whose keys come from it.
    public func clearSessions(rootedAt profile: String) {
        var names = [profile]
        if let resolver = try? AWSFiles(environment: context.environment).resolver() {
            names += resolver.profileNames.filter { (try? resolver.resolve($0).root.name) == profile }
        }
        for name in Set(names) { clearCached(profile: name) }
        forgetMFASessions(of: profile)
    }
}
