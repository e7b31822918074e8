// `vault exec ADMIN --deactivate-after -- CMD`: the admin keys active only while CMD runs.
import AWSClient

/// The seed's admin habit in one command: activate the admin keys if they are inactive, run the
/// command with the admin's credentials (served from 127.0.0.1, as `exec --server` does, so no
/// secret sits in its environment), and deactivate the keys when it ends, however it ends.
public struct DeactivateAfter {
    let context: VaultContext
    let configuration: ServiceConfiguration

    public init(context: VaultContext, configuration: ServiceConfiguration = ServiceConfiguration()) {
        self.context = context
        self.configuration = configuration
    }

    /// Runs `command` and returns its exit status (128+N when signal N ended it). SIGINT, SIGTERM
    /// and SIGHUP go on to the command and vault waits for it; then the keys are deactivated.
    /// A record in the state folder covers a vault killed with SIGKILL meanwhile.
    public func run(_ command: [String], request: SessionRequest, using other: String?) throws(VaultError) -> Int32 {
        let profile = request.profile
        let keys = AdminKeys(context: context, configuration: configuration)
        let vault = Vault(context: context)
        let state = try vault.currentEntry(profile, in: try vault.load()).metadata(AdminKeys.stateKey)
        let pending = PendingDeactivation(environment: context.environment, now: context.now)
        try pending.record(profile)
        var status: Int32 = 1
        var failure: VaultError? = nil
        do throws(VaultError) {
            if state == "inactive" || state == "deactivating" {
                guard let other else { throw .shell(.inactiveNeedsUsing(profile: profile)) }
                _ = try keys.activate(profile: profile, using: other)
                context.notice("activated the admin keys of '\(profile)' for the command")
            }
            let broker = SessionBroker(context: context, configuration: configuration)
            let session = try broker.session(request)
            status = try CredentialServer.run(
                command, session: session, request: request, broker: broker, environment: context.environment)
        } catch { failure = error }
        // However the command or the steps before it ended, the keys go inactive again.
        let report = try keys.deactivate(profile: profile, dryRun: false)
        context.notice(AdminReportFormatter.text(report, dryRun: false))
        if let failure { throw failure }
        return status
    }
}
