// The session-cache plaintext codec, in locked memory throughout.
import AWSClient
import VaultCrypto

/// The bytes inside a session-cache file, built and parsed in locked memory: the session token
/// and the secret are copied between locked buffers only, never through a `String`.
enum SessionPlaintext {
    static func encode(_ credentials: borrowing TemporaryCredentials) throws(CryptoError) -> SecureBytes {
        let publicFields = [credentials.accessKeyID, credentials.assumedRoleARN ?? ""].map { Array($0.utf8) }
        let tokenCount = credentials.sessionToken.count
        let secretCount = credentials.secretAccessKey.count
        let total = 8 + publicFields.reduce(0) { $0 + 2 + $1.count } + 2 + tokenCount + 2 + secretCount
        var out = try SecureBytes(count: total)
        credentials.sessionToken.withUnsafeBytes { token in
            credentials.secretAccessKey.withUnsafeBytes { secret in
                out.withUnsafeMutableBytes { o in
                    var offset = 0
                    func put(_ bytes: some Collection<UInt8>) {
                        for b in bytes { o[offset] = b; offset += 1 }
                    }
                    func putField(_ bytes: some Collection<UInt8>) {
                        put([UInt8(bytes.count & 0xff), UInt8(bytes.count >> 8)])
                        put(bytes)
                    }
                    put(
                        (0..<8).map {
                            UInt8(truncatingIfNeeded: UInt64(bitPattern: credentials.expiration) >> (8 * $0))
                        })
                    for field in publicFields { putField(field) }
                    putField(token)
                    putField(secret)
                }
            }
        }
        return out
    }

    static func decode(_ plain: borrowing SecureBytes) -> TemporaryCredentials? {
        typealias Parsed = (expiration: Int64, fields: [String], token: Range<Int>, secret: Range<Int>)
        let parsed: Parsed? = plain.withUnsafeBytes { raw in
            var offset = 0
            func take(_ n: Int) -> UnsafeRawBufferPointer? {
                guard n >= 0, offset + n <= raw.count else { return nil }
                defer { offset += n }
                return UnsafeRawBufferPointer(rebasing: raw[offset..<offset + n])
            }
            func length() -> Int? { take(2).map { Int($0[0]) | Int($0[1]) << 8 } }
            /// Where the next length-prefixed field lies, without reading it.
            func field() -> Range<Int>? {
                guard let n = length() else { return nil }
                let start = offset
                guard take(n) != nil else { return nil }
                return start..<offset
            }
            guard let e = take(8) else { return nil }
            let expiration = Int64(
                bitPattern: e.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) })
            var fields: [String] = []
            for _ in 0..<2 {
                guard let n = length(), let bytes = take(n) else { return nil }
                fields.append(String(decoding: bytes, as: UTF8.self))
            }
            guard let token = field(), let secret = field(), offset == raw.count else { return nil }
            return (expiration, fields, token, secret)
        }
        guard let parsed, let token = try? plain.slice(parsed.token), let secret = try? plain.slice(parsed.secret)
        else {
            return nil
        }
        return TemporaryCredentials(
            accessKeyID: parsed.fields[0], secretAccessKey: secret, sessionToken: token, expiration: parsed.expiration,
            assumedRoleARN: parsed.fields[1].isEmpty ? nil : parsed.fields[1])
    }
}
