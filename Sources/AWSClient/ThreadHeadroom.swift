#if canImport(Glibc)
    import Glibc
#endif

/// URLSession runs each request on libdispatch worker threads. When their stacks cannot be mapped
/// (a small `ulimit -v`), libdispatch does not fail: it sleeps and retries thread creation forever,
/// and vault would hang. Before each send, reserve (and release) the address space a few thread
/// stacks take; if that fails, report it as a connection that was never made.
enum ThreadHeadroom {
    /// About four default (8 MiB) thread stacks: URLSession's workers and libcurl's.
    static let bytes = 32 << 20

    static func check() throws(TransportError) {
        let reserved = mmap(nil, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard reserved != MAP_FAILED, let reserved else {
            throw .cannotConnect(
                detail:
                    "not enough address space to start the network threads (ulimit -v is too small); nothing was sent")
        }
        munmap(reserved, bytes)
    }
}

/// The last resort against the same hang when the headroom check passed but a thread still could
/// not be made later: SIGALRM after the send's own deadline ends vault with the two-line error
/// (only write(2) and _exit(2) in the handler). Nothing is cached by then, and the request, if it
/// left, is reported as possibly processed.
enum SendWatchdog {
    nonisolated(unsafe) private static var message: UnsafeMutablePointer<CChar>? = strdup(
        "vault: No response from AWS: the network layer stopped making progress (could it not start its threads? ulimit -v)\n"
            + "hint: raise the address-space limit (ulimit -v), then try again; the request may have reached AWS\n")

    static func arm(seconds: Double) {
        _ = message  // built now, not in the handler
        signal(SIGALRM) { _ in
            if let text = SendWatchdog.message { _ = write(2, text, strlen(text)) }
            _exit(1)
        }
        alarm(UInt32(seconds.rounded(.up)))
    }

    static func disarm() {
        alarm(0)
        signal(SIGALRM, SIG_DFL)
    }
}
