// `vault setup`'s step for key rotation: the user may manage its own access keys, only with MFA
// (Vault/policies/manage-own-keys-policy.json), so `vault rotate` works in the least-privilege setup.
import AWSClient
import SigV4

extension RoleSetup {
    /// A plan step putting the self-management policy on `userName` when it is missing or differs;
    /// its document is shown with the others.
    func manageOwnKeysStep(
        iam: IAMClient, userName: String, signing: borrowing SigningCredentials, dryRun: Bool,
        report: inout SetupReport
    ) throws(VaultError) -> (String, (borrowing SigningCredentials) throws(AWSError) -> Void)? {
        let name = Policies.manageOwnKeysPolicyName
        let wanted = Policies.manageOwnKeysTemplate
        report.documents.append(("inline policy \(name) of user \(userName)", wanted))
        let current: String?
        do {
            current = try iam.getUserPolicy(userName: userName, policyName: name, credentials: signing)
        } catch .noSuchEntity {
            current = nil
        } catch .accessDenied where dryRun {
            // As for the other policies: a dry run still shows it to a user without IAM read rights.
            current = nil
            report.notes.append(Self.unread("user \(userName)'s \(name)"))
        } catch { throw .from(error) }
        if let current, Policies.equivalent(current, wanted) { return nil }
        if current != nil { report.differences.append("the user's \(name) differs") }
        return (
            "put \(name) on user \(userName) (it may manage its own access keys, only with MFA: vault rotate)",
            { (c) throws(AWSError) in
                try iam.putUserPolicy(userName: userName, policyName: name, document: wanted, credentials: c)
            }
        )
    }
}
