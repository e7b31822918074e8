import VaultCrypto

/// The AWS key a request is signed with. The secret stays in locked memory and is never a String.
public struct SigningCredentials: ~Copyable {
    /// The access key id, e.g. "AKIDEXAMPLE"; public.
    public let accessKeyID: String
    /// The ASCII bytes of the secret access key.
    public let secretAccessKey: SecureBytes
    /// The STS session token of temporary credentials, sent as X-Amz-Security-Token.
    public let sessionToken: String?

    /// Credentials owning `secretAccessKey`.
    public init(accessKeyID: String, secretAccessKey: consuming SecureBytes, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}
