#if canImport(Glibc)
import Glibc
#endif
import VaultCrypto
import VaultStore

/// Asks on the controlling terminal (`/dev/tty`), never on stdin/stderr: under
/// `credential_process` both of those are pipes the AWS CLI swallows, but the terminal is still
/// the user's.
public struct TerminalPrompter: Prompter {
    private let allowed: Bool

    /// `allowed: false` (from `--no-prompt`) makes every question fail fast instead.
    public init(allowed: Bool = true) { self.allowed = allowed }

    public var canPrompt: Bool {
        guard allowed else { return false }
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }

    public func secret(_ prompt: String) throws(VaultError) -> SecureBytes {
        try withTerminal { fd throws(VaultError) in
            var saved = termios()
            let isTTY = tcgetattr(fd, &saved) == 0
            if isTTY {
                var quiet = saved
                quiet.c_lflag &= ~tcflag_t(ECHO)
                quiet.c_lflag |= tcflag_t(ECHONL)
                tcsetattr(fd, TCSAFLUSH, &quiet)
            }
            defer { if isTTY { tcsetattr(fd, TCSAFLUSH, &saved) } }
            write(fd, prompt)
            return try LineReader.readSecretLine(fd: fd, limit: 1024)
        }
    }

    public func line(_ prompt: String) throws(VaultError) -> String {
        try withTerminal { fd throws(VaultError) in
            write(fd, prompt)
            let bytes = try LineReader.readSecretLine(fd: fd, limit: 4096)
            return bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        }
    }

    public func confirm(_ prompt: String) throws(VaultError) -> Bool {
        let answer = try line(prompt + " [y/N] ")
        return answer.lowercased().hasPrefix("y")
    }

    private func withTerminal<R: ~Copyable>(_ body: (Int32) throws(VaultError) -> R) throws(VaultError) -> R {
        guard allowed else { throw VaultError.promptNotAllowed }
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw VaultError.noTerminal }
        defer { close(fd) }
        return try body(fd)
    }

    /// A prompt that cannot be shown is not an error: the read that follows still works.
    private func write(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { try? FileDescriptor.writeAll(fd, UnsafeRawBufferPointer($0), path: "/dev/tty") }
    }
}

/// Reads one line straight into locked memory, a byte at a time (no stdio buffer keeps a copy).
public enum LineReader {
    /// Reads up to a newline (not included) or end of input; fails past `limit` bytes.
    public static func readSecretLine(fd: Int32, limit: Int) throws(VaultError) -> SecureBytes {
        var buffer: SecureBytes
        do { buffer = try SecureBytes(count: limit) } catch {
            throw VaultError.lockedMemory
        }
        var count = 0
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n == -1 && errno == EINTR { continue }
            if n <= 0 || byte == 0x0A { break }
            guard count < limit else {
                byte = 0
                throw VaultError.system(.lineTooLong(limit: limit))
            }
            let index = count
            buffer.withUnsafeMutableBytes { $0[index] = byte }
            count += 1
        }
        byte = 0
        if count > 0, buffer.withUnsafeBytes({ $0[count - 1] }) == 0x0D { count -= 1 }  // CRLF input
        do { return try buffer.slice(0..<count) } catch {
            throw VaultError.lockedMemory
        }
    }
}
