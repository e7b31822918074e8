#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock (`flock`) on a lock file, held until release.
///
/// Only the holder deletes the lock file (`releaseRemoving`), and a process that wakes holding the
/// lock of a file that is no longer at `path` opens and locks the file there again, so two
/// processes never both believe they hold the lock. The kernel drops the lock if the process
/// dies, so a crash never leaves it held.
public struct FileLock: ~Copyable {
    private let descriptor: FileDescriptor

    /// Blocks until the lock on `path` is held.
    public init(path: String) throws(SystemError) {
        while true {
            let fd = try FileDescriptor(opening: path, flags: O_RDWR | O_CREAT | O_NOFOLLOW, mode: 0o600)
            try retryingOnInterrupt("flock", path: path) { flock(fd.rawValue, LOCK_EX) }
            if Self.isStillAt(path, fd.rawValue) {
                descriptor = fd
                return
            }
        }
    }

    /// Takes the lock if it is free; nil when another process holds it.
    public static func attempt(path: String) throws(SystemError) -> FileLock? {
        while true {
            let fd = try FileDescriptor(opening: path, flags: O_RDWR | O_CREAT | O_NOFOLLOW, mode: 0o600)
            while flock(fd.rawValue, LOCK_EX | LOCK_NB) == -1 {
                if errno == EINTR { continue }
                if errno == EWOULDBLOCK { return nil }
                throw SystemError("flock", path: path, errno: errno)
            }
            if isStillAt(path, fd.rawValue) { return FileLock(holding: fd) }
        }
    }

    private init(holding descriptor: consuming FileDescriptor) {
        self.descriptor = descriptor
    }

    /// Whether the locked file is the one at `path` (its holder may have removed it meanwhile).
    private static func isStillAt(_ path: String, _ fd: Int32) -> Bool {
        var held = stat()
        var named = stat()
        guard fstat(fd, &held) == 0, lstat(path, &named) == 0 else { return false }
        return held.st_dev == named.st_dev && held.st_ino == named.st_ino
    }

    /// Releases the lock now (closing the file drops it).
    public consuming func release() {}

    /// Deletes the lock file, then releases the lock: for a lock whose file is no longer needed
    /// (the vault was never created, the session was cleared).
    public consuming func releaseRemoving(path: String) {
        unlink(path)
    }
}
