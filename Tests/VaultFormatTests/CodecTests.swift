import Testing
import VaultCrypto
import VaultFormat

/// A small sealed passphrase vault with two entries, built with the cheapest KDF.
func makeVault(passphrase: String = "correct horse", profiles: [String] = ["default", "admin"]) throws -> (
    VaultDocument, [UInt8]
) {
    let (document, _) = try makeSealedVault(passphrase: passphrase, profiles: profiles)
    return (document, document.encoded())
}

/// The same, with the key of its seal.
func makeSealedVault(passphrase: String = "correct horse", profiles: [String] = ["default", "admin"]) throws -> (
    VaultDocument, SealKey
) {
    var entropy = SystemEntropy()
    var p = Array(passphrase.utf8)
    let secret = try SecureBytes(takingAndWiping: &p)
    let vault = try VaultCryptography.createPassphraseVault(
        passphrase: secret, opsLimit: 1, memLimit: 8192, created: 1_700_000_000, entropy: &entropy)
    var document = VaultDocument(header: vault.header)
    for (i, profile) in profiles.enumerated() {
        let key = try accessKey("AKIAIOSFODNN7EXAMPL\(i)", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKE\(i)")
        document.entries.append(
            try VaultCryptography.sealEntry(
                profile: profile, key: key, added: 1_700_000_100, metadata: [Metadatum("k", "v\(i)")],
                header: document.header, entropy: &entropy))
    }
    let sealKey = try SealKey(vault.keyPair)
    return (VaultCryptography.sealed(document, with: sealKey, advancing: false), sealKey)
}

func accessKey(_ id: String, _ secret: String) throws -> AccessKey {
    var s = Array(secret.utf8)
    return try AccessKey(accessKeyID: id, secretAccessKey: try SecureBytes(takingAndWiping: &s))
}

func secretText(_ key: borrowing AccessKey) -> String {
    key.secretAccessKey.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
}

func passphrase(_ text: String) throws -> SecureBytes {
    var p = Array(text.utf8)
    return try SecureBytes(takingAndWiping: &p)
}

@Suite struct CodecTests {
    @Test func roundTripsAndOpens() throws {
        let (document, bytes) = try makeVault()
        let decoded = try VaultDocument.decode(bytes)
        #expect(decoded == document)
        #expect(decoded.encoded() == bytes)
        let pair = try VaultCryptography.unlock(decoded.header, passphrase: try passphrase("correct horse"))
        let key = try VaultCryptography.openEntry(decoded.entries[1], keyPair: pair)
        #expect(key.accessKeyID == "AKIAIOSFODNN7EXAMPL1")
        #expect(secretText(key) == "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKE1")
        #expect(decoded.entries[0].keyHint == "AKIA…MPL0")
        #expect(decoded.entries[0].metadata("k") == "v0")
    }

    @Test func wrongPassphraseIsWrongKey() throws {
        let (document, _) = try makeVault()
        #expect(throws: FormatError.wrongKey) {
            _ = try VaultCryptography.unlock(document.header, passphrase: try passphrase("Correct horse"))
        }
    }

    @Test func everySingleBitFlipIsDetected() throws {
        let (_, bytes) = try makeVault(profiles: ["default"])
        for index in bytes.indices {
            var damaged = bytes
            damaged[index] ^= 0x10
            #expect(throws: FormatError.self, "flip at \(index)") { try VaultDocument.decode(damaged) }
        }
    }

    @Test func everyTruncationIsDetected() throws {
        let (_, bytes) = try makeVault(profiles: ["default"])
        for length in 0..<bytes.count {
            #expect(throws: FormatError.self, "length \(length)") {
                try VaultDocument.decode(Array(bytes.prefix(length)))
            }
        }
    }

    @Test func specificErrors() throws {
        let (_, bytes) = try makeVault(profiles: [])
        #expect(throws: FormatError.notAVault) { try VaultDocument.decode(Array("hello world, not a vault".utf8)) }
        #expect(throws: FormatError.truncated(field: "magic")) { try VaultDocument.decode(Array(bytes.prefix(3))) }
        var future = bytes
        future[8] = 4
        #expect(throws: FormatError.unsupportedVersion(4)) { try VaultDocument.decode(future) }
        var flipped = bytes
        flipped[40] ^= 1
        #expect(throws: FormatError.checksumMismatch) { try VaultDocument.decode(flipped) }
        #expect(throws: FormatError.tooLarge(byteCount: VaultDocument.maximumFileSize + 1)) {
            try VaultDocument.decode(
                VaultDocument.magic + [UInt8](repeating: 0, count: VaultDocument.maximumFileSize + 1 - 8))
        }
    }

    /// A re-checksummed file with a bad field must still be refused by the parser.
    @Test func fieldBoundsAreEnforcedEvenWithAValidChecksum() throws {
        let (document, _) = try makeVault(profiles: ["default"])
        func reencode(_ change: (inout [UInt8]) -> Void) -> [UInt8] {
            var body = Array(document.encoded().dropLast(32))
            change(&body)
            return body + BLAKE2b.hash(body, outputLength: 32)
        }
        // backend at offset 10, reserved 11, kdf id 68, opslimit 69..72, memlimit 73..80 (FORMAT.md §2)
        #expect(throws: FormatError.invalidField(field: "backend", reason: "unknown backend 9")) {
            try VaultDocument.decode(reencode { $0[10] = 9 })
        }
        #expect(throws: FormatError.invalidField(field: "reserved", reason: "not zero")) {
            try VaultDocument.decode(reencode { $0[11] = 1 })
        }
        #expect(throws: FormatError.self) { try VaultDocument.decode(reencode { $0[68] = 2 }) }
        #expect(throws: FormatError.self) { try VaultDocument.decode(reencode { $0[69] = 0 }) }  // opslimit 0
        #expect(throws: FormatError.self) { try VaultDocument.decode(reencode { $0[69] = 17 }) }  // opslimit 17
        #expect(throws: FormatError.self) { try VaultDocument.decode(reencode { $0[80] = 0xff }) }  // memlimit 2^63+…
        #expect(throws: FormatError.self) { try VaultDocument.decode(reencode { $0.append(0) }) }  // trailing byte
    }

    @Test func keyHintsAndMetadataKeysAreChecked() throws {
        var (document, _) = try makeVault(profiles: ["default"])
        let good = document
        for hint in ["AKIA...MPL0", "akia…mpl0", "", "AKIAIOSFODNN7EXAMPL0"] {
            document = good
            document.entries[0].keyHint = hint
            #expect(throws: FormatError.invalidField(field: "key hint", reason: "not of the form AKIA…WXYZ")) {
                try VaultDocument.decode(document.encoded())
            }
        }
        for (metadata, reason) in [
            ([Metadatum("", "v")], "empty"), ([Metadatum("k", "1"), Metadatum("k", "2")], "repeated"),
        ] {
            document = good
            document.entries[0].metadata = metadata
            #expect(throws: FormatError.invalidField(field: "metadata key", reason: reason)) {
                try VaultDocument.decode(document.encoded())
            }
        }
    }

    @Test func duplicateEntryIDsAreRefused() throws {
        var (document, _) = try makeVault(profiles: ["default", "admin"])
        document.entries[1].id = document.entries[0].id
        #expect(throws: FormatError.invalidField(field: "entry id", reason: "two entries share an id")) {
            try VaultDocument.decode(document.encoded())
        }
    }

    @Test func swappedSealedBoxesAreTampering() throws {
        var (document, _) = try makeVault(profiles: ["default", "admin"])
        let pair = try VaultCryptography.unlock(document.header, passphrase: try passphrase("correct horse"))
        let first = document.entries[0].sealed
        document.entries[0].sealed = document.entries[1].sealed
        document.entries[1].sealed = first
        let reread = try VaultDocument.decode(document.encoded())
        #expect(throws: FormatError.entryTampered(profile: "default")) {
            _ = try VaultCryptography.openEntry(reread.entries[0], keyPair: pair)
        }
        var renamed = try VaultDocument.decode(try makeVault().1)
        renamed.entries[0].profile = "admin2"
        let pair2 = try VaultCryptography.unlock(renamed.header, passphrase: try passphrase("correct horse"))
        #expect(throws: FormatError.entryTampered(profile: "admin2")) {
            _ = try VaultCryptography.openEntry(renamed.entries[0], keyPair: pair2)
        }
    }

    /// Version 2 leaves the public key out of the wrap's associated data: the right passphrase
    /// still opens the wrap, and the swapped key shows as tampering, not as a wrong passphrase.
    @Test func replacedPublicKeyIsTamperingNotAWrongPassphrase() throws {
        var (document, _) = try makeVault(profiles: [])
        var entropy = SystemEntropy()
        document.header.publicKey = try BoxKeyPair(entropy: &entropy).publicKey
        #expect(throws: FormatError.publicKeyMismatch) {
            _ = try VaultCryptography.unlock(document.header, passphrase: try passphrase("correct horse"))
        }
        #expect(throws: FormatError.wrongKey) {
            _ = try VaultCryptography.unlock(document.header, passphrase: try passphrase("wrong horse"))
        }
    }

    @Test func keyringVaultUnlocksOnlyWithItsOwnKey() throws {
        var entropy = SystemEntropy()
        let vault = try VaultCryptography.createKeyringVault(created: 1, entropy: &entropy)
        let document = try VaultDocument.decode(VaultDocument(header: vault.header).encoded())
        #expect(document.header.protection == .secretService)
        let copy = try vault.keyPair.secretKey.slice(0..<32)
        _ = try VaultCryptography.unlock(document.header, secretKey: copy)
        #expect(throws: FormatError.wrongKey) {
            var fresh = SystemEntropy()
            _ = try VaultCryptography.unlock(document.header, secretKey: try fresh.secureBytes(32))
        }
    }

    @Test func profileNames() {
        #expect(VaultEntry.isValidProfileName("default"))
        #expect(VaultEntry.isValidProfileName("team.prod-admin_2+x=y@z,w"))
        #expect(!VaultEntry.isValidProfileName(""))
        #expect(!VaultEntry.isValidProfileName("has space"))
        // Every name the AWS CLI reads from a header except those with spaces (issue 19, item 13).
        #expect(VaultEntry.isValidProfileName("team:prod") && VaultEntry.isValidProfileName("équipe/dev"))
        #expect(VaultEntry.isValidProfileName(String(repeating: "a", count: 128)))
        #expect(!VaultEntry.isValidProfileName(String(repeating: "a", count: 129)))
        #expect(!VaultEntry.isValidProfileName("tab\t") && !VaultEntry.isValidProfileName("rtl\u{202E}"))
        #expect(!VaultEntry.isValidProfileName("no\u{00A0}break") && !VaultEntry.isValidProfileName("del\u{7F}"))
    }

    @Test func accessKeyShapes() throws {
        #expect(AccessKey.isValidAccessKeyID("AKIAIOSFODNN7EXAMPLE"))
        #expect(!AccessKey.isValidAccessKeyID("ASIAIOSFODNN7EXAMPLE"))
        #expect(!AccessKey.isValidAccessKeyID("AKIAiosfodnn7EXAMPLE"))
        #expect(!AccessKey.isValidAccessKeyID("AKIAIOSFODNN7EXAMPL"))
        #expect(throws: AccessKeyError.malformedSecret(length: 39)) {
            _ = try accessKey("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKE")
        }
        #expect(throws: AccessKeyError.malformedSecret(length: 40)) {
            _ = try accessKey("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEK-Y")
        }
        #expect(AccessKey.hint(for: "AKIAIOSFODNN7EXAMPLE") == "AKIA…MPLE")
    }
}
