import Glibc

/// The outcome of one keyutils call: its non-negative result, or the `errno` it set.
enum KeyctlResult {
    case value(Int)
    case errno(Int32)
}

/// Runs a keyutils call, retrying on `EINTR`, and turns `-1` into the `errno` it set.
@inline(__always)
func keyctlCall<T: BinaryInteger>(_ body: () -> T) -> KeyctlResult {
    while true {
        let result = body()
        if result >= 0 { return .value(Int(result)) }
        let code = errno
        if code != EINTR { return .errno(code) }
    }
}

/// `errno` values that mean the key is gone rather than that the call failed.
func isAbsent(_ code: Int32) -> Bool {
    code == ENOKEY || code == EKEYEXPIRED || code == EKEYREVOKED
}

/// The typed error for a failed call: `ENOSYS`/`EPERM` say the keyring is unavailable here.
func keyringError(_ operation: String, _ code: Int32) -> KernelKeyringError {
    code == ENOSYS || code == EPERM ? .unavailable(errno: code) : .failed(operation: operation, errno: code)
}
