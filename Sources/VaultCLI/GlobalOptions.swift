import ArgumentParser
import VaultKit
import VaultStore

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .long, help: "Never ask a question; fail with a hint instead (for scripts and CI).")
    var noPrompt = false

    @Option(help: ArgumentHelp("Unlock with this protector only (vault protect list).", valueName: "ID"))
    var protector: Int?

    /// The real outside world: environment, terminal prompts, the Secret Service. `--protector`
    /// reaches VaultKit as `VAULT_PROTECTOR` (not a secret).
    func context() -> VaultContext {
        var environment = currentEnvironment()
        if let protector { environment["VAULT_PROTECTOR"] = String(protector) }
        return VaultContext(
            environment: environment, prompter: TerminalPrompter(allowed: !noPrompt), keyring: SystemKeyring())
    }
}
