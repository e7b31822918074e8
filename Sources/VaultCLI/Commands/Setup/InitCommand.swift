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

    @Option(help: "passphrase (default), secret-service, tpm2 or recovery.")
    var protect: ProtectorKind?

    @Flag(help: "tpm2: also ask for a PIN at every unlock.")
    var pin = false

    @Option(help: ArgumentHelp("tpm2: bind to these SHA-256 PCRs (e.g. 7).", valueName: "LIST"))
    var pcrs: PCRList?

    @Option(help: "file or secret-service: the older name of --protect.")
    var backend: VaultBackendArgument?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let protect, let backend, protect != backend.protector {
            throw ValidationError("--protect \(protect.rawValue) and --backend \(backend.value.rawValue) disagree")
        }
        if protect != .tpm2, pin || pcrs != nil { throw ValidationError("--pin and --pcrs are for --protect tpm2") }
    }

    func run() throws {
        let vault = Vault(context: global.context())
        let chosen = protect ?? backend?.protector ?? .passphrase
        let recoveryKey = try vault.initialize(
            protect: chosen, tpm: TPMOptions(pin: pin, pcrs: pcrs?.indices ?? []))
        Output.info("created \(vault.store.path) (protector 1: \(chosen.rawValue))")
        if let recoveryKey { RecoveryKeyNotice.show(recoveryKey) }
    }
}

struct VaultBackendArgument: ExpressibleByArgument {
    let value: VaultBackend
    static let file = VaultBackendArgument(value: .file)
    init(value: VaultBackend) { self.value = value }
    /// The protector kind this backend name stands for.
    var protector: ProtectorKind { value == .file ? .passphrase : .secretService }
    init?(argument: String) {
        guard let backend = VaultBackend(rawValue: argument) else { return nil }
        value = backend
    }
    static var allValueStrings: [String] { VaultBackend.allCases.map(\.rawValue) }
    var defaultValueDescription: String { value.rawValue }
}

extension ProtectorKind: ExpressibleByArgument {}
