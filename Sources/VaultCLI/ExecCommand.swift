import ArgumentParser
import VaultKit
import VaultStore

struct ExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command with a profile's temporary credentials in its environment.",
        discussion: """
            The command replaces vault, so its exit status is the command's. AWS_PROFILE and other
            credential variables are cleared; AWS_VAULT names the profile.

            Examples:
              vault exec mfa -- aws s3 ls
              vault exec mfa -- terraform plan
            """)

    @OptionGroup var session: SessionOptions

    @Flag(help: "Start even inside another vault session (AWS_VAULT set).")
    var force = false

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String] = []

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if command.isEmpty { throw ValidationError("give the command to run after --, e.g. vault exec mfa -- aws s3 ls") }
    }

    func run() throws {
        let context = global.context()
        try Exec.checkNotNested(environment: context.environment, force: force)
        let result = try SessionBroker(context: context).session(try session.request(environment: context.environment))
        try Exec.run(command, session: result, profile: session.profile, environment: context.environment)
    }
}
