// `vault create-mfa-device`: a virtual MFA device for an IAM user, linked with two codes.
import ArgumentParser
import VaultKit

struct CreateMFADeviceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-mfa-device",
        abstract: "Create a virtual MFA device, show it as a QR code, link it with two codes.",
        discussion: """
            Creates a virtual MFA device (IAM CreateVirtualMFADevice) for the IAM user of PROFILE's \
            vault key (or --user), prints its QR code for your authenticator app (or, with \
            --show-secret, the Base32 seed to type in on a machine without a screen), asks for two \
            consecutive codes (on the terminal, or one per line on stdin when it is not a terminal), \
            links the device (EnableMFADevice) and writes mfa_serial into the profile in \
            ~/.aws/config, keeping every other line. If the codes are wrong or too old, the new \
            device is deleted again. The QR code and the seed are secrets: whoever sees them can \
            make your codes.

            Examples:
              vault create-mfa-device
              vault create-mfa-device --config-profile mfa
              vault create-mfa-device --user alice --using admin --show-secret
            """)

    @Option(help: "The vault profile whose IAM user gets the device.", completion: .profiles)
    var profile = "default"

    @Option(help: "The IAM user to give the device (default: PROFILE's user).")
    var user: String?

    @Option(help: "A profile whose vault keys sign the IAM calls instead (an admin).", completion: .profiles)
    var using: String?

    @Option(help: "The device's name (default: the user's name).")
    var deviceName: String?

    @Option(help: "The ~/.aws/config profile that gets mfa_serial (default: PROFILE).")
    var configProfile: String?

    @Flag(help: "Print the Base32 seed instead of the QR code (a secret: for a headless machine).")
    var showSecret = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        for (option, value) in [("--user", user), ("--device-name", deviceName)] {
            if let value,
                value.isEmpty || value.utf8.count > 64
                    || !value.unicodeScalars.allSatisfy({
                        $0.isASCII
                            && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
                                || "+=,.@_-".unicodeScalars.contains($0))
                    })
            {
                throw ValidationError(
                    "\(option) must be an IAM name (letters, digits and +=,.@_-, at most 64), not '\(value)'")
            }
        }
    }

    func run() throws {
        let serial = try MFADeviceEnrolment(context: global.context()).run(
            MFADeviceRequest(
                profile: profile, user: user, usingProfile: using, deviceName: deviceName, showSecret: showSecret,
                configProfile: configProfile ?? profile))
        Output.info("linked \(serial); mfa_serial written to [\(configProfile ?? profile)] in ~/.aws/config")
    }
}
