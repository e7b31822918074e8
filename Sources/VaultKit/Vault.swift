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
        }
    }
}

/// Everything a command needs from the outside world, with real defaults.
public struct VaultContext {
    public var environment: [String: String]
    public var prompter: any Prompter
    public var keyring: any VaultKeyring
    public var now: @Sendable () -> Int64
    /// Where messages for the person go (stderr in the CLI).
    public var noticeSink: @Sendable (String) -> Void

    public init(
        environment: [String: String], prompter: any Prompter, keyring: any VaultKeyring,
        now: @escaping @Sendable () -> Int64 = { Int64(time(nil)) },
        noticeSink: @escaping @Sendable (String) -> Void = { text in
            var line = text + "\n"
            line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
        }
    ) {
        self.environment = environment
        self.prompter = prompter
        self.keyring = keyring
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

    /// Creates an empty vault; fails if one exists.
    public func initialize(backend: VaultBackend) throws(VaultError) {
        try update { (current) throws(VaultError) -> VaultDocument? in
            guard current == nil else {
                throw VaultError("a vault already exists at \(store.path)", hint: "vault list shows it; remove the file first to start over")
            }
            return try create(backend: backend)
        }
    }

    /// Seals `key` under `profile`. Needs no passphrase once the vault exists. Creates the vault
    /// (backend from `VAULT_BACKEND`, default file) on first use.
    public func add(profile: String, key: borrowing AccessKey, replace: Bool) throws(VaultError) {
        guard VaultEntry.isValidProfileName(profile) else { throw .invalidProfileName(profile) }
        try update { (current) throws(VaultError) -> VaultDocument? in
            var document: VaultDocument
            if let current { document = current } else { document = try create(backend: defaultBackend()) }
            if !document.entries(for: profile).isEmpty && !replace {
                throw VaultError("profile '\(profile)' is already in the vault", hint: "replace its key with: vault add \(profile) --force")
            }
            var entropy = SystemEntropy()
            let entry: VaultEntry
            do {
                entry = try VaultCryptography.sealEntry(
                    profile: profile, key: key, added: UInt64(context.now()), metadata: [], header: document.header,
                    entropy: &entropy)
            } catch {
                throw VaultError("cannot seal the key: \(error)", hint: "this is a bug or an out-of-memory condition; nothing was written")
            }
            document.entries.removeAll { $0.profile == profile }
            document.entries.append(entry)
            return document
        }
    }

    /// Whether `profile` has an entry (reads and verifies the file, no unlock).
    public func contains(profile: String) throws(VaultError) -> Bool {
        guard let document = try loadIfPresent() else { return false }
        return !document.entries(for: profile).isEmpty
    }

    /// Profiles, masked key ids and dates, without unlocking.
    public func list() throws(VaultError) -> VaultListing {
        let document = try load()
        return VaultListing(
            path: store.path, backend: VaultBackend(document.header.protection), created: Int64(document.header.created),
            profiles: document.entries.map {
                ProfileSummary(profile: $0.profile, keyHint: $0.keyHint, added: Int64($0.added), metadata: $0.metadata)
            })
    }

    /// Removes every entry of `profile`.
    public func remove(profile: String) throws(VaultError) {
        try update { (current) throws(VaultError) -> VaultDocument? in
            guard var document = current else { throw .vaultMissing(store.path) }
            let before = document.entries.count
            document.entries.removeAll { $0.profile == profile }
            guard document.entries.count < before else {
                throw .unknownProfile(profile, known: uniqueProfiles(document))
            }
            return document
        }
    }

    /// Reads and verifies the vault (no unlock).
    public func load() throws(VaultError) -> VaultDocument {
        do { return try store.load() } catch { throw .from(error) }
    }

    func loadIfPresent() throws(VaultError) -> VaultDocument? {
        do { return try store.loadIfPresent() } catch { throw .from(error) }
    }

    func uniqueProfiles(_ document: VaultDocument) -> [String] {
        var seen = Set<String>()
        return document.entries.map(\.profile).filter { seen.insert($0).inserted }
    }

    private func update(_ change: (VaultDocument?) throws(VaultError) -> VaultDocument?) throws(VaultError) {
        do {
            try store.update(change)
        } catch {
            switch error {
            case .store(let store): throw .from(store)
            case .change(let change): throw change
            }
        }
    }

    private func defaultBackend() throws(VaultError) -> VaultBackend {
        guard let name = context.environment["VAULT_BACKEND"], !name.isEmpty else { return .file }
        guard let backend = VaultBackend(rawValue: name) else {
            throw VaultError("VAULT_BACKEND=\(name) is not a backend", hint: "use file or secret-service", exitCode: 2)
        }
        return backend
    }
}
