// `vault protect remove ID`: drops one protector (never the last one).
import ArgumentParser
import VaultKit

struct ProtectRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a protector by its id (vault protect list).",
        discussion: """
            Unlocks the vault (asking you), then rewrites its header without the protector in one \
            atomic write. Refuses to remove the last protector, and refuses (unless --force) when \
            only protectors tied to this machine (tpm2, secret-service) would remain: add a \
            recovery key first. Ids are never reused.

            Example:
              vault protect remove 2
            """)

    @Argument(help: "The protector's id.")
    var id: Int

    @Flag(help: "Remove it even if no remaining protector survives the loss of this machine.")
    var force = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try Vault(context: global.context()).removeProtector(id: id, force: force)
        Output.info("removed protector \(id)")
    }
}
