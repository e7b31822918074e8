// `vault unlock`: opens the vault once and keeps it open for a while (kernel keyring).
import ArgumentParser
import VaultKit

struct UnlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Unlock the vault once and keep it unlocked for a while.",
        discussion: """
            Asks for the passphrase (or opens the keyring) once and keeps the vault's secret key \
            in the kernel keyring, readable only by your user, until the kernel's timeout ends it: \
            meanwhile assume, exec, the credential server, rotate and the admin commands ask \
            nothing. Any process of your user can use the vault during the window, as with \
            ssh-agent. vault lock ends it at once; vault status shows the time left. Unlocking \
            again starts a new window (and asks again).

            DURATION: 90s, 15m, 2h, 1h30m; at most 12h. Default 15m, or the setting \
            unlock-duration (vault config unlock-duration 1h).

            Examples:
              vault unlock
              vault unlock --for 2h
            """)

    @Option(name: .customLong("for"), help: ArgumentHelp("How long to stay unlocked.", valueName: "DURATION"))
    var duration: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = global.context()
        let seconds = try UnlockDuration.chosen(duration, settings: try Settings(environment: context.environment))
        let vault = Vault(context: context)
        let until = try vault.unlockForAWhile(seconds: seconds)
        Output.info("unlocked \(vault.store.path) until \(Text.iso8601(until)) (vault lock ends it sooner)")
    }
}
