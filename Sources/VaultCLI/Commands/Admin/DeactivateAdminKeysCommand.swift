// `vault deactivate-admin-keys`: after admin work, set the admin user's access keys Inactive.
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

    @OptionGroup var admin: AdminProfileOptions

    @Flag(help: "Show what would change; change nothing.")
    var dryRun = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = global.context()
        let profile = try admin.resolve(environment: context.environment)
        let report = try AdminKeys(context: context).deactivate(profile: profile, dryRun: dryRun)
        Output.print(AdminReportFormatter.text(report, dryRun: dryRun))
    }
}
