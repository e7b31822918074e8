/// One profile as botocore sees it: its config-file values, overridden key by key by its
/// credentials-file values (session.py `full_config`).
public struct Profile: Hashable, Sendable {
    public let name: String
    /// Every key, known or not; keys lower-cased.
    public let raw: [String: ConfigValue]
    /// `aws_access_key_id` or `aws_secret_access_key` appears in the config file's profile.
    public let hasStaticKeysInConfig: Bool
    /// `aws_access_key_id` or `aws_secret_access_key` appears in the credentials file's profile.
    public let hasStaticKeysInCredentialsFile: Bool

    public init(
        name: String, raw: [String: ConfigValue], hasStaticKeysInConfig: Bool = false,
        hasStaticKeysInCredentialsFile: Bool = false
    ) {
        self.name = name
        self.raw = raw
        self.hasStaticKeysInConfig = hasStaticKeysInConfig
        self.hasStaticKeysInCredentialsFile = hasStaticKeysInCredentialsFile
    }

    public var region: String? { raw["region"]?.stringValue }
    public var sourceProfile: String? { raw["source_profile"]?.stringValue }
    public var roleARN: String? { raw["role_arn"]?.stringValue }
    public var mfaSerial: String? { raw["mfa_serial"]?.stringValue }
    public var externalID: String? { raw["external_id"]?.stringValue }
    public var roleSessionName: String? { raw["role_session_name"]?.stringValue }
    /// vault's extension: a command whose standard output is the current MFA code.
    public var mfaProcess: String? { raw["mfa_process"]?.stringValue }
    public var credentialProcess: String? { raw["credential_process"]?.stringValue }
    /// `duration_seconds` when it is a plain decimal number; `ProfileResolver.resolve` reports
    /// anything else, and numbers outside 900...43200, as `ConfigError.invalidValue`.
    public var durationSeconds: Int? { raw["duration_seconds"]?.stringValue.flatMap(Self.decimal) }

    /// botocore `_has_static_credentials` (credentials.py): either key name is enough.
    public var hasStaticKeys: Bool { raw["aws_access_key_id"] != nil || raw["aws_secret_access_key"] != nil }

    static func decimal(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return nil
        }
        return Int(text)
    }

    static func hasStaticKeys(_ values: [String: ConfigValue]?) -> Bool {
        guard let values else { return false }
        return values["aws_access_key_id"] != nil || values["aws_secret_access_key"] != nil
    }
}
