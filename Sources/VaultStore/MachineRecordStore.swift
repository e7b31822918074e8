#if canImport(Glibc)
import Glibc
#endif
import VaultCrypto
import VaultFormat

/// This machine's record of the vault at one location (FORMAT.md §6), kept outside the vault's
/// folder in `$XDG_STATE_HOME/vault/records/`. Written only while holding the vault's lock.
public struct MachineRecordStore: Sendable {
    public let path: String

    /// The record file for the vault at `vaultPath`.
    public init(vaultPath: String, environment: [String: String]) {
        let name = Encoding.hex(BLAKE2b.hash(Array(Paths.absolute(vaultPath).utf8), outputLength: 16))
        path = Paths.stateHome(environment: environment) + "/vault/records/" + name
    }

    /// The record, or nil when this machine has none for the location.
    public func load() throws(VaultStoreError) -> MachineRecord? {
        do {
            try Ownership.checkPrivateDirectory(Paths.directory(of: path))
        } catch {
            throw .unsafe(error)
        }
        guard let bytes = try PrivateFile.read(path, limit: MachineRecord.maximumSize) else { return nil }
        do { return try MachineRecord.decode(bytes) } catch { throw .invalid(path: path, error) }
    }

    /// Replaces the record atomically (its folder created 0700 and checked first).
    public func save(_ record: MachineRecord) throws(VaultStoreError) {
        try PrivateFile.prepareDirectory(Paths.directory(of: path))
        AtomicFile.removeStaleTemporaries(of: path)
        do { try AtomicFile.write(record.encoded(), to: path, crashPoints: false) } catch { throw .system(error) }
    }

    /// Forgets the record (a new vault at the location starts a new one).
    public func remove() {
        unlink(path)
    }
}
