// Who signs IAM calls made for the user's own keys (rotation): the MFA session of the key, or
// another identity's key (`--using`); held once, handed out as fresh signing credentials per call.
import AWSClient
import AWSConfig
import SigV4
import VaultCrypto
import VaultFormat

/// Signing credentials kept for several IAM calls (each call consumes its own copy).
public final class IAMSigner {
    let accessKeyID: String
    private let secret: SecureBytes
    private let token: SecureBytes
    private let hasToken: Bool
    /// What signs, for notes: "the MFA session of 'default'", "the keys of 'admin'".
    public let label: String

    init(session: borrowing TemporaryCredentials, label: String) throws(VaultError) {
        accessKeyID = session.accessKeyID
        do {
            secret = try session.secretAccessKey.slice(0..<session.secretAccessKey.count)
            token = try session.sessionToken.slice(0..<session.sessionToken.count)
        } catch { throw .mfaSession(.cannotHoldSigner) }
        hasToken = true
        self.label = label
    }

    init(longTerm: borrowing SigningCredentials, label: String) throws(VaultError) {
        accessKeyID = longTerm.accessKeyID
        do {
            secret = try longTerm.secretAccessKey.slice(0..<longTerm.secretAccessKey.count)
            token = try SecureBytes(count: 1)
        } catch { throw .mfaSession(.cannotHoldSigner) }
        hasToken = false
        self.label = label
    }

    /// A copy for one request.
    func signing() throws(VaultError) -> SigningCredentials {
        do {
            let copy = try secret.slice(0..<secret.count)
            if hasToken {
                return SigningCredentials(
                    accessKeyID: accessKeyID, secretAccessKey: copy, sessionToken: try token.slice(0..<token.count))
            }
            return SigningCredentials(accessKeyID: accessKeyID, secretAccessKey: copy)
        } catch { throw .mfaSession(.cannotHoldSigner) }
    }
}

extension SessionBroker {
    /// The signer for IAM calls on `profile`'s own keys: `using`'s long-term key when given, else
    /// the MFA session of `profile`'s key (from the cache, or one new code) when vault knows its
    /// MFA device (its own `mfa_serial` or that of a role profile it is the source of); nil
    /// otherwise (the keys sign for themselves, as before MFA sessions).
    public func iamSigner(forKeysOf profile: String, using: String?, mfaCode: String?) throws(VaultError) -> IAMSigner?
    {
        let document = try vault.load()
        if let using {
            let keyPair = try vault.unlock(document)
            return try IAMSigner(
                longTerm: try vault.signingCredentials(for: using, in: document, keyPair: keyPair),
                label: "the keys of '\(using)'")
        }
        let resolver = try? AWSFiles(environment: context.environment).resolver()
        let own = (try? resolver?.resolve(profile)).flatMap { chain in chain?.hops.isEmpty == true ? chain : nil }
        let roles = (resolver?.profileNames ?? []).compactMap { try? resolver?.resolve($0) }
            .filter { $0.root.name == profile && $0.hops.first?.mfaSerial != nil }
        let hop: RoleHop
        let chain: ResolvedChain
        if let own, let serial = own.profile.mfaSerial {
            chain = own
            hop = RoleHop(profile: profile, roleARN: "", mfaSerial: serial, mfaProcess: own.profile.mfaProcess)
        } else if let first = roles.first, let firstHop = first.hops.first {
            chain = first
            hop = firstHop
        } else {
            return nil
        }
        guard let serial = hop.mfaSerial else { return nil }
        let region = chain.profile.region ?? chain.root.region ?? "us-east-1"
        let sts: STSClient
        do { sts = try STSClient(region: region, environment: context.environment, configuration: configuration) } catch
        {
            throw .from(error, profile: profile)
        }
        let session = try mfaSession(
            chain, serial: serial, hop: hop, request: SessionRequest(profile: profile, mfaCode: mfaCode),
            document: document, sts: sts, mfaTimeout: try MFAProcess.timeout(environment: context.environment),
            lifetime: try MFASessionPolicy.seconds(chain, environment: context.environment), refusedKeyID: nil)
        return try IAMSigner(session: session.credentials, label: "the MFA session of '\(profile)'")
    }
}
