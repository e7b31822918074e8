// What the IAM Identity Center APIs hand back: client registrations, device authorizations,
// tokens, and the accounts and roles a login reaches.
import VaultCrypto

/// A registered OIDC client (RegisterClient); the secret only in locked memory.
public struct SSOClientRegistration: ~Copyable {
    public let clientID: String
    public let clientSecret: SecureBytes
    /// When the registration stops working, unix seconds.
    public let expiresAt: Int64

    public init(clientID: String, clientSecret: consuming SecureBytes, expiresAt: Int64) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.expiresAt = expiresAt
    }
}

/// A started device authorization (StartDeviceAuthorization). The device code is a secret: with
/// it, anyone could collect the tokens once the user approves.
public struct SSODeviceAuthorization: ~Copyable {
    public let deviceCode: SecureBytes
    /// What the user types (or sees pre-filled) at the verification page.
    public let userCode: String
    public let verificationURI: String
    public let verificationURIComplete: String?
    /// Seconds the device code stays valid.
    public let expiresIn: Int64
    /// Seconds to wait between polls (5 when the service names none, RFC 8628).
    public let interval: Int64

    public init(
        deviceCode: consuming SecureBytes, userCode: String, verificationURI: String,
        verificationURIComplete: String?, expiresIn: Int64, interval: Int64
    ) {
        self.deviceCode = deviceCode
        self.userCode = userCode
        self.verificationURI = verificationURI
        self.verificationURIComplete = verificationURIComplete
        self.expiresIn = expiresIn
        self.interval = interval
    }
}

/// An access token and the refresh token that renews it (CreateToken).
public struct SSOToken: ~Copyable {
    public let accessToken: SecureBytes
    /// Empty when the service gave none (then the login cannot be refreshed).
    public let refreshToken: SecureBytes
    /// When the access token stops working, unix seconds.
    public let expiresAt: Int64

    public init(accessToken: consuming SecureBytes, refreshToken: consuming SecureBytes, expiresAt: Int64) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
    }

    /// Whether a refresh token came with it.
    public var canRefresh: Bool { refreshToken.count > 0 }
}

/// An account the login may use (ListAccounts).
public struct SSOAccount: Equatable, Sendable {
    public let accountID: String
    public let name: String?
    public let email: String?

    public init(accountID: String, name: String?, email: String?) {
        self.accountID = accountID
        self.name = name
        self.email = email
    }
}
