#if canImport(Glibc)
import Glibc
#endif
import VaultStore

/// Where the CLI writes: results on stdout, messages on stderr.
enum Output {
    /// A result, on stdout.
    static func print(_ text: String) {
        write(1, text + "\n")
    }

    /// A message for the person, on stderr.
    static func info(_ text: String) {
        write(2, text + "\n")
    }

    /// An error: what is wrong, then what to do.
    static func error(problem: String, hint: String) {
        write(2, "vault: \(problem)\nhint: \(hint)\n")
    }

    /// Errors are dropped: there is nowhere left to report them.
    private static func write(_ fd: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in try? FileDescriptor.writeAll(fd, UnsafeRawBufferPointer(buffer), path: "output") }
    }
}
