import VaultCrypto

/// A long-term AWS access key: a public id and a secret that lives only in locked memory.
public struct AccessKey: ~Copyable {
    public let accessKeyID: String
    public let secretAccessKey: SecureBytes

    /// Checks the shapes AWS uses (`AKIA` + 16 of `A–Z 2–7`… in practice `A–Z 0–9`; a 40-character
    /// base64-alphabet secret) so a pasted typo fails here rather than as a signature error later.
    public init(accessKeyID: String, secretAccessKey: consuming SecureBytes) throws(AccessKeyError) {
        guard Self.isValidAccessKeyID(accessKeyID) else { throw .malformedAccessKeyID }
        guard Self.isValidSecretShape(secretAccessKey) else { throw .malformedSecret(length: secretAccessKey.count) }
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
    }

    /// Gives up the key, handing its secret to the caller (e.g. to build signing credentials).
    public consuming func takeSecret() -> SecureBytes { secretAccessKey }

    /// `AKIA` followed by 16 upper-case letters or digits.
    public static func isValidAccessKeyID(_ id: String) -> Bool {
        let u = Array(id.utf8)
        return u.count == 20 && id.hasPrefix("AKIA")
            && u.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    /// 40 characters of the base64 alphabet, checked without copying the secret out.
    public static func isValidSecretShape(_ secret: borrowing SecureBytes) -> Bool {
        secret.withUnsafeBytes { raw in
            raw.count == 40
                && raw.allSatisfy { c in
                    (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2B
                        || c == 0x2F
                }
        }
    }

    /// `AKIA…WXYZ`: enough to recognise a key, not enough to look it up.
    public static func hint(for id: String) -> String {
        let u = Array(id.utf8)
        guard u.count >= 8 else { return "…" }
        return String(decoding: u.prefix(4), as: UTF8.self) + "…" + String(decoding: u.suffix(4), as: UTF8.self)
    }
}

/// Why typed-in key material was rejected. Never carries the secret.
public enum AccessKeyError: Error, Equatable, Sendable {
    case malformedAccessKeyID
    case malformedSecret(length: Int)
}
