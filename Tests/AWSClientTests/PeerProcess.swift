import Foundation
import SigV4

@testable import AWSClient

#if canImport(Glibc)
import Glibc
#endif

/// A test failure with a message that says what is missing or broke.
struct PeerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A real peer process (moto, a tiny HTTP server) owned by one test and killed by PID when released.
final class PeerProcess {
    let process = Process()
    let port: Int
    private let log: URL

    /// Starts `executable` (searched on PATH) with `arguments(port)` on a free loopback port, and
    /// waits until it answers HTTP on that port.
    init(_ executable: String, arguments: (Int) -> [String], readyTimeout: Double = 30) throws {
        guard let path = PeerProcess.findExecutable(executable) else {
            throw PeerError("`\(executable)` is not on PATH; install it (pip install 'moto[server]==5.2.1' boto3)")
        }
        port = try PeerProcess.freePort()
        log = FileManager.default.temporaryDirectory.appendingPathComponent("awsclient-peer-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments(port)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(readyTimeout)
        while Date() < deadline {
            guard process.isRunning else { throw PeerError("\(executable) exited early:\n\(logText)") }
            let probe = HTTPRequest(
                scheme: "http", host: "127.0.0.1", port: port,
                request: SignableRequest(method: "GET", host: "127.0.0.1:\(port)", path: "/moto-api/"))
            if (try? NetworkTransport().send(probe, timeoutSeconds: 2)) != nil { return }
            usleep(100_000)
        }
        throw PeerError("\(executable) did not answer on port \(port) within \(readyTimeout) s:\n\(logText)")
    }

    /// The peer's output so far, for failure messages.
    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    deinit {
        if process.isRunning {
            // SIGKILL: children of Foundation's Process inherit a mask that blocks SIGTERM here.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: log)
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// A port the kernel just handed out on 127.0.0.1 (released again for the peer to bind).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PeerError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw PeerError("bind() failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Runs `python3 -c script args…` and returns its standard output; fails with its stderr.
func runPython(_ script: String, _ arguments: [String]) throws -> String {
    guard let python = PeerProcess.findExecutable("python3") else { throw PeerError("python3 is not on PATH") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", script] + arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw PeerError("python3 failed (\(process.terminationStatus)): \(String(decoding: errors, as: UTF8.self))")
    }
    return String(decoding: output, as: UTF8.self)
}
