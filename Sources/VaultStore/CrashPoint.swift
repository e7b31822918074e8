#if canImport(Glibc)
import Glibc
#endif

/// Deterministic crash points for the crash-safety tests; compiled out of release builds.
///
/// In a debug build, `VAULT_TEST_CRASH_AT=<name>` makes the process kill itself with SIGKILL when
/// it reaches that point, exactly as an outside `kill -9` would at that instant. Each crash point
/// is also a `PausePoint` of the same name.
public enum CrashPoint {
    @inline(__always)
    public static func reached(_ name: StaticString) {
        #if DEBUG
        PausePoint.reached(name)
        guard let wanted = getenv("VAULT_TEST_CRASH_AT") else { return }
        let matches = name.withUTF8Buffer { buffer in
            strlen(wanted) == buffer.count && memcmp(wanted, buffer.baseAddress!, buffer.count) == 0
        }
        if matches { raise(SIGKILL) }
        #endif
    }
}
