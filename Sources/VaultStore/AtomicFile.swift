#if canImport(Glibc)
import Glibc
#endif
import VaultCrypto

/// Whole-file replacement that a crash cannot tear: the reader sees the old file or the new one.
public enum AtomicFile {
    /// Writes `bytes` to a new temporary file beside `path` (0600, `O_EXCL`), fsyncs it, renames
    /// it over `path`, then fsyncs the folder so the rename itself is durable. `crashPoints: false`
    /// keeps a companion file's write (this machine's record) from standing in for the vault's at
    /// the `atomic-write.*` crash points. `durable: false` skips both fsyncs, for a file that is
    /// worthless after a power cut anyway (a process crash still sees the old file or the new one).
    public static func write(
        _ bytes: [UInt8], to path: String, mode: mode_t = 0o600, crashPoints: Bool = true, durable: Bool = true
    ) throws(SystemError) {
        let directory = Paths.directory(of: path)
        let temporary =
            directory + "/." + Paths.basename(of: path) + ".tmp-" + Encoding.hex(SystemEntropy().bytesCopy(8))
        do {
            let fd = try FileDescriptor(opening: temporary, flags: O_WRONLY | O_CREAT | O_EXCL, mode: mode)
            if crashPoints { CrashPoint.reached("atomic-write.created") }
            try retryingOnInterrupt("fchmod", path: temporary) { fchmod(fd.rawValue, mode) }
            try fd.writeAll(bytes)
            if crashPoints { CrashPoint.reached("atomic-write.written") }
            if durable { try fd.sync() }
            try fd.close()
            if crashPoints { CrashPoint.reached("atomic-write.synced") }
            try retryingOnInterrupt("rename", path: path) { rename(temporary, path) }
        } catch {
            unlink(temporary)
            throw error
        }
        if crashPoints { CrashPoint.reached("atomic-write.renamed") }
        if durable { try syncDirectory(directory) }
    }

    /// Deletes the temporary files `write` leaves beside `path` when the process dies between
    /// creating and renaming one (`.<name>.tmp-<16 hex>`, regular files only). Call it only while
    /// holding the lock every writer of `path` holds, so that none of them can be live; or give
    /// `olderThan` (seconds) where writers do not all lock. Best effort: nothing here is trusted.
    public static func removeStaleTemporaries(of path: String, olderThan age: Int? = nil) {
        let directory = Paths.directory(of: path)
        let prefix = "." + Paths.basename(of: path) + ".tmp-"
        let hexDigits = Set("0123456789abcdef")
        let now = time(nil)
        for name in PrivateFile.names(in: directory) where name.hasPrefix(prefix) {
            let suffix = name.dropFirst(prefix.count)
            guard suffix.count == 16, suffix.allSatisfy({ hexDigits.contains($0) }) else { continue }
            let candidate = directory + "/" + name
            var s = stat()
            guard lstat(candidate, &s) == 0, (s.st_mode & S_IFMT) == S_IFREG, s.st_uid == geteuid() else { continue }
            if let age, now - s.st_mtim.tv_sec < age { continue }
            unlink(candidate)
        }
    }

    /// Fsyncs a folder so that entries created or renamed in it survive a power cut.
    public static func syncDirectory(_ directory: String) throws(SystemError) {
        let fd = try FileDescriptor(opening: directory, flags: O_RDONLY | O_DIRECTORY)
        try fd.sync()
    }
}

extension SystemEntropy {
    /// Random bytes from a fresh system source (non-mutating convenience).
    func bytesCopy(_ count: Int) -> [UInt8] {
        var source = self
        return source.bytes(count)
    }
}
