// `vault clear`: forgets cached sessions (all, or one profile's).
import ArgumentParser
import VaultKit

struct ClearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear",
        abstract: "Forget cached sessions (all, or one profile's).",
        discussion: """
            The next `vault assume` gets a new session from STS (and asks for an MFA code).

            Examples:
              vault clear
              vault clear mfa
            """)

    @Argument(help: "Only this profile's sessions.", completion: .profiles)
    var profile: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        Output.info(try SessionCache.clear(profile: profile, context: global.context()))
    }
}
