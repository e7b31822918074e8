import VaultCrypto

/// Base64 of secrets, never leaving locked memory.
///
/// Items hold the base64 text of the secret bytes (content type text/plain), so any Secret
/// Service client shows and copies them as text. Encoding uses VaultCrypto's libsodium codec;
/// decoding is done here, in constant time like libsodium's, straight into `SecureBytes`, since
/// `Encoding.fromBase64` returns a pageable `[UInt8]`.
enum SecretBase64 {
    /// The base64 text of `secret`, in locked memory.
    static func encode(_ secret: borrowing SecureBytes) throws(KeyringError) -> SecureBytes {
        do { return try Encoding.base64(secret: secret) } catch {
            throw .failed(domain: 0, code: 0, message: "\(error)")
        }
    }

    /// Decodes standard padded base64 `text` into locked memory; nil when it is not canonical base64.
    static func decode(_ text: UnsafeRawBufferPointer) throws(KeyringError) -> SecureBytes? {
        // The length and padding are public (they follow from the secret's length); only the
        // characters themselves are handled without secret-dependent branches.
        guard text.count % 4 == 0 else { return nil }
        var padding = 0
        while padding < 2, padding < text.count, text[text.count - 1 - padding] == UInt8(ascii: "=") { padding += 1 }
        let symbols = text.count - padding
        if symbols % 4 == 1 { return nil }
        var out: SecureBytes
        do { out = try SecureBytes(count: text.count / 4 * 3 - padding) } catch {
            throw .failed(domain: 0, code: 0, message: "\(error)")
        }
        let valid = out.withUnsafeMutableBytes { o in
            var invalid: UInt32 = 0
            var accumulator: UInt32 = 0
            var bits = 0
            var written = 0
            for i in 0..<symbols {
                let value = sextet(text[i])
                invalid |= value >> 6  // 0xFF for a non-alphabet byte
                accumulator = (accumulator << 6) | (value & 0x3f)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    o[written] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                    written += 1
                }
            }
            // Canonical form: the bits left over after the last byte are zero.
            invalid |= accumulator & ((1 << UInt32(bits)) - 1)
            accumulator = 0
            return invalid == 0 && written == o.count
        }
        guard valid else { return nil }
        return out
    }

    /// The 6-bit value of a base64 character, or 0xFF; no branch depends on `c`
    /// (libsodium's `b64_char_to_byte`).
    @inline(__always)
    private static func sextet(_ byte: UInt8) -> UInt32 {
        let c = UInt32(byte)
        let x =
            (ge(c, 0x41) & le(c, 0x5A) & (c &- 0x41)) | (ge(c, 0x61) & le(c, 0x7A) & (c &- (0x61 - 26)))
            | (ge(c, 0x30) & le(c, 0x39) & (c &+ (52 - 0x30))) | (eq(c, 0x2B) & 62) | (eq(c, 0x2F) & 63)
        return x | (eq(x, 0) & (eq(c, 0x41) ^ 0xFF))
    }

    @inline(__always) private static func eq(_ x: UInt32, _ y: UInt32) -> UInt32 {
        (((0 &- (x ^ y)) >> 8) & 0xFF) ^ 0xFF
    }
    @inline(__always) private static func gt(_ x: UInt32, _ y: UInt32) -> UInt32 { ((y &- x) >> 8) & 0xFF }
    @inline(__always) private static func ge(_ x: UInt32, _ y: UInt32) -> UInt32 { gt(y, x) ^ 0xFF }
    @inline(__always) private static func le(_ x: UInt32, _ y: UInt32) -> UInt32 { ge(y, x) }
}
