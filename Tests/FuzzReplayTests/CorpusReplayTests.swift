import Foundation
import FuzzTargets
import Testing

/// The fast half of the fuzzing (docs/reliability.md, Fuzzing): every committed corpus input and
/// every regression input, through the same harness functions libFuzzer drives
/// (`Vault/scripts/fuzz` runs the long half).
@Suite struct CorpusReplayTests {
    static let fuzzDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Vault/fuzz").standardized

    /// The files of `Vault/fuzz/<kind>/<target>/`, sorted; none when the folder is missing.
    static func inputs(_ kind: String, _ target: FuzzTarget) throws -> [URL] {
        let folder = fuzzDirectory.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test(arguments: FuzzTarget.allCases)
    func corpusReplaysClean(_ target: FuzzTarget) throws {
        let files = try Self.inputs("corpus", target)
        #expect(files.count >= 10, "the \(target.rawValue) corpus is missing or nearly empty")
        for file in files {
            let violations = target.run(Array(try Data(contentsOf: file)))
            #expect(violations.isEmpty, "corpus/\(target.rawValue)/\(file.lastPathComponent): \(violations)")
        }
    }

    @Test(arguments: FuzzTarget.allCases)
    func regressionsReplayClean(_ target: FuzzTarget) throws {
        for file in try Self.inputs("regressions", target) {
            let violations = target.run(Array(try Data(contentsOf: file)))
            #expect(violations.isEmpty, "regressions/\(target.rawValue)/\(file.lastPathComponent): \(violations)")
        }
    }
}
