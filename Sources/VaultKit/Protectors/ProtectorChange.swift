// `vault protect add|remove`: one atomic sealed rewrite of the header under the file lock (FORMAT.md §10.4).
import VaultCrypto
import VaultFormat

/// What `vault protect add` made: the new protector's id, and a recovery key's text (shown once).
public struct AddedProtector: Sendable {
    public let id: Int
    public let recoveryKey: String?
}

/// A tpm2 protector's options: a PIN (asked, or `VAULT_TPM_PIN`), and PCRs to bind to.
public struct TPMOptions: Sendable {
    public var pin: Bool
    public var pcrs: [UInt8]

    public init(pin: Bool = false, pcrs: [UInt8] = []) {
        self.pin = pin
        self.pcrs = pcrs
    }
}

extension Vault {
    /// `vault protect add KIND`: unlocks the vault (asking the person, never the unlock window),
    /// makes the protector, and writes the header with it. Entries are copied, never opened.
    public func addProtector(_ kind: ProtectorKind, tpm options: TPMOptions = TPMOptions()) throws(VaultError)
        -> AddedProtector
    {
        let keyPair = try unlock(try load(), foldPending: false, useWindow: false)
        // The unlock moved a version-2 file to version 3 (FORMAT.md §10.6).
        let document = try load()
        guard var list = document.header.protection.protectorList else {
            throw .protectors(.protectionChangedMeanwhile)
        }
        guard list.protectors.count < ProtectorList.maximumCount else { throw .protectors(.tooManyProtectors) }
        if kind == .secretService, list.protectors.contains(where: { $0.kind == .secretService }) {
            throw .protectors(.secretServiceExists)
        }
        let made = try makeProtector(
            kind, id: list.nextID, keyPair: keyPair, header: document.header, tpm: options)
        list.protectors.append(made.protector)
        list.nextID += 1
        try modify(keyPair: keyPair) { (current) throws(VaultError) in
            // Another change in between: the new id or the list it joins may no longer apply.
            guard current.header.protection == document.header.protection else {
                throw .protectors(.protectionChangedMeanwhile)
            }
            current.header.protection = .protectors(list)
        }
        return AddedProtector(id: Int(made.protector.id), recoveryKey: made.recoveryKey)
    }

    /// `vault protect remove ID`: refuses the last protector, and (unless `force`) a removal that
    /// leaves only protectors tied to this machine (tpm2, secret-service).
    public func removeProtector(id: Int, force: Bool) throws(VaultError) {
        let opened = try load()
        let ids = opened.header.protection.protectorList?.protectors.map { Int($0.id) } ?? [1]
        guard ids.contains(id) else { throw .protectors(.unknownProtector(id)) }
        guard ids.count > 1 else { throw .protectors(.lastProtector(id)) }
        let keyPair = try unlock(opened, foldPending: false, useWindow: false)
        let document = try load()
        guard var list = document.header.protection.protectorList,
            let removed = list.protectors.first(where: { Int($0.id) == id })
        else { throw .protectors(.protectionChangedMeanwhile) }
        list.protectors.removeAll { $0.id == removed.id }
        let portable = list.protectors.contains { $0.kind.code == 1 || $0.kind.code == 4 }
        if !portable {
            guard force else { throw .protectors(.noPortableProtectorLeft(id)) }
            context.notice("no protector left survives the loss of this machine: keep a backup of the vault's key")
        }
        try modify(keyPair: keyPair) { (current) throws(VaultError) in
            guard current.header.protection == document.header.protection else {
                throw .protectors(.protectionChangedMeanwhile)
            }
            current.header.protection = .protectors(list)
        }
        // After the write, so no file ever names an item that is not there (FORMAT.md §10.4).
        if removed.kind == .secretService {
            _ = try? context.keyring.remove(attributes: keyringAttributes(document.header))
        }
    }

    /// A new protector `id` of `kind` wrapping `keyPair`'s secret key; a secret-service protector
    /// stores the key in the keyring first, a recovery protector returns its key's text.
    func makeProtector(
        _ kind: ProtectorKind, id: UInt16, keyPair: borrowing BoxKeyPair, header: VaultHeader, tpm options: TPMOptions
    ) throws(VaultError) -> (protector: KeyProtector, recoveryKey: String?) {
        var entropy = SystemEntropy()
        let vault = ProtectedVault(header)
        switch kind {
        case .secretService:
            try context.keyring.store(
                keyPair.secretKey, label: "vault key for \(store.path)", attributes: keyringAttributes(header))
            return (KeyProtector(id: id, kind: .secretService), nil)
        case .passphrase:
            let variable = header.protection.protectorList?.protectors.isEmpty == false ? "VAULT_NEW_PASSPHRASE" : nil
            let passphrase = try newPassphrase(variable: variable ?? "VAULT_PASSPHRASE")
            let limits = try kdfLimits()
            context.progress("deriving the vault key (Argon2id, \(limits.mem >> 20) MiB)…")
            let kdf = KDFParameters(opsLimit: limits.ops, memLimit: limits.mem, salt: entropy.bytes(16))
            do {
                let protector = try VaultCryptography.passphraseProtector(
                    id: id, passphrase: passphrase, kdf: kdf, keyPair: keyPair, vault: vault, entropy: &entropy)
                return (protector, nil)
            } catch { throw .protectors(.cannotDeriveKey(reason: "\(error)", mebibytes: limits.mem >> 20)) }
        case .recovery:
            do {
                var raw = entropy.bytes(RecoveryKey.byteCount)
                let recoveryKey = try SecureBytes(takingAndWiping: &raw)
                let protector = try VaultCryptography.recoveryProtector(
                    id: id, recoveryKey: recoveryKey, keyPair: keyPair, vault: vault, entropy: &entropy)
                return (protector, RecoveryKey.format(recoveryKey))
            } catch { throw .protectors(.cannotDeriveKey(reason: "\(error)", mebibytes: 0)) }
        case .tpm2:
            let pin = options.pin ? try newTPMPIN() : try noPIN()
            let wrappingKey: SecureBytes
            do {
                var raw = entropy.bytes(32)
                wrappingKey = try SecureBytes(takingAndWiping: &raw)
            } catch { throw .protectors(.cannotDeriveKey(reason: "\(error)", mebibytes: 0)) }
            let blob = try context.tpm.seal(wrappingKey, pin: pin, pcrs: options.pcrs)
            let kind = KeyProtector.Kind.tpm2(
                needsPIN: options.pin, pcrs: options.pcrs, nonce: entropy.bytes(24), wrappedKey: [], blob: blob)
            do {
                return (
                    try VaultCryptography.wrap(keyPair, id: id, kind: kind, wrappingKey: wrappingKey, vault: vault), nil
                )
            } catch { throw .protectors(.cannotDeriveKey(reason: "\(error)", mebibytes: 0)) }
        }
    }

    /// A new TPM PIN: `VAULT_TPM_PIN`, else asked twice.
    private func newTPMPIN() throws(VaultError) -> SecureBytes {
        if let fromEnvironment = try passphraseFromEnvironment(variable: "VAULT_TPM_PIN") { return fromEnvironment }
        guard context.prompter.canPrompt else { throw .protectors(.nothingToUnlockWith) }
        let first = try context.prompter.secret("New TPM PIN: ")
        let second = try context.prompter.secret("Repeat the PIN: ")
        guard first.isEqual(to: second) else { throw .protectors(.pinsDiffer) }
        return first
    }
}
