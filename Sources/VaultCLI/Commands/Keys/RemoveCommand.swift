// `vault remove`: deletes a profile's key from the vault, after confirmation.
import ArgumentParser
import VaultKit

struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Delete a profile's key from the vault.",
        discussion: """
            The key stays valid in AWS: deactivate or delete it there too if you no longer need it.

            Example:
              vault remove old-profile --force
            """)

    @Argument(help: "The profile to remove.", completion: .profiles)
    var profile: String

    @Flag(help: "Remove without asking.")
    var force = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        Output.info(try Vault(context: global.context()).removeKey(profile: profile, force: force).message)
    }
}
