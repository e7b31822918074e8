import Testing

@testable import VaultKit

/// What `vault setup` and `vault doctor` read from IAM's policy documents.
@Suite struct PoliciesTests {
    static let roleA = "arn:aws:iam::123456789012:role/A"
    static let roleB = "arn:aws:iam::123456789012:role/B"
    static let user = "arn:aws:iam::123456789012:user/alice"

    @Test func assumableRolesReadsWhatSetupWrote() {
        #expect(Policies.assumableRoles(Policies.assumeRolePolicy(roleARNs: [Self.roleA])) == [Self.roleA])
        #expect(
            Policies.assumableRoles(Policies.assumeRolePolicy(roleARNs: [Self.roleA, Self.roleB])) == [
                Self.roleA, Self.roleB,
            ])
    }

    @Test func assumableRolesKeepsOnlyAllowedRoles() {
        let policy = """
            {"Statement": [
              {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": ["\(Self.roleA)", "*", 7, null]},
              {"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": "\(Self.roleB)"},
              "not a statement",
              {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::bucket"}
            ]}
            """
        #expect(Policies.assumableRoles(policy) == [Self.roleA])
        // One statement object instead of a list, as IAM allows.
        #expect(
            Policies.assumableRoles(#"{"Statement": {"Effect": "Allow", "Resource": "\#(Self.roleB)"}}"#) == [
                Self.roleB
            ])
        #expect(Policies.assumableRoles("not json") == [])
        #expect(Policies.assumableRoles(#"["\#(Self.roleA)"]"#) == [])
        #expect(Policies.assumableRoles(#"{"Statement": []}"#) == [])
    }

    @Test func equivalentIgnoresKeyOrderAndOneElementLists() {
        let ours = Policies.trustPolicy(principals: [Self.user])
        let fromIAM = """
            {"Statement":[{"Condition":{"Bool":{"aws:MultiFactorAuthPresent":["true"]}},"Action":["sts:AssumeRole"],
            "Principal":{"AWS":"\(Self.user)"},"Effect":"Allow"}],"Version":"2012-10-17"}
            """
        #expect(Policies.equivalent(ours, fromIAM))
        #expect(!Policies.equivalent(ours, fromIAM.replacingOccurrences(of: "Allow", with: "Deny")))
        // Lists compare as sets of their elements.
        #expect(Policies.equivalent(#"{"A": ["x", "y"]}"#, #"{"A": ["y", "x"]}"#))
        #expect(!Policies.equivalent(#"{"A": ["x", "y"]}"#, #"{"A": ["x", "y", "z"]}"#))
        // IAM stores condition values as strings: a JSON true and "true" mean the same.
        #expect(Policies.equivalent(#"{"B": true}"#, #"{"B": "true"}"#))
        // Not JSON: compared as text.
        #expect(Policies.equivalent("not json", "not json"))
        #expect(!Policies.equivalent("not json", "{}"))
        #expect(!Policies.equivalent(#"{"a": 1, "a": 1}"#, #"{"a": 1}"#))
    }

    @Test func requiresMFA() {
        #expect(Policies.requiresMFA(trustPolicy: Policies.trustPolicy(principals: [Self.user])) == true)
        func trust(_ condition: String, action: String = #""sts:AssumeRole""#) -> String {
            #"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "x"}, "Action": \#(action)\#(condition)}]}"#
        }
        #expect(Policies.requiresMFA(trustPolicy: trust("")) == false)
        #expect(
            Policies.requiresMFA(
                trustPolicy: trust(#", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}"#)) == true)
        #expect(
            Policies.requiresMFA(
                trustPolicy: trust(#", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": ["TRUE"]}}"#))
                == true)
        #expect(
            Policies.requiresMFA(trustPolicy: trust(#", "Condition": {"bool": {"AWS:MultiFactorAuthPresent": true}}"#))
                == true)
        #expect(
            Policies.requiresMFA(
                trustPolicy: trust(#", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}"#)) == false)
        #expect(
            Policies.requiresMFA(trustPolicy: trust(#", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": 1}}"#))
                == false)
        #expect(
            Policies.requiresMFA(
                trustPolicy: trust(#", "Condition": {"StringEquals": {"aws:MultiFactorAuthPresent": "true"}}"#))
                == false)
        #expect(Policies.requiresMFA(trustPolicy: trust(#", "Condition": "Bool""#)) == false)
        // A policy that allows no AssumeRole at all needs no MFA condition.
        #expect(Policies.requiresMFA(trustPolicy: trust("", action: #"["s3:GetObject"]"#)) == true)
        #expect(Policies.requiresMFA(trustPolicy: trust("", action: #"["STS:*"]"#)) == false)
        #expect(Policies.requiresMFA(trustPolicy: trust("", action: #""*""#)) == false)
        #expect(Policies.requiresMFA(trustPolicy: "not json") == nil)
        #expect(Policies.requiresMFA(trustPolicy: "[]") == nil)
        // A key twice is not a policy IAM would accept: vault draws no conclusion from it.
        #expect(Policies.requiresMFA(trustPolicy: #"{"Statement": [], "Statement": []}"#) == nil)
    }

    @Test func allowedActions() {
        #expect(Policies.allowedActions(Policies.assumeRolePolicy(roleARNs: [Self.roleA])) == ["sts:assumerole"])
        #expect(
            Policies.allowedActions(
                #"{"Statement": [{"Effect": "Allow", "Action": ["S3:Get*", "iam:ListUsers"]}, {"Effect": "Deny", "Action": "*"}]}"#
            )
                == ["s3:get*", "iam:listusers"])
        #expect(Policies.allowedActions(#"{"Statement": {"Effect": "Allow", "NotAction": "iam:*"}}"#) == ["*"])
        #expect(Policies.allowedActions("{") == ["?"])
    }
}
