import VaultCrypto

/// RFC 3986 percent-encoding as SigV4 uses it: every byte outside the unreserved set
/// (A–Z a–z 0–9 - . _ ~) becomes %XY with upper-case hex.
enum URIEncoding {
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Whether `byte` is an RFC 3986 unreserved character.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// `bytes` percent-encoded, keeping unreserved bytes and, when `keepSlash`, "/".
    static func encode<Bytes: Sequence<UInt8>>(_ bytes: Bytes, keepSlash: Bool = false) -> String {
        var out = [UInt8]()
        append(bytes, keepSlash: keepSlash, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `bytes` percent-encoded, keeping unreserved bytes and, when `keepSlash`, "/".
    static func append<Bytes: Sequence<UInt8>>(_ bytes: Bytes, keepSlash: Bool = false, to out: inout [UInt8]) {
        for byte in bytes {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
    }

    /// The bytes a query component stands for: %XY decoded (either case), "+" as a space
    /// (form encoding, which is how AWS reads query strings and how botocore sends spaces), and a
    /// "%" that does not start a valid escape kept as itself.
    static func decodeQueryComponent<Bytes: Collection<UInt8>>(_ text: Bytes) -> [UInt8] where Bytes.Index == Int {
        var out = [UInt8]()
        var i = text.startIndex
        while i < text.endIndex {
            let byte = text[i]
            if byte == UInt8(ascii: "%"), i + 2 < text.endIndex,
                let hi = Encoding.nibble(text[i + 1]), let lo = Encoding.nibble(text[i + 2])
            {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                i += 1
            }
        }
        return out
    }
}
