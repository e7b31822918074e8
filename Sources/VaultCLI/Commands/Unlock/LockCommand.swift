// `vault lock`: ends the unlock window at once.
import ArgumentParser
import VaultKit

struct LockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock",
        abstract: "Lock the vault now (end the window vault unlock opened).",
        discussion: """
            Removes the vault's secret key from the kernel keyring: the next command that needs it \
            asks again. Cached sessions stay (vault clear forgets them).

            Example:
              vault lock
            """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let vault = Vault(context: global.context())
        let wasOpen = try vault.lock()
        Output.info(wasOpen ? "locked \(vault.store.path)" : "\(vault.store.path) was not unlocked")
    }
}
