// `vault activate-admin-keys`: before admin work, set the admin keys Active again with another
// profile's credentials.
import ArgumentParser
import VaultKit

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

    @OptionGroup var admin: AdminProfileOptions

    @Option(help: "The profile whose credentials reactivate the keys (required).", completion: .profiles)
    var using: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = global.context()
        let profile = try admin.resolve(environment: context.environment)
        let report = try AdminKeys(context: context).activate(profile: profile, using: using)
        Output.print(AdminReportFormatter.text(report, dryRun: false))
    }
}
