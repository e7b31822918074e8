#if canImport(Glibc)
import Glibc
#endif
import AWSConfig
import VaultCrypto
import VaultFormat

/// What `vault add --import` did (each step is also told on stderr as it happens).
public struct MigrationReport: Equatable, Sendable {
    /// Profiles sealed into the vault by this run.
    public var imported: [String] = []
    /// Profiles whose vault entry already held the file's key (nothing sealed again).
    public var alreadyInVault: [String] = []
    /// Profiles left in the files as they were, each with the reason.
    public var skipped: [String] = []
    /// Profiles whose plaintext keys were deleted from the files.
    public var removed: [String] = []
    /// Profiles whose vault key was kept after a no to replacing it (nothing changed then).
    public var kept: [String] = []
}

/// `vault add --import`: moves long-term keys from `~/.aws/credentials` (and `[profile x]`
/// sections of `~/.aws/config`) into the vault and, with `--remove-plaintext`, deletes them from
/// the files once the vault is proven to open to the same keys.
///
/// Steps, each failure leaving the files as they were:
/// 1. lock and read the files, find the keys (validated like typed-in keys);
/// 2. with `--remove-plaintext`, make sure the vault can be unlocked, and unlock an existing vault
///    now, so a wrong passphrase changes nothing at all;
/// 3. seal the keys into the vault (replacing a profile's key needs `--force` or a yes);
/// 4. reload the vault, open each entry, compare key id and secret with the file's in constant time;
/// 5. remove the key lines with `ConfigEditor`, check the result reads as before for everything
///    else, and replace each file atomically, keeping its mode. No copy of the old file is kept.
///
/// The AWS parsers work on Swift strings, so while this runs the file's text is in ordinary memory,
/// as it is in the AWS CLI; vault's own byte copies (the bytes read, the bytes written, each secret
/// on its way into locked memory) are wiped.
public struct PlaintextMigration {
    /// Which profiles to import.
    public enum Selection: Equatable, Sendable {
        case profile(String)
        /// Every profile with long-term keys in the files; temporary credentials are skipped.
        case all
    }

    let context: VaultContext
    let vault: Vault

    public init(context: VaultContext) {
        self.context = context
        self.vault = Vault(context: context)
    }

    /// Imports the selected profiles' keys; with `removePlaintext`, then proves and deletes them.
    public func run(_ selection: Selection, replace: Bool, removePlaintext: Bool) throws(VaultError) -> MigrationReport
    {
        let paths = AWSFiles(environment: context.environment)
        let credentials = try PlaintextFile.open(paths.credentialsPath, kind: .credentials)
        if let credentials, credentials.isFile(at: paths.configPath) {
            throw VaultError.keys(.sameFiles(path: paths.configPath))
        }
        let config = try PlaintextFile.open(paths.configPath, kind: .config)
        let sources = PlaintextSources(
            credentials: credentials?.parsed, config: config?.parsed, credentialsPath: paths.credentialsPath,
            configPath: paths.configPath)
        var report = MigrationReport()
        let plan = try self.plan(selection, sources: sources, report: &report)

        let existing = try vault.loadIfPresent()
        let again = command(selection, removePlaintext: removePlaintext) + " --force"
        if removePlaintext, let existing {
            try requirePassphrase(for: existing)
            let keyPair = try vault.unlock(existing)
            // A profile whose vault entry already opens to the file's key is not a conflict.
            for keys in plan where !existing.entries(for: keys.profile).isEmpty {
                guard try opensToFileKey(keys, in: existing, sources: sources, keyPair: keyPair) else { continue }
                report.alreadyInVault.append(keys.profile)
                context.notice("'\(keys.profile)' is already in the vault with the same key")
            }
            let toImport = plan.filter { !report.alreadyInVault.contains($0.profile) }
            guard
                let replacing = try confirmReplacing(
                    toImport, existing: existing, replace: replace, again: again, report: &report)
            else { return report }
            try seal(toImport, sources: sources, replacing: replacing, report: &report)
            try prove(plan, sources: sources, keyPair: keyPair)
        } else {
            if removePlaintext { try requirePassphrase(for: nil) }
            guard
                let replacing = try confirmReplacing(
                    plan, existing: existing, replace: replace, again: again, report: &report)
            else { return report }
            try seal(plan, sources: sources, replacing: replacing, report: &report)
            if removePlaintext {
                let document = try vault.load()
                if document.header.protection.hasPassphrase, context.environment["VAULT_PASSPHRASE"] == nil {
                    context.notice("to prove the vault opens to the same key, unlock it once:")
                }
                let keyPair = try vault.unlock(document)
                try prove(plan, sources: sources, keyPair: keyPair)
            }
        }
        guard removePlaintext else {
            let files = Set(plan.flatMap { $0.kinds.map(sources.path) }).sorted()
            context.notice(
                "the plaintext keys are still in \(files.joined(separator: " and ")); to delete them once the vault copy is proven: "
                    + command(selection, removePlaintext: true))
            return report
        }
        try removeKeys(plan, from: [credentials, config].compactMap { $0 })
        report.removed = plan.map(\.profile)
        return report
    }

