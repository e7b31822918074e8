/// Byte-level helpers: SigV4 is defined on bytes, and Swift's `String` compares and splits by
/// Unicode rules (canonical equivalence, "\r\n" as one Character) that would change the result.
enum ASCII {
    /// `text` with A–Z mapped to a–z and every other byte unchanged.
    static func lowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Whether `byte` is HTTP/ASCII white space (space, tab, LF, VT, FF, CR).
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// Orders strings by their UTF-8 bytes, as SigV4's sorts require.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
