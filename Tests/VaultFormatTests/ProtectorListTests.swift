// The protector list of format version 3 (FORMAT.md §10): its strict codec, and each kind's wrap
// opened by its own secret only.
import Foundation
import Testing
import VaultCrypto

@testable import VaultFormat

@Suite("protector list")
struct ProtectorListTests {
    static let vault = ProtectedVault(vaultID: Array(repeating: 7, count: 16), created: 1_700_000_000, publicKey: [])

    static func secret(_ text: String) throws -> SecureBytes {
        var bytes = Array(text.utf8)
        return try SecureBytes(takingAndWiping: &bytes)
    }

    static func keyPair() throws -> BoxKeyPair {
        var entropy = FixedEntropy((0..<32).map { UInt8($0) })
        return try BoxKeyPair(entropy: &entropy)
    }

    static func vault(for pair: borrowing BoxKeyPair) -> ProtectedVault {
        ProtectedVault(vaultID: vault.vaultID, created: vault.created, publicKey: pair.publicKey)
    }

    static let kdf = KDFParameters(opsLimit: 1, memLimit: 8192, salt: Array(repeating: 1, count: 16))
    static let nonce = Array(repeating: UInt8(2), count: 24)
    static let wrapped = Array(repeating: UInt8(3), count: 48)

    static var sample: ProtectorList {
        ProtectorList(
            nextID: 6,
            protectors: [
                KeyProtector(id: 1, kind: .passphrase(kdf, nonce: nonce, wrappedKey: wrapped)),
                KeyProtector(id: 2, kind: .secretService),
                KeyProtector(
                    id: 4,
                    kind: .tpm2(needsPIN: true, pcrs: [0, 7], nonce: nonce, wrappedKey: wrapped, blob: [9, 9, 9])),
                KeyProtector(id: 5, kind: .recovery(salt: kdf.salt, nonce: nonce, wrappedKey: wrapped)),
            ])
    }

    @Test func encodesAndDecodesEveryKind() throws {
        let bytes = Self.sample.encoded()
        #expect(try ProtectorList.decode(bytes) == Self.sample)
        #expect(Array(bytes.prefix(3)) == [6, 0, 4])
    }

    @Test func refusesEveryBrokenRule() throws {
        func refused(_ list: ProtectorList) -> Bool {
            (try? ProtectorList.decode(list.encoded())) == nil
        }
        var list = Self.sample
        list.protectors = []
        #expect(refused(list))
        list = Self.sample
        list.nextID = 5  // protector 5 must be below next_id
        #expect(refused(list))
        list = Self.sample
        list.protectors.swapAt(0, 1)  // ids not ascending
        #expect(refused(list))
        list = Self.sample
        list.protectors[0].id = 2  // repeated id
        #expect(refused(list))
        list = Self.sample
        list.protectors[0] = KeyProtector(id: 1, kind: .secretService)  // two secret-service protectors
        #expect(refused(list))
        for pcrs: [UInt8] in [[7, 0], [24], [3, 3]] {
            list = Self.sample
            list.protectors[2].kind = .tpm2(
                needsPIN: false, pcrs: pcrs, nonce: Self.nonce, wrappedKey: Self.wrapped, blob: [1])
            #expect(refused(list), "\(pcrs)")
        }
        list = Self.sample
        list.protectors[2].kind = .tpm2(
            needsPIN: false, pcrs: [], nonce: Self.nonce, wrappedKey: Self.wrapped, blob: [])
        #expect(refused(list))
        list = Self.sample
        list.protectors[0].kind = .passphrase(
            KDFParameters(opsLimit: 17, memLimit: 8192, salt: Self.kdf.salt), nonce: Self.nonce,
            wrappedKey: Self.wrapped)
        #expect(refused(list))
        var bytes = Self.sample.encoded()
        bytes[3 + 2] = 9  // the first protector's kind: unknown
        #expect(throws: FormatError.self) { try ProtectorList.decode(bytes) }
        bytes = Self.sample.encoded()
        bytes[3 + 2 + 2 + 1] = 0x99  // the first body: kdf byte, then unknown algorithm
        #expect(throws: FormatError.self) { try ProtectorList.decode(bytes) }
        #expect(throws: FormatError.self) { try ProtectorList.decode(Self.sample.encoded() + [0]) }
    }

