import ArgumentParser
import VaultKit

/// Options of the commands that get a session (`assume`, `exec`).
struct SessionOptions: ParsableArguments {
    @Argument(
        help: "The profile in ~/.aws/config (for example one with role_arn, mfa_serial and source_profile).",
        completion: .profiles)
    var profile: String

    @Option(
        name: .long,
        help:
            "Session length: seconds, or like 30m, 4h, 1h30m (15m–12h for a role, up to 36h without one; default: the profile's duration_seconds, else 1h)."
    )
    var duration: String?

    @Option(name: .long, help: "Region for STS and for the exported AWS_REGION (default: the profile's region).")
    var region: String?

    @Option(
        name: .long,
        help: "The current code from your MFA device (otherwise mfa_process, otherwise asked on the terminal).")
    var mfaCode: String?

    @Flag(name: .long, help: "Ignore the cached session (and MFA session) and get a new one.")
    var refresh = false

    @Flag(
        name: .long,
        help: "Send the MFA code with this role's AssumeRole instead of signing it with the MFA session.")
    var noMfaSession = false

    func validate() throws {
        if let duration, !(900...129_600).contains(DurationText.seconds(duration) ?? 0) {
            throw ValidationError(
                "--duration must be 15m..36h (a role allows at most 12h, GetSessionToken 36h), as seconds (900–129600) or like 30m, 4h, 1h30m"
            )
        }
    }

    func request(environment: [String: String]) throws -> SessionRequest {
        try SessionRequest(
            profile: profile, durationSeconds: duration.flatMap(DurationText.seconds), region: region, mfaCode: mfaCode,
            refresh: refresh,
            environment: environment, mfaSession: noMfaSession ? false : nil)
    }

    /// The call these options and `action` make: the value the fast path builds for its forms.
    func invocation(_ action: SessionInvocation.Action, global: GlobalOptions) -> SessionInvocation {
        SessionInvocation(
            profile: profile, action: action, durationSeconds: duration.flatMap(DurationText.seconds), region: region,
            mfaCode: mfaCode,
            refresh: refresh, noPrompt: global.noPrompt, protector: global.protector,
            mfaSession: noMfaSession ? false : nil)
    }
}
