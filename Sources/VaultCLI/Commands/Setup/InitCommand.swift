// `vault init`: creates an empty vault with the chosen backend.
import ArgumentParser
import VaultKit

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty vault and choose how its key is protected.",
        discussion: """
            The file backend protects the vault key with a passphrase (Argon2id). The secret-service \
            backend keeps it in your desktop keyring (GNOME Keyring, KWallet) instead: no passphrase. \
            `vault add` creates a file-backend vault by itself when none exists.

            Example:
              vault init --backend secret-service
            """)

    @Option(help: "file (passphrase) or secret-service (desktop keyring).")
    var backend: VaultBackendArgument = .file

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let vault = Vault(context: global.context())
        try vault.initialize(backend: backend.value)
        Output.info("created \(vault.store.path) (backend: \(backend.value.rawValue))")
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
