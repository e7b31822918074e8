// Command-line mistakes (no command, an unknown one, the parser's argument errors) in vault's error style.
import ArgumentParser
import VaultKit

enum CommandLineCheck {
    /// The subcommands `vault --help` lists.
    static var commandNames: [String] {
        VaultCommand.configuration.groupedSubcommands.flatMap { group in
            group.subcommands.compactMap { $0.configuration.commandName }
        }
    }

    /// Refuses a command line without a known command: nothing, a typo, `help nosuch`.
    static func check(_ arguments: [String]) throws(VaultError) {
        guard let first = arguments.first else { throw .usage(.noCommand) }
        let names = commandNames
        let word = first == "help" && arguments.count > 1 ? arguments[1] : first
        guard word.hasPrefix("-") || word == "help" || names.contains(word) else {
            throw .usage(.unknownCommand(word, commands: names))
        }
    }

    /// The parser's error as a usage error naming the command it was for.
    static func usage(for error: any Error, arguments: [String]) -> VaultError {
        let command = arguments.first.flatMap { commandNames.contains($0) ? "vault \($0)" : nil } ?? "vault"
        return .usage(.arguments(message: VaultCommand.message(for: error), command: command))
    }
}
