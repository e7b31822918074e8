/// Why bytes are not a valid vault file. Nothing here carries secret material.
public enum FormatError: Error, Equatable, Sendable {
    /// The file is not a vault file at all (wrong magic).
    case notAVault
    /// The file was written by a newer or unknown format version.
    case unsupportedVersion(UInt16)
    /// The file ends before `field`.
    case truncated(field: String)
    /// The whole-file checksum does not match: bytes were changed or lost.
    case checksumMismatch
    /// A field holds a value the format does not allow.
    case invalidField(field: String, reason: String)
    /// The file is larger than any vault vault would write.
    case tooLarge(byteCount: Int)
    /// The passphrase (or keyring secret) does not open this vault.
    case wrongKey
    /// An entry's sealed part does not open, or names another entry: the file was altered.
    case entryTampered(profile: String)
    /// The secret key opened, but the header's public key is not its public key: the file was altered.
    case publicKeyMismatch
    /// The seal does not match the sealed part: changed by somebody without the vault's key.
    case sealMismatch
}
