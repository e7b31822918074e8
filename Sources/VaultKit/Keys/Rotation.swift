import AWSClient
import SigV4
import VaultBase
import VaultCrypto
import VaultFormat
import VaultStore

/// What `vault rotate` did.
public struct RotationReport: Equatable, Sendable {
    public let profile: String
    public let oldKey: String
    public let newKey: String
    public let oldKeyFate: String
    public let resumed: Bool
    public let notes: [String]
}

/// `vault rotate`: a new key is created, stored and proven before the old one is touched.
///
/// Steps, each leaving a state the next run understands (the metadata `rotation` on the entries):
/// 1. mark the current entry `rotation-started` (a crash after CreateAccessKey but before the
///    vault write loses only the new secret; the next run finds that key and deletes it);
/// 2. CreateAccessKey, signed with the old key;
/// 3. append the new key (`rotation = pending`, the old entry `rotation = old`): both recorded;
/// 4. prove the new key works (GetCallerIdentity, retried for IAM's eventual consistency);
/// 5. deactivate the old key, signing with the new one; then delete it (or keep it inactive);
/// 6. drop the old entry (or keep it marked `retired-inactive`) and clear the profile's sessions.
public struct KeyRotation: UseCase {
    let world: UseCaseWorld

    static let rotationKey = "rotation", startedKey = "rotation-started", createdKey = "key-created"

    public init(context: VaultContext, configuration: ServiceConfiguration = ServiceConfiguration()) {
        world = UseCaseWorld(context: context, configuration: configuration)
    }

    /// `using`: another profile's keys sign the IAM calls; else the MFA session of the key does when
    /// vault knows the MFA device (asking for a code when there is none), else the keys themselves.
    /// `deleteKeptKey`: delete the inactive previous key an earlier `--keep-old-inactive` kept
    /// without asking (else the terminal asks first).
    public func rotate(
        profile: String, keepOldInactive: Bool, deleteKeptKey: Bool = false, using: String? = nil,
        mfaCode: String? = nil
    ) throws(VaultError) -> RotationReport {
        let signer = try SessionBroker(context: context, configuration: configuration).iamSigner(
            forKeysOf: profile, using: using, mfaCode: mfaCode)
        return try rotate(
            profile: profile, keepOldInactive: keepOldInactive, deleteKeptKey: deleteKeptKey, signer: signer)
    }

