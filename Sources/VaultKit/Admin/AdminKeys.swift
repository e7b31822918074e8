import AWSClient
import SigV4
import VaultBase
import VaultCrypto
import VaultFormat

/// One access key's change, as `deactivate-admin-keys` / `activate-admin-keys` report it.
public struct KeyStatusChange: Equatable, Sendable {
    public let maskedID: String
    public let before: String
    public let after: String
    public let lastUsed: String?
    public let isSigningKey: Bool
}

/// What an admin-keys command did (or, with --dry-run, would do).
public struct AdminKeysReport: Equatable, Sendable {
    public let user: String
    public let changes: [KeyStatusChange]
    /// Set when nothing needed doing (already inactive since …).
    public let note: String?
}

/// The article's last habit: admin keys stay Inactive except during admin work.
public struct AdminKeys: UseCase {
    let world: UseCaseWorld

    /// Metadata keys on the admin profile's vault entry (FORMAT.md: clear, non-secret attributes;
    /// the key ids themselves are sealed).
    static let stateKey = "admin-state", userKey = "admin-user", sinceKey = "admin-since",
        sealedKeysKey = "admin-keys-sealed"

    public init(context: VaultContext, configuration: ServiceConfiguration = ServiceConfiguration()) {
        world = UseCaseWorld(context: context, configuration: configuration)
    }

    /// `--profile`, else the `admin-profile` setting, else `admin`.
    public static func adminProfile(_ given: String?, environment: [String: String]) throws(VaultError) -> String {
        if let given { return given }
        let settings = try Settings(environment: environment)
        if let stored = settings["admin-profile"], let rule = Settings.violation("admin-profile", stored) {
            throw .setup(.invalidStoredSetting(key: "admin-profile", value: stored, rule: rule, path: settings.path))
        }
        return settings["admin-profile"] ?? "admin"
    }

    func iam() throws(VaultError) -> IAMClient {
        do { return try IAMClient(environment: context.environment, configuration: configuration) } catch {
            throw .from(error)
        }
    }

    /// Sets every access key of the admin user Inactive, the signing key last (after it, no
    /// further call could be signed), and records which keys, so activation knows them.
    public func deactivate(profile: String, dryRun: Bool) throws(VaultError) -> AdminKeysReport {
        let document = try vault.load()
        let entry = try vault.currentEntry(profile, in: document)
        let keyPair = try vault.unlock(document)
        let signing = try vault.signingCredentials(for: profile, in: document, keyPair: keyPair)
        let signingID = signing.accessKeyID
        let iam = try iam()
        let user: IAMUser
        do {
            user = try iam.getUser(credentials: signing)
        } catch .invalidKey {
            if let state = entry.metadata(Self.stateKey), state == "inactive" || state == "deactivating" {
                let since = entry.metadata(Self.sinceKey) ?? "an earlier run"
                PendingDeactivation(environment: context.environment).clear(profile)
                return AdminKeysReport(
                    user: entry.metadata(Self.userKey) ?? "?", changes: [],
                    note: "the admin keys are already inactive (since \(since))")
            }
            throw VaultError.admin(.keyInactive(profile: profile, keyID: maskKeyID(signingID)))
        } catch {
            throw .from(error, profile: profile)
        }
        let keys: [AccessKeyMetadata]
        do { keys = try iam.listAccessKeys(userName: user.userName, credentials: signing) } catch {
            throw .from(error, profile: profile)
        }
        let ordered = keys.filter { $0.accessKeyID != signingID } + keys.filter { $0.accessKeyID == signingID }
        if !dryRun {
            // Recorded before the last call: a crash after it still leaves a record that says so.
            let note = try vault.sealNote(ordered.map(\.accessKeyID).joined(separator: ","), header: document.header)
            let now = ISO8601.format(context.now())
            try vault.updateEntry(id: entry.id, keyPair: keyPair) { entry in
                entry.metadata.set(Self.stateKey, "deactivating")
                entry.metadata.set(Self.userKey, user.userName)
                entry.metadata.set(Self.sinceKey, now)
                entry.metadata.set(Self.sealedKeysKey, note)
            }
        }
        var changes: [KeyStatusChange] = []
        for key in ordered {
            let lastUsed = Self.lastUsed(iam, key.accessKeyID, signing)
            let active = key.status == .active
            if active && !dryRun {
                do {
                    try iam.updateAccessKey(
                        accessKeyID: key.accessKeyID, status: .inactive, userName: user.userName, credentials: signing)
                } catch { throw .from(error, profile: profile) }
            }
            changes.append(
                KeyStatusChange(
                    maskedID: maskKeyID(key.accessKeyID), before: key.status.rawValue,
                    after: active ? "Inactive" : key.status.rawValue,
                    lastUsed: lastUsed,
                    isSigningKey: key.accessKeyID == signingID))
        }
        if !dryRun {
            try vault.updateEntry(id: entry.id, keyPair: keyPair) { $0.metadata.set(Self.stateKey, "inactive") }
            PendingDeactivation(environment: context.environment).clear(profile)
            SessionBroker(context: context).clearSessions(rootedAt: profile)
        }
        return AdminKeysReport(user: user.userName, changes: changes, note: nil)
    }

