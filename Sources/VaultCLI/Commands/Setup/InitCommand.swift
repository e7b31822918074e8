// `vault init`: creates an empty vault with the chosen backend.
import ArgumentParser
import VaultKit

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty vault and choose how its key is protected.",
        discussion: """
            The passphrase protector wraps the vault key under a passphrase (Argon2id). The \
            secret-service protector keeps it in your desktop keyring (GNOME Keyring, KWallet) \
            instead: no passphrase. --backend file|secret-service is the older name of the same \
            choice. `vault add` creates a passphrase vault by itself when none exists.

            Example:
              vault init --protect secret-service
            """)

    @Option(help: "passphrase (default) or secret-service; tpm2 and recovery need format version 3.")
    var protect: ProtectorKind?

    @Option(help: "file or secret-service: the older name of --protect.")
    var backend: VaultBackendArgument?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let protect, let backend, (try? protect.backend()) != backend.value {
            throw ValidationError("--protect \(protect.rawValue) and --backend \(backend.value.rawValue) disagree")
        }
    }

    func run() throws {
        let vault = Vault(context: global.context())
        let chosen = try backend?.value ?? protect?.backend() ?? .file
        try vault.initialize(backend: chosen)
        Output.info("created \(vault.store.path) (backend: \(chosen.rawValue))")
    }
}

struct VaultBackendArgument: ExpressibleByArgument {
    let value: VaultBackend
    static let file = VaultBackendArgument(value: .file)
    init(value: VaultBackend) { self.value = value }
    init?(argument: String) {
        guard let backend = VaultBackend(rawValue: argument) else { return nil }
        value = backend
    }
    static var allValueStrings: [String] { VaultBackend.allCases.map(\.rawValue) }
    var defaultValueDescription: String { value.rawValue }
}

extension ProtectorKind: ExpressibleByArgument {}
