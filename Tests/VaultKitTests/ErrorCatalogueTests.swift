// The error catalogue: every case of every capability has an example whose message is one line,
// and docs/commands.md lists exactly what the catalogue renders (UPDATE_SNAPSHOTS=1 rewrites it).
import Foundation
import Testing

@testable import VaultKit

@Suite("Error catalogue")
struct ErrorCatalogueTests {
    static let begin = "<!-- errors:begin -->\n"
    static let end = "<!-- errors:end -->"

    @Test func everyCaseOfEveryCapabilityHasAnExampleOfItsOwnKind() {
        func check<E, K: Equatable>(_ kinds: [K], _ examples: (K) -> [E], _ kind: (E) -> K) {
            for k in kinds {
                let values = examples(k)
                #expect(!values.isEmpty, "no example of \(k)")
                #expect(values.allSatisfy { kind($0) == k }, "an example of \(k) is another case")
            }
        }
        check(KeysError.Kind.allCases, KeysError.examples, { $0.kind })
        check(VaultFileError.Kind.allCases, VaultFileError.examples, { $0.kind })
        check(SessionsError.Kind.allCases, SessionsError.examples, { $0.kind })
        check(AdminError.Kind.allCases, AdminError.examples, { $0.kind })
        check(SetupError.Kind.allCases, SetupError.examples, { $0.kind })
        check(ConsoleError.Kind.allCases, ConsoleError.examples, { $0.kind })
        check(AWSFailure.Kind.allCases, AWSFailure.examples, { $0.kind })
        check(SystemFailure.Kind.allCases, SystemFailure.examples, { $0.kind })
        check(SSOError.Kind.allCases, SSOError.examples, { $0.kind })
        check(ShellError.Kind.allCases, ShellError.examples, { $0.kind })
        check(MFADeviceError.Kind.allCases, MFADeviceError.examples, { $0.kind })
        check(UsageError.Kind.allCases, UsageError.examples, { $0.kind })
        check(ProtectorError.Kind.allCases, ProtectorError.examples, { $0.kind })
        check(TPMFailure.Kind.allCases, TPMFailure.examples, { $0.kind })
        check(MFASessionError.Kind.allCases, MFASessionError.examples, { $0.kind })
        let capabilities = VaultError.Capability.allCases.map { VaultError.catalogue(of: $0) }
        #expect(capabilities.allSatisfy { !$0.errors.isEmpty })
        for capability in VaultError.Capability.allCases {
            #expect(VaultError.catalogue(of: capability).errors.allSatisfy { $0.capability == capability })
        }
    }

    @Test func everyMessageIsOneNonEmptyLineWithAUsualExitStatus() {
        for capability in VaultError.Capability.allCases {
            for error in VaultError.catalogue(of: capability).errors {
                #expect(!error.problem.isEmpty && !error.problem.contains("\n"), "\(error.problem)")
                #expect(!error.hint.isEmpty && !error.hint.contains("\n"), "\(error.hint)")
                #expect([1, 2, 126, 127].contains(error.exitCode) || error.exitCode > 128, "\(error.problem)")
            }
        }
    }

    @Test func theCommandReferenceListsEveryError() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../docs/commands.md"
        ).standardized.path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin), "no \(Self.begin) marker in \(path)")
        let stop = try #require(text.range(of: Self.end, range: start.upperBound..<text.endIndex))
        let expected = VaultError.catalogueMarkdown()
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
            try (text[..<start.upperBound] + expected + text[stop.lowerBound...]).write(
                toFile: path, atomically: true, encoding: .utf8)
            return
        }
        #expect(
            String(text[start.upperBound..<stop.lowerBound]) == expected,
            "docs/commands.md's Errors section is stale: UPDATE_SNAPSHOTS=1 swift test --filter ErrorCatalogueTests rewrites it"
        )
    }
}
