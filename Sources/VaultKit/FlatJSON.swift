/// Reads the string members of one flat JSON object, skipping other values; nil when the text
/// is not a JSON object. Enough for the federation endpoint's answer, without Foundation.
enum FlatJSON {
    static func stringFields(_ bytes: [UInt8]) -> [String: String]? {
        var reader = Reader(bytes: bytes)
        reader.skipSpace()
        guard reader.take(0x7B) else { return nil }  // {
        var fields: [String: String] = [:]
        reader.skipSpace()
        if reader.take(0x7D) { return reader.atEnd() ? fields : nil }
        while true {
            reader.skipSpace()
            guard let key = reader.string() else { return nil }
            reader.skipSpace()
            guard reader.take(0x3A) else { return nil }  // :
            reader.skipSpace()
            if reader.peek == 0x22 {
                guard let value = reader.string() else { return nil }
                fields[key] = value
            } else {
                guard reader.skipValue() else { return nil }
            }
            reader.skipSpace()
            if reader.take(0x2C) { continue }  // ,
            guard reader.take(0x7D) else { return nil }
            return reader.atEnd() ? fields : nil
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var i = 0

        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func take(_ b: UInt8) -> Bool {
            guard peek == b else { return false }
            i += 1
            return true
        }

        mutating func skipSpace() {
            while let b = peek, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { i += 1 }
        }

        mutating func atEnd() -> Bool {
            skipSpace()
            return i == bytes.count
        }

        /// A string literal, escapes decoded (surrogate pairs joined).
        mutating func string() -> String? {
            guard take(0x22) else { return nil }
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() {
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                raw.removeAll()
            }
            while let b = peek {
                i += 1
                switch b {
                case 0x22:
                    flush()
                    return String(scalars)
                case 0x5C:
                    flush()
                    guard let e = peek else { return nil }
                    i += 1
                    switch e {
                    case 0x22, 0x5C, 0x2F: scalars.append(Unicode.Scalar(e))
                    case 0x62: scalars.append("\u{08}")
                    case 0x66: scalars.append("\u{0C}")
                    case 0x6E: scalars.append("\n")
                    case 0x72: scalars.append("\r")
                    case 0x74: scalars.append("\t")
                    case 0x75:
                        guard var unit = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(unit) {
                            guard take(0x5C), take(0x75), let low = hex4(), (0xDC00..<0xE000).contains(low) else {
                                return nil
                            }
                            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(unit) else { return nil }
                        scalars.append(scalar)
                    default: return nil
                    }
                case 0x00..<0x20: return nil
                default: raw.append(b)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count else { return nil }
            var v: UInt32 = 0
            for b in bytes[i..<(i + 4)] {
                guard let d = Character(Unicode.Scalar(b)).hexDigitValue else { return nil }
                v = v << 4 | UInt32(d)
            }
            i += 4
            return v
        }

        /// Skips a number, true/false/null, array or object (strings inside respected).
        mutating func skipValue() -> Bool {
            guard let first = peek else { return false }
            if first == 0x7B || first == 0x5B {
                var depth = 0
                while let b = peek {
                    if b == 0x22 {
                        guard string() != nil else { return false }
                        continue
                    }
                    i += 1
                    if b == 0x7B || b == 0x5B { depth += 1 }
                    if b == 0x7D || b == 0x5D {
                        depth -= 1
                        if depth == 0 { return true }
                    }
                }
                return false
            }
            let start = i
            while let b = peek, b != 0x2C, b != 0x7D, b != 0x20, b != 0x0A, b != 0x0D, b != 0x09 { i += 1 }
            return i > start
        }
    }
}
