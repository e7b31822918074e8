@testable import SecretService
import Testing
import VaultCrypto

/// The constant-time decoder that turns an item's base64 text back into locked memory. No keyring needed.
@Suite struct SecretBase64Tests {
    @Test(arguments: [0, 1, 2, 3, 4, 5, 31, 32, 33, 64, 255, 256, 1000])
    func roundTripsThroughLibsodiumsEncoder(length: Int) throws {
        var entropy = SystemEntropy()
        var bytes = entropy.bytes(length)
        let expected = bytes
        let secret = try SecureBytes(takingAndWiping: &bytes)
        let text = try SecretBase64.encode(secret)
        let matches = try text.withUnsafeBytes { (raw) throws(KeyringError) in try decodes(raw, to: expected) }
        #expect(matches == true)
    }

    @Test func decodesEveryByteValue() throws {
        let all = [UInt8](0...255)
        #expect(try decodes(Encoding.base64(all), to: all) == true)
    }

    @Test(arguments: [
        ("", ""), ("Zg==", "f"), ("Zm8=", "fo"), ("Zm9v", "foo"), ("Zm9vYg==", "foob"), ("Zm9vYmE=", "fooba"),
        ("Zm9vYmFy", "foobar"), ("+/+/", "\u{FB}\u{FF}\u{BF}"),
    ])
    func decodesKnownVectors(text: String, plain: String) throws {
        // RFC 4648 §10, plus the two non-alphanumeric symbols (plain given as Latin-1 bytes).
        let bytes = plain.unicodeScalars.map { UInt8($0.value) }
        #expect(try decodes(text, to: bytes) == true)
    }

    @Test(arguments: [
        "Zg", "Zg=", "Zm9", "Z===", "====", "Zg==Zg==", "Zh==", "Zm9=", "Zm 9v", "Zm9v\n", "Zm-v", "Zm_v",
        "Zm9v====", "é123", "Zm9\0",
    ])
    func rejectsNonCanonicalText(_ text: String) throws {
        #expect(try decodes(text, to: []) == nil)
    }
}

/// nil when `SecretBase64.decode` rejects the text, else whether it decoded to `expected`.
private func decodes(_ text: UnsafeRawBufferPointer, to expected: [UInt8]) throws(KeyringError) -> Bool? {
    switch try SecretBase64.decode(text) {
    case .some(let secret): return secret.isEqual(to: expected)
    case .none: return nil
    }
}

private func decodes(_ text: String, to expected: [UInt8]) throws -> Bool? {
    try Array(text.utf8).withUnsafeBytes { (raw) throws(KeyringError) in try decodes(raw, to: expected) }
}
