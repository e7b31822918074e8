// `vault sso logout`: signs out at IAM Identity Center and forgets the sealed tokens.
import ArgumentParser
import VaultKit

struct SSOLogoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Sign out of IAM Identity Center and forget the tokens.",
        discussion: """
            Ends the login at the service (its tokens stop working), removes vault's sealed copy and
            the shared token file if vault wrote it. Cached role sessions stay until they expire;
            `vault clear` forgets them too.

            Examples:
              vault sso logout corp
            """)

    @Argument(help: "An [sso-session NAME] or an SSO profile (default: the only sso-session).")
    var session: String?

    @OptionGroup var global: PromptOptions

    func run() throws {
        let (login, hadLogin) = try SSOLogins(context: global.context()).signOut(named: session)
        Output.info(hadLogin ? "signed out of '\(login.displayName)'" : "not signed in to '\(login.displayName)'")
    }
}
