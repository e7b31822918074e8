// Errors as values: use cases throw a capability's case with its data, which a test can match
// without comparing text, and each case says the same words it always said.
import TestSupport
import Testing
import VaultCrypto

@testable import VaultKit

@Suite("Error cases")
struct ErrorCaseTests {
    @Test func addingAProfileTwiceWithoutReplaceIsAlreadyInVault() throws {
        let world = try VaultFixture()
        defer { world.cleanup() }
        try world.addKey(profile: "work")
        #expect(throws: VaultError.keys(.alreadyInVault(profile: "work"))) { try world.addKey(profile: "work") }
    }

    @Test func removingAnUnknownProfileNamesTheProfilesInTheVault() throws {
        let world = try VaultFixture()
        defer { world.cleanup() }
        try world.addKey(profile: "work")
        #expect(throws: VaultError.keys(.unknownProfile("wrk", known: ["work"]))) {
            try world.vault.remove(profile: "wrk")
        }
        let error = VaultError.keys(.unknownProfile("wrk", known: ["work"]))
        #expect(error.problem == "profile 'wrk' is not in the vault")
        #expect(error.hint == "did you mean 'work'? (vault list shows them all)")
    }

    @Test func anMFACodeThatIsNotSixDigitsSaysWhereItCameFrom() throws {
        #expect(throws: VaultError.sessions(.mfaNotSixDigits(source: "mfa_process"))) {
            _ = try MFACode.validated("12345", from: "mfa_process")
        }
        #expect(try MFACode.validated(" 123456\n", from: "the prompt") == "123456")
    }

    @Test func aNestedSessionIsRefusedUnlessForced() throws {
        #expect(throws: VaultError.sessions(.nested(outer: "prod"))) {
            try Exec.checkNotNested(environment: ["AWS_VAULT": "prod"], force: false)
        }
        try Exec.checkNotNested(environment: ["AWS_VAULT": "prod"], force: true)
    }

    @Test func aBadRoleARNKeepsItsProfileAndAShortenedARN() {
        let arn = "arn:aws:iam::12345:role/" + String(repeating: "x", count: 200)
        #expect(throws: VaultError.console(.badRoleARN(profile: "p", arn: String(arn.prefix(120))))) {
            _ = try RoleARN(parsing: arn, profile: "p")
        }
    }

    @Test func usageErrorsExitWithTwoAndSignalsWithTheirNumber() {
        #expect(VaultError.keys(.invalidProfileName("a b")).exitCode == 2)
        #expect(VaultError.sessions(.mfaInterrupted(signal: 15, command: "x")).exitCode == 143)
        #expect(VaultError.sessions(.cannotRun(program: "nosuch", errno: 2)).exitCode == 127)
        #expect(VaultError.sessions(.cannotRun(program: "x", errno: 13)).exitCode == 126)
        #expect(VaultError.keys(.alreadyInVault(profile: "p")).exitCode == 1)
    }
}
