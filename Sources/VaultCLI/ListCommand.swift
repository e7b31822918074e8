import ArgumentParser
import VaultKit

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show the profiles in the vault (no unlock needed).",
        discussion: """
            Example:
              vault list
              vault list --json | jq -r '.profiles[].profile'
            """)

    @Flag(help: "Print JSON for scripts.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = global.context()
        let listing = try Vault(context: context).list()
        Output.print(json ? ListingFormatter.json(listing) : ListingFormatter.table(listing, now: context.now()))
    }
}