    /// Step 5: every file is edited and checked before the first is written. A profile that would
    /// then be defined in neither file keeps its section, empty, where the keys were (credentials
    /// file first), so that `source_profile` references and the AWS CLI still find it.
    private func removeKeys(_ plan: [PlaintextKeys], from files: [PlaintextFile]) throws(VaultError) {
        var keep: [ConfigFile.Kind: Set<String>] = [:]
        var edits: [PlaintextSources.KeyRemoval] = []
        for pass in 0..<2 {
            edits = []
            for file in files {
                let profiles = plan.filter { $0.kinds.contains(file.kind) }.map(\.profile)
                edits.append(
                    try PlaintextSources.removingKeys(
                        of: profiles, keepingSectionOf: keep[file.kind] ?? [], from: file.text, kind: file.kind,
                        path: file.path))
            }
            guard pass == 0 else { break }
            for keys in plan
            where !files.indices.contains(where: { edits[$0].parsed.profile(named: keys.profile) != nil }) {
                keep[keys.kinds[0], default: []].insert(keys.profile)
            }
            if keep.isEmpty { break }
        }
        for (file, edit) in zip(files, edits) {
            let profiles = plan.filter { $0.kinds.contains(file.kind) }.map(\.profile)
            guard !profiles.isEmpty else { continue }
            try file.rewrite(edit.text)
            for profile in profiles {
                let section =
                    edit.sectionRemoved.contains(profile)
                    ? " (with its section, which held nothing else)"
                    : keep[file.kind]?.contains(profile) == true
                        ? " (its empty section stays, so the profile still exists)" : ""
                context.notice(
                    "removed aws_access_key_id and aws_secret_access_key of '\(profile)' from \(file.path)\(section)")
            }
        }
    }

    /// The profiles to import; with `.all`, the ones that cannot be are skipped with a note.
    private func plan(_ selection: Selection, sources: PlaintextSources, report: inout MigrationReport)
        throws(VaultError) -> [PlaintextKeys]
    {
        switch selection {
        case .profile(let name):
            guard VaultEntry.isValidProfileName(name) else { throw .invalidProfileName(name) }
            return [try sources.find(name)]
        case .all:
            var plan: [PlaintextKeys] = []
            for name in sources.profilesWithKeys {
                guard VaultEntry.isValidProfileName(name) else {
                    // A problem, not a skip: its plaintext keys stay behind (issue 19, item 13).
                    let error = VaultError.invalidProfileName(name)
                    context.notice("problem: \(error.problem): its plaintext keys stay where they are; \(error.hint)")
                    report.skipped.append(name)
                    continue
                }
                do throws(VaultError) {
                    plan.append(try sources.find(name))
                } catch {
                    context.notice("skipped: \(error.problem)")
                    report.skipped.append(name)
                }
            }
            guard !plan.isEmpty else {
                let files =
                    sources.credentials == nil
                    ? sources.configPath : "\(sources.credentialsPath) or \(sources.configPath)"
                throw VaultError.keys(.nothingToImport(files: files))
            }
            return plan
        }
    }

