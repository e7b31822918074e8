// Unlocking a version-3 vault through its protector list, in the order of FORMAT.md §10.3.
import VaultCrypto
import VaultFormat

extension Vault {
    /// The protector `--protector ID` chose (the CLI passes it as `VAULT_PROTECTOR`), if any.
    func chosenProtector() -> Int? {
        guard let text = context.environment["VAULT_PROTECTOR"], !text.isEmpty else { return nil }
        return Int(text) ?? 0
    }

    /// This vault, unlocking with `protector` only (when not nil).
    func choosing(_ protector: Int?) -> Vault {
        guard let protector else { return self }
        var chosen = context
        chosen.environment["VAULT_PROTECTOR"] = String(protector)
        return Vault(context: chosen)
    }

    /// The key pair from the first protector that opens: those needing no typing first (tpm2
    /// without a PIN, then secret-service), then one that is typed (a secret in the environment
    /// picks its kind; otherwise passphrase, tpm2 with PIN, recovery key, in that order).
    func openProtected(_ header: VaultHeader, _ list: ProtectorList, record: MachineRecord?) throws(VaultError)
        -> BoxKeyPair
    {
        var candidates = list.protectors
        if let only = chosenProtector() {
            candidates = candidates.filter { Int($0.id) == only }
            guard !candidates.isEmpty else { throw .protectors(.unknownProtector(only)) }
        }
        var untypedFailure: VaultError?
        for protector in candidates where !Self.needsTyping(protector) {
            do { return try open(protector, header, record: record) } catch {
                let others = candidates.contains { $0.id != protector.id }
                if !others { throw error }
                context.notice("protector \(protector.id) did not unlock the vault: \(error.problem)")
                untypedFailure = error
            }
        }
        let typed = candidates.filter(Self.needsTyping)
        let environment: [(String, UInt8)] = [("VAULT_PASSPHRASE", 1), ("VAULT_TPM_PIN", 3), ("VAULT_RECOVERY_KEY", 4)]
        for (variable, code) in environment where context.environment[variable] != nil {
            if let protector = typed.first(where: { $0.kind.code == code }) {
                return try open(protector, header, record: record)
            }
        }
        guard let protector = [1, 3, 4].lazy.compactMap({ code in typed.first { $0.kind.code == code } }).first else {
            throw untypedFailure ?? .protectors(.nothingToUnlockWith)
        }
        guard context.prompter.canPrompt else {
            throw protector.kind.code == 1 ? .noPassphrase : .protectors(.nothingToUnlockWith)
        }
        return try open(protector, header, record: record)
    }

    /// Whether `protector` needs a secret from the person (a passphrase, PIN or recovery key).
    static func needsTyping(_ protector: KeyProtector) -> Bool {
        switch protector.kind {
        case .passphrase, .recovery: return true
        case .secretService: return false
        case .tpm2(let needsPIN, _, _, _, _): return needsPIN
        }
    }

    /// Opens one protector, asking for (or reading from the environment) what it needs.
    private func open(_ protector: KeyProtector, _ header: VaultHeader, record: MachineRecord?) throws(VaultError)
        -> BoxKeyPair
    {
        let vault = ProtectedVault(header)
        switch protector.kind {
        case .secretService:
            let secret = try context.keyring.lookup(attributes: keyringAttributes(header))
            do { return try VaultCryptography.unlock(header, secretKey: secret) } catch {
                throw .from(FormatError.publicKeyMismatch, path: store.path)
            }
        case .passphrase(let kdf, _, _):
            let passphrase = try typedSecret("VAULT_PASSPHRASE", prompt: "Vault passphrase: ")
            context.progress("unlocking the vault (Argon2id)…")
            let key: SecureBytes
            do { key = try VaultCryptography.passphraseWrappingKey(passphrase, kdf) } catch {
                throw .protectors(.cannotDeriveKey(reason: "\(error)", mebibytes: kdf.memLimit >> 20))
            }
            do { return try VaultCryptography.unwrap(protector, wrappingKey: key, vault: vault) } catch {
                if error == .wrongKey, let record, record.headerDigest != header.digest {
                    throw .headerChangedWrongKey(store.path, record: record)
                }
                throw .from(error, path: store.path)
            }
        case .recovery(let salt, _, _):
            let text = try typedSecret("VAULT_RECOVERY_KEY", prompt: "Recovery key: ")
            let recoveryKey: SecureBytes
            do { recoveryKey = try RecoveryKey.read(text) } catch {
                let variable = context.environment["VAULT_RECOVERY_KEY"] != nil
                if case .mistyped(let group) = error {
                    throw .protectors(.recoveryKeyUnreadable(group: group, variable: variable))
                }
                throw .protectors(.recoveryKeyUnreadable(group: nil, variable: variable))
            }
            let key: SecureBytes
            do { key = try VaultCryptography.recoveryWrappingKey(recoveryKey, salt: salt) } catch {
                throw .protectors(.cannotDeriveKey(reason: "\(error)", mebibytes: 0))
            }
            do { return try VaultCryptography.unwrap(protector, wrappingKey: key, vault: vault) } catch {
                throw error == .wrongKey ? .protectors(.wrongRecoveryKey) : .from(error, path: store.path)
            }
        case .tpm2(let needsPIN, _, _, _, let blob):
            let pin = needsPIN ? try typedSecret("VAULT_TPM_PIN", prompt: "TPM PIN: ") : try noPIN()
            let key = try context.tpm.unseal(blob, pin: pin)
            do { return try VaultCryptography.unwrap(protector, wrappingKey: key, vault: vault) } catch {
                // Never a wrong PIN: the TPM reports that itself; wrong bytes are its fault or a changed TPM.
                guard error == .wrongKey else { throw .from(error, path: store.path) }
                throw .protectors(.tpmWrongBytes(id: Int(protector.id)))
            }
        }
    }

    /// `variable` if set, else asked on the terminal.
    func typedSecret(_ variable: String, prompt: String) throws(VaultError) -> SecureBytes {
        if let fromEnvironment = try passphraseFromEnvironment(variable: variable) { return fromEnvironment }
        guard context.prompter.canPrompt else {
            throw variable == "VAULT_PASSPHRASE" ? .noPassphrase : .protectors(.nothingToUnlockWith)
        }
        return try context.prompter.secret(prompt)
    }

    /// An empty PIN ("none", for the TPM seam).
    func noPIN() throws(VaultError) -> SecureBytes {
        var none: [UInt8] = []
        do { return try SecureBytes(takingAndWiping: &none) } catch {
            throw .protectors(.cannotDeriveKey(reason: "\(error)", mebibytes: 0))
        }
    }
}
