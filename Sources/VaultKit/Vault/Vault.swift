#if canImport(Glibc)
import Glibc
#endif
import VaultCrypto
import VaultFormat
import VaultStore

/// How a vault's secret key is protected.
public enum VaultBackend: String, CaseIterable, Sendable {
    case file
    case secretService = "secret-service"

    init(_ protection: KeyProtection) {
        switch protection {
        case .passphrase: self = .file
        case .secretService: self = .secretService
        case .protectors(let list):
            let secretServiceOnly = list.protectors.allSatisfy { $0.kind == .secretService }
            self = secretServiceOnly ? .secretService : .file
        }
    }
}

/// Everything a command needs from the outside world, with real defaults.
public struct VaultContext {
    public var environment: [String: String]
    public var prompter: any Prompter
    public var keyring: any VaultKeyring
    /// This machine's TPM 2.0, for tpm2 protectors: by default `SystemTPM`, the TPM that
    /// `VAULT_TPM_TCTI` names (else /dev/tpmrm0), whose libraries load only when it is used.
    public var tpm: any VaultTPM
    public var now: @Sendable () -> Int64
    /// Where messages for the person go (stderr in the CLI).
    public var noticeSink: @Sendable (String) -> Void

    public init(
        environment: [String: String], prompter: any Prompter, keyring: any VaultKeyring,
        tpm: (any VaultTPM)? = nil, now: @escaping @Sendable () -> Int64 = { Int64(time(nil)) },
        noticeSink: @escaping @Sendable (String) -> Void = { text in
            var line = text + "\n"
            line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
        }
    ) {
        self.environment = environment
        self.prompter = prompter
        self.keyring = keyring
        self.tpm = tpm ?? SystemTPM(environment: environment)
        self.now = now
        self.noticeSink = noticeSink
    }
}

/// One profile as `vault list` shows it, without unlocking.
public struct ProfileSummary: Equatable, Sendable {
    public let profile: String
    public let keyHint: String
    public let added: Int64
    public let metadata: [Metadatum]
    /// False for a pending entry this machine did not add: vault never signs with it.
    public let trusted: Bool
}

/// The vault as a whole, as `vault list` shows it.
public struct VaultListing: Equatable, Sendable {
    public let path: String
    public let backend: VaultBackend
    public let created: Int64
    public let profiles: [ProfileSummary]
}

/// The user's vault: create, add, list, remove, unlock.
public struct Vault {
    public let store: VaultFileStore
    let context: VaultContext

    public init(context: VaultContext) {
        self.context = context
        self.store = VaultFileStore(path: Paths.vaultFile(environment: context.environment))
    }

    /// Creates an empty vault whose first protector is `protect`; fails if one exists. Returns a
    /// recovery protector's key text, to show once.
    @discardableResult
    public func initialize(protect: ProtectorKind, tpm options: TPMOptions = TPMOptions()) throws(VaultError)
        -> String?
    {
        var recoveryKey: String?
        try locked { () throws(VaultError) in
            guard try loadFile() == nil else {
                throw VaultError.vaultFile(.alreadyExists(path: store.path))
            }
            let made = try create(protect: protect, tpm: options)
            try writeNew(made.document)
            recoveryKey = made.recoveryKey
        }
        return recoveryKey
    }

    /// Creates an empty vault; fails if one exists.
    public func initialize(backend: VaultBackend) throws(VaultError) {
        try initialize(protect: backend == .file ? .passphrase : .secretService)
    }

    /// Seals `key` under `profile`. Needs no passphrase once this machine has a record of the
    /// vault: the entry is appended as pending and journalled (FORMAT.md §4, §6). Creates the vault
    /// (backend from `VAULT_BACKEND`, default file) on first use.
    public func add(profile: String, key: borrowing AccessKey, replace: Bool) throws(VaultError) {
        guard VaultEntry.isValidProfileName(profile) else { throw .invalidProfileName(profile) }
        let record = try loadRecord()
        if let existing = try loadFile(), existing.header.version == 1 || record == nil {
            context.notice(
                "this machine has no record of the vault at \(store.path) yet (a vault made elsewhere or by an older vault): unlocking it once to record it"
            )
            _ = try unlock(try checked(existing, record: record))
        }
        try locked { () throws(VaultError) in try addLocked(profile: profile, key: key, replace: replace) }
    }

