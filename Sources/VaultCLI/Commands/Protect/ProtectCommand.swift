// `vault protect`: the vault key's protectors (list them; more kinds come with format version 3).
import ArgumentParser
import VaultKit

struct ProtectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "protect",
        abstract: "Show how the vault's key is protected.",
        discussion: """
            Each protector (passphrase, secret-service) can unlock the vault on its own. Several \
            protectors side by side (tpm2, recovery key) need vault format version 3 \
            (Vault/FORMAT.md §10), which this version does not write yet.

            Examples:
              vault protect list
              vault protect list --json
            """,
        subcommands: [ProtectListCommand.self])
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
