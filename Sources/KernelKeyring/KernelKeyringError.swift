/// Why a kernel-keyring call failed. Every case keeps the raw `errno`.
public enum KernelKeyringError: Error, Equatable, Sendable {
    /// The kernel keyring cannot be used here: no keyring support (`ENOSYS`) or a sandbox that
    /// forbids the `keyctl`/`add_key` system calls (`EPERM`, as Docker's default seccomp profile does).
    case unavailable(errno: Int32)
    /// A keyring call failed for another reason (quota `EDQUOT`, `EACCES`, out of memory, …).
    case failed(operation: String, errno: Int32)
}

extension KernelKeyringError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unavailable(let code):
            return "The Linux kernel keyring is not available here (errno \(code)); "
                + "containers often forbid it. The session cache falls back to no cache."
        case .failed(let operation, let code):
            return "Kernel keyring call \(operation) failed (errno \(code))."
        }
    }
}
