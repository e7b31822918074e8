// `vault doctor`'s check that the user may rotate its own keys with MFA (what `vault setup` grants).
import AWSClient
import SigV4

extension Policies {
    /// Whether `text`, the inline policy `name`, is vault's MFA-only self-management of access keys.
    static func isManageOwnKeys(name: String, _ text: String) -> Bool {
        name == manageOwnKeysPolicyName && equivalent(text, manageOwnKeysTemplate)
    }
}

extension Doctor {
    /// The user's `AllowManageOwnAccessKeysWithMFA`: present and as vault sets it.
    func rotationCheck(iam: IAMClient, signing: borrowing SigningCredentials, userName: String?) -> Finding {
        let name = Policies.manageOwnKeysPolicyName
        do {
            var user = userName ?? ""
            if userName == nil { user = try iam.getUser(credentials: signing).userName }
            let text = try iam.getUserPolicy(userName: user, policyName: name, credentials: signing)
            return Policies.isManageOwnKeys(name: name, text)
                ? Finding(
                    level: .ok, check: "key rotation", detail: "user \(user) may rotate its own keys, only with MFA",
                    fix: "")
                : Finding(
                    level: .warning, check: "key rotation", detail: "user \(user)'s \(name) differs from vault's",
                    fix: "vault setup --update restores it (Vault/policies/manage-own-keys-policy.json)")
        } catch .noSuchEntity {
            return Finding(
                level: .warning, check: "key rotation",
                detail: "the user may not manage its own access keys: vault rotate needs another identity (--using)",
                fix: "vault setup grants it with MFA only (Vault/policies/manage-own-keys-policy.json)")
        } catch {
            return Finding(
                level: .unchecked, check: "key rotation",
                detail: "could not read the user's policies (\(error.problem))",
                fix: "a least-privilege user cannot read its own policies; check them as an admin")
        }
    }
}
