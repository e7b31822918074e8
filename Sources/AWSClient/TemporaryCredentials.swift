// Session credentials and caller identity: what STS hands back.
import SigV4
import VaultCrypto

/// Session credentials from AssumeRole or GetSessionToken. The secret and the session token live
/// only in locked memory; the value has one owner.
public struct TemporaryCredentials: ~Copyable {
    /// Temporary access key id (`ASIA…` on AWS).
    public let accessKeyID: String
    /// Temporary secret access key, never held in a `String`.
    public let secretAccessKey: SecureBytes
    /// Session token to send with every request (its ASCII bytes), never held in a `String`.
    public let sessionToken: SecureBytes
    /// When the credentials stop working, unix seconds.
    public let expiration: Int64
    /// The assumed-role ARN (`arn:aws:sts::…:assumed-role/ROLE/SESSION`), for AssumeRole only.
    public let assumedRoleARN: String?

    /// Credentials from their parts.
    public init(
        accessKeyID: String, secretAccessKey: consuming SecureBytes, sessionToken: consuming SecureBytes,
        expiration: Int64,
        assumedRoleARN: String? = nil
    ) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.assumedRoleARN = assumedRoleARN
    }

    /// These credentials as signing credentials (session token included), giving up ownership.
    public consuming func signingCredentials() -> SigningCredentials {
        SigningCredentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
    }
}

/// Who the signing credentials belong to (GetCallerIdentity).
public struct CallerIdentity: Sendable, Equatable {
    /// 12-digit account id.
    public var account: String
    /// ARN of the user or assumed role.
    public var arn: String
    /// Unique id (`AIDA…` for a user, `AROA…:session` for a role session).
    public var userID: String

    /// An identity from its parts.
    public init(account: String, arn: String, userID: String) {
        self.account = account
        self.arn = arn
        self.userID = userID
    }
}
