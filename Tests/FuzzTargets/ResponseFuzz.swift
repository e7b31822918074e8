// Fuzz target: STS and IAM answers of any shape through the real decoders, checking what is accepted.
import AWSClient
import SigV4
import VaultCrypto

/// The STS and IAM clients, unchanged, over a transport that answers every request with the
/// input: the XML reader, each action's response decoder and the error mapping all run as in a
/// real call. The first input byte is a mode: bits 0–3 pick the action, bits 4–6 the HTTP status;
/// with bit 7 the rest's first line is the `Date` header (clock-skew detection) and the body follows.
/// Invariants: a 2xx answer either decodes or fails as a malformed response; an error answer never
/// does; every error's problem and hint are one bounded line with access key ids masked; decoded
/// credentials are complete.
enum ResponseFuzz {
    static let statuses = [200, 200, 400, 403, 404, 429, 500, 503]
    static let now: Int64 = 1_795_633_200  // 2026-11-25T19:00:00Z
    static let nowHTTPDate = "Wed, 25 Nov 2026 19:00:00 GMT"

    static func run(_ input: [UInt8]) -> [String] {
        let mode = input.first ?? 0
        var body = Array(input.dropFirst())
        var date = nowHTTPDate
        if mode & 0x80 != 0 {
            let end = body.firstIndex(of: UInt8(ascii: "\n")) ?? body.endIndex
            date = String(decoding: body[..<end], as: UTF8.self)
            body = end < body.endIndex ? Array(body[(end + 1)...]) : []
        }
        let status = statuses[Int(mode >> 4) & 7]
        let configuration = ServiceConfiguration(
            transport: Answer(HTTPResponse(status: status, headers: ["Date": date], body: body)),
            clock: FixedClock(), retry: RetryPolicy(maxAttempts: 1, sleeper: NoSleep()), timeoutSeconds: 1)
        let endpoint = Endpoint(scheme: "https", host: "sts.amazonaws.com", signingRegion: "us-east-1")
        let sts = STSClient(endpoint: endpoint, configuration: configuration)
        let iam = IAMClient(endpoint: endpoint, configuration: configuration)
        var bytes = Array("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".utf8)
        let credentials = SigningCredentials(
            accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: try! SecureBytes(takingAndWiping: &bytes))

        var out: [String] = []
        do {
            switch mode & 0x0F {
            case 0, 1:
                let c = try sts.assumeRole(
                    roleARN: "arn:aws:iam::123456789012:role/fuzz", sessionName: "fuzz", durationSeconds: 3600,
                    serialNumber: mode & 1 == 0 ? nil : "arn:aws:iam::123456789012:mfa/fuzz",
                    tokenCode: mode & 1 == 0 ? nil : "123456", externalID: "x", credentials: credentials)
                out += check(c)
            case 2:
                out += check(try sts.getSessionToken(credentials: credentials))
            case 3:
                _ = try sts.getCallerIdentity(credentials: credentials)
            case 4: _ = try iam.getUser(credentials: credentials)
            case 5: _ = try iam.listAccessKeys(credentials: credentials)
            case 6:
                let key = try iam.createAccessKey(credentials: credentials)
                if key.secretAccessKey.count == 0 { out.append("an empty new secret") }
            case 7: _ = try iam.getAccessKeyLastUsed(accessKeyID: "AKIAIOSFODNN7EXAMPLE", credentials: credentials)
            case 8:
                try iam.updateAccessKey(
                    accessKeyID: "AKIAIOSFODNN7EXAMPLE", status: .inactive, credentials: credentials)
            case 9: try iam.deleteAccessKey(accessKeyID: "AKIAIOSFODNN7EXAMPLE", credentials: credentials)
            case 10: _ = try iam.getRole(name: "fuzz", credentials: credentials)
            case 11: _ = try iam.listAttachedRolePolicies(roleName: "fuzz", credentials: credentials)
            case 12: _ = try iam.getUserPolicy(userName: "fuzz", policyName: "fuzz", credentials: credentials)
            case 13: _ = try iam.listMFADevices(userName: "fuzz", credentials: credentials)
            case 14: _ = try iam.listGroupsForUser(userName: "fuzz", credentials: credentials)
            default: _ = try sts.getCallerIdentity(credentials: credentials)
            }
            if !(200..<300).contains(status) { out.append("HTTP \(status) was taken for a success") }
        } catch {
            out += violations(error, status: status)
        }
        return out
    }

    private static func check(_ c: borrowing TemporaryCredentials) -> [String] {
        var out: [String] = []
        if c.accessKeyID.isEmpty || c.sessionToken.count == 0 || c.secretAccessKey.count == 0 {
            out.append("incomplete temporary credentials were accepted")
        }
        return out
    }

    private static func violations(_ error: AWSError, status: Int) -> [String] {
        var out =
            terminalViolations(error.problem, "an AWS error's problem", limit: 600)
            + terminalViolations(error.hint, "an AWS error's hint", limit: 600)
        let shown = error.problem + "\n" + error.hint
        if containsKeyID(shown) { out.append("an access key id is shown unmasked: \(shown.debugDescription)") }
        switch error {
        case .malformedResponse, .localFailure:
            if !(200..<300).contains(status) { out.append("HTTP \(status) was read as a success body: \(error)") }
        case .transport, .invalidEndpoint, .insecureEndpoint:
            out.append("unexpected \(error)")
        default:
            if (200..<300).contains(status) { out.append("HTTP \(status) was mapped to an error: \(error)") }
        }
        return out
    }

    /// `AKIA`/`ASIA` followed by 16 of `A–Z 0–9`, anywhere in the scalars.
    static func containsKeyID(_ text: String) -> Bool {
        let s = Array(text.unicodeScalars)
        guard s.count >= 20 else { return false }
        for i in 0...(s.count - 20)
        where s[i] == "A" && (s[i + 1] == "K" || s[i + 1] == "S") && s[i + 2] == "I" && s[i + 3] == "A" {
            if s[(i + 4)..<(i + 20)].allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) {
                return true
            }
        }
        return false
    }
}

/// Answers every request with one response.
private struct Answer: HTTPTransport {
    let response: HTTPResponse
    init(_ response: HTTPResponse) { self.response = response }
    func send(_ request: HTTPRequest, timeoutSeconds: Double) throws(TransportError) -> HTTPResponse { response }
}

private struct FixedClock: AWSClient.Clock {
    func now() -> Int64 { ResponseFuzz.now }
}

private struct NoSleep: Sleeper {
    func sleep(seconds: Double) {}
}
