import ArgumentParser
import VaultKit

struct DeactivateAdminKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deactivate-admin-keys",
        abstract: "After admin work: set the admin user's access keys Inactive.",
        discussion: """
            Signs with the admin profile's key from the vault, lists the user's keys and sets each \
            Inactive — the signing key last, since no call can be signed after it. Running it again \
            is harmless. Reactivate with activate-admin-keys.

            Examples:
              vault deactivate-admin-keys
              vault deactivate-admin-keys --profile admin --dry-run
            """)

    @Option(help: "The admin profile (default: the admin-profile setting, else 'admin').", completion: .profiles)
    var profile: String?

    @Flag(help: "Show what would change; change nothing.")
    var dryRun = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = global.context()
        let admin = try AdminKeys.adminProfile(profile, environment: context.environment)
        let report = try AdminKeys(context: context).deactivate(profile: admin, dryRun: dryRun)
        Output.print(AdminReportFormatter.text(report, dryRun: dryRun))
    }
}

struct ActivateAdminKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activate-admin-keys",
        abstract: "Before admin work: set the admin keys Active again, using another identity.",
        discussion: """
            Inactive keys cannot sign the call that would reactivate them, so --using names other \
            credentials: a break-glass user with keys in the vault, or a role profile allowed \
            iam:UpdateAccessKey (assumed with MFA like any other). The keys are then proven to work.

            Example:
              vault activate-admin-keys --profile admin --using breakglass
            """)

    @Option(help: "The admin profile (default: the admin-profile setting, else 'admin').", completion: .profiles)
    var profile: String?

    @Option(help: "The profile whose credentials reactivate the keys (required).", completion: .profiles)
    var using: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = global.context()
        let admin = try AdminKeys.adminProfile(profile, environment: context.environment)
        let report = try AdminKeys(context: context).activate(profile: admin, using: using)
        Output.print(AdminReportFormatter.text(report, dryRun: false))
    }
}

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

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let report = try KeyRotation(context: global.context()).rotate(profile: profile, keepOldInactive: keepOldInactive)
        for note in report.notes { Output.info("note: \(note)") }
        Output.print("\(report.profile): \(report.oldKey) → \(report.newKey); the old key is \(report.oldKeyFate)")
    }
}

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show or change vault's settings (admin-profile, key-max-age-days).",
        discussion: """
            Examples:
              vault config admin-profile my-admin
              vault config admin-profile
              vault config
            """)

    @Argument(help: "The setting.")
    var key: String?

    @Argument(help: "Its new value.")
    var value: String?

    @Flag(help: "Remove the setting.")
    var unset = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        var settings = try Settings(environment: global.context().environment)
        guard let key else {
            for (name, meaning) in Settings.keys.sorted(by: { $0.key < $1.key }) {
                Output.print("\(name) = \(settings[name] ?? "(unset)")    # \(meaning)")
            }
            return
        }
        if unset || value != nil {
            try settings.set(key, unset ? nil : value)
        } else {
            guard Settings.keys[key] != nil else { throw VaultError("'\(key)' is not a vault setting", hint: "run vault config to list them", exitCode: 2) }
            Output.print(settings[key] ?? "")
        }
    }
}
