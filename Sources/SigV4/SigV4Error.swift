import VaultCrypto

/// Why a request could not be signed. None of the cases carries secret material.
public enum SigV4Error: Error, Equatable, Sendable {
    /// Locked memory for a derived key could not be allocated.
    case keyDerivationFailed(CryptoError)
    /// The request carries a Host header that differs from `SignableRequest.host`.
    case conflictingHost(header: String, host: String)
}