    @Test func eachWrapOpensWithItsOwnSecretOnly() throws {
        let pair = try Self.keyPair()
        let vault = Self.vault(for: pair)
        let passphrase = try Self.secret("correct horse battery staple")
        let k = try VaultCryptography.passphraseWrappingKey(passphrase, Self.kdf)
        let p = try VaultCryptography.wrap(
            pair, id: 1, kind: .passphrase(Self.kdf, nonce: Self.nonce, wrappedKey: []), wrappingKey: k, vault: vault)
        #expect(try VaultCryptography.unwrap(p, wrappingKey: k, vault: vault).publicKey == pair.publicKey)
        let wrong = try VaultCryptography.passphraseWrappingKey(try Self.secret("wrong horse"), Self.kdf)
        #expect(throws: FormatError.wrongKey) { _ = try VaultCryptography.unwrap(p, wrappingKey: wrong, vault: vault) }
        // The wrap is bound to its slot: the same bytes under another id do not open.
        var moved = p
        moved.id = 2
        #expect(throws: FormatError.wrongKey) { _ = try VaultCryptography.unwrap(moved, wrappingKey: k, vault: vault) }

        var recoveryBytes = Array(0..<16).map(UInt8.init)
        let recovery = try SecureBytes(takingAndWiping: &recoveryBytes)
        let rk = try VaultCryptography.recoveryWrappingKey(recovery, salt: Self.kdf.salt)
        let r = try VaultCryptography.wrap(
            pair, id: 3, kind: .recovery(salt: Self.kdf.salt, nonce: Self.nonce, wrappedKey: []), wrappingKey: rk,
            vault: vault)
        #expect(try VaultCryptography.unwrap(r, wrappingKey: rk, vault: vault).publicKey == pair.publicKey)
        let other = ProtectedVault(
            vaultID: Array(repeating: 8, count: 16), created: vault.created, publicKey: vault.publicKey)
        #expect(throws: FormatError.wrongKey) { _ = try VaultCryptography.unwrap(r, wrappingKey: rk, vault: other) }
    }

