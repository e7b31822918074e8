#if canImport(Glibc)
import Glibc
#endif
import VaultStore

/// The command `vault exec --server` starts and outlives: vault keeps running to serve it.
struct ServedCommand {
    let pid: pid_t

    /// Starts `command` with exactly `environment`, looking it up in PATH as execvp would. The
    /// child gets a normal process state: empty signal mask, default dispositions for the signals
    /// vault handles, and the user's core-file limit.
    static func spawn(_ command: [String], environment: [String: String], defaultSignals: [Int32]) throws(VaultError)
        -> ServedCommand
    {
        guard let program = command.first else {
            throw VaultError.sessions(.noCommand(server: true))
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in defaultSignals { sigaddset(&defaults, signal) }
        // glibc's posix_spawn sets its two internal signals (32, 33: cancellation, setxid) to
        // SIG_IGN in the child when this process has handlers for them (threads do), and an
        // ignored signal survives exec. sigaddset refuses them, so their bits are set directly
        // (bit n-1 for signal n, little-endian words).
        withUnsafeMutableBytes(of: &defaults) { raw in
            for signal in [32, 33] { raw[(signal - 1) / 8] |= UInt8(1 << ((signal - 1) % 8)) }
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let owned = environment.map { strdup("\($0.key)=\($0.value)") } + command.map { strdup($0) }
        defer { owned.forEach { free($0) } }
        let envp: [UnsafeMutablePointer<CChar>?] = Array(owned[0..<environment.count]) + [nil]
        let argv: [UnsafeMutablePointer<CChar>?] = Array(owned[environment.count...]) + [nil]
        // posix_spawn cannot set a limit in the child alone: give the limit back for the spawn,
        // then take it away again (vault stays non-dumpable throughout, so no core in between).
        ProcessHardening.restoreForChild()
        defer { ProcessHardening.apply() }
        var firstError = ENOENT
        for candidate in Exec.executableCandidates(program, path: environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
        {
            var pid: pid_t = 0
            let status = posix_spawn(&pid, candidate, nil, &attributes, argv, envp)
            if status == 0 { return ServedCommand(pid: pid) }
            if status != ENOENT && firstError == ENOENT { firstError = status }
        }
        throw VaultError.sessions(.cannotRun(program: program, errno: firstError))
    }

    /// The exit status once the child has ended (128 + the signal if one killed it); nil while it runs.
    func reap() -> Int32? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}

/// Signals as bytes on a pipe (the self-pipe trick), so one poll loop sees them next to its
/// sockets: the handler only writes a byte, which is async-signal-safe.
struct SignalPipe: ~Copyable {
    /// What vault passes on to the command.
    static let forwarded: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    /// A byte's high bit: the kernel sent it to the whole foreground process group (a terminal's
    /// Ctrl-C or hang-up), so the command, in the same group, already has it.
    static let fromTerminal: UInt8 = 0x80

    let readEnd: Int32
    private let writeEnd: Int32
    /// The signals whose handler vault replaced (one the user had ignored, as under nohup, stays ignored).
    let handled: [Int32]

    init() throws(VaultError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw .serverSetup("pipe", errno) }
        for fd in ends {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        readEnd = ends[0]
        writeEnd = ends[1]
        signalPipeWriteEnd = ends[1]
        var installed: [Int32] = []
        for signal in Self.forwarded + [SIGCHLD] {
            // Deliberately the same handler as WaitSignals.install, on this server's own pipe: a C
            // handler cannot capture which pipe it writes to, and both are installed at once while
            // mfa_process runs for a refresh.
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = { signal, info, _ in
                let saved = errno
                let fromTerminal = info != nil && info!.pointee.si_code == SI_KERNEL
                var byte = UInt8(truncatingIfNeeded: signal) | (fromTerminal ? 0x80 : 0)
                _ = write(signalPipeWriteEnd, &byte, 1)
                errno = saved
            }
            action.sa_flags = SA_SIGINFO | SA_RESTART
            sigemptyset(&action.sa_mask)
            var previous = sigaction()
            sigaction(signal, &action, &previous)
            let wasIgnored = unsafeBitCast(previous.__sigaction_handler.sa_handler, to: Int.self) == 1  // SIG_IGN
            if signal != SIGCHLD && wasIgnored {
                sigaction(signal, &previous, nil)
            } else {
                installed.append(signal)
            }
        }
        handled = installed
    }

    deinit {
        for signal in handled {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = SIG_DFL
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, nil)
        }
        _ = close(readEnd)
        _ = close(writeEnd)
    }

    /// The signals that arrived since the last call, each with whether a terminal sent it.
    func drain() -> [(signal: Int32, fromTerminal: Bool)] {
        var received: [(signal: Int32, fromTerminal: Bool)] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return received }
            received += buffer[0..<n].map { (Int32($0 & ~Self.fromTerminal), $0 & Self.fromTerminal != 0) }
        }
    }
}

/// Where the signal handler writes; set before any handler is installed.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1
