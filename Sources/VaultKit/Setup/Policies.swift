import VaultBase

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
        let rendered =
            principals.count == 1
            ? JSONValue.quoted(principals[0]) : "[" + principals.map(JSONValue.quoted).joined(separator: ", ") + "]"
        return trustTemplate.replacingOccurrences(of: "{{PRINCIPALS}}", with: rendered)
    }

    /// The user's inline policy allowing `sts:AssumeRole` on `roleARNs` only.
    public static func assumeRolePolicy(roleARNs: [String]) -> String {
        let resource =
            roleARNs.count == 1 ? roleARNs[0] : "[" + roleARNs.map(JSONValue.quoted).joined(separator: ", ") + "]"
        let template =
            roleARNs.count == 1
            ? assumeRoleTemplate : assumeRoleTemplate.replacingOccurrences(of: "\"{{ROLE_ARN}}\"", with: "{{ROLE_ARN}}")
        return template.replacingOccurrences(of: "{{ROLE_ARN}}", with: resource)
    }

    /// The roles an existing `AllowAssumeRolePolicy` lets the user assume (to keep them when
    /// another role is added).
    public static func assumableRoles(_ policy: String) -> [String] {
        guard let document = parse(policy), document.isObject else { return [] }
        return list(document["Statement"]).filter(\.isObject)
            .filter { $0["Effect"]?.stringValue == "Allow" }
            .flatMap { list($0["Resource"]).compactMap(\.stringValue) }
            .filter { $0.contains(":role/") }
    }

    /// Whether an existing `AllowAssumeRolePolicy` allows any role (`"Resource": "*"`): setup keeps
    /// it unless `--update` (issue 19, item 1).
    public static func allowsAnyRole(_ policy: String) -> Bool {
        guard let document = parse(policy), document.isObject else { return false }
        return list(document["Statement"]).filter(\.isObject)
            .filter { $0["Effect"]?.stringValue == "Allow" }
            .contains { list($0["Resource"]).contains { $0.stringValue == "*" } }
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
        guard let document = parse(trustPolicy), document.isObject else { return nil }
        let statements = list(document["Statement"]).filter(\.isObject)
        let allowing = statements.filter { s in
            s["Effect"]?.stringValue == "Allow"
                && list(s["Action"]).compactMap(\.stringValue).contains {
                    ["sts:assumerole", "sts:*", "*"].contains($0.lowercased())
                }
        }
        guard !allowing.isEmpty else { return true }
        return allowing.allSatisfy { statement in
            guard case .object(let conditions) = statement["Condition"] else { return false }
            return conditions.contains { condition in
                guard ["bool", "boolifexists"].contains(condition.key.lowercased()),
                    case .object(let block) = condition.value
                else { return false }
                return block.contains { entry in
                    entry.key.lowercased() == "aws:multifactorauthpresent"
                        && list(entry.value).contains { scalarText($0)?.lowercased() == "true" }
                }
            }
        }
    }

    /// Actions a policy document allows, lower-cased ("*" for anything).
    public static func allowedActions(_ policy: String) -> [String] {
        guard let document = parse(policy), document.isObject else { return ["?"] }
        return list(document["Statement"]).filter(\.isObject)
            .filter { $0["Effect"]?.stringValue == "Allow" }
            .flatMap { s in
                s["NotAction"] != nil ? ["*"] : list(s["Action"]).compactMap { $0.stringValue?.lowercased() }
            }
    }

    /// The document, when it is a JSON object or array (a policy is an object; a bare string or
    /// number is not a policy document, as `JSONSerialization` also refused it before).
    static func parse(_ text: String) -> JSONValue? {
        guard let value = try? JSONValue.parse(Array(text.utf8)) else { return nil }
        switch value {
        case .object, .array: return value
        case .null, .bool, .number, .string: return nil
        }
    }

    /// IAM's "a list or one value": an array's elements, any other value alone, nothing for none.
    static func list(_ value: JSONValue?) -> [JSONValue] {
        if case .array(let elements) = value { return elements }
        return value.map { [$0] } ?? []
    }

    /// A scalar as IAM reads a condition value: a string's text, a number as written, `true` or
    /// `false`; nil for null, arrays and objects.
    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text), .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .null, .array, .object: return nil
        }
    }

    /// A canonical text form: keys sorted, one-element lists as scalars, string lists sorted.
    static func normalize(_ value: JSONValue) -> String {
        switch value {
        case .object(let members):
            return "{"
                + members.sorted { $0.key < $1.key }.map { "\($0.key):\(normalize($0.value))" }.joined(separator: ",")
                + "}"
        case .array(let elements):
            if elements.count == 1 { return normalize(elements[0]) }
            return "[" + elements.map(normalize).sorted().joined(separator: ",") + "]"
        case .null:
            return "null"
        default:
            return scalarText(value) ?? ""
        }
    }
}
