// Doctor (`vault doctor --profile`) driven with scripted answers: the requests it sends and the
// findings it reports, including "not checked" where IAM refuses to answer.
import AWSClient
import Foundation
import TestSupport
import Testing

@testable import VaultKit

@Suite("Doctor")
struct DoctorTests {
    static let roleARN = "arn:aws:iam::123456789012:role/PowerUserRole"
    static let config = """
        [default]
        region = us-east-1

        [profile mfa]
        source_profile = default
        role_arn = \(roleARN)
        mfa_serial = arn:aws:iam::123456789012:mfa/alice
        duration_seconds = 3600

        """

    func world() throws -> VaultFixture {
        try VaultFixture.make { world in
            try world.addKey(profile: "default")
            try world.writeConfig(Self.config)
        }
    }

    func findings(_ world: VaultFixture) -> [String: Finding] {
        let all = Doctor(context: world.context, configuration: world.configuration).run(profile: "mfa")
        return Dictionary(all.map { ($0.check, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The unsigned clock probe, answered with a Date `skew` seconds behind the fake clock.
    func answerClock(_ world: VaultFixture, skew: Int64) {
        world.transport.enqueue(
            "GET /", HTTPResponse(status: 404, headers: ["Date": AWSAnswers.httpDate(world.clock.now() - skew)]))
    }

    @Test func roleWithoutMFAAndAnOverPrivilegedUserAreReported() throws {
        let world = try world()
        defer { world.cleanup() }
        answerClock(world, skew: 400)
        let noMFA =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"sts:AssumeRole"}]}"#
        world.transport.enqueue(
            "GetRole", AWSAnswers.role(name: "PowerUserRole", trustPolicy: noMFA, maxSessionDuration: 3600))
        world.transport.enqueue("GetUser", AWSAnswers.getUser("alice"))
        world.transport.enqueue(
            "ListAttachedUserPolicies",
            AWSAnswers.members(
                "ListAttachedUserPolicies", list: "AttachedPolicies", field: "PolicyArn",
                ["arn:aws:iam::aws:policy/AdministratorAccess"]))
        world.transport.enqueue(
            "ListUserPolicies", AWSAnswers.members("ListUserPolicies", list: "PolicyNames", field: nil, []))
        world.transport.enqueue(
            "ListGroupsForUser", AWSAnswers.members("ListGroupsForUser", list: "Groups", field: "GroupName", []))
        world.transport.enqueue("GetUser", AWSAnswers.getUser("alice"))
        world.transport.enqueue("GetUserPolicy", AWSAnswers.error(404, "NoSuchEntity"))

        let found = findings(world)
        #expect(
            world.transport.actions == [
                "GET /", "GetRole", "GetUser", "ListAttachedUserPolicies", "ListUserPolicies", "ListGroupsForUser",
                "GetUser", "GetUserPolicy",
            ])
        #expect(found["key rotation"]?.level == .warning)
        #expect(found["profile"]?.level == .ok)
        #expect(found["vault file"]?.level == .ok)
        #expect(found["clock"]?.level == .problem && found["clock"]?.detail == "this clock is 400 s ahead of AWS")
        #expect(found["trust policy"]?.level == .problem)
        #expect(found["session length"]?.level == .ok)
        #expect(found["least privilege"]?.level == .warning)
        #expect(
            found["least privilege"]?.detail.contains("attached arn:aws:iam::aws:policy/AdministratorAccess") == true)
        #expect(found["session cache"]?.level == .warning)  // VAULT_SESSION_CACHE=none
    }

    @Test func aGoodSetupIsOK() throws {
        let world = try world()
        defer { world.cleanup() }
        answerClock(world, skew: 2)
        world.transport.enqueue(
            "GetRole",
            AWSAnswers.role(
                name: "PowerUserRole",
                trustPolicy: Policies.trustPolicy(principals: ["arn:aws:iam::123456789012:user/alice"]),
                maxSessionDuration: 1800))
        world.transport.enqueue("GetUser", AWSAnswers.getUser("alice"))
        world.transport.enqueue(
            "ListAttachedUserPolicies",
            AWSAnswers.members("ListAttachedUserPolicies", list: "AttachedPolicies", field: "PolicyArn", []))
        world.transport.enqueue(
            "ListUserPolicies",
            AWSAnswers.members("ListUserPolicies", list: "PolicyNames", field: nil, ["AllowAssumeRolePolicy"]))
        world.transport.enqueue(
            "GetUserPolicy", AWSAnswers.userPolicy(Policies.assumeRolePolicy(roleARNs: [Self.roleARN])))
        world.transport.enqueue(
            "ListGroupsForUser", AWSAnswers.members("ListGroupsForUser", list: "Groups", field: "GroupName", []))

        let found = findings(world)
        #expect(
            world.transport.requests.first { $0.action == "GetUserPolicy" }?.parameter("PolicyName")
                == "AllowAssumeRolePolicy")
        #expect(
            found["clock"]?.level == .ok && found["trust policy"]?.level == .ok
                && found["least privilege"]?.level == .ok)
        // duration_seconds 3600 is more than the role's 1800.
        #expect(found["session length"]?.level == .problem)
    }

    @Test func whatIAMRefusesIsNotCheckedNeverOK() throws {
        let world = try world()
        defer { world.cleanup() }
        world.transport.enqueue("GET /", .failure(.cannotConnect(detail: "scripted")))
        world.transport.always("GetRole", AWSAnswers.error(403, "AccessDenied", "not allowed"))
        world.transport.always("GetUser", AWSAnswers.error(403, "AccessDenied", "not allowed"))

        let found = findings(world)
        #expect(found["clock"]?.level == .unchecked)
        #expect(found["trust policy"]?.level == .unchecked)
        #expect(found["least privilege"]?.level == .unchecked)
        #expect(found["session length"] == nil)
    }

    @Test func withoutAPassphraseTheIAMChecksAreNotChecked() throws {
        let world = try VaultFixture()
        defer { world.cleanup() }
        try world.addKey(profile: "default")
        try world.writeConfig(Self.config)
        world.environment["VAULT_PASSPHRASE"] = nil
        world.prompter.canPrompt = false
        answerClock(world, skew: 0)

        let found = findings(world)
        #expect(world.transport.actions == ["GET /"])
        #expect(found["role and user"]?.level == .unchecked)
    }
}
