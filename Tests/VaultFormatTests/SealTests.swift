import Testing
import VaultCrypto
import VaultFormat

/// The seal (FORMAT.md §2) and this machine's record (§6): the attacks of a writer who lacks the
/// vault's key, as unit tests of the format layer.
@Suite struct SealTests {
    private func attackerEntry(for profile: String, header: VaultHeader) throws -> VaultEntry {
        var entropy = SystemEntropy()
        let key = try accessKey("AKIAATTACKERKEY00001", "QXR0YWNrZXJTZWNyZXQvKy9Ob3RBUmVhbEtleTAw")
        return try VaultCryptography.sealEntry(
            profile: profile, key: key, added: 1, metadata: [], header: header, entropy: &entropy)
    }

    @Test func aSealedVaultVerifies() throws {
        let (document, key) = try makeSealedVault()
        let reread = try VaultDocument.decode(document.encoded())
        try VaultCryptography.verifySeal(reread, with: key)
        #expect(reread.sealedCount == 2 && reread.pendingEntries.isEmpty)
    }

    /// An entry injected into the sealed part (sealed to the vault's real public key, checksum
    /// recomputed) breaks the seal.
    @Test func anEntryInjectedIntoTheSealedPartBreaksTheSeal() throws {
        let (document, key) = try makeSealedVault()
        var forged = document
        forged.entries.append(try attackerEntry(for: "default", header: document.header))
        forged.sealedCount += 1
        let reread = try VaultDocument.decode(forged.encoded())
        #expect(throws: FormatError.sealMismatch) { try VaultCryptography.verifySeal(reread, with: key) }
    }

    @Test(arguments: ["reorder", "remove", "metadata", "generation", "publicKey"])
    func everyChangeToTheSealedPartBreaksTheSeal(change: String) throws {
        let (document, key) = try makeSealedVault()
        var forged = document
        switch change {
        case "reorder": forged.entries.swapAt(0, 1)
        case "remove":
            forged.entries.removeLast()
            forged.sealedCount -= 1
        case "metadata": forged.entries[0].metadata = [Metadatum("k", "changed")]
        case "generation": forged.header.generation += 1
        default:
            var entropy = SystemEntropy()
            forged.header.publicKey = try BoxKeyPair(entropy: &entropy).publicKey
        }
        let reread = try VaultDocument.decode(forged.encoded())
        #expect(throws: FormatError.sealMismatch) { try VaultCryptography.verifySeal(reread, with: key) }
    }

    @Test func pendingEntriesAreOutsideTheSealAndFoldedByASealedWrite() throws {
        let (document, key) = try makeSealedVault()
        var next = document
        var replacement = try attackerEntry(for: "default", header: document.header)
        replacement.metadata = [Metadatum(VaultCryptography.replacesKey, VaultCryptography.replacesValue)]
        let stranger = try attackerEntry(for: "stranger", header: document.header)
        next.entries += [replacement, stranger]
        next.untrustedEntryIDs = [stranger.id]
        let reread = try VaultDocument.decode(next.encoded())
        try VaultCryptography.verifySeal(reread, with: key)  // pending entries do not touch the seal
        #expect(reread.pendingEntries.count == 2)
        var marked = reread
        marked.untrustedEntryIDs = [stranger.id]
        let sealed = VaultCryptography.sealed(VaultCryptography.folded(marked), with: key)
        #expect(sealed.header.generation == document.header.generation + 1)
        #expect(
            sealed.entries.map(\.profile) == ["admin", "default", "stranger"],
            "the replaced entry is gone, the untrusted one stays last")
        #expect(sealed.sealedCount == 2)
        #expect(sealed.entries[1].metadata.isEmpty, "the replaces marker is dropped when sealed")
        try VaultCryptography.verifySeal(try VaultDocument.decode(sealed.encoded()), with: key)
    }

    @Test func theRecordRefusesAnotherVaultAndOlderCopies() throws {
        let (document, key) = try makeSealedVault()
        let newer = VaultCryptography.sealed(document, with: key)
        let record = MachineRecord(pinning: newer, at: 10)
        #expect(throws: RecordMismatch.olderCopy(known: newer.header.generation, file: document.header.generation)) {
            _ = try record.compare(document)
        }
        let (other, _) = try makeSealedVault()
        #expect(throws: RecordMismatch.anotherVault(recordedID: newer.header.vaultID, fileID: other.header.vaultID)) {
            _ = try record.compare(other)
        }
        #expect(
            try record.compare(newer) == RecordComparison(untrustedEntryIDs: [], headerChanged: false, isStale: false))
    }

    /// Putting back the file from before an `add` without unlocking (same generation, the pending
    /// entry gone) is an older copy; a pending entry the journal does not name is untrusted.
    @Test func theJournalCatchesARolledBackPendingWriteAndUnknownEntries() throws {
        let (document, _) = try makeSealedVault()
        let ours = try attackerEntry(for: "ours", header: document.header)
        var withOurs = document
        withOurs.entries.append(ours)
        var record = MachineRecord(pinning: document, at: 10)
        record.journal = [.init(digest: ours.digest, generation: document.header.generation, state: .written)]
        #expect(try record.compare(withOurs).untrustedEntryIDs.isEmpty)
        #expect(throws: RecordMismatch.olderCopy(known: document.header.generation, file: document.header.generation)) {
            _ = try record.compare(document)
        }
        var injected = withOurs
        let theirs = try attackerEntry(for: "default", header: document.header)
        injected.entries.append(theirs)
        #expect(try record.compare(injected).untrustedEntryIDs == [theirs.id])
        // A journal entry still marked "being written" was never finished: its absence is a crash, not a rollback.
        record.journal[0].state = .writing
        #expect(try record.compare(document).untrustedEntryIDs.isEmpty)
    }

    @Test func theRecordRoundTripsAndRefusesDamage() throws {
        let (document, _) = try makeSealedVault()
        var record = MachineRecord(pinning: document, at: 1_700_000_000)
        record.journal = [.init(digest: [UInt8](repeating: 7, count: 32), generation: 3, state: .writing)]
        let bytes = record.encoded()
        #expect(try MachineRecord.decode(bytes) == record)
        for index in bytes.indices {
            var damaged = bytes
            damaged[index] ^= 0x01
            #expect(throws: FormatError.self, "flip at \(index)") { try MachineRecord.decode(damaged) }
        }
    }
}
