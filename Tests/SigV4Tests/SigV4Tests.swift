// Unit tests of the signer's steps and headers.
import SigV4
import Testing
import VaultCrypto

@Suite("Signing")
struct SigningTests {
    static let request = SignableRequest(
        method: "POST", host: "sts.us-east-1.amazonaws.com", path: "/", query: "",
        headers: [Header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
        body: Array("Action=GetCallerIdentity&Version=2011-06-15".utf8))

    @Test("the signing key matches the AWS documentation's example")
    func signingKeyMatchesAWSDocs() throws {
        let key = try SigV4.signingKey(
            secretAccessKey: try secureBytes("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), day: "20120215",
            region: "us-east-1", service: "iam")
        #expect(key.count == 32)
        #expect(
            key.withUnsafeBytes { Encoding.hex($0) }
                == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    @Test("signing adds only Host, X-Amz-Date, X-Amz-Security-Token and Authorization, and changes no input")
    func signingMutatesNothingElse() throws {
        let original = Self.request
        let credentials = try testCredentials(sessionToken: "session-token")
        let date = SuiteInputs.date
        let signed = try SigV4.sign(original, credentials: credentials, region: "us-east-1", service: "sts", date: date)

        #expect(original == Self.request)
        #expect(credentials.accessKeyID == SuiteInputs.accessKeyID)
        let tokenUnchanged: Bool
        switch credentials.sessionToken {
        case .some(let token): tokenUnchanged = token.isEqual(to: Array("session-token".utf8))
        case .none: tokenUnchanged = false
        }
        #expect(tokenUnchanged)
        let secretUnchanged = credentials.secretAccessKey.isEqual(to: Array(SuiteInputs.secretAccessKey.utf8))
        #expect(secretUnchanged)

        #expect(signed.method == original.method && signed.host == original.host && signed.path == original.path)
        #expect(signed.query == original.query && signed.body == original.body)
        let names = signed.headers.map(\.name)
        #expect(names == ["Host", "Content-Type", "X-Amz-Date", "X-Amz-Security-Token", "Authorization"])
        #expect(signed.headers[0].value == "sts.us-east-1.amazonaws.com")
        #expect(signed.headers[1] == original.headers[0])
        #expect(signed.headers[2].value == "20150830T123600Z")
        #expect(signed.headers[3].value == "session-token")
        #expect(
            signed.headers[4].value.hasPrefix(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, "
                    + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature="))

        // Pure: the same inputs give the same bytes, and the credentials can sign again.
        let again = try SigV4.sign(original, credentials: credentials, region: "us-east-1", service: "sts", date: date)
        #expect(again == signed)
    }

    @Test("every input is covered by the signature")
    func everyInputMatters() throws {
        let credentials = try testCredentials()
        func authorization(
            _ request: SignableRequest = SigningTests.request, region: String = "us-east-1", service: String = "sts",
            date: AmzDate = SuiteInputs.date, secret: String? = nil
        ) throws -> String {
            let signed: SignableRequest
            if let secret {
                signed = try SigV4.sign(
                    request, credentials: try testCredentials(secret: secret), region: region, service: service,
                    date: date)
            } else {
                signed = try SigV4.sign(request, credentials: credentials, region: region, service: service, date: date)
            }
            return signed.headers.last!.value
        }
        let base = try authorization()
        var changedBody = Self.request
        changedBody.body.append(0x20)
        var changedHeader = Self.request
        changedHeader.headers[0].value += "x"
        var changedQuery = Self.request
        changedQuery.query = "a=b"
        let variants = [
            try authorization(changedBody), try authorization(changedHeader), try authorization(changedQuery),
            try authorization(region: "eu-west-1"), try authorization(service: "iam"),
            try authorization(date: AmzDate(unixSeconds: SuiteInputs.date.unixSeconds + 1)),
            try authorization(secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ"),
        ]
        for variant in variants { #expect(variant != base) }
        #expect(Set(variants).count == variants.count)
    }

    @Test("X-Amz-Date and the token replace earlier values in place; an old Authorization is dropped")
    func resigningReplacesHeaders() throws {
        let stale = SignableRequest(
            method: "GET", host: "example.amazonaws.com", path: "/",
            headers: [
                Header("x-amz-date", "19990101T000000Z"), Header("Authorization", "stale"), Header("Accept", "*/*"),
                Header("X-Amz-Security-Token", "old"), Header("X-AMZ-DATE", "20000101T000000Z"),
            ])
        let signed = try SigV4.sign(
            stale, credentials: try testCredentials(sessionToken: "new"), region: "us-east-1", service: "service",
            date: SuiteInputs.date)
        #expect(
            signed.headers.map(\.name) == ["Host", "x-amz-date", "Accept", "X-Amz-Security-Token", "Authorization"])
        #expect(signed.headers[1].value == "20150830T123600Z")
        #expect(signed.headers[3].value == "new")
        #expect(signed.headers.last?.value != "stale")
    }

    @Test("a Host header must agree with the request's host")
    func hostHeaderMustAgree() throws {
        let credentials = try testCredentials()
        var request = SignableRequest(
            method: "GET", host: "127.0.0.1:5000", path: "/", headers: [Header("host", " 127.0.0.1:5000")])
        let signed = try SigV4.sign(
            request, credentials: credentials, region: "us-east-1", service: "sts", date: SuiteInputs.date)
        #expect(signed.headers.filter { $0.name.lowercased() == "host" }.count == 1)

        request.headers = [Header("Host", "evil.example")]
        #expect(throws: SigV4Error.conflictingHost(header: "evil.example", host: "127.0.0.1:5000")) {
            _ = try SigV4.sign(
                request, credentials: credentials, region: "us-east-1", service: "sts", date: SuiteInputs.date)
        }
    }

    @Test("normalizePath: false (S3) signs the path as sent")
    func s3PathIsNotNormalized() throws {
        let request = SignableRequest(
            method: "GET", host: "bucket.s3.amazonaws.com", path: "/my-object//example//photo.user")
        let credentials = try testCredentials()
        let s3 = try SigV4.sign(
            request, credentials: credentials, region: "us-east-1", service: "s3", date: SuiteInputs.date,
            normalizePath: false)
        let other = try SigV4.sign(
            request, credentials: credentials, region: "us-east-1", service: "s3", date: SuiteInputs.date)
        #expect(SigV4.canonicalRequest(s3, normalizePath: false).hasPrefix("GET\n/my-object//example//photo.user\n"))
        #expect(SigV4.canonicalRequest(other).hasPrefix("GET\n/my-object/example/photo.user\n"))
        #expect(s3.headers.last != other.headers.last)
    }
}
