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
        "\(operation) \(path): \(String(cString: strerror(errno)))"
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
