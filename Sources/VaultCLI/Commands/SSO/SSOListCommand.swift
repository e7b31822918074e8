// `vault sso list`: the accounts and roles a login reaches.
import ArgumentParser
import VaultKit

struct SSOListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the accounts and roles an IAM Identity Center login reaches.",
        discussion: """
            One line per role: account id, role name, account name. --write-profiles adds a
            [profile ACCOUNTNAME-ROLE] to ~/.aws/config for each role no profile uses yet (every
            other line of the file is kept).

            Examples:
              vault sso list corp
              vault sso list corp --write-profiles
            """)

    @Argument(help: "An [sso-session NAME] or an SSO profile (default: the only sso-session).")
    var session: String?

    @Flag(help: "Add a profile to ~/.aws/config for each role no profile uses yet.")
    var writeProfiles = false

    @OptionGroup var global: PromptOptions

    func run() throws {
        let listing = try SSOLogins(context: global.context()).list(named: session, writeProfiles: writeProfiles)
        for (account, roles) in listing.accounts {
            for role in roles { Output.print("\(account.accountID)\t\(role)\t\(account.name ?? "")") }
        }
        if let written = listing.written {
            Output.info(written.isEmpty ? "no new profiles" : "added profiles: \(written.joined(separator: ", "))")
        }
    }
}
