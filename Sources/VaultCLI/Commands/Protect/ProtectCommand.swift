// `vault protect`: the vault key's protectors (list, add, remove).
import ArgumentParser
import VaultKit

struct ProtectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protect",
        abstract: "List, add and remove the protectors of the vault's key.",
        discussion: """
            Each protector (passphrase, secret-service, tpm2, recovery) can unlock the vault on \
            its own, like LUKS key slots. Protectors that need no typing are tried first (a TPM \
            without PIN, an unlocked keyring); --protector ID chooses one.

            Examples:
              vault protect list
              vault protect add recovery
              vault protect remove 2
            """,
        subcommands: [ProtectListCommand.self, ProtectAddCommand.self, ProtectRemoveCommand.self])
}

struct ProtectListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the vault key's protectors: ID, kind.",
        discussion: """
            Reads the vault file only: nothing is unlocked or asked.

            Example:
              vault protect list --json
            """)

    @Flag(help: "Print JSON for scripts.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let protectors = try Vault(context: global.context()).protectors()
        Output.print(json ? ProtectorListFormatter.json(protectors) : ProtectorListFormatter.text(protectors))
    }
}
