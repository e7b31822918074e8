// `vault assume`: prints a profile's temporary credentials (shell exports, credential_process JSON, ini).
import ArgumentParser
import VaultKit

struct AssumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assume",
        abstract: "Print temporary credentials for a profile (shell exports, credential_process JSON, ini).",
        discussion: """
            Served from the encrypted session cache while more than 15 minutes remain; otherwise the \
            long-term key is decrypted just to sign one STS AssumeRole (or GetSessionToken) call, \
            with the MFA code asked on the terminal.

            Examples:
              eval "$(vault assume mfa)"
              vault assume mfa --format fish | source
              vault assume mfa --format ini > session.ini   # AWS_SHARED_CREDENTIALS_FILE=session.ini
              vault assume mfa --format json --mfa-code 123456
              # ~/.aws/config, for the AWS CLI and every SDK:
              [profile work]
              credential_process = vault assume mfa --format json
            """)

    @OptionGroup var session: SessionOptions

    @Option(
        help:
            "env: POSIX shell export lines (default); fish: fish set -gx lines; json: the credential_process format; ini: a credentials-file section."
    )
    var format: CredentialFormatArgument = .init(value: .env)

    @OptionGroup var global: GlobalOptions

    var invocation: SessionInvocation { session.invocation(.assume(format: format.value), global: global) }

    func run() throws {
        _ = try invocation.run(context: invocation.context)
    }
}

struct CredentialFormatArgument: ExpressibleByArgument {
    let value: CredentialFormat
    init(value: CredentialFormat) { self.value = value }
    init?(argument: String) {
        guard let format = CredentialFormat(rawValue: argument) else { return nil }
        value = format
    }
    static var allValueStrings: [String] { CredentialFormat.allCases.map(\.rawValue) }
    var defaultValueDescription: String { value.rawValue }
}
