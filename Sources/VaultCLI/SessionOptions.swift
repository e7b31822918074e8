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
            "Session length: seconds, or like 30m, 4h, 1h30m (15m–12h; default: the profile's duration_seconds, else 1h)."
    )
    var duration: String?

    @Option(name: .long, help: "Region for STS and for the exported AWS_REGION (default: the profile's region).")
    var region: String?

    @Option(
        name: .long,
        help: "The current code from your MFA device (otherwise mfa_process, otherwise asked on the terminal).")
    var mfaCode: String?

    @Flag(name: .long, help: "Ignore the cached session and get a new one.")
    var refresh = false

    func validate() throws {
        if let duration, !(900...43200).contains(DurationText.seconds(duration) ?? 0) {
            throw ValidationError("--duration must be 15m..12h, as seconds (900–43200) or like 30m, 4h, 1h30m")
        }
    }

    func request(environment: [String: String]) throws -> SessionRequest {
        SessionRequest(
            profile: profile, durationSeconds: duration.flatMap(DurationText.seconds), region: region, mfaCode: mfaCode,
            refresh: refresh,
            minimumRemaining: try SessionRequest.minimumRemaining(environment: environment))
    }
}
