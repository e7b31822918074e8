// `vault passwd`: changes the vault's passphrase.
import ArgumentParser
import VaultKit

struct PasswdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd",
        abstract: "Change the vault's passphrase.",
        discussion: """
            Asks the current passphrase (an open unlock window is not enough), then the new one \
            twice; scripts give them in VAULT_PASSPHRASE and VAULT_NEW_PASSPHRASE. One atomic \
            rewrite of the vault file's header: the keys in the vault are not decrypted. Other \
            machines that use the same file need the new passphrase from then on.

            Example:
              vault passwd
            """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let vault = Vault(context: global.context())
        try vault.changePassphrase()
        Output.info("changed the passphrase of \(vault.store.path)")
    }
}