    /// Sets the recorded admin keys Active with another identity's credentials (the admin keys
    /// cannot reactivate themselves), then proves one works.
    public func activate(profile: String, using other: String) throws(VaultError) -> AdminKeysReport {
        let document = try vault.load()
        let entry = try vault.currentEntry(profile, in: document)
        let broker = SessionBroker(context: context, configuration: configuration)
        if other == profile || (try? broker.resolve(other).root.name) == profile {
            throw VaultError.admin(.otherUsesAdminKeys(other: other, profile: profile))
        }
        guard let user = entry.metadata(Self.userKey), let sealed = entry.metadata(Self.sealedKeysKey) else {
            throw VaultError.admin(.noDeactivationRecord(profile: profile))
        }
        // The other identity: a role profile through a session (MFA as configured), or a plain
        // profile's long-term key from the vault.
        let chain = try broker.resolve(other)
        let otherCredentials: SigningCredentials
        if chain.hops.isEmpty {
            let keyPair = try vault.unlock(document)
            otherCredentials = try vault.signingCredentials(for: other, in: document, keyPair: keyPair)
        } else {
            let session = try broker.session(SessionRequest(profile: other))
            otherCredentials = session.signingCredentials()
        }
        let keyPair = try vault.unlock(document)
        let keyIDs = try vault.openNote(sealed, keyPair: keyPair).split(separator: ",").map(String.init)
        let iam = try iam()
        var changes: [KeyStatusChange] = []
        for id in keyIDs {
            do {
                try iam.updateAccessKey(accessKeyID: id, status: .active, userName: user, credentials: otherCredentials)
            } catch .accessDenied(let action, _) {
                throw VaultError.admin(.otherDenied(other: other, action: action, user: user))
            } catch { throw .from(error, profile: other) }
            changes.append(
                KeyStatusChange(
                    maskedID: maskKeyID(id), before: "Inactive", after: "Active",
                    lastUsed: Self.lastUsed(iam, id, otherCredentials), isSigningKey: false))
        }
        try proveWorks(profile: profile, document: document, keyPair: keyPair)
        try vault.updateEntry(id: entry.id, keyPair: keyPair) { entry in
            entry.metadata.set(Self.stateKey, "active")
            entry.metadata.set(Self.sinceKey, ISO8601.format(context.now()))
        }
        return AdminKeysReport(user: user, changes: changes, note: nil)
    }

    /// GetCallerIdentity with the profile's key, retried while IAM propagates the change.
    func proveWorks(profile: String, document: VaultDocument, keyPair: borrowing BoxKeyPair) throws(VaultError) {
        let sts: STSClient
        do {
            sts = try STSClient(region: "us-east-1", environment: context.environment, configuration: configuration)
        } catch {
            throw .from(error)
        }
        try EventualConsistency.wait(context: context, what: "the key of '\(profile)' to work") { () throws(AWSError) in
            let credentials = try? vault.signingCredentials(for: profile, in: document, keyPair: keyPair)
            guard let credentials else { throw AWSError.localFailure("cannot open the vault entry") }
            _ = try sts.getCallerIdentity(credentials: credentials)
        }
    }
}

extension AdminKeys {
    /// AWS refusing a key that vault's deactivate-admin-keys deactivated, as what to do about it
    /// (issue 19, item 15); nil for any other failure.
    static func deactivatedByVault(_ error: AWSError, entry: VaultEntry?) -> VaultError? {
        guard case .invalidKey(let id) = error, let entry,
            let state = entry.metadata(stateKey), state == "inactive" || state == "deactivating"
        else { return nil }
        return .admin(
            .keysDeactivatedByVault(profile: entry.profile, maskedKey: maskKeyID(id), since: entry.metadata(sinceKey)))
    }

    /// When a key was last used, for the report: nil when never, "unknown" when IAM did not say.
    static func lastUsed(_ iam: IAMClient, _ keyID: String, _ credentials: borrowing SigningCredentials) -> String? {
        guard let used = try? iam.getAccessKeyLastUsed(accessKeyID: keyID, credentials: credentials) else {
            return "unknown (IAM did not answer GetAccessKeyLastUsed)"
        }
        return used.date.map { ISO8601.format($0) + (used.service.map { " (\($0))" } ?? "") }
    }
}