    /// Whether replacing keys already in the vault is allowed: `--force`, or a yes on the terminal;
    /// nil after a no, which keeps everything as it was (not a failure: the run ends there).
    private func confirmReplacing(
        _ plan: [PlaintextKeys], existing: VaultDocument?, replace: Bool, again: String, report: inout MigrationReport
    ) throws(VaultError) -> Bool? {
        let conflicts = plan.map(\.profile).filter { existing?.entries(for: $0).isEmpty == false }
        guard !conflicts.isEmpty, !replace else { return replace }
        let already = KeysError.importConflicts(profiles: conflicts, again: again).problem
        guard context.prompter.canPrompt else {
            throw VaultError.keys(.importConflicts(profiles: conflicts, again: again))
        }
        guard
            try context.prompter.confirm(
                "\(already.prefix(1).uppercased() + already.dropFirst()). Replace with the keys from the file?")
        else {
            report.kept = conflicts
            context.notice("kept the vault's keys of \(conflicts.map { "'\($0)'" }.joined(separator: ", "))")
            return nil
        }
        return true
    }

    /// Seals each profile's key from the file into the vault.
    private func seal(
        _ plan: [PlaintextKeys], sources: PlaintextSources, replacing: Bool, report: inout MigrationReport
    ) throws(VaultError) {
        for keys in plan {
            let key = try sources.accessKey(keys)
            try vault.add(profile: keys.profile, key: key, replace: replacing)
            report.imported.append(keys.profile)
            let from = keys.kinds.map(sources.path).joined(separator: " and ")
            context.notice(
                "imported '\(keys.profile)' (\(AccessKey.hint(for: keys.accessKeyID))) from \(from) into \(vault.store.path)"
            )
        }
    }

    /// Step 4: the vault as now on disk opens, for every profile, to exactly the file's key.
    private func prove(_ plan: [PlaintextKeys], sources: PlaintextSources, keyPair: borrowing BoxKeyPair)
        throws(VaultError)
    {
        let document = try vault.load()
        for keys in plan {
            guard try !opensToFileKey(keys, in: document, sources: sources, keyPair: keyPair) else { continue }
            throw VaultError.keys(
                .importedEntryMismatch(
                    profile: keys.profile, paths: keys.kinds.map(sources.path).joined(separator: " and ")))
        }
        context.notice(
            "checked: the vault opens to the same key for \(plan.map { "'\($0.profile)'" }.joined(separator: ", "))")
    }

    private func opensToFileKey(
        _ keys: PlaintextKeys, in document: VaultDocument, sources: PlaintextSources, keyPair: borrowing BoxKeyPair
    ) throws(VaultError) -> Bool {
        let stored = try vault.accessKey(for: keys.profile, in: document, keyPair: keyPair)
        let fromFile = try sources.accessKey(keys)
        let sameID = sameText(stored.accessKeyID, fromFile.accessKeyID)
        let sameSecret = stored.secretAccessKey.isEqual(to: fromFile.secretAccessKey)
        return sameID && sameSecret
    }

    /// `--remove-plaintext` fails before any change when the proof could not unlock the vault.
    private func requirePassphrase(for existing: VaultDocument?) throws(VaultError) {
        let needsPassphrase: Bool
        if let existing {
            needsPassphrase = existing.header.protection.hasPassphrase
        } else {
            needsPassphrase = (context.environment["VAULT_BACKEND"] ?? "") != VaultBackend.secretService.rawValue
        }
        guard needsPassphrase, context.environment["VAULT_PASSPHRASE"] == nil, !context.prompter.canPrompt else {
            return
        }
        throw VaultError.keys(.noPassphraseToRemovePlaintext)
    }

    /// The command line that repeats this run.
    private func command(_ selection: Selection, removePlaintext: Bool) -> String {
        let target: String
        switch selection {
        case .profile(let name): target = "vault add \(name) --import"
        case .all: target = "vault add --import --all"
        }
        return target + (removePlaintext ? " --remove-plaintext" : "")
    }
}
