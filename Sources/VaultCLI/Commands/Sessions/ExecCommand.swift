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
            Without a command, vault starts your $SHELL (else /bin/sh) in the \
            session: exit it to leave the session. \
            AWS_PROFILE and other credential variables are cleared; AWS_VAULT \
            names the profile.

            With --server the command's environment holds no credentials: vault \
            keeps running and serves them from 127.0.0.1 in the container format \
            every AWS SDK reads (AWS_CONTAINER_CREDENTIALS_FULL_URI and \
            AWS_CONTAINER_AUTHORIZATION_TOKEN), with a new session once less than \
            15 minutes are left (VAULT_SESSION_MIN_REMAINING). vault passes \
            SIGINT, SIGTERM and SIGHUP on and exits with the command's status.

            With --deactivate-after PROFILE is an admin profile: its keys are \
            activated first if deactivate-admin-keys left them inactive (--using \
            names who activates them), the command runs with the admin's \
            credentials served as with --server, and the keys are deactivated \
            when it ends, however it ends. If vault itself is killed meanwhile, \
            the next vault command says so and deactivate-admin-keys finishes.

            Examples:
              vault exec mfa
              vault exec mfa -- aws s3 ls
              vault exec mfa -- terraform plan
              vault exec mfa --server -- terraform apply
              vault exec admin --deactivate-after --using breakglass -- aws iam list-users
            """)

    @OptionGroup var session: SessionOptions

    @Flag(help: "Start even inside another vault session (AWS_VAULT set).")
    var force = false

    @Flag(help: "Serve refreshing credentials from 127.0.0.1 instead of putting them in the environment.")
    var server = false

    @Flag(
        help:
            "PROFILE is an admin profile: activate its keys if inactive (with --using), run the command, deactivate them when it ends."
    )
    var deactivateAfter = false

    @Option(
        help: "With --deactivate-after: the profile whose credentials activate inactive admin keys.",
        completion: .profiles)
    var using: String?

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after -- (default: $SHELL).")
    var command: [String] = []

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if deactivateAfter && (command.isEmpty || server) {
            throw ValidationError("--deactivate-after needs the command after -- (and no --server: it serves already)")
        }
        if using != nil && !deactivateAfter { throw ValidationError("--using goes with --deactivate-after") }
        if command.isEmpty && server {
            throw ValidationError(
                "--server needs the command to run after --, e.g. vault exec mfa --server -- aws s3 ls")
        }
    }

    var invocation: SessionInvocation {
        session.invocation(.exec(command: command, server: server, force: force), global: global)
    }

    func run() throws {
        if deactivateAfter {
            // An admin profile: activated if need be, the command served, deactivated when it ends.
            let context = invocation.context
            try Exec.checkNotNested(environment: context.environment, force: force)
            let request = try invocation.request(environment: context.environment)
            Glibc.exit(try DeactivateAfter(context: context).run(command, request: request, using: using))
        }
        // Without --server vault became the command (or the subshell); with it, vault served the
        // command and exits with its status.
        Glibc.exit(try invocation.run(context: invocation.context))
    }
}
