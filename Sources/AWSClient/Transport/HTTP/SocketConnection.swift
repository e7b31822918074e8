// One TCP connection with deadlines: name resolution, a non-blocking connect, reads and writes
// that wait with poll and never raise SIGPIPE.
#if canImport(Glibc)
import Glibc
#endif

/// A point in time on the monotonic clock after which an operation gives up.
struct Deadline {
    let nanoseconds: UInt64
    /// The limit this deadline stands for, for the `timedOut` error it ends in.
    let seconds: Double

    /// `seconds` from now.
    init(seconds: Double) {
        self.seconds = seconds
        nanoseconds = Self.now() + UInt64(max(seconds, 0) * 1e9)
    }

    /// Whole milliseconds left (rounded up, so poll never spins on a sub-millisecond remainder); 0 when passed.
    var remainingMilliseconds: Int32 {
        let now = Self.now()
        guard nanoseconds > now else { return 0 }
        return Int32(min((nanoseconds - now + 999_999) / 1_000_000, UInt64(Int32.max)))
    }

    /// The earlier of the two.
    func earlier(_ other: Deadline) -> Deadline { other.nanoseconds < nanoseconds ? other : self }

    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

/// A connected TCP socket, closed when released. Every wait is bounded by the deadline given.
final class SocketConnection {
    let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// Resolves `host` and connects to the first address that answers before `deadline`, each
    /// address in turn with an equal share of the time left (an IPv6 route that drops packets
    /// leaves time for the IPv4 address after it). Every failure here is `cannotConnect` (nothing
    /// was sent) or `timedOut`.
    static func open(host: String, port: Int, deadline: Deadline) throws(TransportError) -> SocketConnection {
        let addresses = try ResolvedAddresses.resolve(host, port: port, deadline: deadline)
        var lastError = "no address"
        var left = addresses.count
        var entry: UnsafeMutablePointer<addrinfo>? = addresses.first
        while let address = entry {
            entry = address.pointee.ai_next
            defer { left -= 1 }
            let remaining = deadline.remainingMilliseconds
            if remaining == 0 { throw .timedOut(seconds: deadline.seconds) }
            let share = deadline.earlier(Deadline(seconds: Double(remaining) / 1000 / Double(max(left, 1))))
            let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
            let descriptor = socket(address.pointee.ai_family, type, 0)
            guard descriptor >= 0 else {
                lastError = String(cString: strerror(errno))
                continue
            }
            let connection = SocketConnection(descriptor: descriptor)
            if connect(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) != 0 {
                guard errno == EINPROGRESS else {
                    lastError = String(cString: strerror(errno))
                    continue
                }
                do { try connection.wait(for: Int16(POLLOUT), until: share) } catch .timedOut {
                    guard entry != nil else { throw .timedOut(seconds: deadline.seconds) }
                    lastError = "no answer within its share of \(deadline.seconds) s"
                    continue
                }
                var failure: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &failure, &length)
                guard failure == 0 else {
                    lastError = String(cString: strerror(failure))
                    continue
                }
            }
            var one: Int32 = 1
            setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            return connection
        }
        throw .cannotConnect(detail: "could not connect to \(authority(host: host, port: port)): \(lastError)")
    }

    /// Waits until the socket is ready for `events` (POLLIN or POLLOUT); `timedOut` at the deadline.
    func wait(for events: Int16, until deadline: Deadline) throws(TransportError) {
        while true {
            let remaining = deadline.remainingMilliseconds
            if remaining == 0 { throw .timedOut(seconds: deadline.seconds) }
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, remaining)
            if ready > 0 { return }  // readable, writable, or an error the next call reports
            if ready < 0 && errno != EINTR { throw .other(detail: "poll failed: \(String(cString: strerror(errno)))") }
        }
    }

    /// Writes all of `bytes` before `deadline`.
    func write(_ bytes: UnsafeRawBufferPointer, until deadline: Deadline) throws(TransportError) {
        var offset = 0
        while offset < bytes.count {
            let sent = send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if sent > 0 {
                offset += sent
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                try wait(for: Int16(POLLOUT), until: deadline)
            } else if sent < 0 && errno == EINTR {
                continue
            } else {
                throw .other(detail: "the connection broke while sending: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Reads what is available into `buffer` (waiting for something before `deadline`); 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer, until deadline: Deadline) throws(TransportError) -> Int {
        while true {
            let count = recv(descriptor, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return count }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                try wait(for: Int16(POLLIN), until: deadline)
            } else if errno != EINTR {
                throw .other(detail: "the connection broke while receiving: \(String(cString: strerror(errno)))")
            }
        }
    }
}

/// Where a response's bytes come from and a request's go: the socket itself, or TLS over it.
protocol ByteStream: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer, until deadline: Deadline) throws(TransportError)
    func read(into buffer: UnsafeMutableRawBufferPointer, until deadline: Deadline) throws(TransportError) -> Int
}

extension SocketConnection: ByteStream {}

extension ByteStream {
    /// Writes all of `bytes` before `deadline`.
    func write(_ bytes: [UInt8], until deadline: Deadline) throws(TransportError) {
        let result = bytes.withUnsafeBytes { (raw) -> Result<Void, TransportError> in
            Result { () throws(TransportError) in try write(raw, until: deadline) }
        }
        try result.get()
    }
}
