// `vault status`: the vault, the cache and each session's time left, without unlocking.
import ArgumentParser
import VaultKit

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the vault's lock, cached sessions with their time left, admin keys' state.",
        discussion: """
            Never unlocks the vault and never asks anything: the time left on each cached session \
            is read with the session cache's key, which needs no passphrase. Admin keys show the \
            state deactivate-admin-keys / activate-admin-keys last recorded (AWS is not asked).

            Examples:
              vault status
              vault status --json | jq '.sessions[] | select(.state == "valid") | .profile'
              PS1='$(vault status --prompt) \\$ '   # bash; prints "mfa 42m", or nothing
            """)

    @Flag(help: "Print JSON for scripts.")
    var json = false

    @Flag(
        help:
            "Print only a short segment for a shell prompt: the profile and minutes left of the current session (AWS_VAULT, else AWS_PROFILE's cached session), nothing when there is none."
    )
    var prompt = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if prompt && json { throw ValidationError("--prompt and --json do not go together") }
    }

    func run() throws {
        if prompt {
            if let segment = PromptSegment(context: global.context()).text() { Output.print(segment) }
            return
        }
        let status = try StatusReport(context: global.context()).gather()
        Output.print(json ? StatusFormatter.json(status) : StatusFormatter.text(status))
        if let problem = status.problem { throw problem }
    }
}
