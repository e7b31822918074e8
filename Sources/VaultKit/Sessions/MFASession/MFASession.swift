// The MFA session: GetSessionToken with the MFA code once, cached like any session, then signing the
// AssumeRole of every role profile that shares its source profile and MFA device (no code sent then).
import AWSClient
import AWSConfig
import VaultCrypto
import VaultFormat
import VaultStore

extension SessionIdentity {
    /// The MFA session of `source`'s key with the device `serial`: cached as `m-<hex source>-…`.
    init(mfaSessionOf source: String, serial: String, sourceEntryID: [UInt8]) {
        let text = ["vault-mfa-session-v1", source, serial, Encoding.hex(sourceEntryID)].joined(separator: "\u{0}")
        self.init(profile: source, digest: BLAKE2b.hash(Array(text.utf8)), kind: "m-")
    }
}

extension SessionBroker {
    /// AssumeRole for `hop` (the chain's first role), signed with the MFA session. A session AWS
    /// finds expired although vault's clock gave it time is replaced once (one new code).
    func assumeWithMFASession(
        _ hop: RoleHop, serial: String, chain: ResolvedChain, request: SessionRequest, document: VaultDocument,
        durationSeconds: Int?, sts: STSClient, mfaTimeout: Int
    ) throws(VaultError) -> TemporaryCredentials {
        let lifetime = try MFASessionPolicy.seconds(chain, environment: context.environment)
        var expiredKeyID: String? = nil
        while true {
            let mfa = try mfaSession(
                chain, serial: serial, hop: hop, request: request, document: document, sts: sts,
                mfaTimeout: mfaTimeout, lifetime: lifetime, refusedKeyID: expiredKeyID)
            let fromCache = mfa.fromCache
            let keyID = mfa.credentials.accessKeyID
            let age = Int64(lifetime) - (mfa.credentials.expiration - context.now())
            PausePoint.reached("sts.signing-with-mfa-session")  // no long-term key here: the MFA session signs
            do {
                return try sts.assumeRole(
                    roleARN: hop.roleARN, sessionName: hop.roleSessionName ?? "vault-\(context.now())",
                    durationSeconds: durationSeconds, externalID: hop.externalID,
                    credentials: mfa.signingCredentials())
            } catch .expiredToken where fromCache && expiredKeyID == nil {
                context.notice("note: the MFA session of '\(chain.root.name)' has expired at AWS; a new code is needed")
                expiredKeyID = keyID
            } catch .assumeRoleDenied(let role, _) where fromCache {
                throw .mfaSession(
                    .sessionTooOld(profile: request.profile, roleARN: role ?? hop.roleARN, ageSeconds: max(0, age)))
            } catch {
                if case .durationTooLong = error, request.durationSeconds != nil, let durationSeconds {
                    throw .sessions(.durationOptionTooLong(seconds: durationSeconds))
                }
                throw .from(error, profile: hop.profile, durationSeconds: durationSeconds, mfaSerial: serial)
            }
        }
    }

    /// The MFA session for the chain's source key and `serial`: from the cache while it has time
    /// left, else one GetSessionToken with a code, under the MFA session's lock (parallel callers
    /// for any role of this source wait there, then find it cached).
    func mfaSession(
        _ chain: ResolvedChain, serial: String, hop: RoleHop, request: SessionRequest, document: VaultDocument,
        sts: STSClient, mfaTimeout: Int, lifetime: Int, refusedKeyID: String?
    ) throws(VaultError) -> Session {
        let entry = try sourceEntry(chain, document)
        let identity = SessionIdentity(mfaSessionOf: chain.root.name, serial: serial, sourceEntryID: entry.id)
        let cache = SessionCache(
            directory: SessionCache.defaultDirectory(environment: context.environment),
            keyStore: try SessionKeyStore.choose(environment: context.environment), vaultID: document.header.vaultID)
        let reuse = !request.refresh
        if reuse, let hit = cache.lookup(identity, now: context.now(), minimumRemaining: request.minimumRemaining),
            hit.accessKeyID != refusedKeyID
        {
            return Session(credentials: hit, region: nil, fromCache: true)
        }
        if cache.prepareDirectory() != nil {
            // No usable cache folder (the role step has warned): an MFA session for this call only.
            let fresh = try newMFASession(
                chain, serial: serial, hop: hop, request: request, document: document, sts: sts,
                mfaTimeout: mfaTimeout, lifetime: lifetime,
                memo: RefusedCodeMemo(path: cache.path(identity) + ".refused", identity: identity.digest))
            return Session(credentials: fresh, region: nil, fromCache: false)
        }
        return try cache.withLock(identity) { () throws(VaultError) -> Session in
            if reuse, let hit = cache.lookup(identity, now: context.now(), minimumRemaining: request.minimumRemaining),
                hit.accessKeyID != refusedKeyID
            {
                return Session(credentials: hit, region: nil, fromCache: true)
            }
            let memo = RefusedCodeMemo(path: cache.path(identity) + ".refused", identity: identity.digest)
            let fresh = try newMFASession(
                chain, serial: serial, hop: hop, request: request, document: document, sts: sts,
                mfaTimeout: mfaTimeout, lifetime: lifetime, memo: memo)
            do throws(VaultError) { try cache.store(identity, fresh) } catch {
                context.notice("warning: \(error.problem) (the MFA session works, but is not cached)")
            }
            return Session(credentials: fresh, region: nil, fromCache: false)
        }
    }

    /// GetSessionToken with a code. A code AWS refused moments ago (for this caller or one it
    /// waited for) is never sent again; at the terminal vault asks once more instead.
    private func newMFASession(
        _ chain: ResolvedChain, serial: String, hop: RoleHop, request: SessionRequest, document: VaultDocument,
        sts: STSClient, mfaTimeout: Int, lifetime: Int, memo: RefusedCodeMemo
    ) throws(VaultError) -> TemporaryCredentials {
        try memo.refuseAgain(request.mfaCode, serial: serial, now: context.now())  // before the unlock
        let keyPair = try PhaseTiming(context: context).measure("unlock") { () throws(VaultError) in
            try vault.unlock(document)
        }
        let process = hop.mfaProcess.map { MFAProcess(command: $0, timeoutSeconds: mfaTimeout) }
        let atTerminal = request.mfaCode == nil && process == nil
        var asked = 0
        while true {
            asked += 1
            let code = try MFACode.obtain(
                serial: serial, given: request.mfaCode, process: process, prompter: context.prompter)
            if memo.refusedRecently(code, now: context.now()) {
                guard atTerminal && asked == 1 else { throw .mfaSession(.codeJustRefused(serial: serial)) }
                context.notice("AWS refused that code moments ago: enter the next one")
                continue
            }
            let signing = try vault.signingCredentials(for: chain.root.name, in: document, keyPair: keyPair)
            PausePoint.reached("sts.signing")  // the long-term key is decrypted, about to sign
            do {
                return try sts.getSessionToken(
                    durationSeconds: lifetime, serialNumber: serial, tokenCode: code, credentials: signing)
            } catch .wrongMFACode {
                memo.record(code, now: context.now())
                guard atTerminal && asked == 1 else {
                    throw .from(AWSError.wrongMFACode, profile: hop.profile, mfaSerial: serial)
                }
                context.notice("AWS rejected the MFA code: enter the next one")
            } catch {
                throw AdminKeys.deactivatedByVault(error, entry: document.entries(for: chain.root.name).last)
                    ?? .from(error, profile: chain.root.name, durationSeconds: lifetime, mfaSerial: serial)
            }
        }
    }
}
