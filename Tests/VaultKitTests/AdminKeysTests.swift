// AdminKeys (`deactivate-admin-keys` / `activate-admin-keys`) driven with the fakes: every key set
// Inactive with the signing key last, the record kept in the vault, and reactivation signed by
// another identity.
import AWSClient
import TestSupport
import Testing

@testable import VaultKit

@Suite("AdminKeys")
struct AdminKeysTests {
    static let signingID = VaultFixture.keyID, otherID = "AKIAFAKEFAKEFAKE0003", breakGlassID = "AKIAFAKEFAKEFAKE0009"

    func world() throws -> VaultFixture {
        try VaultFixture.make { world in
            try world.addKey(profile: "admin")
            try world.addKey(
                profile: "breakglass", id: Self.breakGlassID, secret: "fakeSecretKey000000000000000000000000009")
        }
    }

    func admin(_ world: VaultFixture) -> AdminKeys {
        AdminKeys(context: world.context, configuration: world.configuration)
    }

    func signer(_ request: RecordedRequest) -> String? {
        request.header("Authorization")?.split(separator: "=").dropFirst().first?.split(separator: "/").first.map(
            String.init)
    }

    func scriptDeactivation(_ world: VaultFixture) {
        world.transport.enqueue("GetUser", AWSAnswers.getUser("alice"))
        world.transport.enqueue(
            "ListAccessKeys", AWSAnswers.listAccessKeys([(Self.signingID, "Active", 0), (Self.otherID, "Active", 0)]))
        world.transport.always("GetAccessKeyLastUsed", AWSAnswers.lastUsed(world.clock.now() - 3600))
        world.transport.always("UpdateAccessKey", AWSAnswers.ok("UpdateAccessKey"))
    }

    @Test func deactivateSetsEveryKeyInactiveSigningKeyLast() throws {
        let world = try world()
        defer { world.cleanup() }
        scriptDeactivation(world)

        let report = try admin(world).deactivate(profile: "admin", dryRun: false)
        let requests = world.transport.requests
        #expect(
            requests.map(\.action) == [
                "GetUser", "ListAccessKeys", "GetAccessKeyLastUsed", "UpdateAccessKey", "GetAccessKeyLastUsed",
                "UpdateAccessKey",
            ])
        let updates = requests.filter { $0.action == "UpdateAccessKey" }
        #expect(updates.map { $0.parameter("AccessKeyId") } == [Self.otherID, Self.signingID])
        #expect(updates.allSatisfy { $0.parameter("Status") == "Inactive" && $0.parameter("UserName") == "alice" })
        #expect(requests.allSatisfy { signer($0) == Self.signingID })
        #expect(report.user == "alice")
        #expect(report.changes.map(\.isSigningKey) == [false, true])
        #expect(report.changes.allSatisfy { $0.before == "Active" && $0.after == "Inactive" })
        let entry = try #require(try world.entries("admin").last)
        #expect(entry[AdminKeys.stateKey] == "inactive" && entry[AdminKeys.userKey] == "alice")
        #expect(entry[AdminKeys.sealedKeysKey] != nil)
    }

    @Test func dryRunChangesNothing() throws {
        let world = try world()
        defer { world.cleanup() }
        scriptDeactivation(world)
        let report = try admin(world).deactivate(profile: "admin", dryRun: true)
        #expect(!world.transport.actions.contains("UpdateAccessKey"))
        #expect(report.changes.count == 2)
        #expect(try world.entries("admin").last?[AdminKeys.stateKey] == nil)
    }

    @Test func activateWithAnotherIdentityThenProvesTheAdminKey() throws {
        let world = try world()
        defer { world.cleanup() }
        scriptDeactivation(world)
        _ = try admin(world).deactivate(profile: "admin", dryRun: false)
        world.transport.clearRecord()
        world.transport.enqueue("GetCallerIdentity", AWSAnswers.callerIdentity())

        let report = try admin(world).activate(profile: "admin", using: "breakglass")
        // Each reactivated key's last use is asked too, for the report (issue 19, item 22).
        #expect(world.transport.requests.filter { $0.action == "GetAccessKeyLastUsed" }.count == 2)
        let requests = world.transport.requests.filter { $0.action != "GetAccessKeyLastUsed" }
        #expect(requests.map(\.action) == ["UpdateAccessKey", "UpdateAccessKey", "GetCallerIdentity"])
        #expect(requests.prefix(2).map { $0.parameter("AccessKeyId") } == [Self.otherID, Self.signingID])
        #expect(requests.prefix(2).allSatisfy { $0.parameter("Status") == "Active" && signer($0) == Self.breakGlassID })
        #expect(signer(requests[2]) == Self.signingID)
        #expect(report.changes.map(\.after) == ["Active", "Active"])
        #expect(try world.entries("admin").last?[AdminKeys.stateKey] == "active")
    }

    @Test func activateWithTheAdminKeysThemselvesIsRefusedUnsent() throws {
        let world = try world()
        defer { world.cleanup() }
        #expect(throws: VaultError.self) { _ = try admin(world).activate(profile: "admin", using: "admin") }
        #expect(world.transport.requests.isEmpty)
    }

    @Test func activateWithoutARecordIsRefusedUnsent() throws {
        let world = try world()
        defer { world.cleanup() }
        #expect(throws: VaultError.self) { _ = try admin(world).activate(profile: "admin", using: "breakglass") }
        #expect(world.transport.requests.isEmpty)
    }
}
