// `vault sso login`: the device authorization flow, or importing the AWS CLI's token file.
import ArgumentParser
import VaultKit

struct SSOLoginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Sign in to IAM Identity Center (device code in the browser).",
        discussion: """
            Prints a URL and a code on stderr; approve the code in the browser. The client
            registration and the tokens are sealed in vault's cache (key in the kernel keyring) and
            refreshed before they expire. Nothing is written in plaintext unless --share is given.

            Examples:
              vault sso login corp
              vault sso login corp --open
              vault sso login corp --import
            """)

    @Argument(help: "An [sso-session NAME] or an SSO profile (default: the only sso-session).")
    var session: String?

    @Flag(help: "Open the verification page with xdg-open.")
    var open = false

    @Flag(help: "Also write the AWS CLI's token file (~/.aws/sso/cache/<sha1>.json, plaintext, 0600).")
    var share = false

    @Flag(
        name: .customLong("import"), help: "Take over the AWS CLI's token file of this session instead of signing in.")
    var importToken = false

    @Option(help: "With --import: the token file to read (default: the AWS CLI's file for the session).")
    var file: String?

    @OptionGroup var global: PromptOptions

    func validate() throws {
        if file != nil && !importToken { throw ValidationError("--file goes with --import") }
        if importToken && open { throw ValidationError("--import signs in without the browser; drop --open") }
    }

    func run() throws {
        let (login, expiresAt) = try SSOLogins(context: global.context()).signIn(
            SSOLoginRequest(name: session, openBrowser: open, share: share, importToken: importToken, importFile: file))
        let shared = share ? " (shared with the AWS CLI)" : ""
        Output.info("signed in to '\(login.displayName)' until \(expiresAt)\(shared)")
    }
}
