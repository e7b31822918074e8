// The console page (`--path`, `--region`) and the prompt segment, without a peer.
import Testing

@testable import VaultKit

@Suite("Console pages and the prompt segment")
struct ShellIntegrationTests {
    static let site = SignInSite(host: "signin.aws.amazon.com", console: "https://console.aws.amazon.com/")

    @Test("a page and a region make the regional console URL, the fragment last")
    func pageURL() {
        #expect(
            ConsolePage(path: "/s3/home", region: nil).url(on: Self.site) == "https://console.aws.amazon.com/s3/home")
        #expect(
            ConsolePage(path: "ec2/home#Instances", region: "eu-west-1").url(on: Self.site)
                == "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances")
        #expect(
            ConsolePage(path: nil, region: "us-east-2").url(on: Self.site)
                == "https://us-east-2.console.aws.amazon.com/console/home?region=us-east-2")
        #expect(ConsolePage.home.url(on: Self.site) == "https://console.aws.amazon.com/")
    }

    @Test(
        "paths that could leave the console are refused",
        arguments: ["", "/", "https://evil.example/", "s3//home", "s3/../x", "./s3", "s3 home", "s3?x=1", "é", "a@b"])
    func badPaths(_ path: String) {
        #expect(!ConsolePage.isValidPath(path))
    }

    @Test("console paths people use are accepted", arguments: ["s3/home", "/ec2/home#Instances:", "iam/home#/users"])
    func goodPaths(_ path: String) {
        #expect(ConsolePage.isValidPath(path))
    }

    @Test(
        "region names only",
        arguments: [
            ("eu-west-1", true), ("us-gov-west-1", true), ("EU-WEST-1", false), ("eu-west", false),
            ("evil.com/x-1", false), ("-west-1", false), ("eu--1", false),
        ])
    func regions(_ region: String, _ valid: Bool) {
        #expect(ConsolePage.isValidRegion(region) == valid)
    }

    @Test("the segment: whole minutes, expired, control characters dropped")
    func segment() {
        #expect(PromptSegment.format(profile: "mfa", secondsLeft: 2579) == "mfa 42m")
        #expect(PromptSegment.format(profile: "mfa", secondsLeft: 0) == "mfa expired")
        #expect(PromptSegment.format(profile: "a\u{1B}]0;x\u{7}b", secondsLeft: 60) == "a]0;xb 1m")
    }

    @Test("inside vault exec only the environment is read")
    func fromEnvironment() {
        let context = VaultContext(
            environment: [
                "AWS_VAULT": "work", "AWS_CREDENTIAL_EXPIRATION": "2026-01-01T01:00:00Z", "HOME": "/nonexistent",
            ],
            prompter: TerminalPrompter(allowed: false), keyring: SystemKeyring(), now: { 1_767_225_600 })
        #expect(PromptSegment(context: context).text() == "work 60m")
        var none = context
        none.environment = ["HOME": "/nonexistent"]
        #expect(PromptSegment(context: none).text() == nil)
    }
}
