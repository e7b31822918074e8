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
            "Session length in seconds (900–43200 for a role, up to 129600 without one; default: the profile's duration_seconds, else 3600)."
    )
    var duration: Int?

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
        if let duration, !(900...129_600).contains(duration) {
            throw ValidationError(
                "--duration must be between 900 and 129600 seconds (a role allows at most 43200, GetSessionToken 129600)"
            )
        }
    }

    func request(environment: [String: String]) throws -> SessionRequest {
        SessionRequest(
            profile: profile, durationSeconds: duration, region: region, mfaCode: mfaCode, refresh: refresh,
            minimumRemaining: try SessionRequest.minimumRemaining(environment: environment),
            mfaSession: noMfaSession ? false : nil)
    }
}
