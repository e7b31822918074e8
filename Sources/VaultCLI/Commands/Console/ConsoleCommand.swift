// `vault console`: the article's Switch Role link for the AWS console.
import ArgumentParser
import VaultKit

struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Print the web console's Switch Role link for a role profile.",
        discussion: """
            The link fills in the console's Switch Role page (account, role with its path, display \
            name, colour) for the role_arn of PROFILE. Sign in to the console as your IAM user (with \
            MFA) first; the console then assumes the role with that user. Reads ~/.aws/config only: \
            no unlock, no network. For a session without the user's console password, see vault login.

            Examples:
              vault console mfa
              vault console mfa --display-name "Power user" --color F2B0A9 --open
              vault console mfa --path s3/home --region eu-west-1
            """)

    @Argument(help: "A profile with role_arn in ~/.aws/config.", completion: .profiles)
    var profile: String

    @Option(help: "The name the console shows for the role (default: the profile's name).")
    var displayName: String?

    @Option(help: "The colour the console shows for the role: 6 hex digits, e.g. F2B0A9.")
    var color: String?

    @Option(help: "A console page to land on after the switch, e.g. s3/home or ec2/home#Instances.")
    var path: String?

    @Option(help: "The region the console shows (default: the console's choice).")
    var region: String?

    @Flag(help: "Also open the link with xdg-open.")
    var open = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let color, SwitchRole.normalizedColor(color) == nil {
            throw ValidationError("--color must be 6 hex digits (like F2B0A9), not '\(color)'")
        }
        if let displayName, displayName.isEmpty { throw ValidationError("--display-name must not be empty") }
        try ConsolePageOptions.validate(path: path, region: region)
    }

    func run() throws {
        let context = global.context()
        let link = try SwitchRole.link(
            profile: profile, displayName: displayName, color: color.flatMap(SwitchRole.normalizedColor),
            page: path == nil && region == nil ? nil : ConsolePage(path: path, region: region), context: context)
        for note in link.notes { Output.info(note) }
        Output.print(link.url)
        if open {
            switch Browser.open(link.url, environment: context.environment) {
            case .opened: break
            case .missing: Output.info("xdg-open is not installed (or not on PATH): open the link above yourself")
            case .failed(let why): Output.info("could not open the link (\(why)): open the link above yourself")
            }
        }
    }
}
