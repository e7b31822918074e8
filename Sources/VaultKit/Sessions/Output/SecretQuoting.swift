// JSON and shell quoting of a secret (the session token) without a String.
import VaultCrypto

/// A secret quoted for JSON or for a shell, built in locked memory: the bytes `JSONValue.quoted`
/// and `CredentialOutput.shellQuoted` write for a `String`, without the secret becoming one.
enum SecretQuoting {
    /// `"…"` with `JSONValue.quoted`'s escapes (per scalar, for well-formed UTF-8, which the
    /// session token is: `XMLDocument.secureUTF8Text` repairs it as a `String` would).
    static func json(_ secret: borrowing SecureBytes) throws(VaultError) -> SecureBytes {
        try quoted(secret, escape: jsonEscape)
    }

    /// `'…'` with each `'` written `'\''`, safe for `eval`. Byte by byte: unlike a `String`'s
    /// Character search, a quote followed by a combining mark is escaped too.
    static func shell(_ secret: borrowing SecureBytes) throws(VaultError) -> SecureBytes {
        try quoted(secret, escape: shellEscape)
    }

    /// `'…'` for fish, where `\'` and `\\` are the only escapes inside single quotes.
    static func fish(_ secret: borrowing SecureBytes) throws(VaultError) -> SecureBytes {
        try quoted(secret) { raw, emit in
            emit(UInt8(ascii: "'"))
            for b in raw {
                if b == UInt8(ascii: "'") || b == UInt8(ascii: "\\") { emit(UInt8(ascii: "\\")) }
                emit(b)
            }
            emit(UInt8(ascii: "'"))
        }
    }

    /// Runs `escape` twice: once to count the output, once to write it into locked memory.
    private static func quoted(
        _ secret: borrowing SecureBytes, escape: (UnsafeRawBufferPointer, (UInt8) -> Void) -> Void
    ) throws(VaultError) -> SecureBytes {
        let count = secret.withUnsafeBytes { raw in
            var n = 0
            escape(raw) { _ in n += 1 }
            return n
        }
        var out: SecureBytes
        do { out = try SecureBytes(count: count) } catch {
            throw VaultError.lockedMemory
        }
        secret.withUnsafeBytes { raw in
            out.withUnsafeMutableBytes { buffer in
                var k = 0
                escape(raw) { b in
                    buffer[k] = b
                    k += 1
                }
            }
        }
        return out
    }

    private static func jsonEscape(_ raw: UnsafeRawBufferPointer, _ emit: (UInt8) -> Void) {
        let hex = Array("0123456789abcdef".utf8)
        func emitASCII(_ text: StaticString) { text.withUTF8Buffer { $0.forEach(emit) } }
        emit(UInt8(ascii: "\""))
        var i = 0
        while i < raw.count {
            let b = raw[i]
            switch b {
            case UInt8(ascii: "\""): emitASCII("\\\"")
            case UInt8(ascii: "\\"): emitASCII("\\\\")
            case UInt8(ascii: "\n"): emitASCII("\\n")
            case UInt8(ascii: "\r"): emitASCII("\\r")
            case UInt8(ascii: "\t"): emitASCII("\\t")
            case 0..<0x20, 0x7F:
                emitASCII("\\u00")
                emit(hex[Int(b >> 4)])
                emit(hex[Int(b & 0xF)])
            case 0xE2 where i + 2 < raw.count && raw[i + 1] == 0x80 && (raw[i + 2] == 0xA8 || raw[i + 2] == 0xA9):
                // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR.
                emitASCII(raw[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                i += 2
            default: emit(b)
            }
            i += 1
        }
        emit(UInt8(ascii: "\""))
    }

    private static func shellEscape(_ raw: UnsafeRawBufferPointer, _ emit: (UInt8) -> Void) {
        let quote = UInt8(ascii: "'")
        emit(quote)
        for b in raw {
            if b == quote {
                for e in Array("'\\''".utf8) { emit(e) }
            } else {
                emit(b)
            }
        }
        emit(quote)
    }
}
