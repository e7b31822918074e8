// What crosses the TPM's bus: a recorder between the sealer and swtpm sees no secret, no PIN and
// no PIN-derived auth value in clear, while it does see the sealed object's public part.
import Foundation
import TPM2
import Testing
import VaultCrypto

@Suite struct BusEncryptionTests {
    @Test(arguments: [false, true])
    func secretsNeverCrossTheBusInClear(withPIN: Bool) throws {
        let tpm = try Swtpm()
        let recorder = try BusRecorder(target: tpm.port)
        let sealer = TPM2Sealer(tcti: "swtpm:host=127.0.0.1,port=\(recorder.port)")
        let bytes = randomBytes(32)
        let code = withPIN ? "correct horse" : ""
        let blob = try sealer.seal(secure(bytes), pin: pin(code), pcrs: withPIN ? [7] : [])
        #expect(try opened(sealer.unseal(blob, pin: pin(code))) == bytes)

        let traffic = try recorder.recorded()
        // The public part (the blob after its header, up to the private part) went over in clear:
        // the recorder did see the conversation.
        let header = 3 + (withPIN ? 1 : 0)
        let publicSize = Int(blob[header]) << 8 | Int(blob[header + 1])
        let recordedPublic = contains(traffic, Array(blob[header..<header + 2 + publicSize]))
        #expect(recordedPublic, "the recorder saw \(traffic.count) bytes but not the object's public part")
        let leaked = contains(traffic, Array(bytes[0..<8]))
        #expect(!leaked, "the sealed secret crossed the bus in clear")
        if withPIN {
            let pinLeaked = contains(traffic, Array(code.utf8))
            #expect(!pinLeaked, "the PIN crossed the bus in clear")
            var authValue = [UInt8](repeating: 0, count: 32)
            Array(code.utf8).withUnsafeBytes { key in
                Array("vault tpm2 pin v1".utf8).withUnsafeBytes { message in
                    authValue.withUnsafeMutableBytes { HMACSHA256.authenticate(key: key, message: message, into: $0) }
                }
            }
            let authLeaked = contains(traffic, Array(authValue[0..<8]))
            #expect(!authLeaked, "the PIN's auth value crossed the bus in clear")
        }
    }
}

/// Whether `needle` occurs in `haystack`.
func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return false }
    return (0...(haystack.count - needle.count)).contains { start in
        haystack[start] == needle[0] && Array(haystack[start..<start + needle.count]) == needle
    }
}

/// bus_recorder.py between a client and swtpm (both ports), killed by PID when released.
final class BusRecorder {
    let port: Int
    let record: URL
    private let process = Process()

    init(target: Int) throws {
        guard let python = Swtpm.findExecutable("python3") else { throw HarnessError("python3 is not on PATH") }
        (port, _) = try Swtpm.freePortPair()
        record = FileManager.default.temporaryDirectory.appendingPathComponent("tpm-bus-\(UUID().uuidString)")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "bus_recorder.py")
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, String(port), String(target), record.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let ready = output.fileHandleForReading.availableData
        guard String(decoding: ready, as: UTF8.self).hasPrefix("ready") else {
            throw HarnessError("bus_recorder.py did not start")
        }
    }

    func recorded() throws -> [UInt8] { Array(try Data(contentsOf: record)) }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: record)
    }
}
