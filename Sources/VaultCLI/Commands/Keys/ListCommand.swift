// `vault list`: the profiles in the vault, their masked keys, ages and states.
import ArgumentParser
import VaultKit

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show the profiles in the vault (no unlock needed).",
        discussion: """
            Examples:
              vault list
              vault list --json | jq -r '.profiles[].profile'
            """)

    @Flag(help: "Print JSON for scripts.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        Output.print(try Vault(context: global.context()).listing(json: json))
    }
}
