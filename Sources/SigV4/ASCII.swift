/// Byte-level helpers: SigV4 is defined on bytes, and Swift's `String` compares and splits by
/// Unicode rules (canonical equivalence, "\r\n" as one Character) that would change the result.
enum ASCII {
    /// `byte` with A–Z mapped to a–z.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }

    /// `text` with A–Z mapped to a–z and every other byte unchanged.
    static func lowercased(_ text: String) -> String {
        String(decoding: text.utf8.map(lowercased), as: UTF8.self)
    }

    /// Whether `a` and `b` are equal ignoring ASCII case, without allocating.
    static func equalIgnoringCase(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8) { lowercased($0) == lowercased($1) }
    }

    /// Whether `byte` is HTTP/ASCII white space (space, tab, LF, VT, FF, CR).
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// Orders strings by their UTF-8 bytes, as SigV4's sorts require.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Lower-case hex digits.
    static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `bytes` as lower-case hex.
    static func appendHex(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + 2 * bytes.count)
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
    }
}
