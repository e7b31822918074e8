// A real software TPM (swtpm) per test: fresh state folder, free loopback ports, stopped by PID.
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A test failure that says what is missing or broke.
struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One swtpm process serving TPM 2.0 commands on 127.0.0.1, with its own state, killed by PID
/// and its state folder removed when released. swtpm serves one client at a time: every
/// `TPM2Sealer` call closes its connection before returning, so `tool` may run between calls.
final class Swtpm {
    let port: Int
    let controlPort: Int
    let stateFolder: URL
    private var process: Process

    /// The TCTI string naming this swtpm.
    var tcti: String { "swtpm:host=127.0.0.1,port=\(port)" }

    init() throws {
        guard let swtpm = Self.findExecutable("swtpm") else {
            throw HarnessError("swtpm is not on PATH; run Vault/scripts/bootstrap (apt install swtpm swtpm-tools)")
        }
        stateFolder = FileManager.default.temporaryDirectory.appendingPathComponent("swtpm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: stateFolder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        // Tests run in parallel: another one may take the pair between our probe and swtpm's bind,
        // and swtpm then exits at once. Try a few pairs.
        for _ in 0..<5 {
            let (port, controlPort) = try Self.freePortPair()
            if let running = try Self.launch(swtpm, port: port, controlPort: controlPort, state: stateFolder) {
                (self.port, self.controlPort, process) = (port, controlPort, running)
                return
            }
        }
        try? FileManager.default.removeItem(at: stateFolder)
        throw HarnessError("swtpm did not start on any of 5 free loopback port pairs")
    }

    /// swtpm listening on `port` and `controlPort`, or nil when it exited (a port was taken).
    private static func launch(_ swtpm: String, port: Int, controlPort: Int, state: URL) throws -> Process? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: swtpm)
        process.arguments = [
            "socket", "--tpm2", "--server", "type=tcp,port=\(port),bindaddr=127.0.0.1",
            "--ctrl", "type=tcp,port=\(controlPort),bindaddr=127.0.0.1", "--tpmstate", "dir=\(state.path)",
            "--flags", "startup-clear", "--pid", "file=\(state.path)/swtpm.pid",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Ready once the control channel accepts (probing the server port would take its one client
        // slot) and swtpm still runs (what accepted was not another test's swtpm).
        let deadline = Date().addingTimeInterval(10)
        while !accepts(controlPort) {
            guard process.isRunning, Date() < deadline else { break }
            usleep(5_000)
        }
        usleep(20_000)
        if process.isRunning, accepts(controlPort) { return process }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        return nil
    }

    deinit { stop() }

    private func stop() {
        if process.isRunning {
            // SIGKILL: children of Foundation's Process inherit a mask that blocks SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: stateFolder)
    }

    /// Runs a tpm2-tools command against this swtpm; returns its exit status and standard error.
    @discardableResult
    func tool(_ name: String, _ arguments: [String]) throws -> (status: Int32, errors: String) {
        guard let path = Self.findExecutable(name) else {
            throw HarnessError("\(name) is not on PATH; run Vault/scripts/bootstrap (apt install tpm2-tools)")
        }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: path)
        child.arguments = arguments
        child.environment = ["TPM2TOOLS_TCTI": tcti, "PATH": "/usr/bin:/bin"]
        let errors = Pipe()
        child.standardOutput = FileHandle.nullDevice
        child.standardError = errors
        try child.run()
        let text = errors.fileHandleForReading.readDataToEndOfFile()
        child.waitUntilExit()
        return (child.terminationStatus, String(decoding: text, as: UTF8.self))
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return (path.split(separator: ":") + ["/usr/bin", "/usr/sbin"]).map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A free port P on 127.0.0.1 with P+1 free too: the swtpm TCTI reaches the control channel at P+1.
    static func freePortPair() throws -> (Int, Int) {
        for _ in 0..<50 {
            let port = try freePort()
            if port < 65535, canBind(port + 1) { return (port, port + 1) }
        }
        throw HarnessError("no two consecutive free loopback ports")
    }

    private static func canBind(_ port: Int) -> Bool { onLoopback(port, bind) }

    /// `call` (bind or connect) on a fresh TCP socket with 127.0.0.1:`port`: whether it succeeded.
    private static func onLoopback(
        _ port: Int, _ call: (Int32, UnsafePointer<sockaddr>?, socklen_t) -> Int32
    ) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                call(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        } == 0
    }

    /// A port the kernel just handed out on 127.0.0.1, where nothing listens once it returns.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw HarnessError("bind() failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func accepts(_ port: Int) -> Bool { onLoopback(port, connect) }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }
}
