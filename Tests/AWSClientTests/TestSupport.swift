// Fakes (transport, clock, sleeper) and credentials shared by the AWSClient tests.
import Foundation
import SigV4
import VaultCrypto

@testable import AWSClient

/// Replays scripted outcomes and records every request it was given.
final class FakeTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Result<HTTPResponse, TransportError>]
    private(set) var requests: [HTTPRequest] = []

    init(_ outcomes: [Result<HTTPResponse, TransportError>]) { self.outcomes = outcomes }

    var attempts: Int { lock.withLock { requests.count } }

    func send(_ request: HTTPRequest, timeoutSeconds: Double) throws(TransportError) -> HTTPResponse {
        let outcome: Result<HTTPResponse, TransportError> = lock.withLock {
            requests.append(request)
            return outcomes.isEmpty
                ? .failure(.other(detail: "fake transport ran out of outcomes")) : outcomes.removeFirst()
        }
        return try outcome.get()
    }
}

/// A clock stuck at one instant.
struct FixedClock: Clock {
    var seconds: Int64
    func now() -> Int64 { seconds }
}

/// Records the waits instead of sleeping.
final class RecordingSleeper: Sleeper, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Double] = []
    var sleeps: [Double] { lock.withLock { recorded } }
    func sleep(seconds: Double) { lock.withLock { recorded.append(seconds) } }
}

/// 2026-11-25T19:00:00Z, the fixed "now" of the unit tests.
let testNow: Int64 = 1_795_633_200

/// The same instant as an HTTP Date header.
let testNowHTTPDate = "Wed, 25 Nov 2026 19:00:00 GMT"

func testCredentials(
    keyID: String = "AKIAIOSFODNN7EXAMPLE", secret: String = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    token: String? = nil
) -> SigningCredentials {
    var bytes = Array(secret.utf8)
    var tokenBytes = token.map { Array($0.utf8) }
    let secureToken: SecureBytes? =
        if tokenBytes != nil { try! SecureBytes(takingAndWiping: &tokenBytes!) } else { nil }
    return SigningCredentials(
        accessKeyID: keyID, secretAccessKey: try! SecureBytes(takingAndWiping: &bytes), sessionToken: secureToken)
}

/// The secret's bytes as a string, for assertions in tests only.
func reveal(_ secret: borrowing SecureBytes) -> String {
    secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
}

func response(_ status: Int, _ xml: String, date: String? = testNowHTTPDate) -> HTTPResponse {
    HTTPResponse(status: status, headers: date.map { ["Date": $0] } ?? [:], body: Array(xml.utf8))
}

/// A service-error body: `<ErrorResponse><Error><Type/><Code/><Message/></Error>`.
func serviceError(_ code: String, _ message: String, type: String = "Sender") -> String {
    """
    <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
      <Error>
        <Type>\(type)</Type>
        <Code>\(code)</Code>
        <Message>\(message)</Message>
      </Error>
      <RequestId>4ea5cd0e-7b4b-4b6b-9e5f-0d3a7a7b1c2d</RequestId>
    </ErrorResponse>
    """
}

/// An auth-error body: `<ErrorResponse><Errors><Error><Code/><Message/></Error></Errors>`.
func authError(_ code: String, _ message: String) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <ErrorResponse><Errors><Error><Code>\(code)</Code><Message>\(message)</Message></Error></Errors>\
    <RequestID>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestID></ErrorResponse>
    """
}

let getCallerIdentityXML = """
    <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
      <GetCallerIdentityResult>
        <Arn>arn:aws:iam::123456789012:user/alice</Arn>
        <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
        <Account>123456789012</Account>
      </GetCallerIdentityResult>
      <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
    </GetCallerIdentityResponse>
    """

func assumeRoleXML(expiration: String = "2026-11-25T20:00:00.259536Z") -> String {
    """
    <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
      <AssumeRoleResult>
        <AssumedRoleUser>
          <AssumedRoleId>AROA3XFRBF535PLBIFPI4:vault-alice</AssumedRoleId>
          <Arn>arn:aws:sts::123456789012:assumed-role/admin/vault-alice</Arn>
        </AssumedRoleUser>
        <Credentials>
          <AccessKeyId>ASIAJEXAMPLEXEG2JICEA</AccessKeyId>
          <SecretAccessKey>9drTJvcXLB89EXAMPLELB8923FB892xMFI</SecretAccessKey>
          <SessionToken>AQoXdzELDDY//////////wEaoAK1wvxJY12r2IrDFT2IvAzTCn3zHoZ7YNtpiQLF0MqZye/qwjzP2iEXAMPLE</SessionToken>
          <Expiration>\(expiration)</Expiration>
        </Credentials>
      </AssumeRoleResult>
      <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
    </AssumeRoleResponse>
    """
}
