#if canImport(Glibc)
import Glibc
#endif
import VaultFormat

/// Why the vault file could not be read or written.
public enum VaultStoreError: Error, Equatable, Sendable {
    /// No vault at `path` yet.
    case notFound(path: String)
    /// The bytes are not a valid vault (truncated, altered, unknown version, …).
    case invalid(path: String, FormatError)
    /// The file or its folder is exposed to other users.
    case unsafe(OwnershipProblem)
    /// A system call failed.
    case system(SystemError)
}

/// The vault file on disk: checked reads, and locked, atomic read-modify-write.
public struct VaultFileStore: Sendable {
    public let path: String
    public var lockPath: String { path + ".lock" }

    public init(path: String) { self.path = path }

    /// Whether a file exists at `path` (any kind; `load` judges it).
    public var exists: Bool {
        var s = stat()
        return lstat(path, &s) == 0
    }

    /// Reads and verifies the vault without unlocking it.
    public func load() throws(VaultStoreError) -> VaultDocument {
        guard let document = try loadIfPresent() else { throw .notFound(path: path) }
        return document
    }

    /// Reads and verifies the vault; nil when there is none yet.
    public func loadIfPresent() throws(VaultStoreError) -> VaultDocument? {
        do {
            try Ownership.checkPrivateDirectory(Paths.directory(of: path))
        } catch {
            throw .unsafe(error)
        }
        let read = try PrivateFile.read(path, limit: VaultDocument.maximumFileSize) { size in
            .invalid(path: path, .tooLarge(byteCount: size))
        }
        guard let bytes = read else { return nil }
        do {
            return try VaultDocument.decode(bytes)
        } catch {
            throw .invalid(path: path, error)
        }
    }

    /// Under the vault's exclusive lock: reads the current vault (nil if none), lets `change`
    /// modify it, and writes the result atomically if `change` returned a document. A vault that
    /// fails its checks is never passed to `change` and never overwritten.
    public func update<E: Error>(
        _ change: (VaultDocument?) throws(E) -> VaultDocument?
    ) throws(VaultUpdateError<E>) {
        try withLock { () throws(VaultUpdateError<E>) in try updateLocked(change) }
    }

    private func updateLocked<E: Error>(
        _ change: (VaultDocument?) throws(E) -> VaultDocument?
    ) throws(VaultUpdateError<E>) {
        let current: VaultDocument?
        do { current = try loadIfPresent() } catch { throw .store(error) }
        CrashPoint.reached("vault-update.loaded")
        let next: VaultDocument?
        do { next = try change(current) } catch { throw .change(error) }
        guard let next else { return }
        do { try write(next) } catch { throw .store(error) }
    }

    /// Runs `body` holding the vault's exclusive lock. The folder is created (0700) and checked
    /// before anything is created in it, so a linked or exposed folder gets no lock file.
    public func withLock<R, E: Error>(_ body: () throws(VaultUpdateError<E>) -> R) throws(VaultUpdateError<E>) -> R {
        let directory = Paths.directory(of: path)
        do { try Paths.makeDirectory(directory) } catch { throw .store(.system(error)) }
        do { try Ownership.checkPrivateDirectory(directory) } catch { throw .store(.unsafe(error)) }
        let lock: FileLock
        do { lock = try FileLock(path: lockPath) } catch {
            if error.errno == ELOOP { throw .store(.unsafe(.wrongType(path: lockPath))) }
            throw .store(.system(error))
        }
        let outcome = Result { () throws(VaultUpdateError<E>) -> R in try body() }
        // No lock file is left beside a vault that was not created (a failed first add or init).
        if access(path, F_OK) != 0 && errno == ENOENT {
            lock.releaseRemoving(path: lockPath)
        } else {
            lock.release()
        }
        return try outcome.get()
    }

    /// Replaces the vault file atomically. Call only inside `withLock`.
    public func write(_ document: VaultDocument, crashPoints: Bool = true) throws(VaultStoreError) {
        // Under the lock no writer is live, so any temporary file is a dead writer's leftover.
        AtomicFile.removeStaleTemporaries(of: path)
        do {
            try AtomicFile.write(document.encoded(), to: path, crashPoints: crashPoints)
        } catch {
            throw .system(error)
        }
    }
}

/// A failed `update`: the store's own failure, or the error the change threw.
public enum VaultUpdateError<Failure: Error>: Error {
    case store(VaultStoreError)
    case change(Failure)
}
