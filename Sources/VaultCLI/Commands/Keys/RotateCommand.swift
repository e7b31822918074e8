// `vault rotate`: replace a profile's access key with a new one, proven before the old one goes.
import ArgumentParser
import VaultKit

struct RotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Replace a profile's access key with a new one, proven before the old one goes.",
        discussion: """
            Creates a new key, stores it in the vault, proves it works, then deactivates and deletes \
            the old key (signing with the new one) and clears the profile's sessions. An interrupted \
            rotation is finished by running the command again.

            Examples:
              vault rotate default
              vault rotate default --keep-old-inactive
            """)

    @Argument(help: "The profile whose key to rotate.", completion: .profiles)
    var profile: String

    @Flag(help: "Stop at deactivating the old key (so it can be restored), instead of deleting it.")
    var keepOldInactive = false

    @Flag(help: "Delete the inactive previous key an earlier --keep-old-inactive kept, without asking.")
    var yes = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let report = try KeyRotation(context: global.context()).rotate(
            profile: profile, keepOldInactive: keepOldInactive, deleteKeptKey: yes)
        for note in report.notes { Output.info("note: \(note)") }
        Output.print("\(report.profile): \(report.oldKey) → \(report.newKey); the old key is \(report.oldKeyFate)")
    }
}
