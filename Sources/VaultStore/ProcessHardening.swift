// Process-wide protections (no core dumps, no ptrace) applied before any secret is read.
#if canImport(Glibc)
import Glibc
#endif
internal import CSystemShims

/// Process-wide protections applied before any secret is read.
public enum ProcessHardening {
    /// No core dumps (RLIMIT_CORE 0) and no ptrace attach or /proc/PID/mem reads by other
    /// processes of the same user (PR_SET_DUMPABLE 0). Returns whether both took effect.
    @discardableResult
    public static func apply() -> Bool {
        getrlimit(Int32(RLIMIT_CORE.rawValue), &originalCoreLimit)
        // Lower only the soft limit, so a program vault execs can get its own back.
        var limit = rlimit(rlim_cur: 0, rlim_max: originalCoreLimit.rlim_max)
        let coreOff = setrlimit(Int32(RLIMIT_CORE.rawValue), &limit) == 0
        let dumpOff = vault_set_dumpable(0) == 0
        // Swift's runtime installs crash handlers that run a backtracer, which reads this process's
        // memory and registers into a report on stderr and keeps the process alive meanwhile. A
        // process holding secrets must simply die: the default action (no core: see above).
        for fatal in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT] {
            signal(fatal, SIG_DFL)
        }
        return coreOff && dumpOff
    }

    nonisolated(unsafe) private static var originalCoreLimit = rlimit(rlim_cur: 0, rlim_max: 0)

    /// Gives back the core-dump limit the user had, just before vault execs their command.
    public static func restoreForChild() {
        var limit = originalCoreLimit
        setrlimit(Int32(RLIMIT_CORE.rawValue), &limit)
    }

    /// Whether this process is currently marked non-dumpable.
    public static var isNonDumpable: Bool { vault_get_dumpable() == 0 }
}
