#if canImport(Glibc)
import Glibc
#endif

/// Deterministic stops for the memory and /proc tests; compiled out of release builds.
///
/// In a debug build, `VAULT_TEST_PAUSE_AT=<name>[,<name>…]` makes the process stop itself with
/// SIGSTOP at each named point, so a test can read `/proc/PID/mem`, `cmdline` and `environ` of
/// the live process at that instant and then let it go on with SIGCONT. Every crash point is a
/// pause point too.
public enum PausePoint {
    @inline(__always)
    public static func reached(_ name: StaticString) {
        #if DEBUG
        guard let wanted = getenv("VAULT_TEST_PAUSE_AT") else { return }
        let matches = name.withUTF8Buffer { buffer -> Bool in
            var start = 0
            let length = strlen(wanted)
            while start <= length {
                var end = start
                while end < length && wanted[end] != CChar(UInt8(ascii: ",")) { end += 1 }
                if end - start == buffer.count && memcmp(wanted + start, buffer.baseAddress!, buffer.count) == 0 {
                    return true
                }
                start = end + 1
            }
            return false
        }
        if matches { raise(SIGSTOP) }
        #endif
    }
}
