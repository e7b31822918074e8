// The terminal and other process-level plumbing: every error, with its message and hint.
// To add an error: (1) a case here, carrying its data; (2) its words in the `problem` and `hint`
// switches (and `exitCode` if not 1); (3) the compiler then asks for its `Kind` and for an
// example in `examples(of:)` (below); (4) UPDATE_SNAPSHOTS=1 swift test --filter
// ErrorCatalogueTests adds it to docs/commands.md. Never a message outside these switches.
#if canImport(Glibc)
import Glibc
#endif
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

extension SystemFailure {
    /// One discriminator per case. `kind` switches over every case, so a new case does not
    /// compile until it has a `Kind`, and `examples(of:)` until it has an example.
    public enum Kind: CaseIterable, Sendable {
        case lockedMemory, noTerminal, promptNotAllowed, lineTooLong, outOfSpace
    }

    public var kind: Kind {
        switch self {
        case .lockedMemory: return .lockedMemory
        case .noTerminal: return .noTerminal
        case .promptNotAllowed: return .promptNotAllowed
        case .lineTooLong: return .lineTooLong
        case .outOfSpace: return .outOfSpace
        }
    }

    /// Representative values of each case (every variant of its message).
    static func examples(of kind: Kind) -> [Self] {
        switch kind {
        case .lockedMemory: return [.lockedMemory]
        case .noTerminal: return [.noTerminal]
        case .promptNotAllowed: return [.promptNotAllowed]
        case .lineTooLong: return [.lineTooLong(limit: 256)]
        case .outOfSpace:
            return [
                .outOfSpace(
                    what: "the vault",
                    SystemError("write", path: "/home/me/.local/share/vault/.vault.tmp", errno: ENOSPC)),
                .outOfSpace(
                    what: "the session cache",
                    SystemError("write", path: "/home/me/.cache/vault/s-6d6661-x", errno: EFBIG)),
            ]
        }
    }

    /// Everything this capability can say, case by case (docs/commands.md, Errors).
    public static var catalogue: [Self] { Kind.allCases.flatMap(examples) }
}
