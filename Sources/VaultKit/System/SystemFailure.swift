// The terminal and other process-level plumbing: every error, with its message and hint.
// To add an error: add a case (carrying its data) and its lines in `problem` and `hint` (and
// `exitCode` if not 1).
import VaultStore

/// The terminal and other process-level plumbing.
public enum SystemFailure: ErrorMessage {
    /// sodium_malloc failed: the locked-memory limit is too low.
    case lockedMemory
    /// A question and no terminal to ask it on.
    case noTerminal
    /// A question while `--no-prompt` is set.
    case promptNotAllowed
    /// A typed line longer than the reader holds.
    case lineTooLong(limit: Int)
    /// A write that failed for want of space (the disk, a quota, `ulimit -f`).
    case outOfSpace(what: String, SystemError)

    public var problem: String {
        switch self {
        case .lockedMemory: return "cannot allocate locked memory"
        case .noTerminal: return "vault needs to ask a question but there is no terminal"
        case .promptNotAllowed: return "vault needs to ask a question but --no-prompt is set"
        case .lineTooLong: return "input line too long"
        case .outOfSpace(let what, let error): return "cannot write \(what): \(error)"
        }
    }

    public var hint: String {
        switch self {
        case .lockedMemory: return "raise the locked-memory limit (ulimit -l)"
        case .noTerminal:
            return
                "pass the answer another way (e.g. VAULT_PASSPHRASE, --mfa-code, mfa_process) or run it from a terminal"
        case .promptNotAllowed: return "pass the answer another way (e.g. VAULT_PASSPHRASE, --mfa-code, mfa_process)"
        case .lineTooLong(let limit): return "a line may hold at most \(limit) bytes"
        case .outOfSpace(_, let error): return error.outOfSpaceHint
        }
    }
}
