#if canImport(Glibc)
import Glibc
#endif

/// An exclusive advisory lock (`flock`) on a lock file, held until release.
///
/// The lock file is never deleted: deleting it would let a waiter lock an unlinked inode while a
/// newcomer locks a fresh file. The kernel drops the lock if the process dies, so a crash never
/// leaves it held.
public struct FileLock: ~Copyable {
    private let descriptor: FileDescriptor

    /// Blocks until the lock on `path` is held.
    public init(path: String) throws(SystemError) {
        let fd = try FileDescriptor(opening: path, flags: O_RDWR | O_CREAT | O_NOFOLLOW, mode: 0o600)
        try retryingOnInterrupt("flock", path: path) { flock(fd.rawValue, LOCK_EX) }
        descriptor = fd
    }

    /// Takes the lock if it is free; nil when another process holds it.
    public static func attempt(path: String) throws(SystemError) -> FileLock? {
        let fd = try FileDescriptor(opening: path, flags: O_RDWR | O_CREAT | O_NOFOLLOW, mode: 0o600)
        while flock(fd.rawValue, LOCK_EX | LOCK_NB) == -1 {
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK { return nil }
            throw SystemError("flock", path: path, errno: errno)
        }
        return FileLock(holding: fd)
    }

    private init(holding descriptor: consuming FileDescriptor) {
        self.descriptor = descriptor
    }

    /// Releases the lock now (closing the file drops it).
    public consuming func release() {}
}
