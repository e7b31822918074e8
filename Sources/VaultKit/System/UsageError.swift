// Usage errors: a missing or unknown command, and the argument parser's complaints, in vault's style.
import VaultBase

/// A command line vault cannot run: exit status 2, with what to type instead.
public enum UsageError: ErrorMessage {
    /// `vault` with no command.
    case noCommand
    /// A word where a command belongs; `suggestion` is the closest command, if one is close.
    case unknownCommand(String, suggestion: String?)
    /// An argument error from the parser (`message` is its own words), for `command` (e.g. `vault list`).
    case arguments(message: String, command: String)

    /// The error for `word` in the place of a command, suggesting the closest of `commands`.
    public static func unknownCommand(_ word: String, commands: [String]) -> UsageError {
        let close = commands.compactMap { name in
            EditDistance.levenshtein(Array(name), Array(word), limit: 2).map { (name, $0) }
        }
        return .unknownCommand(word, suggestion: close.min { $0.1 < $1.1 }?.0)
    }

    public var problem: String {
        switch self {
        case .noCommand: return "no command given"
        case .unknownCommand(let word, _): return "'\(escaped(word))' is not a vault command"
        case .arguments(let message, let command):
            var text = message.trimmingSpaces
            if text.hasPrefix("Error: ") { text.removeFirst(7) }
            if text.hasSuffix(".") { text.removeLast() }
            // "Unknown option" reads as vault's style; "VAULT_PROMPT=…" keeps its capitals.
            let capitalized = text.dropFirst().first?.isLowercase ?? false
            return "\(command): \(capitalized ? text.prefix(1).lowercased() + text.dropFirst() : text)"
        }
    }

    public var hint: String {
        switch self {
        case .noCommand: return "vault --help lists the commands (for example vault assume PROFILE)"
        case .unknownCommand(_, let suggestion?): return "did you mean \(suggestion)? (vault --help lists the commands)"
        case .unknownCommand: return "vault --help lists the commands"
        case .arguments(_, let command): return "\(command) --help shows its arguments and options"
        }
    }

    public var exitCode: Int32 { 2 }
}

extension UsageError {
    /// One discriminator per case. `kind` switches over every case, so a new case does not
    /// compile until it has a `Kind`, and `examples(of:)` until it has an example.
    public enum Kind: CaseIterable, Sendable {
        case noCommand, unknownCommand, arguments
    }

    public var kind: Kind {
        switch self {
        case .noCommand: return .noCommand
        case .unknownCommand: return .unknownCommand
        case .arguments: return .arguments
        }
    }

    /// Representative values of each case (every variant of its message).
    static func examples(of kind: Kind) -> [Self] {
        switch kind {
        case .noCommand: return [.noCommand]
        case .unknownCommand:
            return [.unknownCommand("asume", suggestion: "assume"), .unknownCommand("x", suggestion: nil)]
        case .arguments: return [.arguments(message: "Error: Unknown option '--bogus'", command: "vault list")]
        }
    }

    /// Everything this capability can say, case by case (docs/commands.md, Errors).
    public static var catalogue: [Self] { Kind.allCases.flatMap(examples) }
}
