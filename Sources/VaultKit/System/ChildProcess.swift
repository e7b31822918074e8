#if canImport(Glibc)
import Glibc
#endif

// A short-lived helper command (today the profile's mfa_process): started in its own process
// group, the first line of its stdout read against a deadline, and the whole group stopped when
// it overstays or vault is asked to stop.

/// Why a child process could not be run or waited for: the system call and the errno it gave.
enum ChildProcessError: Error, Equatable {
    /// Before the command ran (pipe, posix_spawn).
    case cannotStart(String, errno: Int32)
    /// While waiting for it (poll, waitpid).
    case cannotWait(String, errno: Int32)

    /// "posix_spawn: No such file or directory".
    var description: String {
        switch self {
        case .cannotStart(let call, let code), .cannotWait(let call, let code):
            return "\(call): \(String(cString: strerror(code)))"
        }
    }
}

/// How a child process ended.
enum ChildEnding: Equatable {
    case exited(Int32)
    case killed(signal: Int32)
}

/// The leader of a process group of its own (its pid is the group's id), with its stdout on a
/// pipe. Dropped while it still runs, it stops and reaps the group, so no path leaves it behind.
struct ChildProcess: ~Copyable {
    /// Where the child's fd 2 goes.
    enum ErrorOutput {
        /// The controlling terminal when `/dev/tty` opens (a caller that pipes vault's stderr,
        /// as the AWS CLI does for credential_process, would hide "touch your key"), else vault's stderr.
        case terminal
        /// vault's stderr.
        case inherited
    }

    /// What ended a wait.
    enum Outcome: Equatable {
        /// The leader ended; `firstLine` is its stdout up to the first newline (not included).
        case ended(ChildEnding, firstLine: [UInt8])
        /// The deadline passed first; the group still runs.
        case timedOut
        /// vault got SIGINT, SIGTERM or SIGHUP first; the group still runs.
        case interrupted(WaitSignals.Received)
    }

    /// How long the group has between SIGTERM and SIGKILL.
    static let graceMilliseconds: Int64 = 500

    let pid: pid_t
    private let output: Int32
    private var ending: ChildEnding?

    private init(pid: pid_t, output: Int32) {
        self.pid = pid
        self.output = output
    }

    deinit {
        if ending == nil { _ = Self.stop(group: pid, leaderReaped: false) }
        _ = close(output)
    }

