// One connection to the credential server while its request head arrives: read without
// blocking whenever poll says so, within a deadline and the head limit, so many can wait at once.
#if canImport(Glibc)
import Glibc
#endif
import VaultCrypto

/// An accepted connection, owned by the server's poll loop until it is answered or dropped.
final class ClientConnection {
    /// A client has this long from accept to send its whole request head (and, once refused for
    /// a head too large, to stop sending).
    static let deadlineMilliseconds: Int64 = 1000
    /// What is read and thrown away after a 431 before the connection is closed anyway.
    static let drainLimit = 64 * 1024

    let socket: OwnedSocket
    private(set) var deadline: Int64
    /// Answered with an error while the client was still sending: the rest is read and dropped.
    private(set) var draining = false
    private var head: [UInt8] = []
    private var received: CredentialRequest?
    private var drained = 0

    init(_ socket: consuming OwnedSocket, now: Int64) {
        self.socket = socket
        deadline = now + Self.deadlineMilliseconds
        head.reserveCapacity(LoopbackHTTP.headLimit + 2048)  // never reallocated: the wipe reaches every byte
    }

    deinit {
        Sodium.wipe(&head)
        if var request = received { request.wipe() }
    }

    enum Progress {
        /// The head is not complete yet.
        case waiting
        /// A whole head, parsed: `takeRequest()` hands it over.
        case request
        case tooLarge
        case malformed
        /// The client closed or failed before its head was complete.
        case gone
    }

    /// Reads what has arrived, without blocking.
    func readAvailable() -> Progress {
        var chunk = [UInt8](repeating: 0, count: 2048)
        defer { Sodium.wipe(&chunk) }
        while true {
            let n = chunk.withUnsafeMutableBytes {
                recv(socket.rawValue, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT))
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return .waiting }
            guard n > 0 else { return .gone }
            head.append(contentsOf: chunk[0..<n])
            if let end = LoopbackHTTP.headEnd(head) {
                received = LoopbackHTTP.parse(head[..<end])
                return received == nil ? .malformed : .request
            }
            if head.count >= LoopbackHTTP.headLimit { return .tooLarge }
        }
    }

    /// The parsed request, once: the caller holds the only copy, so its wipe reaches the bytes.
    func takeRequest() -> CredentialRequest? {
        let request = received
        received = nil
        return request
    }

    /// After an error answer sent mid-request: closing with unread bytes would send a reset that
    /// can destroy the answer before the client reads it, so stop writing and read what follows
    /// (until the client closes, `drainLimit`, or a new deadline).
    func startDraining(now: Int64) {
        shutdown(socket.rawValue, Int32(SHUT_WR))
        draining = true
        deadline = now + Self.deadlineMilliseconds
    }

    /// Reads and drops what has arrived; true once the connection can be closed.
    func drain() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes {
                recv(socket.rawValue, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT))
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return false }
            guard n > 0 else { return true }
            drained += n
            if drained >= Self.drainLimit { return true }
        }
    }
}

/// A monotonic clock in milliseconds, for connection deadlines.
func monotonicMilliseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
}
