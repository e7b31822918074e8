// The credential server's open connections: what to poll, when the next deadline falls, and
// which connections have a request head ready, so one slow client holds up no other.
#if canImport(Glibc)
import Glibc
#endif

/// The connections accepted and not yet answered (or still draining after a refusal).
struct ClientConnections {
    /// Open connections at most; beyond it new ones wait in the listen backlog until a deadline
    /// frees a slot. Only this user's processes get a slot (others are dropped at accept).
    static let capacity = 256

    private(set) var open: [ClientConnection] = []

    var isFull: Bool { open.count >= Self.capacity }

    mutating func add(_ connection: ClientConnection) { open.append(connection) }

    /// One POLLIN entry per open connection, in `open`'s order.
    var pollEntries: [pollfd] {
        open.map { pollfd(fd: $0.socket.rawValue, events: Int16(POLLIN), revents: 0) }
    }

    /// Milliseconds until the earliest deadline (0 if one has passed), -1 when nothing is open.
    func pollTimeout(now: Int64) -> Int32 {
        guard let next = open.map(\.deadline).min() else { return -1 }
        return Int32(clamping: max(0, next - now))
    }

    /// What a poll round found. `revents` matches the `pollEntries` it polled; connections with a
    /// complete head (or a verdict on it) leave the set and are returned with their progress;
    /// finished, failed and overdue ones are closed. An overdue connection gets one last read
    /// first, so a head that arrived while vault was busy (a refresh) is still served.
    mutating func collect(revents: [Int16], now: Int64) -> [(ClientConnection, ClientConnection.Progress)] {
        var ready: [(ClientConnection, ClientConnection.Progress)] = []
        var kept: [ClientConnection] = []
        kept.reserveCapacity(open.count)
        for (index, connection) in open.enumerated() {
            let polled = index < revents.count && revents[index] != 0
            let overdue = connection.deadline <= now
            guard polled || overdue else {
                kept.append(connection)
                continue
            }
            if connection.draining {
                if !connection.drain() && !overdue { kept.append(connection) }
                continue
            }
            switch connection.readAvailable() {
            case .waiting where !overdue: kept.append(connection)
            case .waiting, .gone: break  // closed when the last reference goes
            case let progress: ready.append((connection, progress))
            }
        }
        open = kept
        return ready
    }
}
