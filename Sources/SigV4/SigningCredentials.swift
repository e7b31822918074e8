// The credentials a request is signed with: secret and session token in locked memory.
import VaultCrypto

/// The AWS key a request is signed with. The secret and the session token stay in locked memory
/// and are never a String.
public struct SigningCredentials: ~Copyable {
    /// The access key id, e.g. "AKIDEXAMPLE"; public.
    public let accessKeyID: String
    /// The ASCII bytes of the secret access key.
    public let secretAccessKey: SecureBytes
    /// The ASCII bytes of the STS session token of temporary credentials, sent as
    /// X-Amz-Security-Token; like the secret, it stays in locked memory.
    public let sessionToken: SecureBytes?

    /// Credentials owning `secretAccessKey` and `sessionToken`.
    public init(
        accessKeyID: String, secretAccessKey: consuming SecureBytes, sessionToken: consuming SecureBytes? = nil
    ) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}
