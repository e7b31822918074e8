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
        let context = global.context()
        let vault = Vault(context: context)
        guard let listing = json ? try vault.listIfPresent() : try vault.list() else {
            return Output.print(ListingFormatter.emptyJSON(path: vault.store.path))
        }
        let maximumAge =
            try Settings(environment: context.environment).keyMaxAgeDays(notice: context.noticeSink)
            ?? ListingFormatter.defaultMaximumAgeDays
        Output.print(
            json
                ? ListingFormatter.json(listing, now: context.now())
                : ListingFormatter.table(listing, now: context.now(), maximumAgeDays: maximumAge))
    }
}
