// `vault assume --format fish` and `--format ini`: the text around the secret and the token.
import AWSClient
import VaultBase
import VaultCrypto

extension CredentialOutput {
    /// `'text'` for fish: inside single quotes fish reads only `\'` and `\\` as escapes.
    public static func fishQuoted(_ text: String) -> String {
        var out: [UInt8] = [0x27]
        for byte in text.utf8 {
            if byte == 0x27 || byte == 0x5C { out.append(0x5C) }
            out.append(byte)
        }
        out.append(0x27)
        return String(decoding: out, as: UTF8.self)
    }

    /// `set -gx` lines; the secret (base64's alphabet, checked) goes between prefix and middle,
    /// the quoted token between middle and suffix.
    static func fishParts(_ session: borrowing Session, profile: String) -> (String, String, String) {
        // Erased first, its failure for an unset name cleared (`set` keeps the status, `source` returns it).
        let prefix =
            "set -e AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SECURITY_TOKEN; or true\nset -gx AWS_ACCESS_KEY_ID \(fishQuoted(session.credentials.accessKeyID))\nset -gx AWS_SECRET_ACCESS_KEY '"
        var suffix =
            "\nset -gx AWS_CREDENTIAL_EXPIRATION \(fishQuoted(ISO8601.format(session.credentials.expiration)))\n"
        if let region = session.region {
            suffix += "set -gx AWS_REGION \(fishQuoted(region))\nset -gx AWS_DEFAULT_REGION \(fishQuoted(region))\n"
        }
        suffix +=
            "set -gx AWS_VAULT \(fishQuoted(profile))\n"
        return (prefix, "'\nset -gx AWS_SESSION_TOKEN ", suffix)
    }

    /// A credentials-file section `[PROFILE]` (botocore reads it with RawConfigParser: no
    /// interpolation, a value ends at the line's end).
    static func iniParts(_ session: borrowing Session, profile: String) throws(VaultError) -> (String, String, String) {
        let unsafe =
            profile.isEmpty
            || profile.unicodeScalars.contains {
                $0.value < 0x21 || "[]#;=:".unicodeScalars.contains($0) || $0.value == 0x7F
            }
        guard !unsafe else { throw .shell(.profileNotINISafe(profile)) }
        guard session.credentials.accessKeyID.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .shell(.tokenNotINISafe)
        }
        let prefix =
            "[\(profile)]\n# vault: expires \(ISO8601.format(session.credentials.expiration))\n"
            + "aws_access_key_id = \(session.credentials.accessKeyID)\naws_secret_access_key = "
        return (prefix, "\naws_session_token = ", "\n")
    }

    /// The token as it is, once checked to be printable ASCII without spaces: anything else
    /// would end the value early or start a new line in the file.
    static func iniToken(_ token: borrowing SecureBytes) throws(VaultError) -> SecureBytes {
        let printable = token.withUnsafeBytes { raw in raw.count > 0 && raw.allSatisfy { $0 > 0x20 && $0 < 0x7F } }
        guard printable else { throw .shell(.tokenNotINISafe) }
        var copy: SecureBytes
        do { copy = try SecureBytes(count: token.count) } catch { throw .shell(.cannotLockMemory) }
        token.withUnsafeBytes { raw in copy.withUnsafeMutableBytes { $0.copyMemory(from: raw) } }
        return copy
    }
}
