// STS and IAM against a real moto server.
import Foundation
import SigV4
import Testing
import VaultCrypto

@testable import AWSClient

/// Creates user alice (allowed everything) with one access key, and role `admin` whose trust
/// policy names alice; prints them as JSON. Runs while moto's auth checking is still off.
private let setupScript = #"""
    import json, sys, boto3
    kw = dict(endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="AKIASETUPSETUPSETUP0",
              aws_secret_access_key="setup")
    iam = boto3.client("iam", **kw)
    user = iam.create_user(UserName="alice")["User"]
    iam.put_user_policy(UserName="alice", PolicyName="all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    trust = {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Principal": {"AWS": user["Arn"]}, "Action": "sts:AssumeRole"}]}
    role = iam.create_role(RoleName="admin", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    print(json.dumps({"keyID": key["AccessKeyId"], "secret": key["SecretAccessKey"], "userARN": user["Arn"],
                      "roleARN": role["Arn"]}))
    """#

/// What the setup script made.
private struct Fixture: Decodable {
    var keyID: String
    var secret: String
    var userARN: String
    var roleARN: String
}

/// A fresh moto with alice and her role, signature checking switched on.
private final class MotoPeer {
    let server: PeerProcess
    let fixture: Fixture

    init() throws {
        server = try PeerProcess("moto_server", arguments: { ["-H", "127.0.0.1", "-p", "\($0)"] })
        let output = try runPython(setupScript, [server.baseURL])
        fixture = try JSONDecoder().decode(Fixture.self, from: Data(output.utf8))
        // Turn on signature and IAM policy checking (platform notes: body "0", text/plain).
        let request = HTTPRequest(
            scheme: "http", host: "127.0.0.1", port: server.port,
            request: SignableRequest(
                method: "POST", host: "127.0.0.1:\(server.port)", path: "/moto-api/reset-auth",
                headers: [Header("Content-Type", "text/plain")], body: Array("0".utf8)))
        let response = try NetworkTransport().send(request, timeoutSeconds: 10)
        guard response.status == 200 else { throw PeerError("reset-auth answered \(response.status)") }
    }

    var environment: [String: String] { ["AWS_ENDPOINT_URL": server.baseURL] }

    func sts() throws -> STSClient { try STSClient(region: "us-east-1", environment: environment) }
    func iam() throws -> IAMClient { try IAMClient(environment: environment) }

    func aliceCredentials() -> SigningCredentials { testCredentials(keyID: fixture.keyID, secret: fixture.secret) }
}

@Suite("moto integration", .serialized)
struct MotoIntegrationTests {
    @Test func callerIdentityAndSignatureErrors() throws {
        let moto = try MotoPeer()
        let sts = try moto.sts()
        let identity = try sts.getCallerIdentity(credentials: moto.aliceCredentials())
        #expect(identity.arn == moto.fixture.userARN)
        #expect(identity.account.count == 12)

        #expect(throws: AWSError.wrongSecret(accessKeyID: moto.fixture.keyID)) {
            try sts.getCallerIdentity(credentials: testCredentials(keyID: moto.fixture.keyID, secret: "not-the-secret"))
        }
        #expect(throws: AWSError.invalidKey(accessKeyID: "AKIAUNKNOWNKEY000000")) {
            try sts.getCallerIdentity(credentials: testCredentials(keyID: "AKIAUNKNOWNKEY000000", secret: "whatever"))
        }
    }

    @Test func assumeRoleAndUseTheSession() throws {
        let moto = try MotoPeer()
        let sts = try moto.sts()
        let now = SystemClock().now()
        let session = try sts.assumeRole(
            roleARN: moto.fixture.roleARN, sessionName: "vault-alice", durationSeconds: 900,
            serialNumber: "arn:aws:iam::123456789012:mfa/alice", tokenCode: "123456",
            credentials: moto.aliceCredentials())
        #expect(session.expiration > now)
        #expect(session.expiration <= now + 900 + 60)
        #expect(session.assumedRoleARN?.hasSuffix(":assumed-role/admin/vault-alice") == true)
        #expect(session.sessionToken.count > 0)
        let expectedARN = session.assumedRoleARN
        let identity = try sts.getCallerIdentity(credentials: session.signingCredentials())
        #expect(identity.arn == expectedARN)

        // moto 5.2.1's GetSessionToken hands out a fixed example key its own auth layer does not
        // know, so those credentials are only checked for shape here, not used.
        let token = try sts.getSessionToken(durationSeconds: 900, credentials: moto.aliceCredentials())
        #expect(token.expiration > now)
        #expect(!token.accessKeyID.isEmpty && token.secretAccessKey.count > 0 && token.sessionToken.count > 0)
    }

    @Test func accessKeyRoundTrip() throws {
        let moto = try MotoPeer()
        let iam = try moto.iam()
        let alice = moto.aliceCredentials()
        let user = try iam.getUser(credentials: alice)
        #expect(user.userName == "alice" && user.arn == moto.fixture.userARN)

        let created = try iam.createAccessKey(credentials: alice)
        #expect(created.status == .active)
        let newID = created.accessKeyID
        #expect(newID != moto.fixture.keyID)
        // The new secret works: sign with it.
        let newCredentials = SigningCredentials(
            accessKeyID: newID, secretAccessKey: try created.secretAccessKey.slice(0..<created.secretAccessKey.count))
        #expect(try moto.sts().getCallerIdentity(credentials: newCredentials).arn == moto.fixture.userARN)

        #expect(throws: AWSError.keyLimitExceeded) { _ = try iam.createAccessKey(credentials: alice) }

        var keys = try iam.listAccessKeys(credentials: alice)
        #expect(Set(keys.map(\.accessKeyID)) == [moto.fixture.keyID, newID])
        #expect(keys.allSatisfy { $0.status == .active && $0.created != nil })

        try iam.updateAccessKey(accessKeyID: newID, status: .inactive, credentials: alice)
        keys = try iam.listAccessKeys(userName: "alice", credentials: alice)
        #expect(keys.first { $0.accessKeyID == newID }?.status == .inactive)

        let lastUsed = try iam.getAccessKeyLastUsed(accessKeyID: moto.fixture.keyID, credentials: alice)
        #expect(lastUsed.region == nil || !lastUsed.region!.isEmpty)

        try iam.deleteAccessKey(accessKeyID: newID, credentials: alice)
        #expect(try iam.listAccessKeys(credentials: alice).map(\.accessKeyID) == [moto.fixture.keyID])
        #expect {
            try iam.deleteAccessKey(accessKeyID: newID, credentials: alice)
        } throws: { error in
            if case .noSuchEntity = error as? AWSError { return true }
            return false
        }
    }
}