    /// `add` under the vault's lock: creates the vault, or appends a pending entry.
    private func addLocked(profile: String, key: borrowing AccessKey, replace: Bool) throws(VaultError) {
        var entropy = SystemEntropy()
        guard let raw = try loadFile() else {
            var (document, sealKey) = try create(backend: try defaultBackend())
            document.entries.append(
                try sealEntry(profile: profile, key: key, metadata: [], header: document.header, entropy: &entropy))
            try writeNew(VaultCryptography.sealed(document, with: sealKey, advancing: false))
            return
        }
        guard let record = try loadRecord(), raw.header.version != 1 else {
            throw VaultError.vaultFile(.changedWhileWorking)
        }
        let current = try checked(raw, record: record)
        CrashPoint.reached("vault-update.loaded")
        if current.header.digest != record.headerDigest { throw .headerChanged(store.path, record: record) }
        let exists = !current.entries(for: profile).isEmpty
        if exists && !replace {
            throw VaultError.keys(.alreadyInVault(profile: profile))
        }
        let metadata = exists ? [Metadatum(VaultCryptography.replacesKey, VaultCryptography.replacesValue)] : []
        let entry = try sealEntry(
            profile: profile, key: key, metadata: metadata, header: current.header, entropy: &entropy)
        try pendingWrite(entry, to: raw, record: record)
    }

    /// Whether `profile` has an entry (reads and verifies the file, no unlock).
    public func contains(profile: String) throws(VaultError) -> Bool {
        guard let document = try loadIfPresent() else { return false }
        return !document.entries(for: profile).isEmpty
    }

    /// Profiles, masked key ids and dates, without unlocking; entries this machine cannot vouch
    /// for are marked.
    public func list() throws(VaultError) -> VaultListing {
        guard let listing = try listIfPresent() else { throw .vaultMissing(store.path) }
        return listing
    }

    /// The listing, or nil when there is no vault yet (`vault list --json` prints an empty list).
    public func listIfPresent() throws(VaultError) -> VaultListing? {
        // As a sealed write would leave it: an entry replaced by `add --force` is not listed.
        guard let loaded = try loadIfPresent() else { return nil }
        let document = VaultCryptography.folded(loaded)
        return VaultListing(
            path: store.path, backend: VaultBackend(document.header.protection),
            created: Int64(document.header.created),
            profiles: document.entries.map {
                ProfileSummary(
                    profile: $0.profile, keyHint: $0.keyHint, added: Int64($0.added), metadata: $0.metadata,
                    trusted: document.isTrusted($0))
            })
    }

    /// Removes every entry of `profile`: a sealed write, so it needs the vault's key.
    public func remove(profile: String) throws(VaultError) {
        let document = try load()
        guard !document.entries(for: profile).isEmpty else {
            throw .unknownProfile(profile, known: uniqueProfiles(document))
        }
        let keyPair = try unlock(document, foldPending: false)
        try modify(keyPair: keyPair) { (document) throws(VaultError) in
            let before = document.entries.count
            document.entries.removeAll { $0.profile == profile }
            guard document.entries.count < before else {
                throw .unknownProfile(profile, known: uniqueProfiles(document))
            }
        }
    }

    /// Reads and verifies the vault (no unlock), held to this machine's record.
    public func load() throws(VaultError) -> VaultDocument {
        guard let document = try loadIfPresent() else { throw .vaultMissing(store.path) }
        return document
    }

    func loadIfPresent() throws(VaultError) -> VaultDocument? {
        // The record first: a writer updates the vault file before the record says so (FORMAT.md
        // §6), so a file read after the record is never older than the record claims.
        let record = try loadRecord()
        guard let raw = try loadFile() else { return nil }
        return try checked(raw, record: record)
    }

    func uniqueProfiles(_ document: VaultDocument) -> [String] {
        var seen = Set<String>()
        return document.entries.map(\.profile).filter { seen.insert($0).inserted }
    }

    private func defaultBackend() throws(VaultError) -> VaultBackend {
        guard let name = context.environment["VAULT_BACKEND"], !name.isEmpty else { return .file }
        guard let backend = VaultBackend(rawValue: name) else {
            throw VaultError.vaultFile(.unknownBackend(name))
        }
        return backend
    }
}
