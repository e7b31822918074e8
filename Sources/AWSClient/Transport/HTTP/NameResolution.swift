// Resolving a host name within a deadline: getaddrinfo has none of its own, so a resolver that
// never answers would hold vault for as long as resolv.conf's retries last.
#if canImport(Glibc)
import Glibc
#endif

/// The addresses of one host, owned (freed on release).
final class ResolvedAddresses {
    let first: UnsafeMutablePointer<addrinfo>

    init(_ first: UnsafeMutablePointer<addrinfo>) { self.first = first }

    /// How many addresses there are.
    var count: Int {
        var count = 0
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            count += 1
            entry = address.pointee.ai_next
        }
        return count
    }

    deinit { freeaddrinfo(first) }

    /// `host` (a name or an address literal) and `port`, as TCP addresses, before `deadline`. An
    /// address literal needs no resolver; a name is looked up on a thread of its own, abandoned
    /// (it frees its answer when it ends) if the deadline comes first.
    static func resolve(_ host: String, port: Int, deadline: Deadline) throws(TransportError) -> ResolvedAddresses {
        if TLSStream.isIPAddress(host) { return try lookUp(host, port: port, numeric: true) }
        let lookup = PendingLookup(host: host, port: port)
        // Made here: the thread must not be the first to need them (under RLIMIT_AS, see OpenSSLLibrary).
        typeMetadataLoaded(PendingLookup.self)
        typeMetadataLoaded(Result<ResolvedAddresses, TransportError>.self)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(lookup).toOpaque()
        guard
            pthread_create(
                &thread, nil,
                { context in
                    Unmanaged<PendingLookup>.fromOpaque(context!).takeRetainedValue().run()
                    return nil
                }, context) == 0
        else {
            Unmanaged<PendingLookup>.fromOpaque(context).release()
            return try lookUp(host, port: port, numeric: false)  // no thread: resolve here, unbounded
        }
        pthread_detach(thread)
        return try lookup.wait(until: deadline)
    }

    fileprivate static func lookUp(_ host: String, port: Int, numeric: Bool) throws(TransportError)
        -> ResolvedAddresses
    {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV | (numeric ? AI_NUMERICHOST : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let reason = status == EAI_SYSTEM ? String(cString: strerror(errno)) : String(cString: gai_strerror(status))
            throw .cannotConnect(detail: "could not resolve \(host): \(reason)")
        }
        return ResolvedAddresses(first)
    }
}

/// One lookup on its own thread, and the caller waiting for it with a deadline.
private final class PendingLookup: @unchecked Sendable {
    private let host: String
    private let port: Int
    private var mutex = pthread_mutex_t()
    private var done = pthread_cond_t()
    private var outcome: Result<ResolvedAddresses, TransportError>?
    private var abandoned = false

    init(host: String, port: Int) {
        self.host = host
        self.port = port
        pthread_mutex_init(&mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(&done, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(&done)
        pthread_mutex_destroy(&mutex)
    }

    /// On the lookup's thread. An abandoned lookup's answer is dropped (and freed) here.
    func run() {
        let result = Result { () throws(TransportError) in
            try ResolvedAddresses.lookUp(host, port: port, numeric: false)
        }
        pthread_mutex_lock(&mutex)
        if !abandoned { outcome = result }
        pthread_cond_signal(&done)
        pthread_mutex_unlock(&mutex)
    }

    /// The answer, or `timedOut` at `deadline` (the lookup is then abandoned).
    func wait(until deadline: Deadline) throws(TransportError) -> ResolvedAddresses {
        var until = timespec(
            tv_sec: Int(deadline.nanoseconds / 1_000_000_000), tv_nsec: Int(deadline.nanoseconds % 1_000_000_000))
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while outcome == nil {
            if pthread_cond_timedwait(&done, &mutex, &until) == ETIMEDOUT && outcome == nil {
                abandoned = true
                throw .timedOut(seconds: deadline.seconds)
            }
        }
        return try outcome!.get()
    }
}
