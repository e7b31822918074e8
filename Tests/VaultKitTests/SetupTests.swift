// RoleSetup (`vault setup`) driven with scripted IAM answers: the requests it sends for a new
// role, what it refuses to change without --update, and the profile it writes.
import AWSClient
import Foundation
import TestSupport
import Testing

@testable import VaultKit

@Suite("RoleSetup")
struct SetupTests {
    static let user = "arn:aws:iam::123456789012:user/alice", roleARN = "arn:aws:iam::123456789012:role/PowerUserRole"
    static let serial = "arn:aws:iam::123456789012:mfa/alice"

    func world() throws -> VaultFixture {
        try VaultFixture.make { world in
            try world.addKey(profile: "default")
            world.transport.enqueue("GetCallerIdentity", AWSAnswers.callerIdentity())
        }
    }

    func request(dryRun: Bool = false, update: Bool = false) -> SetupRequest {
        SetupRequest(roleName: "PowerUserRole", mfaSerial: Self.serial, profile: "mfa", dryRun: dryRun, update: update)
    }

    func setup(_ world: VaultFixture) -> RoleSetup {
        RoleSetup(context: world.context, configuration: world.configuration)
    }

    @Test func newRoleIsCreatedWithMFATrustAndTheProfileWritten() throws {
        let world = try world()
        defer { world.cleanup() }
        world.transport.enqueue("GetUserPolicy", AWSAnswers.error(404, "NoSuchEntity"))
        world.transport.enqueue("GetRole", AWSAnswers.error(404, "NoSuchEntity"))
        world.transport.enqueue(
            "ListMFADevices",
            AWSAnswers.members("ListMFADevices", list: "MFADevices", field: "SerialNumber", [Self.serial]))
        world.transport.enqueue("CreateRole", AWSAnswers.role("CreateRole", name: "PowerUserRole", trustPolicy: "{}"))
        world.transport.enqueue("AttachRolePolicy", AWSAnswers.ok("AttachRolePolicy"))
        world.transport.enqueue("PutUserPolicy", AWSAnswers.ok("PutUserPolicy"))
        world.transport.enqueue("GetUserPolicy", AWSAnswers.error(404, "NoSuchEntity"))
        world.transport.enqueue("PutUserPolicy", AWSAnswers.ok("PutUserPolicy"))

        let report = try setup(world).run(request())
        let requests = world.transport.requests
        #expect(
            requests.map(\.action) == [
                "GetCallerIdentity", "GetUserPolicy", "GetRole", "GetUserPolicy", "ListMFADevices", "CreateRole",
                "AttachRolePolicy", "PutUserPolicy", "PutUserPolicy",
            ])
        let create = requests[5]
        let trust = try #require(create.parameter("AssumeRolePolicyDocument"))
        #expect(Policies.requiresMFA(trustPolicy: trust) == true)
        #expect(trust.contains(Self.user))
        #expect(create.parameter("MaxSessionDuration") == "3600")
        #expect(requests[6].parameter("PolicyArn") == Policies.powerUserAccess)
        #expect(requests[7].parameter("UserName") == "alice")
        #expect(Policies.assumableRoles(try #require(requests[7].parameter("PolicyDocument"))) == [Self.roleARN])
        // Key rotation with MFA only: the user may manage its own access keys.
        #expect(requests[8].parameter("PolicyName") == Policies.manageOwnKeysPolicyName)
        #expect(requests[8].parameter("PolicyDocument") == Policies.manageOwnKeysTemplate)
        #expect(report.roleARN == Self.roleARN)
        #expect(report.changes.count == 5 && report.notes.isEmpty)
        let config = try String(contentsOfFile: world.root + "/.aws/config", encoding: .utf8)
        #expect(config.contains("[profile mfa]") && config.contains("role_arn = \(Self.roleARN)"))
        #expect(config.contains("mfa_serial = \(Self.serial)") && config.contains("source_profile = default"))
    }

    /// An existing role that differs: reported, nothing written without --update.
    func scriptDifferingRole(_ world: VaultFixture) {
        world.transport.enqueue(
            "GetUserPolicy", AWSAnswers.userPolicy(Policies.assumeRolePolicy(roleARNs: [Self.roleARN])))
        world.transport.enqueue(
            "GetRole",
            AWSAnswers.role(
                name: "PowerUserRole", trustPolicy: Policies.trustPolicy(principals: [Self.user]),
                maxSessionDuration: 7200))
        world.transport.enqueue(
            "ListAttachedRolePolicies",
            AWSAnswers.members(
                "ListAttachedRolePolicies", list: "AttachedPolicies", field: "PolicyArn", [Policies.powerUserAccess]))
        world.transport.enqueue("GetUserPolicy", AWSAnswers.userPolicy(Policies.manageOwnKeysTemplate))
        world.transport.enqueue(
            "ListMFADevices", AWSAnswers.members("ListMFADevices", list: "MFADevices", field: "SerialNumber", []))
    }

    @Test func differingRoleIsReportedAndLeftAloneWithoutUpdate() throws {
        let world = try world()
        defer { world.cleanup() }
        scriptDifferingRole(world)
        #expect(throws: VaultError.self) { _ = try setup(world).run(request()) }
        #expect(
            world.transport.actions == [
                "GetCallerIdentity", "GetUserPolicy", "GetRole", "ListAttachedRolePolicies", "GetUserPolicy",
                "ListMFADevices",
            ])
        #expect(!FileManager.default.fileExists(atPath: world.root + "/.aws/config"))
    }

    @Test func updateAppliesOnlyTheDifference() throws {
        let world = try world()
        defer { world.cleanup() }
        scriptDifferingRole(world)
        world.transport.enqueue("UpdateRole", AWSAnswers.ok("UpdateRole"))
        let report = try setup(world).run(request(update: true))
        #expect(world.transport.actions.suffix(1) == ["UpdateRole"])
        #expect(world.transport.requests.last?.parameter("MaxSessionDuration") == "3600")
        #expect(report.differences == ["MaxSessionDuration is 7200 s, not 3600 s"])
        #expect(report.notes.count == 1 && report.notes[0].contains("has no MFA device \(Self.serial)"))
    }

    @Test func dryRunListsThePlanAndSendsOnlyReads() throws {
        let world = try world()
        defer { world.cleanup() }
        world.transport.enqueue("GetUserPolicy", AWSAnswers.error(404, "NoSuchEntity"))
        world.transport.enqueue("GetRole", AWSAnswers.error(404, "NoSuchEntity"))
        world.transport.enqueue(
            "ListMFADevices",
            AWSAnswers.members("ListMFADevices", list: "MFADevices", field: "SerialNumber", [Self.serial]))
        world.transport.enqueue("GetUserPolicy", AWSAnswers.error(404, "NoSuchEntity"))
        let report = try setup(world).run(request(dryRun: true))
        #expect(
            world.transport.actions == [
                "GetCallerIdentity", "GetUserPolicy", "GetRole", "GetUserPolicy", "ListMFADevices",
            ])
        #expect(report.changes.count == 5 && report.changes[0].hasPrefix("create role PowerUserRole"))
    }

    @Test func aRoleIdentityIsRefusedAsSource() throws {
        let world = try VaultFixture()
        defer { world.cleanup() }
        try world.addKey(profile: "default")
        world.transport.enqueue(
            "GetCallerIdentity",
            AWSAnswers.ok(
                "GetCallerIdentity",
                "<Arn>arn:aws:sts::123456789012:assumed-role/R/s</Arn><UserId>AROAX:s</UserId><Account>123456789012</Account>"
            ))
        #expect(throws: VaultError.self) { _ = try setup(world).run(request()) }
        #expect(world.transport.actions == ["GetCallerIdentity"])
    }
}
