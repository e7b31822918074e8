// `vault sso list`: the accounts and roles a login reaches.
import ArgumentParser
import VaultKit

struct SSOListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the accounts and roles an IAM Identity Center login reaches.",
        discussion: """
            One line per role: account id, role name, account name.

            Examples:
              vault sso list corp
            """)

    @Argument(help: "An [sso-session NAME] or an SSO profile (default: the only sso-session).")
    var session: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let logins = SSOLogins(context: global.context())
        let login = try logins.login(named: session)
        for (account, roles) in try logins.accountsAndRoles(login) {
            for role in roles { Output.print("\(account.accountID)\t\(role)\t\(account.name ?? "")") }
        }
    }
}
