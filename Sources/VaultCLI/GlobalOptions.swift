// Options every command shares, and the outside world they choose (environment, prompter, keyring).
import ArgumentParser
import VaultKit
import VaultStore

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .long, help: "Never ask a question; fail with a hint instead (for scripts and CI).")
    var noPrompt = false

    @Option(help: ArgumentHelp("Unlock with this protector only (vault protect list).", valueName: "ID"))
    var protector: Int?

    /// An invalid `VAULT_PROMPT` or `VAULT_PROMPT_TIMEOUT` is a usage error before anything runs.
    func validate() throws {
        do { _ = try Prompters.choose(environment: currentEnvironment(), allowed: false) } catch {
            throw ValidationError("\(error.problem); \(error.hint)")
        }
    }

    /// The real outside world: environment, prompts (terminal, or the `VAULT_PROMPT` dialog), the
    /// Secret Service. `--protector` reaches VaultKit as `VAULT_PROTECTOR` (not a secret).
    func context() -> VaultContext { .real(noPrompt: noPrompt, protector: protector) }
}
