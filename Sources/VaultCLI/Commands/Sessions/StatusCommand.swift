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
            """)

    @Flag(help: "Print JSON for scripts.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let status = try StatusReport(context: global.context()).gather()
        Output.print(json ? StatusFormatter.json(status) : StatusFormatter.text(status))
        if let problem = status.problem { throw problem }
    }
}
