// Getting a new session from STS: the role step (AssumeRole signed with the long-term key, the
// MFA session or the parent role's session) and GetSessionToken for a profile without a role.
import AWSClient
import AWSConfig
import SigV4
import VaultCrypto
import VaultFormat
import VaultStore

extension SessionBroker {
    /// Calls STS: the first hop signed with the long-term key (decrypted just for that), each
    /// further hop with the previous hop's session.
    func fetch(_ chain: ResolvedChain, request: SessionRequest, document: VaultDocument, region: String?)
        throws(VaultError) -> TemporaryCredentials
    {
        let sts: STSClient
        do {
            sts = try STSClient(
                region: region ?? "us-east-1", environment: context.environment, configuration: configuration)
        } catch {
            throw .from(error, profile: request.profile)
        }
        // OpenSSL loads in the background meanwhile, for an HTTPS endpoint (the first send waits
        // for it if need be); an early error waits for it too, so the process never exits in the
        // middle of dlopen.
        let mfaTimeout = try MFAProcess.timeout(environment: context.environment)
        let preload = configuration.transport.preload(for: sts.endpoint)
        defer { preload.wait() }
        // Order: passphrase (or keyring) first, then the MFA code, then decrypt and sign at once —
        // a wrong passphrase costs no MFA code, and the code is as fresh as it can be.
        guard let first = chain.hops.first else {
            // A profile without a role: GetSessionToken, so the long-term key still never leaves.
            let keyPair = try PhaseTiming(context: context).measure("unlock") { () throws(VaultError) in
                try vault.unlock(document)
            }
            let code = try chain.profile.mfaSerial.map { (serial) throws(VaultError) -> String in
                try MFACode.obtain(
                    serial: serial, given: request.mfaCode,
                    process: chain.profile.mfaProcess.map { MFAProcess(command: $0, timeoutSeconds: mfaTimeout) },
                    prompter: context.prompter)
            }
            let signing = try longTermCredentials(chain, document, keyPair)
            PausePoint.reached("sts.signing")  // the long-term key is decrypted, about to sign
            do {
                return try sts.getSessionToken(
                    durationSeconds: request.durationSeconds ?? chain.profile.durationSeconds,
                    serialNumber: chain.profile.mfaSerial,
                    tokenCode: code, credentials: signing)
            } catch {
                throw AdminKeys.deactivatedByVault(error, entry: document.entries(for: chain.root.name).last)
                    ?? .from(error, profile: request.profile)
            }
        }
        guard chain.hops.count > 1 else {
            if let serial = first.mfaSerial, try MFASessionPolicy.enabled(request, environment: context.environment) {
                return try assumeWithMFASession(
                    first, serial: serial, chain: chain, request: request, document: document,
                    durationSeconds: duration(0, chain, request), sts: sts, mfaTimeout: mfaTimeout)
            }
            // A code AWS refused moments ago (for a caller this one waited for) is not sent again.
            let memo = try refusedCodeMemo(profile: request.profile, chain: chain, document: document)
            try memo.refuseAgain(request.mfaCode, serial: first.mfaSerial, now: context.now())
            let keyPair = try PhaseTiming(context: context).measure("unlock") { () throws(VaultError) in
                try vault.unlock(document)
            }
            let code = try mfaCode(first, hopIndex: 0, request, timeout: mfaTimeout)
            try memo.refuseAgain(code, serial: first.mfaSerial, now: context.now())  // e.g. from mfa_process
            do {
                return try assume(
                    first, durationSeconds: duration(0, chain, request), mfaCode: code,
                    credentials: try longTermCredentials(chain, document, keyPair), sts: sts,
                    source: document.entries(for: chain.root.name).last,
                    durationFromOption: request.durationSeconds != nil)
            } catch {
                if case .aws(.wrongMFACode) = error, let code { memo.record(code, now: context.now()) }
                throw error
            }
        }
        // Role chaining: the parent profile's session comes through the cache like any other, so
        // a chain asks for the MFA code once per parent session, not once per chained role.
        let last = chain.hops[chain.hops.count - 1]
        let parentProfile = chain.hops[chain.hops.count - 2].profile
        let parent = try session(
            SessionRequest(
                profile: parentProfile, region: request.region, mfaCode: request.mfaCode, refresh: request.refresh,
                minimumRemaining: request.minimumRemaining, mfaSession: request.mfaSession))
        let parentFromCache = parent.fromCache
        let code = try mfaCode(last, hopIndex: chain.hops.count - 1, request, timeout: mfaTimeout)
        do {
            return try assume(
                last, durationSeconds: duration(chain.hops.count - 1, chain, request), mfaCode: code,
                credentials: parent.credentials.signingCredentials(), sts: sts)
        } catch  where parentFromCache && error.problem.contains("expired") {
            // AWS says the cached parent session is over although our clock gave it time: forget it.
            clearCached(profile: parentProfile)
            throw VaultError.sessions(.parentExpired(profile: parentProfile))
        }
    }

    /// The duration for hop `index`: the request's for the last hop, else the profile's; hops
    /// reached by role chaining are capped at AWS's 1 hour with a note instead of a raw error.
    private func duration(_ index: Int, _ chain: ResolvedChain, _ request: SessionRequest) -> Int? {
        let hop = chain.hops[index]
        let requested = (index == chain.hops.count - 1 ? request.durationSeconds : nil) ?? hop.durationSeconds
        if index > 0, let requested, requested > 3600 {
            context.notice(
                "note: '\(hop.profile)' is reached by role chaining, which AWS limits to 1 hour; asking for 3600 s instead of \(requested) s"
            )
            return 3600
        }
        return requested
    }

    func mfaCode(_ hop: RoleHop, hopIndex: Int, _ request: SessionRequest, timeout: Int) throws(VaultError)
        -> String?
    {
        guard let serial = hop.mfaSerial else { return nil }
        return try MFACode.obtain(
            serial: serial, given: hopIndex == 0 ? request.mfaCode : nil,
            process: hop.mfaProcess.map { MFAProcess(command: $0, timeoutSeconds: timeout) }, prompter: context.prompter
        )
    }

    func assume(
        _ hop: RoleHop, durationSeconds: Int?, mfaCode: String?, credentials: consuming SigningCredentials,
        sts: STSClient, source: VaultEntry? = nil, durationFromOption: Bool = false
    ) throws(VaultError) -> TemporaryCredentials {
        PausePoint.reached("sts.signing")  // the signing key is decrypted, about to sign
        do {
            return try sts.assumeRole(
                roleARN: hop.roleARN, sessionName: hop.roleSessionName ?? "vault-\(context.now())",
                durationSeconds: durationSeconds,
                serialNumber: hop.mfaSerial, tokenCode: mfaCode, externalID: hop.externalID, credentials: credentials)
        } catch {
            if let deactivated = AdminKeys.deactivatedByVault(error, entry: source) { throw deactivated }
            if case .durationTooLong = error, durationFromOption, let durationSeconds {
                throw .sessions(.durationOptionTooLong(seconds: durationSeconds))
            }
            throw .from(error, profile: hop.profile, durationSeconds: durationSeconds, mfaSerial: hop.mfaSerial)
        }
    }

    /// The chain's long-term key, decrypted from its vault entry into signing credentials.
    private func longTermCredentials(_ chain: ResolvedChain, _ document: VaultDocument, _ keyPair: borrowing BoxKeyPair)
        throws(VaultError) -> SigningCredentials
    {
        try vault.signingCredentials(for: chain.root.name, in: document, keyPair: keyPair)
    }
}
