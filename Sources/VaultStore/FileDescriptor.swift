#if canImport(Glibc)
import Glibc
#endif

/// An open file descriptor with exactly one owner; closed exactly once, on `close()` or release.
public struct FileDescriptor: ~Copyable {
    public let rawValue: Int32
    public let path: String
    private var isOpen = true

    /// Opens `path` with `O_CLOEXEC | O_NOFOLLOW` added to `flags`: vault never follows a link
    /// at its own files, so a planted symlink cannot redirect a write.
    public init(opening path: String, flags: Int32, mode: mode_t = 0o600) throws(SystemError) {
        let fd = try retryingOnInterrupt("open", path: path) { open(path, flags | O_CLOEXEC | O_NOFOLLOW, mode) }
        self.rawValue = fd
        self.path = path
    }

    deinit {
        if isOpen { _ = Glibc.close(rawValue) }
    }

    /// Closes the descriptor and reports the error a deferred write may surface here.
    public consuming func close() throws(SystemError) {
        isOpen = false
        // Never retry close on EINTR on Linux: the descriptor is already released.
        if Glibc.close(rawValue) == -1, errno != EINTR {
            throw SystemError("close", path: path, errno: errno)
        }
    }

    /// Writes every byte, looping over short writes.
    public func writeAll(_ bytes: [UInt8]) throws(SystemError) {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(SystemError) in try Self.writeAll(rawValue, raw, path: path) }
        }
        try result.get()
    }

    /// Writes every byte of `bytes` to the descriptor `fd` this process does not own as a
    /// `FileDescriptor` (standard output, standard error, a terminal): vault's one write loop.
    /// Short writes continue where they stopped and `EINTR` is retried; any other error is thrown
    /// with `path` (what `fd` is, for the message). `EAGAIN` is not waited out: no caller writes
    /// to a non-blocking descriptor.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(SystemError) {
        try writeAll(fd, bytes, path: path, system: Glibc.write)
    }

    /// `writeAll` with the `write(2)` to call, so tests can watch each short write.
    static func writeAll(
        _ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String,
        system write: (Int32, UnsafeRawPointer, Int) -> Int
    ) throws(SystemError) {
        var written = 0
        while written < bytes.count {
            let n = write(fd, bytes.baseAddress! + written, bytes.count - written)
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                throw SystemError("write", path: path, errno: code)
            }
            written += n
        }
    }

    /// Reads to end of file, refusing more than `limit` bytes.
    public func readAll(limit: Int) throws(SystemError) -> [UInt8]? {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { raw in Glibc.read(rawValue, raw.baseAddress!, raw.count) }
            if n == -1 {
                if errno == EINTR { continue }
                throw SystemError("read", path: path, errno: errno)
            }
            if n == 0 { return out }
            guard out.count + n <= limit else { return nil }
            out.append(contentsOf: chunk[0..<n])
        }
    }

    /// Flushes the file's data and metadata to stable storage.
    public func sync() throws(SystemError) {
        try retryingOnInterrupt("fsync", path: path) { fsync(rawValue) }
    }

    /// The file's status.
    public func status() throws(SystemError) -> stat {
        var s = stat()
        try retryingOnInterrupt("fstat", path: path) { fstat(rawValue, &s) }
        return s
    }
}
