// `vault accept-file`: accepts a restored, moved or replaced vault file, after confirmation.
import ArgumentParser
import VaultKit

/// `vault accept-file`: the confirmed way to accept a restored, moved or replaced vault file.
struct AcceptFileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept-file",
        abstract: "Accept the vault file as it is now (a restored backup or a vault from elsewhere).",
        discussion: """
            vault refuses a vault file that is older than the one this machine last saw, that is \
            another vault, or whose public key changed. When that is your own doing (you restored a \
            backup, copied your vault here), this command unlocks the file, checks its seal, and \
            records it as this machine's vault. Entries added elsewhere without unlocking stay unused \
            until you add them again.

            Example:
              vault accept-file
            """)

    @Flag(help: "Accept without asking.")
    var yes = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        Output.info(try Vault(context: global.context()).acceptAsItIs(confirmed: yes).message)
    }
}
