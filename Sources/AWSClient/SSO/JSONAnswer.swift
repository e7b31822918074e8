// A JSON answer read so that its secrets go from the body into locked memory, never a String.
import VaultCrypto

/// A JSON object (nested objects allowed, arrays of objects kept as indexed paths) parsed into
/// byte ranges of its scalar values. Owns the body and wipes it when released.
public final class JSONAnswer {
    private var bytes: [UInt8]
    /// Dotted path (`roleCredentials.accessKeyId`, `accountList.0.accountId`) to value range;
    /// strings without their quotes.
    private var values: [String: (range: Range<Int>, isString: Bool)] = [:]

    /// Parses `body`, taking its bytes (the caller's array is left empty).
    public init(taking body: inout [UInt8]) throws(JSONAnswerError) {
        bytes = body
        Sodium.wipe(&body)
        body = []
        var index = 0
        try parseValue(&index, path: "", depth: 0)
        skipSpace(&index)
        guard index == bytes.count else { throw .malformed("text after the JSON value") }
    }

    deinit { Sodium.wipe(&bytes) }

    /// The string or number at `path`, decoded; nil when absent or null.
    public func text(_ path: String) -> String? {
        guard let value = values[path] else { return nil }
        guard value.isString else {
            let raw = String(decoding: bytes[value.range], as: UTF8.self)
            return raw == "null" ? nil : raw
        }
        var out: [UInt8] = []
        guard unescape(value.range, into: { out.append($0) }) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// The integer at `path`.
    public func integer(_ path: String) -> Int64? { text(path).flatMap { Int64($0) } }

    /// How many elements the array at `path` has (its objects are `path.0`, `path.1`, ...).
    public func count(_ path: String) -> Int {
        var n = 0
        while values.keys.contains(where: { $0.hasPrefix("\(path).\(n).") }) { n += 1 }
        return n
    }

    /// The string at `path`, decoded straight into locked memory; nil when absent.
    public func secret(_ path: String) throws(JSONAnswerError) -> SecureBytes? {
        guard let value = values[path], value.isString else { return nil }
        var length = 0
        guard unescape(value.range, into: { _ in length += 1 }) else { throw .malformed("bad escape in \(path)") }
        var out: SecureBytes
        do { out = try SecureBytes(count: length) } catch { throw .secureMemory }
        out.withUnsafeMutableBytes { buffer in
            var offset = 0
            _ = unescape(value.range) { byte in
                buffer[offset] = byte
                offset += 1
            }
        }
        return out
    }

    // MARK: parsing

    private func skipSpace(_ i: inout Int) {
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    private func parseValue(_ i: inout Int, path: String, depth: Int) throws(JSONAnswerError) {
        guard depth < 16 else { throw .malformed("nested too deeply") }
        skipSpace(&i)
        guard i < bytes.count else { throw .malformed("unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            skipSpace(&i)
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                i += 1
                return
            }
            while true {
                skipSpace(&i)
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw .malformed("expected a key") }
                let keyRange = try stringRange(&i)
                var key: [UInt8] = []
                guard unescape(keyRange, into: { key.append($0) }) else { throw .malformed("bad key") }
                skipSpace(&i)
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw .malformed("expected :") }
                i += 1
                let name = String(decoding: key, as: UTF8.self)
                try parseValue(&i, path: path.isEmpty ? name : path + "." + name, depth: depth + 1)
                skipSpace(&i)
                guard i < bytes.count else { throw .malformed("unexpected end") }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                guard bytes[i] == UInt8(ascii: "}") else { throw .malformed("expected , or }") }
                i += 1
                return
            }
        case UInt8(ascii: "["):
            i += 1
            skipSpace(&i)
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                i += 1
                return
            }
            var n = 0
            while true {
                try parseValue(&i, path: path + "." + String(n), depth: depth + 1)
                n += 1
                skipSpace(&i)
                guard i < bytes.count else { throw .malformed("unexpected end") }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                guard bytes[i] == UInt8(ascii: "]") else { throw .malformed("expected , or ]") }
                i += 1
                return
            }
        case UInt8(ascii: "\""):
            values[path] = (try stringRange(&i), true)
        default:
            let start = i
            while i < bytes.count, !",}] \t\r\n".utf8.contains(bytes[i]) { i += 1 }
            guard i > start else { throw .malformed("expected a value") }
            values[path] = (start..<i, false)
        }
    }

    /// The range inside the quotes of the string starting at `i`; `i` ends after the closing quote.
    private func stringRange(_ i: inout Int) throws(JSONAnswerError) -> Range<Int> {
        i += 1
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\") { i += 1 }
            i += 1
        }
        guard i < bytes.count else { throw .malformed("unterminated string") }
        defer { i += 1 }
        return start..<i
    }

    /// Emits the string's bytes with escapes decoded (`\uXXXX` as UTF-8); false on a bad escape.
    private func unescape(_ range: Range<Int>, into emit: (UInt8) -> Void) -> Bool {
        var i = range.lowerBound
        while i < range.upperBound {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\") else {
                guard b >= 0x20 else { return false }
                emit(b)
                i += 1
                continue
            }
            guard i + 1 < range.upperBound else { return false }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): emit(e)
            case UInt8(ascii: "n"): emit(0x0A)
            case UInt8(ascii: "t"): emit(0x09)
            case UInt8(ascii: "r"): emit(0x0D)
            case UInt8(ascii: "b"): emit(0x08)
            case UInt8(ascii: "f"): emit(0x0C)
            case UInt8(ascii: "u"):
                guard i + 4 <= range.upperBound,
                    let code = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16),
                    let scalar = Unicode.Scalar(code)
                else { return false }
                for unit in String(scalar).utf8 { emit(unit) }
                i += 4
            default: return false
            }
        }
        return true
    }
}

/// Why a JSON answer could not be read.
public enum JSONAnswerError: Error, Equatable {
    case malformed(String)
    case secureMemory
}

/// JSON request bodies built byte by byte, so a secret field never passes through a String.
public enum JSONBody {
    /// `"text"` as a JSON string.
    public static func quoted(_ text: String) -> [UInt8] { quoted(Array(text.utf8)) }

    /// Bytes as a JSON string, escaping quotes, backslashes and control characters.
    public static func quoted(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for b in bytes {
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                out += [UInt8(ascii: "\\"), b]
            } else if b < 0x20 {
                out += Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            } else {
                out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    /// A JSON object from public and secret fields, in order.
    public static func object(_ fields: [(String, JSONField)]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += quoted(field.0) + [UInt8(ascii: ":")]
            switch field.1 {
            case .text(let text): out += quoted(text)
            case .list(let items):
                out += [UInt8(ascii: "[")] + Array(items.map(quoted).joined(separator: [UInt8(ascii: ",")]))
                out.append(UInt8(ascii: "]"))
            case .bytes(let bytes): out += quoted(bytes)
            case .raw(let bytes): out += quoted(bytes)
            }
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
