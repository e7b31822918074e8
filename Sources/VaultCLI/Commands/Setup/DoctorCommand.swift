// `vault doctor`: check the setup and print each finding with its fix.
import ArgumentParser
import VaultKit

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the setup: plaintext keys, the vault, MFA on the role, least privilege, clock.",
        discussion: """
            Each finding is ok, warning, problem or not checked, with the fix. Exits 1 when there is a \
            problem.

            Examples:
              vault doctor
              vault doctor --profile mfa --json
              vault doctor --profile mfa --using admin
            """)

    @Option(help: "Also check this profile's chain, role and user.", completion: .profiles)
    var profile: String?

    @Option(help: "Read IAM with this profile's keys (an admin's) for the role and user checks.", completion: .profiles)
    var using: String?

    @Flag(help: "Print JSON for scripts.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let findings = Doctor(context: global.context()).run(profile: profile, using: using)
        Output.print(json ? DoctorFormatter.json(findings) : DoctorFormatter.text(findings))
        if findings.contains(where: { $0.level == .problem }) { throw ExitCode(1) }
    }
}
