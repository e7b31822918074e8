// Hex and base64 encoding and decoding through libsodium's constant-time codecs.
internal import CSodium

/// Hex and base64 through libsodium's constant-time codecs (safe for secrets).
public enum Encoding {
    /// Lower-case hex of `bytes`.
    public static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        let table: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(table[Int(b >> 4)])
            out.append(table[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lower-case hex of an array.
    public static func hex(_ bytes: [UInt8]) -> String { bytes.withUnsafeBytes { hex($0) } }

    /// Bytes of a hex string, or nil when it is not hex.
    public static func fromHex(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// The value of one hex digit (either case), nil for any other byte.
    public static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Standard base64 (with padding) of public bytes.
    public static func base64(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { raw in
            var out = [UInt8](repeating: 0, count: base64Length(raw.count))
            writeBase64(raw, into: &out)
            out.removeLast()  // the terminating NUL
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Standard base64 of a secret, into locked memory (no NUL terminator).
    public static func base64(secret: borrowing SecureBytes) throws(CryptoError) -> SecureBytes {
        var out = try SecureBytes(count: base64Length(secret.count))
        secret.withUnsafeBytes { raw in
            out.withUnsafeMutableBytes { o in
                _ = sodium_bin2base64(
                    o.baseAddress!.assumingMemoryBound(to: CChar.self), o.count,
                    raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count,
                    sodium_base64_VARIANT_ORIGINAL)
            }
        }
        return try out.slice(0..<(out.count - 1))
    }

    /// Decodes standard base64 (padding required); nil when the text is not base64.
    public static func fromBase64(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        _ = try? Sodium.initialize()
        var out = [UInt8](repeating: 0, count: text.count / 4 * 3 + 3)
        var length = 0
        let status = out.withUnsafeMutableBufferPointer { o in
            sodium_base642bin(
                o.baseAddress!, o.count, text.baseAddress?.assumingMemoryBound(to: CChar.self), text.count, nil,
                &length, nil, sodium_base64_VARIANT_ORIGINAL)
        }
        guard status == 0 else { return nil }
        out.removeSubrange(length...)
        return out
    }

    /// Decodes standard base64 text.
    public static func fromBase64(_ text: String) -> [UInt8]? {
        Array(text.utf8).withUnsafeBytes { fromBase64($0) }
    }

    private static func base64Length(_ count: Int) -> Int {
        _ = try? Sodium.initialize()
        return sodium_base64_encoded_len(count, sodium_base64_VARIANT_ORIGINAL)
    }

    private static func writeBase64(_ raw: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.withUnsafeMutableBufferPointer { o in
            _ = sodium_bin2base64(
                UnsafeMutableRawPointer(o.baseAddress!).assumingMemoryBound(to: CChar.self), o.count,
                raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count, sodium_base64_VARIANT_ORIGINAL)
        }
    }
}
