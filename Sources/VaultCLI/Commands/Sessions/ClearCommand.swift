// `vault clear`: forgets cached sessions (all, or one profile's).
import ArgumentParser
import VaultKit
import VaultStore

struct ClearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear",
        abstract: "Forget cached sessions (all, or one profile's).",
        discussion: """
            The next `vault assume` gets a new session from STS (and asks for an MFA code). The MFA \
            session goes too: all of them, or the one PROFILE's roles are signed with.

            Examples:
              vault clear
              vault clear mfa
            """)

    @Argument(help: "Only this profile's sessions.", completion: .profiles)
    var profile: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = global.context()
        let cache = SessionCache(
            directory: SessionCache.defaultDirectory(environment: context.environment), keyStore: .none, vaultID: [])
        let removed = cache.clear(profile: profile)
        let mfa = SessionBroker(context: context).clearMFASessions(for: profile)
        Output.info(
            "removed \(removed) cached session\(removed == 1 ? "" : "s")\(profile.map { " of '\($0)'" } ?? "")"
                + (mfa > 0 ? " and \(mfa) MFA session\(mfa == 1 ? "" : "s")" : ""))
    }
}
