import VaultCrypto
import VaultFormat
import VaultStore

/// How the vault file is held to this machine's record (Vault/FORMAT.md §4, §6): checks on every
/// load, the record settled after an unlock, pending writes for `add`, sealed writes for the rest.
extension Vault {
    var recordStore: MachineRecordStore { MachineRecordStore(vaultPath: store.path, environment: context.environment) }

    /// The vault file as it is, parsed and checked without a secret or the record; nil when absent.
    func loadFile() throws(VaultError) -> VaultDocument? {
        do { return try store.loadIfPresent() } catch { throw .from(error) }
    }

    /// This machine's record of the vault, nil when it has none.
    func loadRecord() throws(VaultError) -> MachineRecord? {
        do { return try recordStore.load() } catch {
            if case .invalid = error { throw .recordDamaged(recordStore.path) }
            throw .from(error)
        }
    }

    /// `document` compared with the record: another vault or an older copy is refused; pending
    /// entries the record does not vouch for are marked untrusted.
    func checked(_ document: VaultDocument, record: MachineRecord?) throws(VaultError) -> VaultDocument {
        var checked = document
        guard let record else {
            checked.untrustedEntryIDs = Set(document.pendingEntries.map(\.id))
            return checked
        }
        do {
            checked.untrustedEntryIDs = try record.compare(document).untrustedEntryIDs
        } catch {
            throw .from(error, path: store.path, record: record)
        }
        return checked
    }

    /// After an unlock whose seal verified: migrates a version-1 file, seals the trusted pending
    /// entries, and records the file as this machine's, all under the vault's lock.
    /// `migratedHeader` is the version-1 or -2 header as version 3, when there is one.
    /// With `.replaced` (`vault accept-file`), the old record is not consulted: every pending
    /// entry counts as untrusted and the file is recorded as it is.
    func settle(_ opened: VaultDocument, key: SealKey, migratedHeader: VaultHeader?, record policy: RecordPolicy)
        throws(VaultError)
    {
        try locked { () throws(VaultError) in
            guard let raw = try loadFile() else { throw .vaultMissing(store.path) }
            var current = try checked(raw, record: policy == .checked ? try loadRecord() : nil)
            if raw != VaultDocument.withoutAnnotations(opened) {
                // Changed since it was opened: the new bytes must carry the same seal key.
                try verifySeal(current, key)
            }
            var next: VaultDocument?
            if current.header.version == 1 || (current.header.version < 3 && migratedHeader != nil) {
                // One atomic sealed write: the old file or the version-3 one, never neither (§10.6).
                guard let migratedHeader, current.header == opened.header else {
                    throw VaultError.vaultFile(.changedWhileOpening)
                }
                current.header = migratedHeader
                next = VaultCryptography.sealed(VaultCryptography.folded(current), with: key)
            } else if current.pendingEntries.contains(where: { current.isTrusted($0) }) {
                next = VaultCryptography.sealed(VaultCryptography.folded(current), with: key)
            }
            if let next {
                // Not an `atomic-write.*` crash or pause point: those name the command's own write.
                try writeFile(next, crashPoints: false)
                CrashPoint.reached("settle.written")
            }
            try saveRecord(MachineRecord(pinning: next ?? current, at: UInt64(context.now())))
        }
    }

    /// Under the vault's lock: the checked, seal-verified document, edited by `change`, written as
    /// a sealed write (trusted pending entries sealed in, generation one higher), and recorded.
    func sealedWrite(key: SealKey, _ change: (inout VaultDocument) throws(VaultError) -> Void) throws(VaultError) {
        try locked { () throws(VaultError) in
            guard let raw = try loadFile() else { throw .vaultMissing(store.path) }
            let current = try checked(raw, record: try loadRecord())
            guard current.header.version != 1 else {
                throw VaultError.vaultFile(.changedWhileWorking)
            }
            try verifySeal(current, key)
            CrashPoint.reached("vault-update.loaded")
            var document = VaultCryptography.folded(current)
            try change(&document)
            let next = VaultCryptography.sealed(document, with: key)
            try writeFile(next)
            CrashPoint.reached("sealed-write.written")
            try saveRecord(MachineRecord(pinning: next, at: UInt64(context.now())))
        }
    }

    /// Under the vault's lock: appends `entry` to the pending entries of `current` (FORMAT.md §4),
    /// journalled in the record before and after the file is written.
    func pendingWrite(_ entry: VaultEntry, to current: VaultDocument, record: MachineRecord) throws(VaultError) {
        var record = record.reconciled(with: current)
        let journalEntry = MachineRecord.JournalEntry(
            digest: entry.digest, generation: current.header.generation, state: .writing)
        record.journal.append(journalEntry)
        try saveRecord(record)
        CrashPoint.reached("pending-write.recorded")
        var next = current
        next.entries.append(entry)
        try writeFile(next)
        CrashPoint.reached("pending-write.written")
        record.journal[record.journal.count - 1].state = .written
        try saveRecord(record)
    }

    /// Replaces the vault file. Call inside `locked`.
    func writeFile(_ document: VaultDocument, crashPoints: Bool = true) throws(VaultError) {
        do { try store.write(document, crashPoints: crashPoints) } catch { throw .from(error) }
    }

    /// The seal check, as the user's error.
    func verifySeal(_ document: VaultDocument, _ key: SealKey) throws(VaultError) {
        do { try VaultCryptography.verifySeal(document, with: key) } catch { throw .from(error, path: store.path) }
    }

    func saveRecord(_ record: MachineRecord) throws(VaultError) {
        do { try recordStore.save(record) } catch {
            if case .system(let system) = error, system.isOutOfSpace {
                throw VaultError.system(.outOfSpace(what: "this machine's record of the vault", system))
            }
            throw VaultError.vaultFile(.cannotWriteRecord(path: recordStore.path, detail: "\(error)"))
        }
    }

    /// Runs `body` holding the vault's lock, translating the store's failures.
    func locked(_ body: () throws(VaultError) -> Void) throws(VaultError) {
        do {
            try store.withLock { () throws(VaultUpdateError<VaultError>) in try Self.asChange(body) }
        } catch {
            switch error {
            case .store(let store): throw .from(store)
            case .change(let change): throw change
            }
        }
    }
}

extension Vault {
    private static func asChange(_ body: () throws(VaultError) -> Void) throws(VaultUpdateError<VaultError>) {
        do { try body() } catch { throw .change(error) }
    }
}

/// Whether a settle holds the file to the existing record or replaces it.
enum RecordPolicy {
    case checked
    case replaced
}

extension MachineRecord {
    /// The journal brought up to date with `document`: entries it holds are *written*, entries of
    /// this generation it lacks were never written (a crash), older generations were sealed.
    func reconciled(with document: VaultDocument) -> MachineRecord {
        var next = self
        let pending = Set(document.pendingEntries.map(\.digest))
        next.generation = knownGeneration
        next.journal = journal.compactMap { entry in
            guard entry.generation == document.header.generation, pending.contains(entry.digest) else { return nil }
            var written = entry
            written.state = .written
            return written
        }
        return next
    }
}

extension VaultDocument {
    /// The document as it was read from the file, without what VaultKit noted about it.
    static func withoutAnnotations(_ document: VaultDocument) -> VaultDocument {
        var plain = document
        plain.untrustedEntryIDs = []
        return plain
    }
}
