#if canImport(Glibc)
import Glibc
#endif

/// A failed system call, with the errno it returned and the path it concerned.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let errno: Int32

    public init(_ operation: String, path: String, errno: Int32) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    public var description: String {
        switch errno {
        case ENOSPC: return "the disk is full (\(operation) \(path): no space left on the device)"
        case EDQUOT: return "the disk quota is used up (\(operation) \(path): quota exceeded)"
        case EFBIG: return "the file size limit was reached (\(operation) \(path): file too large)"
        default: return "\(operation) \(path): \(String(cString: strerror(errno)))"
        }
    }

    /// Whether the write failed for want of space: a full disk, a used-up quota, or the file-size
    /// limit (`ulimit -f`). Nothing about the path or its permissions is wrong then.
    public var isOutOfSpace: Bool { errno == ENOSPC || errno == EDQUOT || errno == EFBIG }

    /// What to do about a write that failed for want of space, naming the folder to clean up.
    public var outOfSpaceHint: String {
        errno == EFBIG
            ? "raise the file-size limit (ulimit -f); nothing was changed"
            : "free some space on the disk holding \(Paths.directory(of: path)) (df -h shows it); nothing was changed"
    }
}

/// Runs a system call, retrying on EINTR, and turns -1 into a `SystemError`.
@discardableResult
func retryingOnInterrupt<T: BinaryInteger>(
    _ operation: String, path: String, _ call: () -> T
) throws(SystemError) -> T {
    while true {
        let result = call()
        if result != -1 { return result }
        let code = errno
        if code == EINTR { continue }
        throw SystemError(operation, path: path, errno: code)
    }
}
