// The fast path and ArgumentParser read the same calls: each fast form and its parsed
// equivalents build the same SessionInvocation and the same SessionRequest.
import Testing
import VaultKit

@testable import VaultCLI

@Suite("Fast path")
struct FastPathTests {
    static let environment = ["VAULT_SESSION_MIN_REMAINING": "600"]

    /// A fast form, then spellings of the same call only the parser reads.
    static let assumeForms: [([String], [[String]])] = [
        (["assume", "mfa", "--format", "json"], [["mfa", "--format", "json"], ["--format=json", "mfa"]]),
        (["assume", "prod.admin", "--format", "json"], [["prod.admin", "--format", "json"]]),
        (
            ["assume", "mfa", "--format", "json", "--refresh", "--mfa-code", "123456"],
            [
                ["mfa", "--format", "json", "--refresh", "--mfa-code", "123456"],
                ["--mfa-code=123456", "mfa", "--refresh", "--format=json"],
            ]
        ),
        (
            ["assume", "mfa", "--format", "json", "--mfa-code", "042", "--no-prompt"],
            [["mfa", "--no-prompt", "--format", "json", "--mfa-code", "042"]]
        ),
    ]
    static let execForms: [([String], [[String]])] = [
        (["exec", "mfa", "--", "aws", "s3", "ls"], [["mfa", "--", "aws", "s3", "ls"]]),
        (["exec", "mfa", "--", "sh", "-c", "--format json"], [["mfa", "--", "sh", "-c", "--format json"]]),
    ]

    @Test(arguments: assumeForms)
    func assumeFastFormBuildsWhatTheParserBuilds(fast: [String], parsedForms: [[String]]) throws {
        let fastCall = try #require(SessionInvocation.fastForm(fast))
        for arguments in parsedForms {
            let parsed = try AssumeCommand.parse(arguments).invocation
            #expect(fastCall == parsed)
            #expect(
                try fastCall.request(environment: Self.environment) == parsed.request(environment: Self.environment))
        }
    }

    @Test(arguments: execForms)
    func execFastFormBuildsWhatTheParserBuilds(fast: [String], parsedForms: [[String]]) throws {
        let fastCall = try #require(SessionInvocation.fastForm(fast))
        for arguments in parsedForms {
            let parsed = try ExecCommand.parse(arguments).invocation
            #expect(fastCall == parsed)
            #expect(
                try fastCall.request(environment: Self.environment) == parsed.request(environment: Self.environment))
        }
    }

    @Test func theRequestKeepsTheThresholdFromTheEnvironment() throws {
        let call = try #require(SessionInvocation.fastForm(["assume", "mfa", "--format", "json"]))
        #expect(
            try call.request(environment: Self.environment)
                == SessionRequest(profile: "mfa", minimumRemaining: 600))
        #expect(throws: VaultError.sessions(.badMinRemaining("x"))) {
            _ = try call.request(environment: ["VAULT_SESSION_MIN_REMAINING": "x"])
        }
    }

    @Test(arguments: [
        ["assume", "mfa"], ["assume", "mfa", "--format", "env"],
        ["assume", "mfa", "--format", "json", "--refresh", "--refresh"],
        ["assume", "mfa", "--format", "json", "--mfa-code"],
        ["assume", "mfa", "--format", "json", "--mfa-code", "12a456"],
        ["assume", "mfa", "--format", "json", "--mfa-code", "--refresh"],
        ["assume", "mfa", "--format", "json", "--duration", "1h"],
        ["assume", "mfa", "--format", "json", "--mfa-code", "1", "--mfa-code", "2"],
        ["assume", "mfa", "--format", "json", "-h"],
        ["assume", "--format", "json", "mfa"], ["assume", "-h", "--format", "json"],
        ["assume", "", "--format", "json"],
        ["exec", "mfa", "--server", "--", "aws"], ["exec", "mfa", "--"], ["exec", "--", "--", "aws"],
        ["list", "mfa", "--", "x"],
    ])
    func everyOtherFormGoesThroughTheParser(arguments: [String]) {
        #expect(SessionInvocation.fastForm(arguments) == nil)
    }

    @Test func parsedOptionsTheFastPathNeverSeesReachTheRequest() throws {
        let parsed = try AssumeCommand.parse([
            "mfa", "--format", "json", "--duration", "1800", "--region", "eu-west-1", "--mfa-code", "123456",
            "--refresh", "--no-prompt",
        ]).invocation
        #expect(parsed.noPrompt)
        #expect(
            try parsed.request(environment: [:])
                == SessionRequest(
                    profile: "mfa", durationSeconds: 1800, region: "eu-west-1", mfaCode: "123456", refresh: true,
                    minimumRemaining: 900))
    }
}
