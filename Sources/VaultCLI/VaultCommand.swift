import ArgumentParser

/// `vault`: keeps AWS long-term keys sealed and hands out temporary credentials.
struct VaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vault",
        abstract: "Keep AWS long-term keys out of plaintext; work with temporary MFA credentials.",
        version: "0.1.0",
        groupedSubcommands: [
            CommandGroup(name: "Keys", subcommands: [AddCommand.self, ListCommand.self, RemoveCommand.self, RotateCommand.self]),
            CommandGroup(
                name: "Sessions",
                subcommands: [AssumeCommand.self, ExecCommand.self, ClearCommand.self, ConsoleCommand.self, LoginCommand.self]),
            CommandGroup(name: "Admin", subcommands: [DeactivateAdminKeysCommand.self, ActivateAdminKeysCommand.self]),
            CommandGroup(name: "Setup", subcommands: [InitCommand.self, SetupCommand.self, DoctorCommand.self, ConfigCommand.self]),
        ]
    )
}
