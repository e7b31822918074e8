import VaultCrypto

/// An IAM user (GetUser).
public struct IAMUser: Sendable, Equatable {
    /// User name.
    public var userName: String
    /// User ARN.
    public var arn: String
    /// Unique id (`AIDA…`).
    public var userID: String

    /// A user from its parts.
    public init(userName: String, arn: String, userID: String) {
        self.userName = userName
        self.arn = arn
        self.userID = userID
    }
}

/// Whether an access key may sign requests.
public enum AccessKeyStatus: String, Sendable, Equatable {
    /// The key works.
    case active = "Active"
    /// The key is disabled but not deleted.
    case inactive = "Inactive"
}

/// One access key's public facts (ListAccessKeys).
public struct AccessKeyMetadata: Sendable, Equatable {
    /// Access key id.
    public var accessKeyID: String
    /// Active or Inactive.
    public var status: AccessKeyStatus
    /// Creation time, unix seconds, when given.
    public var created: Int64?

    /// Metadata from its parts.
    public init(accessKeyID: String, status: AccessKeyStatus, created: Int64?) {
        self.accessKeyID = accessKeyID
        self.status = status
        self.created = created
    }
}

/// A key just made by CreateAccessKey; AWS shows its secret this once.
public struct NewAccessKey: ~Copyable {
    /// Access key id.
    public let accessKeyID: String
    /// Secret access key, only ever in locked memory.
    public let secretAccessKey: SecureBytes
    /// Status of the new key (Active).
    public let status: AccessKeyStatus

    /// A new key from its parts.
    public init(accessKeyID: String, secretAccessKey: consuming SecureBytes, status: AccessKeyStatus) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.status = status
    }

    /// Gives up the key, handing its secret to the caller (to seal it into the vault).
    public consuming func takeSecret() -> SecureBytes { secretAccessKey }
}

/// When and where a key was last used (GetAccessKeyLastUsed); nil fields mean never / N/A.
public struct AccessKeyLastUsed: Sendable, Equatable {
    /// Last use, unix seconds.
    public var date: Int64?
    /// Service last called, e.g. `sts`.
    public var service: String?
    /// Region last called.
    public var region: String?

    /// Last use from its parts.
    public init(date: Int64?, service: String?, region: String?) {
        self.date = date
        self.service = service
        self.region = region
    }
}
