import Foundation

/// The IAM policy documents vault creates (canonical copies in Vault/policies/) and the checks
/// `vault doctor` makes on what it finds.
public enum Policies {
    /// Vault/policies/trust-policy.json.
    public static let trustTemplate = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": {
                "AWS": {{PRINCIPALS}}
              },
              "Action": "sts:AssumeRole",
              "Condition": {
                "Bool": {
                  "aws:MultiFactorAuthPresent": "true"
                }
              }
            }
          ]
        }

        """

    /// Vault/policies/assume-role-policy.json.
    public static let assumeRoleTemplate = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": "sts:AssumeRole",
              "Resource": "{{ROLE_ARN}}"
            }
          ]
        }

        """

    public static let assumeRolePolicyName = "AllowAssumeRolePolicy"
    public static let powerUserAccess = "arn:aws:iam::aws:policy/PowerUserAccess"

    /// The trust policy for `principals` (IAM ARNs).
    public static func trustPolicy(principals: [String]) -> String {
        let rendered = principals.count == 1 ? Text.jsonString(principals[0]) : "[" + principals.map(Text.jsonString).joined(separator: ", ") + "]"
        return trustTemplate.replacingOccurrences(of: "{{PRINCIPALS}}", with: rendered)
    }

    /// The user's inline policy allowing `sts:AssumeRole` on `roleARNs` only.
    public static func assumeRolePolicy(roleARNs: [String]) -> String {
        let resource = roleARNs.count == 1 ? roleARNs[0] : "[" + roleARNs.map(Text.jsonString).joined(separator: ", ") + "]"
        let template = roleARNs.count == 1 ? assumeRoleTemplate : assumeRoleTemplate.replacingOccurrences(of: "\"{{ROLE_ARN}}\"", with: "{{ROLE_ARN}}")
        return template.replacingOccurrences(of: "{{ROLE_ARN}}", with: resource)
    }

    /// The roles an existing `AllowAssumeRolePolicy` lets the user assume (to keep them when
    /// another role is added).
    public static func assumableRoles(_ policy: String) -> [String] {
        guard let document = parse(policy) as? [String: Any] else { return [] }
        return list(document["Statement"]).compactMap { $0 as? [String: Any] }
            .filter { ($0["Effect"] as? String) == "Allow" }
            .flatMap { list($0["Resource"]).compactMap { $0 as? String } }
            .filter { $0.contains(":role/") }
    }

    /// Whether two policy documents mean the same (IAM reorders keys and may turn a one-element
    /// list into a string).
    public static func equivalent(_ a: String, _ b: String) -> Bool {
        guard let x = parse(a), let y = parse(b) else { return a == b }
        return normalize(x) == normalize(y)
    }

    /// Whether every statement allowing `sts:AssumeRole` requires MFA (`Bool` or `BoolIfExists`
    /// on `aws:MultiFactorAuthPresent` = true). Nil when the document is not JSON.
    public static func requiresMFA(trustPolicy: String) -> Bool? {
        guard let document = parse(trustPolicy) as? [String: Any] else { return nil }
        let statements = list(document["Statement"]).compactMap { $0 as? [String: Any] }
        let allowing = statements.filter { s in
            (s["Effect"] as? String) == "Allow"
                && list(s["Action"]).compactMap { $0 as? String }.contains { ["sts:assumerole", "sts:*", "*"].contains($0.lowercased()) }
        }
        guard !allowing.isEmpty else { return true }
        return allowing.allSatisfy { statement in
            let conditions = statement["Condition"] as? [String: Any] ?? [:]
            return conditions.contains { op, block in
                guard ["bool", "boolifexists"].contains(op.lowercased()), let block = block as? [String: Any] else { return false }
                return block.contains { key, value in
                    key.lowercased() == "aws:multifactorauthpresent" && list(value).contains { "\($0)".lowercased() == "true" }
                }
            }
        }
    }

    /// Actions a policy document allows, lower-cased ("*" for anything).
    public static func allowedActions(_ policy: String) -> [String] {
        guard let document = parse(policy) as? [String: Any] else { return ["?"] }
        return list(document["Statement"]).compactMap { $0 as? [String: Any] }
            .filter { ($0["Effect"] as? String) == "Allow" }
            .flatMap { s in s["NotAction"] != nil ? ["*"] : list(s["Action"]).compactMap { ($0 as? String)?.lowercased() } }
    }

    static func parse(_ text: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    static func list(_ value: Any?) -> [Any] {
        if let array = value as? [Any] { return array }
        return value.map { [$0] } ?? []
    }

    /// A canonical text form: keys sorted, one-element lists as scalars, string lists sorted.
    static func normalize(_ value: Any) -> String {
        switch value {
        case let dictionary as [String: Any]:
            return "{" + dictionary.keys.sorted().map { "\($0):\(normalize(dictionary[$0]!))" }.joined(separator: ",") + "}"
        case let array as [Any]:
            if array.count == 1 { return normalize(array[0]) }
            return "[" + array.map(normalize).sorted().joined(separator: ",") + "]"
        default:
            return "\(value)"
        }
    }
}
