import Foundation
import Testing
import VaultCrypto
import VaultFormat

/// The known-answer vectors in Vault/vectors/, made by the independent Python implementation
/// from FORMAT.md alone: our writer must reproduce each file exactly, our reader must open it.
struct Vector {
    let name: String
    let json: [String: Any]

    static func all() throws -> [Vector] {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../Vault/vectors"
        ).standardized
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
            .sorted()
        return try names.map { name in
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            return Vector(name: name, json: try JSONSerialization.jsonObject(with: data) as! [String: Any])
        }
    }

    func hex(_ key: String) -> [UInt8] { Encoding.fromHex(json[key] as! String)! }
    var isPassphrase: Bool { (json["backend"] as! String) == "passphrase" }
    var entries: [[String: Any]] { json["entries"] as! [[String: Any]] }
    var pending: [[String: Any]] { json["pending"] as? [[String: Any]] ?? [] }
    var version: Int { json["version"] as? Int ?? 1 }
}

@Suite struct VectorTests {
    @Test func vectorsExist() throws {
        let vectors = try Vector.all()
        #expect(vectors.count >= 4)
        #expect(
            vectors.contains { $0.version == 2 && !$0.pending.isEmpty }, "version-2 vectors, one with pending entries")
        #expect(vectors.contains { $0.version == 1 }, "version-1 vectors stay: vault still reads version 1")
        #expect(vectors.contains { !$0.isPassphrase })
    }

    @Test(arguments: try Vector.all().map(\.name))
    func writerReproducesTheFile(name: String) throws {
        let vector = try Vector.all().first { $0.name == name }!
        var entropy = FixedEntropy(vector.hex("random"))
        let created = UInt64(vector.json["created"] as! Int)
        let version = UInt16(vector.version)
        var document: VaultDocument
        let vault: NewVault
        if vector.isPassphrase {
            var p = Array((vector.json["passphrase"] as! String).utf8)
            let passphrase = try SecureBytes(takingAndWiping: &p)
            vault = try VaultCryptography.createPassphraseVault(
                passphrase: passphrase, opsLimit: UInt32(vector.json["opslimit"] as! Int),
                memLimit: UInt64(vector.json["memlimit"] as! Int), created: created, entropy: &entropy, version: version
            )
        } else {
            vault = try VaultCryptography.createKeyringVault(created: created, entropy: &entropy, version: version)
            let secretKey = vault.keyPair.secretKey.withUnsafeBytes { Array($0) }
            #expect(secretKey == vector.hex("secret_key"))
        }
        var header = vault.header
        if version == 2 { header.generation = UInt64(vector.json["generation"] as! Int) }
        document = VaultDocument(header: header)
        for entry in vector.entries + vector.pending {
            var s = Array((entry["secret_access_key"] as! String).utf8)
            let key = try AccessKey(
                accessKeyID: entry["access_key_id"] as! String, secretAccessKey: try SecureBytes(takingAndWiping: &s))
            let metadata = (entry["metadata"] as? [[String]] ?? []).map { Metadatum($0[0], $0[1]) }
            document.entries.append(
                try VaultCryptography.sealEntry(
                    profile: entry["profile"] as! String, key: key, added: UInt64(entry["added"] as! Int),
                    metadata: metadata,
                    header: document.header, entropy: &entropy))
        }
        #expect(entropy.remaining == 0, "the vector's random bytes are all consumed")
        if version == 2 {
            // Pending entries are the ones the seal does not cover.
            document.untrustedEntryIDs = Set(document.entries[vector.entries.count...].map(\.id))
            document = VaultCryptography.sealed(document, with: try SealKey(vault.keyPair), advancing: false)
            #expect(document.seal == vector.hex("seal"))
        }
        #expect(document.encoded() == vector.hex("file"))
    }

    @Test(arguments: try Vector.all().map(\.name))
    func readerOpensEveryEntry(name: String) throws {
        let vector = try Vector.all().first { $0.name == name }!
        let document = try VaultDocument.decode(vector.hex("file"))
        #expect(document.header.version == UInt16(vector.version))
        let pair: BoxKeyPair
        if vector.isPassphrase {
            var p = Array((vector.json["passphrase"] as! String).utf8)
            pair = try VaultCryptography.unlock(document.header, passphrase: try SecureBytes(takingAndWiping: &p))
            var wrong = Array("not the passphrase".utf8)
            #expect(throws: FormatError.wrongKey) {
                _ = try VaultCryptography.unlock(document.header, passphrase: try SecureBytes(takingAndWiping: &wrong))
            }
        } else {
            var sk = vector.hex("secret_key")
            pair = try VaultCryptography.unlock(document.header, secretKey: try SecureBytes(takingAndWiping: &sk))
        }
        #expect(pair.secretKey.withUnsafeBytes { Array($0) } == vector.hex("secret_key"))
        try VaultCryptography.verifySeal(document, with: try SealKey(pair))
        #expect(document.sealedCount == vector.entries.count)
        #expect(document.entries.count == vector.entries.count + vector.pending.count)
        for (entry, expected) in zip(document.entries, vector.entries + vector.pending) {
            let key = try VaultCryptography.openEntry(entry, keyPair: pair)
            #expect(entry.profile == expected["profile"] as! String)
            #expect(key.accessKeyID == expected["access_key_id"] as! String)
            let secret = key.secretAccessKey.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
            #expect(secret == expected["secret_access_key"] as! String)
        }
    }
}
