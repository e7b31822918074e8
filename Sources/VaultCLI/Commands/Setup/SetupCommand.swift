// `vault setup`: create the MFA role, the user's least-privilege policy and the profile.
import ArgumentParser
import VaultKit

struct SetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Create the article's setup: a role that needs MFA, a least-privilege user policy, the profile.",
        discussion: """
            Signs with the source profile's keys from the vault (that user needs IAM rights for this \
            step — remove them afterwards, vault doctor reminds you). Creates the role with a trust \
            policy that allows the user only with MFA, attaches PowerUserAccess (or --policy-arn), \
            sets MaxSessionDuration, puts AllowAssumeRolePolicy on the user, and writes the profile \
            to ~/.aws/config keeping every other line. Running it again changes nothing.

            Examples:
              vault setup --role-name PowerUserRole --profile mfa \\
                  --mfa-serial arn:aws:iam::123456789012:mfa/me --dry-run
              vault setup --role-name PowerUserRole --profile mfa \\
                  --mfa-serial arn:aws:iam::123456789012:mfa/me
              vault setup --role-name PowerUserRole --profile mfa --create-mfa
            """)

    @Option(help: "The role to create (for example PowerUserRole).")
    var roleName: String

    @Option(help: "Your MFA device's ARN (arn:aws:iam::ACCOUNT:mfa/NAME).")
    var mfaSerial: String?

    @Flag(help: "First create and link a virtual MFA device for the source user (as vault create-mfa-device does).")
    var createMfa = false

    @Flag(help: "With --create-mfa: print the device's Base32 seed instead of its QR code.")
    var showSecret = false

    @Option(help: "The profile to write to ~/.aws/config.")
    var profile: String

    @Option(help: "The profile whose vault keys sign the setup and who may assume the role.", completion: .profiles)
    var sourceProfile = "default"

    @Option(
        help: "A profile whose vault keys sign the IAM calls instead (an admin), e.g. --using admin.",
        completion: .profiles)
    var using: String?

    @Option(help: "Managed policies for the role (default: PowerUserAccess).")
    var policyArn: [String] = []

    @Option(help: "The role's maximum session, 1h..12h (or seconds).")
    var maxSessionDuration = "1h"

    @Option(help: "Principals the role trusts instead of the source user (repeatable).")
    var trust: [String] = []

    @Option(help: "The profile's region.")
    var region: String?

    @Flag(help: "Show the policies and what would change; change nothing.")
    var dryRun = false

    @Flag(help: "Bring an existing, different role in line with these settings.")
    var update = false

    @Flag(help: "Afterwards, assume the role once with MFA to prove it works (waits while IAM propagates a new role).")
    var verify = false

    @Option(help: "The MFA code for --verify (otherwise asked on the terminal).")
    var mfaCode: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard let seconds = Self.seconds(maxSessionDuration), (3600...43200).contains(seconds) else {
            throw ValidationError("--max-session-duration must be 1h..12h (AWS's limits), e.g. 4h or 14400")
        }
        guard (mfaSerial == nil) == createMfa else {
            throw ValidationError("give --mfa-serial (an existing device) or --create-mfa (a new one), one of them")
        }
        if let mfaSerial, !(mfaSerial.hasPrefix("arn:") && mfaSerial.contains(":mfa/")) {
            throw ValidationError("--mfa-serial must be an MFA device ARN, arn:aws:iam::ACCOUNT:mfa/NAME")
        }
        if showSecret && !createMfa { throw ValidationError("--show-secret goes with --create-mfa") }
        if createMfa && dryRun { throw ValidationError("--dry-run changes nothing, so it cannot --create-mfa") }
    }

    static func seconds(_ text: String) -> Int? { DurationText.seconds(text) }

    func run() throws {
        let context = global.context()
        var serial = mfaSerial ?? ""
        if createMfa {
            serial = try MFADeviceEnrolment(context: context).run(
                MFADeviceRequest(profile: sourceProfile, usingProfile: using, showSecret: showSecret))
            Output.info("linked MFA device \(serial)")
        }
        var request = SetupRequest(
            roleName: roleName, mfaSerial: serial, profile: profile, sourceProfile: sourceProfile,
            usingProfile: using,
            policyARNs: policyArn,
            maxSessionDuration: Self.seconds(maxSessionDuration) ?? 3600, trust: trust, region: region, dryRun: dryRun,
            update: update)
        request.verify = verify || mfaCode != nil
        request.verifyWithMFACode = mfaCode
        let report = try RoleSetup(context: context).run(request)
        if dryRun {
            for (title, text) in report.documents { Output.print("# \(title)\n\(text)") }
        }
        for note in report.notes { Output.info("note: \(note)") }
        if report.changes.isEmpty {
            Output.print("\(report.roleARN): already set up; nothing changed")
        } else {
            Output.print((dryRun ? "would:" : "done:") + report.changes.map { "\n  - \($0)" }.joined())
            if !dryRun { Output.info("next: vault assume \(profile)") }
        }
    }
}