    /// Starts `path` with `arguments` (argv[0] included) and exactly `environment` ("NAME=value"
    /// entries): stdin `/dev/null` (a background process group reading the terminal would only be
    /// stopped by SIGTTIN), stdout a pipe, stderr as `errorOutput` says, an empty signal mask.
    static func spawn(
        _ path: String, arguments: [String], environment: [String], errorOutput: ErrorOutput
    ) throws(ChildProcessError) -> ChildProcess {
        let ends = try closeOnExecPipe()
        defer { _ = close(ends[1]) }
        let terminal = errorOutput == .terminal ? open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC) : -1
        defer { if terminal >= 0 { _ = close(terminal) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        if terminal >= 0 { posix_spawn_file_actions_adddup2(&actions, terminal, 2) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)  // a group of its own: the deadline can stop all of it
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in WaitSignals.stopping + [SIGCHLD, SIGPIPE] { sigaddset(&defaults, signal) }
        // glibc's internal signals 32 and 33 would otherwise start out ignored in the child
        // (ServedCommand.spawn has the whole story); sigaddset refuses them, so set their bits.
        withUnsafeMutableBytes(of: &defaults) { raw in
            for signal in [32, 33] { raw[(signal - 1) / 8] |= UInt8(1 << ((signal - 1) % 8)) }
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let owned = environment.map { strdup($0) } + arguments.map { strdup($0) }
        defer { owned.forEach { free($0) } }
        let envp: [UnsafeMutablePointer<CChar>?] = Array(owned[0..<environment.count]) + [nil]
        let argv: [UnsafeMutablePointer<CChar>?] = Array(owned[environment.count...]) + [nil]
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard status == 0 else {
            _ = close(ends[0])
            throw .cannotStart("posix_spawn", errno: status)
        }
        // Non-blocking, so the last read after the leader ends never waits for a process it left
        // behind that still holds the pipe.
        _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
        return ChildProcess(pid: pid, output: ends[0])
    }

    /// Waits up to `seconds` for the leader to end, keeping the first `limit` bytes of its first
    /// line. Sleeps in poll(2) on the output pipe and `signals` (SIGCHLD wakes it), never spins.
    mutating func firstLine(limit: Int, within seconds: Int, signals: borrowing WaitSignals) throws(ChildProcessError)
        -> Outcome
    {
        let deadline = Self.monotonicMilliseconds() + Int64(seconds) * 1000
        var line = LineCollector(limit: limit)
        var reading = true
        while true {
            if let ending = try reap() {
                while reading, !line.isComplete, read(into: &line) == .data {}
                return .ended(ending, firstLine: line.bytes)
            }
            let remaining = deadline - Self.monotonicMilliseconds()
            guard remaining > 0 else { return .timedOut }
            var waiting = [
                pollfd(fd: signals.readEnd, events: Int16(POLLIN), revents: 0),
                pollfd(fd: reading ? output : -1, events: Int16(POLLIN), revents: 0),
            ]
            if poll(&waiting, nfds_t(waiting.count), Int32(min(remaining, Int64(Int32.max)))) < 0 {
                if errno == EINTR { continue }
                throw .cannotWait("poll", errno: errno)
            }
            if waiting[0].revents != 0, let stop = signals.drain().first(where: { $0.signal != SIGCHLD }) {
                return .interrupted(stop)
            }
            if waiting[1].revents != 0 { reading = read(into: &line) != .end }
        }
    }

    /// SIGTERM (and SIGCONT, for a member stopped by job control) to the whole group, SIGKILL
    /// after the grace period to whatever is left, and the leader reaped.
    mutating func stopGroup() {
        let reaped = ending != nil
        ending = Self.stop(group: pid, leaderReaped: reaped) ?? ending
    }

    // MARK: - Internals

    private enum ReadResult { case data, wouldBlock, end }

    /// One read of what the pipe holds: kept while the first line is incomplete, else discarded
    /// (the child must not block on a full pipe).
    private func read(into line: inout LineCollector) -> ReadResult {
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = buffer.withUnsafeMutableBytes { Glibc.read(output, $0.baseAddress, $0.count) }
        if n > 0 {
            line.append(buffer[0..<n])
            return .data
        }
        if n < 0 && (errno == EINTR || errno == EAGAIN) { return .wouldBlock }
        return .end
    }

    /// The leader's ending once it has ended (reaping it), nil while it runs.
    private mutating func reap() throws(ChildProcessError) -> ChildEnding? {
        if let ending { return ending }
        ending = try Self.reap(pid, blocking: false)
        return ending
    }

    private static func reap(_ pid: pid_t, blocking: Bool) throws(ChildProcessError) -> ChildEnding? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if result == pid { break }
            if result == 0 { return nil }
            if errno == EINTR { continue }
            throw .cannotWait("waitpid", errno: errno)
        }
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .killed(signal: signal)
    }

    /// Stops the group led by `pid` and reaps the leader unless already done; its ending if reaped here.
    private static func stop(group pid: pid_t, leaderReaped: Bool) -> ChildEnding? {
        var ending: ChildEnding? = nil
        var reaped = leaderReaped
        kill(-pid, SIGTERM)
        kill(-pid, SIGCONT)
        let until = monotonicMilliseconds() + graceMilliseconds
        while monotonicMilliseconds() < until {
            if !reaped, let ended = try? reap(pid, blocking: false) {
                ending = ended
                reaped = true
            }
            // A reaped leader's group id stays reserved while any member lives, so this asks about our group only.
            if reaped && kill(-pid, 0) == -1 && errno == ESRCH { return ending }
            var pause = timespec(tv_sec: 0, tv_nsec: 10_000_000)
            nanosleep(&pause, nil)
        }
        kill(-pid, SIGKILL)
        if !reaped { ending = (try? reap(pid, blocking: true)) ?? nil }
        return ending
    }

    /// A pipe whose ends are closed in any program vault starts (Glibc here has no pipe2; vault
    /// spawns from one thread, so nothing can start between pipe and fcntl).
    static func closeOnExecPipe() throws(ChildProcessError) -> [Int32] {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw .cannotStart("pipe", errno: errno) }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return ends
    }

    static func monotonicMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}

/// The first line of a stream, at most `limit` bytes of it, fed in chunks.
private struct LineCollector {
    let limit: Int
    private(set) var bytes: [UInt8] = []
    /// A newline came, or `limit` bytes did: later chunks are dropped.
    private(set) var isComplete = false

    init(limit: Int) { self.limit = limit }

    mutating func append(_ chunk: ArraySlice<UInt8>) {
        guard !isComplete else { return }
        let end = chunk.firstIndex(of: 0x0A)
        bytes += chunk[..<(end ?? chunk.endIndex)].prefix(limit - bytes.count)
        isComplete = end != nil || bytes.count >= limit
    }
}
