import ArgumentParser
import VaultKit

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .long, help: "Never ask a question; fail with a hint instead (for scripts and CI).")
    var noPrompt = false

    /// The real outside world: environment, terminal prompts, the Secret Service.
    func context() -> VaultContext { .real(noPrompt: noPrompt) }
}
