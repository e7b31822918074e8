import AWSClient
import Testing

@testable import VaultKit

@Suite struct EventualConsistencyTests {
    let context = VaultContext(
        environment: [:], prompter: TerminalPrompter(allowed: false), keyring: SystemKeyring(), noticeSink: { _ in })

    /// A change IAM has not propagated yet is retried until it takes effect.
    @Test func retriesWhileIAMPropagates() throws {
        var attempts = 0
        try EventualConsistency.wait(context: context, what: "test", timeoutSeconds: 10) { () throws(AWSError) in
            attempts += 1
            if attempts < 3 { throw AWSError.assumeRoleDenied(roleARN: nil, message: "not yet") }
        }
        #expect(attempts == 3)
    }

    /// Other failures are not waited out.
    @Test func otherErrorsAreNotRetried() {
        var attempts = 0
        #expect(throws: VaultError.self) {
            try EventualConsistency.wait(context: context, what: "test", timeoutSeconds: 10) { () throws(AWSError) in
                attempts += 1
                throw AWSError.throttled(attempts: 1)
            }
        }
        #expect(attempts == 1)
    }

    /// The wait is bounded.
    @Test func givesUpAfterTheBound() {
        var attempts = 0
        #expect(throws: VaultError.self) {
            try EventualConsistency.wait(context: context, what: "test", timeoutSeconds: 2) { () throws(AWSError) in
                attempts += 1
                throw AWSError.invalidKey(accessKeyID: "AKIAIOSFODNN7EXAMPLE")
            }
        }
        #expect(attempts >= 2 && attempts <= 3)
    }
}
