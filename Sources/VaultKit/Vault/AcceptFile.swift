import VaultCrypto
import VaultFormat

/// `vault accept-file`: accepts the vault file as it is now (a restored backup, a vault moved
/// here, a change made on another machine) after proving it opens, and records it on this machine.
public struct FileAcceptance: Equatable, Sendable {
    /// How the file differs from this machine's record, one line each (empty: it does not).
    public let differences: [String]
    /// Pending entries that stay untrusted (vault will not sign with them).
    public let untrustedProfiles: [String]
}

extension Vault {
    /// What accepting the file would change, without a secret.
    public func acceptancePreview() throws(VaultError) -> FileAcceptance {
        guard let raw = try loadFile() else { throw .vaultMissing(store.path) }
        let record = try? loadRecord()
        var differences: [String] = []
        if let record {
            if raw.header.vaultID != record.vaultID {
                differences.append(
                    "it is another vault (id \(Encoding.hex(raw.header.vaultID).prefix(8))…, recorded: \(Encoding.hex(record.vaultID).prefix(8))…)"
                )
            } else if raw.header.digest != record.headerDigest {
                differences.append("its public key or key protection changed")
            }
            if raw.header.generation < record.knownGeneration {
                differences.append(
                    "it is older than the vault this machine has seen (generation \(raw.header.generation), seen \(record.knownGeneration))"
                )
            }
        } else {
            differences.append("this machine has no usable record of it")
        }
        let pendingProfiles = raw.pendingEntries.map(\.profile)
        return FileAcceptance(differences: differences, untrustedProfiles: pendingProfiles)
    }

    /// Unlocks the file as it is (its seal must verify), migrates it if it is version 1, and makes
    /// it this machine's record; pending entries stay untrusted.
    public func acceptFile() throws(VaultError) {
        guard let raw = try loadFile() else { throw .vaultMissing(store.path) }
        let opened = try openKeyPair(raw, record: try? loadRecord())
        let migratedHeader = opened.migratedHeader
        let key = try sealKey(opened.takeKeyPair())
        try verifySeal(raw, key)
        try settle(raw, key: key, migratedHeader: migratedHeader, record: .replaced)
    }

    /// `vault accept-file`: says how the file differs from this machine's record, asks unless
    /// `confirmed` (a no keeps the record as it was), accepts it, and names the entries that stay
    /// unused.
    public func acceptAsItIs(confirmed: Bool) throws(VaultError) -> ChangeOutcome {
        let preview = try acceptancePreview()
        for line in preview.differences { context.notice("\(store.path): \(line)") }
        if !confirmed {
            guard context.prompter.canPrompt else { throw .vaultFile(.acceptNeedsConfirmation(path: store.path)) }
            guard try context.prompter.confirm("Accept \(store.path) as this machine's vault?") else {
                return ChangeOutcome(changed: false, message: "kept this machine's record as it was")
            }
        }
        try acceptFile()
        for profile in preview.untrustedProfiles {
            context.notice(
                "note: the entry for '\(profile)' was added without unlocking elsewhere: vault will not use it; add the key again"
            )
        }
        return ChangeOutcome(changed: true, message: "accepted \(store.path) as this machine's vault")
    }
}
