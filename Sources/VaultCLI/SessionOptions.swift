import ArgumentParser
import VaultKit

/// Options of the commands that get a session (`assume`, `exec`).
struct SessionOptions: ParsableArguments {
    @Argument(
        help: "The profile in ~/.aws/config (for example one with role_arn, mfa_serial and source_profile).",
        completion: .profiles)
    var profile: String

    @Option(
        name: .long, help: "Session length in seconds (900–43200; default: the profile's duration_seconds, else 3600).")
    var duration: Int?

    @Option(name: .long, help: "Region for STS and for the exported AWS_REGION (default: the profile's region).")
    var region: String?

    @Option(
        name: .long,
        help: "The current code from your MFA device (otherwise mfa_process, otherwise asked on the terminal).")
    var mfaCode: String?

    @Flag(name: .long, help: "Ignore the cached session and get a new one.")
    var refresh = false

    func validate() throws {
        if let duration, !(900...43200).contains(duration) {
            throw ValidationError("--duration must be between 900 and 43200 seconds (15 minutes to 12 hours)")
        }
    }

    func request(environment: [String: String]) throws -> SessionRequest {
        try SessionRequest(
            profile: profile, durationSeconds: duration, region: region, mfaCode: mfaCode, refresh: refresh,
            environment: environment)
    }

    /// The call these options and `action` make: the value the fast path builds for its forms.
    func invocation(_ action: SessionInvocation.Action, global: GlobalOptions) -> SessionInvocation {
        SessionInvocation(
            profile: profile, action: action, durationSeconds: duration, region: region, mfaCode: mfaCode,
            refresh: refresh, noPrompt: global.noPrompt)
    }
}
