// `vault doctor --using ADMIN`: the daily user's name, for the checks an admin's keys make about it.
import AWSClient
import AWSConfig
import VaultCrypto
import VaultFormat

extension Doctor {
    /// The IAM user whose keys the chain uses (STS GetCallerIdentity, which any key may call);
    /// nil when it cannot be learnt (the check then reads the `--using` identity's own name).
    func sourceUserName(_ chain: ResolvedChain, _ document: VaultDocument, _ keyPair: borrowing BoxKeyPair) -> String? {
        guard let source = try? vault.signingCredentials(for: chain.root.name, in: document, keyPair: keyPair),
            let sts = try? STSClient(
                region: "us-east-1", environment: context.environment, configuration: configuration),
            let caller = try? sts.getCallerIdentity(credentials: source), caller.arn.contains(":user/")
        else { return nil }
        return caller.arn.split(separator: "/").last.map(String.init)
    }
}