    private func rotate(profile: String, keepOldInactive: Bool, deleteKeptKey: Bool, signer: IAMSigner?)
        throws(VaultError)
        -> RotationReport
    {
        let iam: IAMClient
        do { iam = try IAMClient(environment: context.environment, configuration: configuration) } catch {
            throw .from(error)
        }
        var document = try vault.load()
        let entries = document.entries(for: profile)
        guard let current = entries.last else { throw .unknownProfile(profile, known: vault.uniqueProfiles(document)) }
        let keyPair = try vault.unlock(document)
        // Another identity's calls must name the user; the user's own calls may as well.
        let userName = try signer.map { (_) throws(VaultError) -> String in
            try ownUserName(profile, document: document, keyPair: keyPair)
        }
        var notes: [String] = []
        let resumed = current.metadata(Self.rotationKey) == "pending"
        let oldEntry: VaultEntry
        if resumed, let old = entries.dropLast().last(where: { $0.metadata(Self.rotationKey) == "old" }) {
            oldEntry = old
            notes.append("resuming an interrupted rotation")
        } else {
            oldEntry = current
            try createAndStore(
                profile: profile, old: current, document: document, keyPair: keyPair, iam: iam, signer: signer,
                userName: userName, deleteKeptKey: deleteKeptKey, notes: &notes)
            CrashPoint.reached("rotate.stored")
            document = try vault.load()
        }
        let newEntry = try vault.currentEntry(profile, in: document)
        let oldID = try vault.accessKey(
            for: profile, in: VaultDocument(header: document.header, entries: [oldEntry]), keyPair: keyPair
        ).accessKeyID
        let newID = try vault.accessKey(for: profile, in: document, keyPair: keyPair).accessKeyID

        try AdminKeys(context: context, configuration: configuration).proveWorks(
            profile: profile, document: document, keyPair: keyPair)
        CrashPoint.reached("rotate.proven")
        if let signer { notes.append("IAM calls signed with \(signer.label)") }
        let signing = try iamSigning(signer, profile: profile, document: document, keyPair: keyPair)
        do {
            try iam.updateAccessKey(accessKeyID: oldID, status: .inactive, userName: userName, credentials: signing)
        } catch .noSuchEntity { notes.append("the old key was already deleted") } catch {
            throw .from(error, profile: profile)
        }
        CrashPoint.reached("rotate.deactivated")
        let fate: String
        if keepOldInactive {
            fate = "inactive (kept in the vault; delete it in IAM when you are sure)"
            try vault.modify(keyPair: keyPair) { (doc) throws(VaultError) in
                if let i = doc.entries.firstIndex(where: { $0.id == oldEntry.id }) {
                    doc.entries[i].metadata.set(Self.rotationKey, "retired-inactive")
                }
                if let i = doc.entries.firstIndex(where: { $0.id == newEntry.id }) {
                    doc.entries[i].metadata.set(Self.rotationKey, nil)
                }
            }
        } else {
            do {
                try iam.deleteAccessKey(accessKeyID: oldID, userName: userName, credentials: signing)
            } catch .noSuchEntity {} catch { throw .from(error, profile: profile) }
            CrashPoint.reached("rotate.deleted")
            fate = "deleted"
            try vault.modify(keyPair: keyPair) { (doc) throws(VaultError) in
                doc.entries.removeAll { $0.id == oldEntry.id }
                if let i = doc.entries.firstIndex(where: { $0.id == newEntry.id }) {
                    doc.entries[i].metadata.set(Self.rotationKey, nil)
                }
            }
        }
        SessionBroker(context: context, configuration: configuration).clearSessions(rootedAt: profile)
        return RotationReport(
            profile: profile, oldKey: maskKeyID(oldID), newKey: maskKeyID(newID), oldKeyFate: fate, resumed: resumed,
            notes: notes)
    }

    /// The IAM user name of `profile`'s key (GetCallerIdentity needs no permission).
    private func ownUserName(_ profile: String, document: VaultDocument, keyPair: borrowing BoxKeyPair)
        throws(VaultError) -> String
    {
        let signing = try vault.signingCredentials(for: profile, in: document, keyPair: keyPair)
        let identity: CallerIdentity
        do {
            let sts = try STSClient(region: "us-east-1", environment: context.environment, configuration: configuration)
            identity = try sts.getCallerIdentity(credentials: signing)
        } catch { throw .from(error, profile: profile) }
        return String(identity.arn.split(separator: "/").last ?? "")
    }

    /// The signer's credentials, else the profile's current key from `document`.
    private func iamSigning(
        _ signer: IAMSigner?, profile: String, document: VaultDocument, keyPair: borrowing BoxKeyPair
    ) throws(VaultError) -> SigningCredentials {
        if let signer { return try signer.signing() }
        return try vault.signingCredentials(for: profile, in: document, keyPair: keyPair)
    }

