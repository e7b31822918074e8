// KeyRotation (`vault rotate`) driven with the fakes: the IAM call sequence, who signs each
// call, the vault entries before and after, and a run interrupted midway that the next one resumes.
import AWSClient
import TestSupport
import Testing

@testable import VaultKit

@Suite("KeyRotation")
struct KeyRotationTests {
    static let oldID = VaultFixture.keyID, newID = "AKIAFAKEFAKEFAKE0002"
    static let newSecret = "fakeSecretKey000000000000000000000000002"

    func world() throws -> VaultFixture {
        try VaultFixture.make { world in
            try world.addKey(profile: "default")
        }
    }

    /// Scripts a rotation up to and including the proof that the new key works.
    func scriptCreateAndProve(_ world: VaultFixture) {
        world.transport.enqueue(
            "ListAccessKeys", AWSAnswers.listAccessKeys([(Self.oldID, "Active", world.clock.now() - 400 * 86_400)]))
        world.transport.enqueue("CreateAccessKey", AWSAnswers.createAccessKey(id: Self.newID, secret: Self.newSecret))
        world.transport.always("GetCallerIdentity", AWSAnswers.callerIdentity())
    }

    func rotation(_ world: VaultFixture) -> KeyRotation {
        KeyRotation(context: world.context, configuration: world.configuration)
    }

    func signer(_ request: RecordedRequest) -> String? {
        request.header("Authorization")?.split(separator: "=").dropFirst().first?.split(separator: "/").first.map(
            String.init)
    }

    @Test func createProveDeactivateDelete() throws {
        let world = try world()
        defer { world.cleanup() }
        scriptCreateAndProve(world)
        world.transport.enqueue("UpdateAccessKey", AWSAnswers.ok("UpdateAccessKey"))
        world.transport.enqueue("DeleteAccessKey", AWSAnswers.ok("DeleteAccessKey"))
        #expect(try world.entries("default").count == 1)

        let report = try rotation(world).rotate(profile: "default", keepOldInactive: false)

        let requests = world.transport.requests
        #expect(
            requests.map(\.action) == [
                "ListAccessKeys", "CreateAccessKey", "GetCallerIdentity", "UpdateAccessKey", "DeleteAccessKey",
            ])
        // The old key signs until the new one is proven; then the new one retires the old.
        #expect(requests.map(signer) == [Self.oldID, Self.oldID, Self.newID, Self.newID, Self.newID])
        #expect(requests[3].parameter("AccessKeyId") == Self.oldID && requests[3].parameter("Status") == "Inactive")
        #expect(requests[4].parameter("AccessKeyId") == Self.oldID)
        #expect(report.oldKeyFate == "deleted" && !report.resumed)
        #expect(report.newKey == maskKeyID(Self.newID) && report.oldKey == maskKeyID(Self.oldID))
        // One entry again, holding the new key, with no rotation marks left.
        let entries = try world.entries("default")
        #expect(entries.count == 1)
        #expect(entries.first?[KeyRotation.rotationKey] == nil)
        #expect(try world.accessKeyID("default") == Self.newID)
    }

    @Test func keepOldInactiveSkipsTheDeleteAndMarksTheOldEntry() throws {
        let world = try world()
        defer { world.cleanup() }
        scriptCreateAndProve(world)
        world.transport.enqueue("UpdateAccessKey", AWSAnswers.ok("UpdateAccessKey"))

        let report = try rotation(world).rotate(profile: "default", keepOldInactive: true)
        #expect(
            world.transport.actions == ["ListAccessKeys", "CreateAccessKey", "GetCallerIdentity", "UpdateAccessKey"])
        #expect(report.oldKeyFate.hasPrefix("inactive"))
        let entries = try world.entries("default")
        #expect(entries.map { $0[KeyRotation.rotationKey] } == ["retired-inactive", nil])
        #expect(try world.accessKeyID("default") == Self.newID)
    }

    @Test func failureAfterTheNewKeyIsStoredResumesWithoutCreatingAnother() throws {
        let world = try world()
        defer { world.cleanup() }
        scriptCreateAndProve(world)
        world.transport.enqueue("UpdateAccessKey", AWSAnswers.error(500, "ServiceFailure", "try later"))

        #expect(throws: VaultError.self) { _ = try rotation(world).rotate(profile: "default", keepOldInactive: false) }
        #expect(
            world.transport.actions == ["ListAccessKeys", "CreateAccessKey", "GetCallerIdentity", "UpdateAccessKey"])
        // Both keys are in the vault: the old one marked, the new one pending and current.
        let midway = try world.entries("default")
        #expect(midway.map { $0[KeyRotation.rotationKey] } == ["old", "pending"])
        #expect(midway.first?[KeyRotation.startedKey] == String(world.clock.now()))
        #expect(try world.accessKeyID("default") == Self.newID)

        world.transport.clearRecord()
        world.transport.enqueue("UpdateAccessKey", AWSAnswers.ok("UpdateAccessKey"))
        world.transport.enqueue("DeleteAccessKey", AWSAnswers.ok("DeleteAccessKey"))
        let report = try rotation(world).rotate(profile: "default", keepOldInactive: false)
        #expect(report.resumed && report.notes == ["resuming an interrupted rotation"])
        #expect(world.transport.actions == ["GetCallerIdentity", "UpdateAccessKey", "DeleteAccessKey"])
        #expect(world.transport.requests.last?.parameter("AccessKeyId") == Self.oldID)
        #expect(try world.entries("default").count == 1)
    }

    @Test func aSecondKeyThatIsNotOursStopsBeforeAnyChange() throws {
        let world = try world()
        defer { world.cleanup() }
        world.transport.enqueue(
            "ListAccessKeys",
            AWSAnswers.listAccessKeys([
                (Self.oldID, "Active", 0), ("AKIAFAKEFAKEFAKE0007", "Inactive", world.clock.now() - 86_400),
            ]))
        #expect(throws: VaultError.self) { _ = try rotation(world).rotate(profile: "default", keepOldInactive: false) }
        // GetUser (read-only) names the user in the hint's command (issue 19, item 5).
        #expect(world.transport.actions == ["ListAccessKeys", "GetUser"])
        #expect(try world.entries("default").first?[KeyRotation.startedKey] == nil)
    }
}
