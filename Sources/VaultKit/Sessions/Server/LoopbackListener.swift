// The credential server's listening socket and who may connect to it: accepts without blocking
// and drops, unanswered, every connection another user opened.
#if canImport(Glibc)
import Glibc
#endif
internal import CSystemShims

/// A socket with one owner, closed exactly once.
struct OwnedSocket: ~Copyable {
    let rawValue: Int32

    init(taking fd: Int32) { rawValue = fd }

    deinit { _ = Glibc.close(rawValue) }
}

/// Why the owner of a connection's other end could not be learnt: the raw errno of the
/// getsockname/getpeername/sock_diag step that failed (ENOENT: the peer already closed).
struct PeerLookupError: Error {
    let code: Int32
}

/// A TCP listener on 127.0.0.1 at a port the kernel picks: reachable from this machine only.
struct LoopbackListener: ~Copyable {
    /// Connections the kernel queues while vault is busy (a refresh): the most it allows.
    static let backlog = SOMAXCONN

    let socket: OwnedSocket
    let port: UInt16

    init() throws(VaultError) {
        let fd = Glibc.socket(
            AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw .serverSetup("socket", errno) }
        let socket = OwnedSocket(taking: fd)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && listen(fd, Self.backlog) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw .serverSetup("bind 127.0.0.1", errno) }
        self.port = UInt16(bigEndian: address.sin_port)
        self.socket = socket
    }

    enum Accepted {
        /// A connection from this user, its head still to be read.
        case connection(ClientConnection)
        /// Closed at once, unanswered: its other end belongs to this uid, not ours.
        case otherUser(uid_t)
        /// Closed at once, unanswered: the kernel could not say who opened it.
        case unidentified(PeerLookupError)
        /// Nothing (more) waiting.
        case none
    }

    /// The next waiting connection, checked against `geteuid()` before a byte of it is read.
    func accept(now: Int64) -> Accepted {
        while true {
            // Close-on-exec from the start: an mfa_process must not inherit it.
            let fd = vault_accept_cloexec(socket.rawValue)
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return .none
            }
            let accepted = OwnedSocket(taking: fd)
            switch Self.peerUID(accepted) {
            case .failure(let error): return .unidentified(error)
            case .success(let uid) where uid != geteuid(): return .otherUser(uid)
            case .success: break
            }
            // Answers are small and sent into an empty send buffer; this bounds a send anyway.
            var timeout = timeval(tv_sec: 1, tv_usec: 0)
            _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            return .connection(ClientConnection(accepted, now: now))
        }
    }

    /// Who opened the other end of a loopback connection (SO_PEERCRED answers for Unix sockets
    /// only; the kernel's sock_diag knows the TCP socket's owner).
    static func peerUID(_ connection: borrowing OwnedSocket) -> Result<uid_t, PeerLookupError> {
        var uid: UInt32 = 0
        let status = vault_tcp_peer_uid(connection.rawValue, &uid)
        return status == 0 ? .success(uid_t(uid)) : .failure(PeerLookupError(code: -status))
    }
}
