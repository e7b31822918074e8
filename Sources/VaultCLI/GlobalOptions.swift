// Options every command shares, and the outside world they choose (environment, prompter, keyring).
import ArgumentParser
import VaultKit
import VaultStore

/// Options every command that may unlock the vault shares.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .long, help: "Never ask a question; fail with a hint instead (for scripts and CI).")
    var noPrompt = false

    @Option(help: ArgumentHelp("Unlock with this protector only (vault protect list).", valueName: "ID"))
    var protector: Int?

    /// An invalid `VAULT_PROMPT` or `VAULT_PROMPT_TIMEOUT` is a usage error before anything runs.
    func validate() throws { try PromptOptions.validatePromptSettings() }

    /// The real outside world: environment, prompts (terminal, or the `VAULT_PROMPT` dialog), the
    /// Secret Service. `--protector` reaches VaultKit as `VAULT_PROTECTOR` (not a secret).
    func context() -> VaultContext { .real(noPrompt: noPrompt, protector: protector) }
}

/// The options of the commands that never open the vault (IAM Identity Center's), where choosing
/// a protector would mean nothing.
struct PromptOptions: ParsableArguments {
    @Flag(name: .long, help: "Never ask a question; fail with a hint instead (for scripts and CI).")
    var noPrompt = false

    func validate() throws { try Self.validatePromptSettings() }

    /// The real outside world, as `GlobalOptions.context()` without a protector.
    func context() -> VaultContext { .real(noPrompt: noPrompt) }

    /// An invalid `VAULT_PROMPT` or `VAULT_PROMPT_TIMEOUT` is a usage error before anything runs.
    static func validatePromptSettings() throws {
        do { _ = try Prompters.choose(environment: currentEnvironment(), allowed: false) } catch {
            throw ValidationError("\(error.problem); \(error.hint)")
        }
    }
}
