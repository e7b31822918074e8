// `vault assume` output (credential_process JSON, POSIX or fish exports, a credentials-file
// section), secrets from locked memory.
#if canImport(Glibc)
import Glibc
#endif
import AWSClient
import VaultBase
import VaultCrypto
import VaultStore

/// How `vault assume` hands credentials over.
public enum CredentialFormat: String, CaseIterable, Sendable {
    /// The `credential_process` JSON the AWS CLI and SDKs read.
    case json
    /// Shell `export` lines for `eval "$(vault assume PROFILE)"`.
    case env
    /// fish `set -gx` lines for `vault assume PROFILE --format fish | source`.
    case fish
    /// A `[PROFILE]` section of an AWS credentials file.
    case ini
}

/// Writes credentials to a file descriptor. The secret and the session token go from locked
/// memory straight to write(2), never through a Swift String.
public enum CredentialOutput {
    public static func write(_ session: borrowing Session, profile: String, format: CredentialFormat, to fd: Int32 = 1)
        throws(VaultError)
    {
        try checkSecretAlphabet(session.credentials.secretAccessKey)
        let (prefix, middle, suffix): (String, String, String)
        let token: SecureBytes
        switch format {
        case .json:
            prefix =
                "{\"Version\":1,\"AccessKeyId\":\(JSONValue.quoted(session.credentials.accessKeyID)),\"SecretAccessKey\":\""
            middle = "\",\"SessionToken\":"
            token = try SecretQuoting.json(session.credentials.sessionToken)
            suffix = ",\"Expiration\":\(JSONValue.quoted(ISO8601.format(session.credentials.expiration)))}\n"
        case .env:
            prefix =
                "export AWS_ACCESS_KEY_ID=\(shellQuoted(session.credentials.accessKeyID))\nexport AWS_SECRET_ACCESS_KEY='"
            middle = "'\nexport AWS_SESSION_TOKEN="
            token = try SecretQuoting.shell(session.credentials.sessionToken)
            var rest =
                "\nexport AWS_CREDENTIAL_EXPIRATION=\(shellQuoted(ISO8601.format(session.credentials.expiration)))\n"
            if let region = session.region {
                rest += "export AWS_REGION=\(shellQuoted(region))\nexport AWS_DEFAULT_REGION=\(shellQuoted(region))\n"
            }
            rest +=
                "export AWS_VAULT=\(shellQuoted(profile))\nunset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SECURITY_TOKEN\n"
            suffix = rest
        case .fish:
            (prefix, middle, suffix) = fishParts(session, profile: profile)
            token = try SecretQuoting.fish(session.credentials.sessionToken)
        case .ini:
            (prefix, middle, suffix) = try iniParts(session, profile: profile)
            token = try iniToken(session.credentials.sessionToken)
        }
        try writeAll(fd, prefix)
        try session.credentials.secretAccessKey.withUnsafeBytes { (raw) throws(VaultError) in try writeAll(fd, raw) }
        try writeAll(fd, middle)
        try token.withUnsafeBytes { (raw) throws(VaultError) in try writeAll(fd, raw) }
        try writeAll(fd, suffix)
    }

    /// `'text'` with embedded single quotes escaped, safe for `eval`. Byte by byte: a quote that
    /// a combining mark follows is one Character with it, which a Character-wise search misses.
    public static func shellQuoted(_ text: String) -> String {
        var out: [UInt8] = [0x27]
        for byte in text.utf8 {
            if byte == 0x27 { out += [0x27, 0x5C, 0x27, 0x27] } else { out.append(byte) }
        }
        out.append(0x27)
        return String(decoding: out, as: UTF8.self)
    }

    /// A secret from the network is printed inside quotes: refuse anything outside base64's
    /// alphabet so a hostile endpoint cannot inject shell or JSON.
    static func checkSecretAlphabet(_ secret: borrowing SecureBytes) throws(VaultError) {
        let ok = secret.withUnsafeBytes { raw in
            raw.count > 0
                && raw.allSatisfy { c in
                    (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2B
                        || c == 0x2F || c == 0x3D
                }
        }
        guard ok else {
            throw VaultError.sessions(.unexpectedSecret)
        }
    }

    private static func writeAll(_ fd: Int32, _ text: String) throws(VaultError) {
        let bytes = Array(text.utf8)
        let failure = bytes.withUnsafeBytes { raw in Result { () throws(VaultError) in try writeAll(fd, raw) } }
        try failure.get()
    }

    private static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer) throws(VaultError) {
        do { try FileDescriptor.writeAll(fd, raw, path: "the credentials") } catch {
            throw VaultError.sessions(.cannotWriteCredentials(detail: String(cString: strerror(error.errno))))
        }
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Index>? {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(target) { return index..<self.index(index, offsetBy: target.count) }
            index = self.index(after: index)
        }
        return nil
    }
}
