import Testing
import VaultCrypto

/// Secret bytes from a literal (the array is wiped).
func secure(_ bytes: [UInt8]) throws -> SecureBytes {
    var copy = bytes
    return try SecureBytes(takingAndWiping: &copy)
}

@Suite struct HashTests {
    @Test func sha256KnownAnswers() {
        #expect(Encoding.hex(SHA256.hash("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Encoding.hex(SHA256.hash("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func sha256IncrementalEqualsOneShot() {
        var hasher = SHA256()
        hasher.update("ab")
        hasher.update("c")
        #expect(hasher.finalize() == SHA256.hash("abc"))
    }

    /// RFC 4231 test cases 2 (short key) and 6 (key longer than the block size).
    @Test func hmacRFC4231() throws {
        func hmac(_ key: [UInt8], _ message: String) -> String {
            var out = [UInt8](repeating: 0, count: 32)
            key.withUnsafeBytes { k in
                Array(message.utf8).withUnsafeBytes { m in
                    out.withUnsafeMutableBytes { HMACSHA256.authenticate(key: k, message: m, into: $0) }
                }
            }
            return Encoding.hex(out)
        }
        #expect(
            hmac(Array("Jefe".utf8), "what do ya want for nothing?")
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(
            hmac([UInt8](repeating: 0xaa, count: 131), "Test Using Larger Than Block-Size Key - Hash Key First")
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    /// FIPS 180-2 examples: one block, two blocks (448 bits) and a million "a".
    @Test func sha256LongerKnownAnswers() {
        #expect(
            Encoding.hex(SHA256.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            Encoding.hex(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// The incremental hash fed in uneven pieces equals the one-call hash on every length around
    /// the block and padding boundaries (the two are different libsodium calls).
    @Test func sha256PiecesEqualOneCallAroundBlockBoundaries() {
        for length in Array(0...200) + [255, 256, 257, 1000, 4095, 4096, 4097] {
            let data = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            var pieces = SHA256()
            let cut = data.count / 3
            data.withUnsafeBytes { all in
                pieces.update(UnsafeRawBufferPointer(rebasing: all[..<cut]))
                pieces.update(UnsafeRawBufferPointer(rebasing: all[cut...]))
            }
            #expect(pieces.finalize() == SHA256.hash(data), "length \(length)")
        }
    }

    /// RFC 4231 test cases 1 (20-byte key) and 7 (long key and long data), and the empty key and
    /// message (no RFC vector; the value every HMAC-SHA-256 gives, e.g. Python's `hmac`).
    @Test func hmacMoreKnownAnswers() {
        func hmac(_ key: [UInt8], _ message: String) -> String {
            var out = [UInt8](repeating: 0, count: HMACSHA256.byteCount)
            key.withUnsafeBytes { k in
                Array(message.utf8).withUnsafeBytes { m in
                    out.withUnsafeMutableBytes { HMACSHA256.authenticate(key: k, message: m, into: $0) }
                }
            }
            return Encoding.hex(out)
        }
        #expect(
            hmac([UInt8](repeating: 0x0b, count: 20), "Hi There")
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(
            hmac(
                [UInt8](repeating: 0xaa, count: 131),
                "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
            ) == "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")
        #expect(hmac([], "") == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    /// The output may be the key's own memory, as SigV4's key chain uses it.
    @Test func hmacIntoItsOwnKey() {
        var buffer = [UInt8](repeating: 0x0b, count: 32)
        buffer.withUnsafeMutableBytes { key in
            Array("Hi There".utf8).withUnsafeBytes { m in
                HMACSHA256.authenticate(key: UnsafeRawBufferPointer(key), message: m, into: key)
            }
        }
        var separate = [UInt8](repeating: 0, count: 32)
        [UInt8](repeating: 0x0b, count: 32).withUnsafeBytes { k in
            Array("Hi There".utf8).withUnsafeBytes { m in
                separate.withUnsafeMutableBytes { HMACSHA256.authenticate(key: k, message: m, into: $0) }
            }
        }
        #expect(buffer == separate)
    }

    @Test func blake2bEmpty() {
        // BLAKE2b-256 of the empty string (RFC 7693 parameters, no key).
        #expect(Encoding.hex(BLAKE2b.hash([])) == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8")
    }
}

@Suite struct SecureScratchTests {
    @Test func lendsZeroedLockedBytesAndWipesThemAfter() throws {
        let first = try SecureScratch.withBytes(count: 64) { bytes -> UnsafeMutableRawPointer? in
            #expect(bytes.allSatisfy { $0 == 0 })
            bytes.initializeMemory(as: UInt8.self, repeating: 0xA5)
            return bytes.baseAddress
        }
        try SecureScratch.withBytes(count: 64) { bytes in
            #expect(bytes.allSatisfy { $0 == 0 })  // the last user's bytes are gone
            _ = first
        }
    }

    @Test func largeAndNestedRequestsGetTheirOwnMemory() throws {
        let sizes = try SecureScratch.withBytes(count: 32) { outer -> [Int] in
            outer.initializeMemory(as: UInt8.self, repeating: 1)
            let inner =
                (try? SecureScratch.withBytes(count: 32) { inner -> Int in
                    #expect(inner.baseAddress != outer.baseAddress)
                    #expect(inner.allSatisfy { $0 == 0 })
                    return inner.count
                }) ?? -1
            let large = (try? SecureScratch.withBytes(count: SecureScratch.capacity + 1) { $0.count }) ?? -1
            #expect(outer.allSatisfy { $0 == 1 })  // untouched by the nested users
            return [inner, large]
        }
        #expect(sizes == [32, SecureScratch.capacity + 1])
    }
}

@Suite struct SecureBytesTests {
    @Test func copiesAndComparesInConstantTime() throws {
        let a = try secure([1, 2, 3])
        var source: [UInt8] = [1, 2, 3]
        let b = try SecureBytes(takingAndWiping: &source)
        #expect(source.isEmpty)
        let same1 = a.isEqual(to: b)
        #expect(same1)
        let same2 = a.isEqual(to: [1, 2, 3])
        #expect(same2)
        let same3 = a.isEqual(to: [1, 2, 4])
        #expect(!same3)
        let same4 = a.isEqual(to: [1, 2])
        #expect(!same4)
    }

    @Test func zeroLengthAndSlices() throws {
        let empty = try SecureBytes(count: 0)
        #expect(empty.count == 0)
        let bytes = try secure([9, 8, 7, 6])
        let middle = try bytes.slice(1..<3)
        let same5 = middle.isEqual(to: [8, 7])
        #expect(same5)
    }

    @Test func wipeZeroesAnArray() {
        var secret: [UInt8] = Array("secret".utf8)
        Sodium.wipe(&secret)
        #expect(secret.isEmpty)
        var buffer: [UInt8] = [1, 2, 3]
        buffer.withUnsafeMutableBytes { Sodium.wipe($0) }
        #expect(buffer == [0, 0, 0])
    }
}

@Suite struct EncryptionTests {
    @Test func xchachaRoundTripAndTamper() throws {
        var entropy = SystemEntropy()
        let key = try entropy.secureBytes(32)
        let nonce = entropy.bytes(24)
        let message: [UInt8] = Array("attack at dawn".utf8)
        let sealed = try message.withUnsafeBytes {
            try XChaCha20Poly1305.seal($0, associatedData: [1, 2], nonce: nonce, key: key)
        }
        let opened = try XChaCha20Poly1305.open(sealed, associatedData: [1, 2], nonce: nonce, key: key)
        let same6 = opened.isEqual(to: message)
        #expect(same6)
        #expect(throws: CryptoError.authenticationFailed) {
            _ = try XChaCha20Poly1305.open(sealed, associatedData: [1, 3], nonce: nonce, key: key)
        }
        var flipped = sealed
        flipped[0] ^= 1
        #expect(throws: CryptoError.authenticationFailed) {
            _ = try XChaCha20Poly1305.open(flipped, associatedData: [1, 2], nonce: nonce, key: key)
        }
    }

    @Test func sealedBoxOpensWithLibsodiumAndIsDeterministicGivenTheSeed() throws {
        var entropy = SystemEntropy()
        let recipient = try BoxKeyPair(entropy: &entropy)
        let seed = [UInt8](repeating: 7, count: 32)
        var fixedA = FixedEntropy(seed)
        var fixedB = FixedEntropy(seed)
        let message: [UInt8] = Array("AKIAIOSFODNN7EXAMPLE".utf8)
        let a = try message.withUnsafeBytes { try SealedBox.seal($0, to: recipient.publicKey, entropy: &fixedA) }
        let b = try message.withUnsafeBytes { try SealedBox.seal($0, to: recipient.publicKey, entropy: &fixedB) }
        #expect(a == b)
        #expect(a.count == message.count + SealedBox.overhead)
        let opened = try SealedBox.open(a, keyPair: recipient)
        let same6 = opened.isEqual(to: message)
        #expect(same6)
        let stranger = try BoxKeyPair(entropy: &entropy)
        #expect(throws: CryptoError.authenticationFailed) { _ = try SealedBox.open(a, keyPair: stranger) }
    }

    @Test func keyPairFromSecretKeyRecomputesThePublicKey() throws {
        var entropy = SystemEntropy()
        let pair = try BoxKeyPair(entropy: &entropy)
        let publicKey = pair.publicKey
        let copy = try pair.secretKey.slice(0..<32)
        let again = try BoxKeyPair(secretKey: copy)
        #expect(again.publicKey == publicKey)
    }

    @Test func argon2idIsDeterministicAndSaltSensitive() throws {
        var p: [UInt8] = Array("passphrase".utf8)
        let passphrase = try SecureBytes(takingAndWiping: &p)
        let salt = [UInt8](repeating: 1, count: 16)
        let a = try PasswordHash.deriveKey(length: 32, passphrase: passphrase, salt: salt, opsLimit: 1, memLimit: 8192)
        let b = try PasswordHash.deriveKey(length: 32, passphrase: passphrase, salt: salt, opsLimit: 1, memLimit: 8192)
        let c = try PasswordHash.deriveKey(
            length: 32, passphrase: passphrase, salt: [UInt8](repeating: 2, count: 16), opsLimit: 1, memLimit: 8192)
        let same1 = a.isEqual(to: b)
        #expect(same1)
        let same7 = a.isEqual(to: c)
        #expect(!same7)
        #expect(throws: CryptoError.self) {
            _ = try PasswordHash.deriveKey(length: 32, passphrase: passphrase, salt: [1], opsLimit: 1, memLimit: 8192)
        }
    }
}

@Suite struct EncodingTests {
    @Test func hexRoundTrip() {
        let bytes: [UInt8] = [0, 1, 0xab, 0xff]
        #expect(Encoding.hex(bytes) == "0001abff")
        #expect(Encoding.fromHex("0001ABff") == bytes)
        #expect(Encoding.fromHex("abc") == nil)
        #expect(Encoding.fromHex("zz") == nil)
    }

    @Test func base64RoundTripIncludingSecrets() throws {
        let bytes: [UInt8] = Array(0...255)
        let text = Encoding.base64(bytes)
        #expect(Encoding.fromBase64(text) == bytes)
        #expect(Encoding.base64(Array("hi".utf8)) == "aGk=")
        #expect(Encoding.fromBase64("not base64!") == nil)
        let secret = try secure(bytes)
        let encoded = try Encoding.base64(secret: secret)
        let same8 = encoded.isEqual(to: Array(text.utf8))
        #expect(same8)
    }
}