    /// Steps 1–3: checks the user has room for a second key, creates it, and stores it.
    private func createAndStore(
        profile: String, old: VaultEntry, document: VaultDocument, keyPair: borrowing BoxKeyPair, iam: IAMClient,
        signer: IAMSigner?, userName: String?, deleteKeptKey: Bool, notes: inout [String]
    ) throws(VaultError) {
        let oldID = try vault.accessKey(
            for: profile, in: VaultDocument(header: document.header, entries: [old]), keyPair: keyPair
        ).accessKeyID
        let signing = try iamSigning(signer, profile: profile, document: document, keyPair: keyPair)
        let keys: [AccessKeyMetadata]
        do { keys = try iam.listAccessKeys(userName: userName, credentials: signing) } catch {
            throw .from(error, profile: profile)
        }
        let kept = try keptKeys(profile: profile, document: document, keyPair: keyPair, inIAM: keys, notes: &notes)
        for other in keys where other.accessKeyID != oldID {
            if let entry = kept[other.accessKeyID], other.status == .inactive {
                // The previous key vault kept inactive: vault's own to clean up, after a yes.
                let masked = maskKeyID(other.accessKeyID)
                if !deleteKeptKey {
                    guard context.prompter.canPrompt else {
                        throw .keys(.keptKeyNeedsConfirmation(profile: profile, maskedKey: masked))
                    }
                    guard try context.prompter.confirm("Delete the inactive previous key \(masked) in IAM?") else {
                        throw .keys(.keptKeyStays(profile: profile, maskedKey: masked))
                    }
                }
                do {
                    try iam.deleteAccessKey(accessKeyID: other.accessKeyID, userName: userName, credentials: signing)
                } catch .noSuchEntity {} catch { throw .from(error, profile: profile) }
                try vault.modify(keyPair: keyPair) { (doc) throws(VaultError) in
                    doc.entries.removeAll { $0.id == entry }
                }
                notes.append("deleted the inactive previous key \(masked), kept by an earlier rotation")
                continue
            }
            if let started = old.metadata(Self.startedKey).flatMap(Int64.init), let created = other.created,
                created >= started - 60
            {
                // Made by an interrupted rotation whose secret was never stored: it cannot be used.
                do {
                    try iam.deleteAccessKey(accessKeyID: other.accessKeyID, userName: userName, credentials: signing)
                } catch {
                    throw .from(error, profile: profile)
                }
                notes.append(
                    "deleted \(maskKeyID(other.accessKeyID)), left by an interrupted rotation (its secret was never stored)"
                )
            } else {
                throw .keys(
                    .secondKeyExists(
                        profile: profile, maskedKey: maskKeyID(other.accessKeyID), status: other.status.rawValue,
                        user: try? iam.getUser(credentials: signing).userName))
            }
        }
        try vault.updateEntry(id: old.id, keyPair: keyPair) { [now = context.now()] in
            $0.metadata.set(Self.startedKey, String(now))
        }
        CrashPoint.reached("rotate.before-create")
        let created: NewAccessKey
        do { created = try iam.createAccessKey(userName: userName, credentials: signing) } catch {
            throw .from(error, profile: profile)
        }
        CrashPoint.reached("rotate.created")
        let createdID = created.accessKeyID
        let newKey: AccessKey
        do { newKey = try AccessKey(accessKeyID: createdID, secretAccessKey: created.takeSecret()) } catch {
            throw VaultError.keys(.unstorableKey(keyID: createdID))
        }
        let now = context.now()
        _ = try vault.appendEntry(
            profile: profile, key: newKey,
            metadata: [Metadatum(Self.rotationKey, "pending"), Metadatum(Self.createdKey, ISO8601.format(now))],
            keyPair: keyPair
        ) { doc in
            if let i = doc.entries.firstIndex(where: { $0.id == old.id }) {
                doc.entries[i].metadata.set(Self.rotationKey, "old")
            }
        }
    }

    /// The `retired-inactive` entries' keys by access key ID; those IAM no longer has are dropped
    /// from the vault (so `vault list` stops showing them).
    private func keptKeys(
        profile: String, document: VaultDocument, keyPair: borrowing BoxKeyPair, inIAM keys: [AccessKeyMetadata],
        notes: inout [String]
    ) throws(VaultError) -> [String: [UInt8]] {
        var kept: [String: [UInt8]] = [:]
        var gone: [[UInt8]] = []
        for entry in document.entries(for: profile) where entry.metadata(Self.rotationKey) == "retired-inactive" {
            let id = try vault.accessKey(
                for: profile, in: VaultDocument(header: document.header, entries: [entry]), keyPair: keyPair
            ).accessKeyID
            if keys.contains(where: { $0.accessKeyID == id }) { kept[id] = entry.id } else { gone.append(entry.id) }
        }
        if !gone.isEmpty {
            try vault.modify(keyPair: keyPair) { (doc) throws(VaultError) in
                doc.entries.removeAll { gone.contains($0.id) }
            }
            notes.append("removed the previous key from the vault: IAM no longer has it")
        }
        return kept
    }
}
