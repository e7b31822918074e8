// `vault protect add KIND`: one more protector that can unlock the vault on its own.
import ArgumentParser
import VaultKit

struct ProtectAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a protector: passphrase, secret-service, tpm2 or recovery.",
        discussion: """
            Unlocks the vault (asking you: an unlock window is not enough), then rewrites its \
            header with the new protector in one atomic write; the stored keys are never \
            decrypted. A new passphrase comes from VAULT_NEW_PASSPHRASE or is asked twice; a TPM \
            PIN from VAULT_TPM_PIN or asked twice. A recovery key is shown once: write it down.

            Examples:
              vault protect add recovery
              vault protect add tpm2 --pin --pcrs 7
            """)

    @Argument(help: "passphrase, secret-service, tpm2 or recovery.")
    var kind: ProtectorKind

    @Flag(help: "tpm2: also ask for a PIN at every unlock (the TPM limits guesses).")
    var pin = false

    @Option(help: ArgumentHelp("tpm2: bind to these SHA-256 PCRs' current values (e.g. 7).", valueName: "LIST"))
    var pcrs: PCRList?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if kind != .tpm2, pin || pcrs != nil { throw ValidationError("--pin and --pcrs are for tpm2 only") }
    }

    func run() throws {
        let added = try Vault(context: global.context())
            .addProtector(kind, tpm: TPMOptions(pin: pin, pcrs: pcrs?.indices ?? []))
        Output.info("added protector \(added.id) (\(kind.rawValue))")
        if let key = added.recoveryKey { RecoveryKeyNotice.show(key) }
    }
}

/// `--pcrs 7` or `--pcrs 0,2,7`: distinct PCR indices below 24, kept ascending.
struct PCRList: ExpressibleByArgument, Equatable {
    let indices: [UInt8]

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map { UInt8($0) }
        guard !parts.isEmpty, parts.allSatisfy({ $0.map { $0 < 24 } ?? false }) else { return nil }
        let sorted = Array(Set(parts.compactMap { $0 })).sorted()
        guard sorted.count == parts.count else { return nil }
        indices = sorted
    }
}

/// Prints a new recovery key once, to stdout, with what to do with it.
enum RecoveryKeyNotice {
    static func show(_ key: String) {
        Output.info("recovery key (shown once; write it down and keep it away from this machine):")
        Output.print(key)
    }
}