    /// Vault/vectors/protectors/v3-protector-list.json, written by the independent Python
    /// implementation: each protector opens with its own secret and gives the vector's key.
    @Test func theIndependentVectorOpensWithEachSecret() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../Vault/vectors/protectors/v3-protector-list.json"
        ).standardized
        let v = try JSONSerialization.jsonObject(with: try Data(contentsOf: url)) as! [String: Any]
        func hex(_ key: String) -> [UInt8] { Encoding.fromHex(v[key] as! String)! }
        let vault = ProtectedVault(
            vaultID: hex("vault_id"), created: UInt64(v["created"] as! Int), publicKey: hex("public_key"))
        let list = try ProtectorList.decode(hex("protectors"))
        #expect(list.nextID == 6 && list.protectors.map(\.id) == [1, 2, 3, 5])
        #expect(list.protectors.map(\.kind.code) == [1, 2, 3, 4])
        #expect(list.encoded() == hex("protectors"))
        var opened: [[UInt8]] = []
        for p in list.protectors {
            let key: SecureBytes
            switch p.kind {
            case .passphrase(let kdf, _, _):
                key = try VaultCryptography.passphraseWrappingKey(try Self.secret(v["passphrase"] as! String), kdf)
            case .recovery(let salt, _, _):
                let typed = try Self.secret(v["recovery_key"] as! String)
                key = try VaultCryptography.recoveryWrappingKey(try RecoveryKey.read(typed), salt: salt)
            case .tpm2(let needsPIN, let pcrs, _, _, _):
                #expect(needsPIN && pcrs == [7])
                var unsealed = hex("tpm_unsealed")
                key = try SecureBytes(takingAndWiping: &unsealed)
            case .secretService:
                continue
            }
            let pair = try VaultCryptography.unwrap(p, wrappingKey: key, vault: vault)
            #expect(pair.publicKey == hex("public_key"))
            opened.append(pair.secretKey.withUnsafeBytes { Array($0) })
        }
        #expect(opened == Array(repeating: hex("secret_key"), count: 3))
    }

    /// Vault/vectors/protectors/v3-file.json: a whole version-3 file by the independent reader.
    /// VaultFormat parses it, re-encodes it byte for byte, opens it through the passphrase and the
    /// recovery protector, verifies the seal and opens the entry; and writes the same file again
    /// from the vector's random bytes (FORMAT.md §10.5).
    @Test func theIndependentVersion3FileOpensAndIsWrittenAgain() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../Vault/vectors/protectors/v3-file.json")
        let v = try JSONSerialization.jsonObject(with: try Data(contentsOf: url)) as! [String: Any]
        func hex(_ key: String) -> [UInt8] { Encoding.fromHex(v[key] as! String)! }
        let file = hex("file")
        let document = try VaultDocument.decode(file)
        #expect(document.header.version == 3 && document.encoded() == file)
        let list = try #require(document.header.protection.protectorList)
        let vault = ProtectedVault(document.header)
        guard case .passphrase(let kdf, _, _) = list.protectors[0].kind,
            case .recovery(let salt, _, _) = list.protectors[1].kind
        else {
            Issue.record("expected a passphrase and a recovery protector")
            return
        }
        let byPassphrase = try VaultCryptography.unwrap(
            list.protectors[0],
            wrappingKey: try VaultCryptography.passphraseWrappingKey(try Self.secret(v["passphrase"] as! String), kdf),
            vault: vault)
        let recoveryKey = try RecoveryKey.read(try Self.secret(v["recovery_key"] as! String))
        let byRecovery = try VaultCryptography.unwrap(
            list.protectors[1], wrappingKey: try VaultCryptography.recoveryWrappingKey(recoveryKey, salt: salt),
            vault: vault)
        #expect(byRecovery.secretKey.withUnsafeBytes { Array($0) } == hex("secret_key"))
        try VaultCryptography.verifySeal(document, with: try SealKey(byPassphrase))
        let key = try VaultCryptography.openEntry(document.entries[0], keyPair: byPassphrase)
        #expect(key.accessKeyID == "AKIAIOSFODNN7EXAMPLE")

        // Written again by VaultFormat from the same random bytes: the same file.
        var entropy = FixedEntropy(hex("random"))
        let made = try VaultCryptography.createProtectedVault(created: 1_700_000_000, entropy: &entropy)
        let kdf2 = KDFParameters(opsLimit: 1, memLimit: 8192, salt: entropy.bytes(16))
        let p1 = try VaultCryptography.passphraseProtector(
            id: 1, passphrase: try Self.secret(v["passphrase"] as! String), kdf: kdf2, keyPair: made.keyPair,
            vault: ProtectedVault(made.header), entropy: &entropy)
        var r = entropy.bytes(16)
        let p2 = try VaultCryptography.recoveryProtector(
            id: 2, recoveryKey: try SecureBytes(takingAndWiping: &r), keyPair: made.keyPair,
            vault: ProtectedVault(made.header), entropy: &entropy)
        var header = made.header
        header.protection = .protectors(ProtectorList(nextID: 3, protectors: [p1, p2]))
        let entry = try VaultCryptography.sealEntry(
            profile: "default", key: key, added: 1_700_000_001, metadata: [], header: header, entropy: &entropy)
        let rewritten = VaultCryptography.sealed(
            VaultDocument(header: header, entries: [entry]), with: try SealKey(made.keyPair), advancing: false)
        #expect(rewritten.encoded() == file)
    }
}
