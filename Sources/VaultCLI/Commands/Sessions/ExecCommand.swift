// `vault exec`: runs a command with a profile's temporary credentials (in its environment or served).
#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import VaultKit
import VaultStore

struct ExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command with a profile's temporary credentials in its environment.",
        discussion: """
            The command replaces vault, so its exit status is the command's. \
            AWS_PROFILE and other credential variables are cleared; AWS_VAULT \
            names the profile.

            With --server the command's environment holds no credentials: vault \
            keeps running and serves them from 127.0.0.1 in the container format \
            every AWS SDK reads (AWS_CONTAINER_CREDENTIALS_FULL_URI and \
            AWS_CONTAINER_AUTHORIZATION_TOKEN), with a new session once less than \
            15 minutes are left (VAULT_SESSION_MIN_REMAINING). vault passes \
            SIGINT, SIGTERM and SIGHUP on and exits with the command's status.

            Examples:
              vault exec mfa -- aws s3 ls
              vault exec mfa -- terraform plan
              vault exec mfa --server -- terraform apply
            """)

    @OptionGroup var session: SessionOptions

    @Flag(help: "Start even inside another vault session (AWS_VAULT set).")
    var force = false

    @Flag(help: "Serve refreshing credentials from 127.0.0.1 instead of putting them in the environment.")
    var server = false

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String] = []

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if command.isEmpty {
            throw ValidationError("give the command to run after --, e.g. vault exec mfa -- aws s3 ls")
        }
    }

    var invocation: SessionInvocation {
        session.invocation(.exec(command: command, server: server, force: force), global: global)
    }

    func run() throws {
        // Without --server vault became the command; with it, vault served the command and exits
        // with its status.
        Glibc.exit(try invocation.run(context: invocation.context))
    }
}
