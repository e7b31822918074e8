// The signer against requests botocore signed (botocore_crosscheck.py).
import Foundation
import SigV4
import Testing
import VaultCrypto

/// One request botocore signed (see botocore_crosscheck.py for what it generates and avoids).
private struct BotocoreCase: Decodable {
    let method: String
    let host: String
    let path: String
    let query: String
    let headers: [[String]]
    let bodyHex: String
    let unixSeconds: Int64
    let timestamp: String
    let accessKeyId: String
    let secretAccessKey: String
    let sessionToken: String?
    let region: String
    let service: String
    let canonicalRequest: String
    let stringToSign: String
    let authorization: String
    let signedHeaders: [[String]]
}

@Suite("botocore cross-check")
struct BotocoreCrossCheckTests {
    static let caseCount = 250
    /// Fixed so failures reproduce; SIGV4_CROSSCHECK_SEED explores other requests.
    static let seed = ProcessInfo.processInfo.environment["SIGV4_CROSSCHECK_SEED"] ?? "20150830"

    /// Runs the generator; records a failure (never a skip) when python3 or botocore is missing.
    private static func botocoreCases() throws -> [BotocoreCase]? {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("botocore_crosscheck.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--count", String(caseCount), "--seed", seed]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            Issue.record(
                "cannot start python3 through /usr/bin/env (\(error)); the cross-check needs python3 with botocore")
            return nil
        }
        let json = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Issue.record(
                """
                botocore cross-check generator failed (exit \(process.terminationStatus)); it needs python3 with \
                botocore installed (pip install botocore): \(message)
                """)
            return nil
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode([BotocoreCase].self, from: json)
    }

    @Test("canonical requests and Authorization headers equal botocore's for random requests")
    func matchesBotocore() throws {
        guard let cases = try Self.botocoreCases() else { return }
        #expect(cases.count == Self.caseCount)
        var mismatches = 0
        for (index, testCase) in cases.enumerated() {
            let request = SignableRequest(
                method: testCase.method, host: testCase.host, path: testCase.path, query: testCase.query,
                headers: testCase.headers.map { Header($0[0], $0[1]) },
                body: try #require(Encoding.fromHex(testCase.bodyHex)))
            let date = AmzDate(unixSeconds: testCase.unixSeconds)
            let credentials = try testCredentials(
                accessKeyID: testCase.accessKeyId, secret: testCase.secretAccessKey,
                sessionToken: testCase.sessionToken)
            let prepared = try SigV4.addingSigningHeaders(
                to: request, date: date, sessionToken: try secureToken(testCase.sessionToken))
            let canonical = SigV4.canonicalRequest(prepared)
            let signed = try SigV4.sign(
                request, credentials: credentials, region: testCase.region, service: testCase.service, date: date)
            // botocore leaves Host to the HTTP client; every other header must match in order.
            let botocoreHeaders = testCase.signedHeaders.map { Header($0[0], $0[1]) }
            let ourHeaders = signed.headers.filter { $0.name != "Host" }

            let context: Comment = "case \(index): \(request)"
            #expect(date.timestamp == testCase.timestamp, context)
            #expect(canonical == testCase.canonicalRequest, context)
            #expect(
                SigV4.stringToSign(
                    canonicalRequest: canonical, date: date, region: testCase.region, service: testCase.service)
                    == testCase.stringToSign, context)
            #expect(signed.headers.last == Header("Authorization", testCase.authorization), context)
            #expect(ourHeaders == botocoreHeaders, context)
            #expect(signed.headers.first == Header("Host", testCase.host), context)
            if canonical != testCase.canonicalRequest || signed.headers.last?.value != testCase.authorization {
                mismatches += 1
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(cases.count) botocore cases differ (seed \(Self.seed))")
    }
}
