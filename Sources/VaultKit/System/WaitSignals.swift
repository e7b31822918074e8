#if canImport(Glibc)
import Glibc
#endif

// The signals a wait for a child process watches, so one poll loop sees them beside the child's
// output: SIGINT, SIGTERM and SIGHUP (stop waiting, stop the child) and SIGCHLD (it may have ended).

/// Handlers for the duration of one wait, each writing its signal as a byte to a self-pipe (the
/// only async-signal-safe thing a handler needs to do). The handlers vault had before (the
/// default, or `vault exec --server`'s own) come back in `restore`, and a stopping signal is then
/// handed on to them: the default ends vault as it would have without the wait.
struct WaitSignals: ~Copyable {
    /// The signals that end a wait early (one the user had ignored, as under nohup, stays ignored).
    static let stopping: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    /// A byte's high bit: the kernel sent it (a terminal's Ctrl-C or hang-up, to the whole
    /// foreground process group), not kill(2) from another process.
    static let fromTerminal: UInt8 = 0x80

    /// One signal that arrived during the wait.
    struct Received: Equatable {
        let signal: Int32
        /// Sent by the kernel to the terminal's foreground process group (Ctrl-C, hang-up).
        let fromTerminal: Bool
    }

    /// Readable when a signal has arrived; poll it beside the child's output.
    let readEnd: Int32
    private let writeEnd: Int32
    private var previous: [(signal: Int32, action: sigaction)] = []
    private var restored = false

    /// Installs the handlers. Not reentrant: one wait at a time (vault waits on one thread).
    init() throws(ChildProcessError) {
        let ends = try ChildProcess.closeOnExecPipe()
        for fd in ends { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        readEnd = ends[0]
        writeEnd = ends[1]
        waitSignalsWriteEnd = ends[1]
        for signal in Self.stopping + [SIGCHLD] {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = { signal, info, _ in
                let saved = errno
                let fromTerminal = info != nil && info!.pointee.si_code == SI_KERNEL
                var byte = UInt8(truncatingIfNeeded: signal) | (fromTerminal ? 0x80 : 0)  // WaitSignals.fromTerminal
                _ = write(waitSignalsWriteEnd, &byte, 1)
                errno = saved
            }
            action.sa_flags = SA_SIGINFO | SA_RESTART
            sigemptyset(&action.sa_mask)
            var old = sigaction()
            sigaction(signal, &action, &old)
            if signal != SIGCHLD && Self.disposition(old) == .ignored {
                sigaction(signal, &old, nil)
            } else {
                previous.append((signal, old))
            }
        }
    }

    deinit {
        if !restored { Self.putBack(previous) }
        _ = close(readEnd)
        _ = close(writeEnd)
    }

    /// The signals that arrived since the last call.
    func drain() -> [Received] {
        var received: [Received] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return received }
            received += buffer[0..<n].map {
                Received(signal: Int32($0 & ~Self.fromTerminal), fromTerminal: $0 & Self.fromTerminal != 0)
            }
        }
    }

    /// Puts the earlier handlers back, then hands `stop` on as if the wait had not caught it: to
    /// the default action (vault ends by that signal, the conventional status 128+N), or to an
    /// earlier handler unless the terminal sent it to the whole foreground group (whoever that
    /// handler forwards to has it already). Returns only if vault is still running.
    consuming func restore(handingOn stop: Received?, sawChildEnd: Bool) {
        restored = true
        Self.putBack(previous)
        if sawChildEnd, let chld = previous.first(where: { $0.signal == SIGCHLD }),
            Self.disposition(chld.action) == .handler
        {
            raise(SIGCHLD)  // an earlier handler may wait for children of its own
        }
        guard let stop, let earlier = previous.first(where: { $0.signal == stop.signal }) else { return }
        if Self.disposition(earlier.action) == .handler && stop.fromTerminal { return }
        raise(stop.signal)
    }

    private static func putBack(_ actions: [(signal: Int32, action: sigaction)]) {
        for (signal, action) in actions {
            var action = action
            sigaction(signal, &action, nil)
        }
    }

    private enum Disposition { case byDefault, ignored, handler }

    private static func disposition(_ action: sigaction) -> Disposition {
        switch unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self) {
        case 0: return .byDefault  // SIG_DFL
        case 1: return .ignored  // SIG_IGN
        default: return .handler
        }
    }
}

/// Where the handlers write; set before they are installed, for the one wait at a time.
nonisolated(unsafe) private var waitSignalsWriteEnd: Int32 = -1
