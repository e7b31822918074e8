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

    // MARK: the GUI prompt driver (issue 19, item 26)
    /// The person closed the dialog or pressed Cancel.
    case promptCancelled(program: String)
    /// The dialog stayed open past `VAULT_PROMPT_TIMEOUT`.
    case promptTimedOut(program: String, seconds: Int)
    /// The dialog program could not be run or failed.
    case promptFailed(program: String, reason: String)
    /// `VAULT_PROMPT` names no prompt driver.
    case invalidPromptSetting(String)
    /// `VAULT_PROMPT_TIMEOUT` is not 1–3600 seconds.
    case invalidPromptTimeout(String)

    public var problem: String {
        switch self {
        case .lockedMemory: return "cannot allocate locked memory"
        case .noTerminal: return "vault needs to ask a question but there is no terminal"
        case .promptNotAllowed: return "vault needs to ask a question but --no-prompt is set"
        case .lineTooLong: return "input line too long"
        case .outOfSpace(let what, let error): return "cannot write \(what): \(error)"
        case .promptCancelled(let program): return "the question was cancelled in the \(program) dialog"
        case .promptTimedOut(let program, let seconds):
            return "nobody answered the \(program) dialog within \(seconds) s"
        case .promptFailed(let program, let reason): return "cannot ask with \(program): \(reason)"
        case .invalidPromptSetting(let value): return "VAULT_PROMPT=\(escaped(value)) is not a prompt driver"
        case .invalidPromptTimeout(let value):
            return "VAULT_PROMPT_TIMEOUT=\(escaped(value)) is not a number of seconds"
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
        case .promptCancelled: return "run the command again and answer the dialog"
        case .promptTimedOut: return "run the command again; set VAULT_PROMPT_TIMEOUT to wait longer (1–3600 seconds)"
        case .promptFailed:
            return "check that the program runs on this display, or unset VAULT_PROMPT to ask on the terminal"
        case .invalidPromptSetting: return "use terminal (default), zenity or kdialog"
        case .invalidPromptTimeout: return "use 1–3600 (default 120)"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .invalidPromptSetting, .invalidPromptTimeout: return 2
        default: return 1
        }
    }
}

extension SystemFailure {
    /// One discriminator per case. `kind` switches over every case, so a new case does not
    /// compile until it has a `Kind`, and `examples(of:)` until it has an example.
    public enum Kind: CaseIterable, Sendable {
        case lockedMemory, noTerminal, promptNotAllowed, lineTooLong, outOfSpace,
            promptCancelled, promptTimedOut, promptFailed, invalidPromptSetting, invalidPromptTimeout
    }

    public var kind: Kind {
        switch self {
        case .lockedMemory: return .lockedMemory
        case .noTerminal: return .noTerminal
        case .promptNotAllowed: return .promptNotAllowed
        case .lineTooLong: return .lineTooLong
        case .outOfSpace: return .outOfSpace
        case .promptCancelled: return .promptCancelled
        case .promptTimedOut: return .promptTimedOut
        case .promptFailed: return .promptFailed
        case .invalidPromptSetting: return .invalidPromptSetting
        case .invalidPromptTimeout: return .invalidPromptTimeout
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
        case .promptCancelled:
            return [.promptCancelled(program: "zenity")]
        case .promptTimedOut:
            return [.promptTimedOut(program: "zenity", seconds: 120)]
        case .promptFailed:
            return [.promptFailed(program: "kdialog", reason: "cannot open display")]
        case .invalidPromptSetting:
            return [.invalidPromptSetting("gui")]
        case .invalidPromptTimeout:
            return [.invalidPromptTimeout("0")]
        }
    }

    /// Everything this capability can say, case by case (docs/commands.md, Errors).
    public static var catalogue: [Self] { Kind.allCases.flatMap(examples) }
}
