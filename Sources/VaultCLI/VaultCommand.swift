import ArgumentParser

/// `vault`: keeps AWS long-term keys sealed and hands out temporary credentials.
struct VaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vault",
        abstract: "Keep AWS long-term keys out of plaintext; work with temporary MFA credentials.",
        discussion: """
            Exit status: 0 success, 1 failure (the message says what is wrong and what to do), 2 usage \
            error; vault exec exits with the command's own status.

            Examples:
              vault add default
              eval "$(vault assume mfa)"
              vault exec mfa -- aws s3 ls
              vault status
            """,
        version: "0.1.0",
        groupedSubcommands: [
            CommandGroup(
                name: "Keys",
                subcommands: [
                    AddCommand.self, ListCommand.self, RemoveCommand.self, RotateCommand.self, AcceptFileCommand.self,
                ]),
            CommandGroup(
                name: "Unlock",
                subcommands: [UnlockCommand.self, LockCommand.self, ProtectCommand.self, PasswdCommand.self]
            ),
            CommandGroup(
                name: "Sessions",
                subcommands: [AssumeCommand.self, ExecCommand.self, ClearCommand.self, StatusCommand.self]),
            CommandGroup(name: "Admin", subcommands: [DeactivateAdminKeysCommand.self, ActivateAdminKeysCommand.self]),
            CommandGroup(
                name: "Setup",
                subcommands: [
                    InitCommand.self, SetupCommand.self, CreateMFADeviceCommand.self, DoctorCommand.self,
                    ConfigCommand.self,
                ]),
            CommandGroup(name: "Console", subcommands: [ConsoleCommand.self, LoginCommand.self]),
            CommandGroup(name: "IAM Identity Center", subcommands: [SSOCommand.self]),
        ]
    )
}
