// `vault login`: a federated sign-in link made from a profile's temporary credentials.
import ArgumentParser
import VaultKit

struct LoginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Print a console sign-in URL for a role profile's temporary credentials.",
        discussion: """
            Gets the role session as vault assume does (from the cache, or STS with your MFA code), \
            exchanges it at AWS's federation endpoint for a sign-in token, and prints the console URL \
            that carries it. Anyone holding the URL is signed in as the role: it is valid for 15 \
            minutes, so open it at once and do not share it. --duration sets the console session's \
            length (at most 1 hour for roles reached by role chaining). Profiles without role_arn \
            cannot be used: AWS accepts only role sessions for console sign-in.

            Examples:
              vault login mfa --open
              vault login mfa --duration 14400 --mfa-code 123456
              vault login mfa --path cloudwatch/home --region eu-west-1 --open
            """)

    @OptionGroup var session: SessionOptions

    @Option(help: "A console page to land on, e.g. s3/home or ec2/home#Instances (default: the console's home).")
    var path: String?

    @Flag(help: "Open the URL with xdg-open instead of printing it (printed if that fails).")
    var open = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        try ConsolePageOptions.validate(path: path, region: session.region)
    }

    func run() throws {
        let context = global.context()
        let link = try ConsoleSignIn(context: context).signInURL(
            try session.request(environment: context.environment),
            page: ConsolePage(path: path, region: session.region))
        if open {
            switch Browser.open(link.url, environment: context.environment) {
            case .opened:
                Output.info("opened the console sign-in (a \(link.consoleSeconds) s console session) in your browser")
                return
            case .missing: Output.info("xdg-open is not installed (or not on PATH): open the URL below yourself")
            case .failed(let why): Output.info("could not open the URL (\(why)): open the URL below yourself")
            }
        }
        Output.print(link.url)
        Output.info(
            "this URL signs anyone in as the role: it is valid for 15 minutes; do not share it (console session: \(link.consoleSeconds) s)"
        )
    }
}
