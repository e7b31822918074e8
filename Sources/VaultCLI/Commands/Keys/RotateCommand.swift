// `vault rotate`: replace a profile's access key with a new one, proven before the old one goes.
import ArgumentParser
import VaultKit

struct RotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Replace a profile's access key with a new one, proven before the old one goes.",
        discussion: """
            Creates a new key, stores it in the vault, proves it works, then deactivates and deletes \
            the old key and clears the sessions derived from it. An interrupted rotation is finished by \
            running the command again. The IAM calls are signed with the MFA session of the key when \
            vault knows its MFA device (asking for a code when there is none): vault setup grants a \
            user that right with MFA only. Without an MFA device the keys sign for themselves.

            Examples:
              vault rotate default
              vault rotate default --keep-old-inactive
              vault rotate default --using admin
            """)

    @Argument(help: "The profile whose key to rotate.", completion: .profiles)
    var profile: String

    @Flag(help: "Stop at deactivating the old key (so it can be restored), instead of deleting it.")
    var keepOldInactive = false

    @Option(
        help: "Sign the IAM calls with this profile's keys (an admin) instead of the MFA session of PROFILE's key.",
        completion: .profiles)
    var using: String?

    @Option(help: "The current MFA code, when the MFA session of PROFILE's key must be started.")
    var mfaCode: String?

    @Flag(help: "Delete the inactive previous key an earlier --keep-old-inactive kept, without asking.")
    var yes = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let report = try KeyRotation(context: global.context()).rotate(
            profile: profile, keepOldInactive: keepOldInactive, deleteKeptKey: yes, using: using, mfaCode: mfaCode)
        for note in report.notes { Output.info("note: \(note)") }
        Output.print("\(report.profile): \(report.oldKey) → \(report.newKey); the old key is \(report.oldKeyFate)")
    }
}
