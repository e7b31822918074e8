// `vault exec --server`: the loopback container-credentials server and its answers.
#if canImport(Glibc)
import Glibc
#endif
import AWSClient
import VaultCrypto

/// `vault exec --server`: the command gets a loopback URL and a bearer token in the
/// container-credentials form every AWS SDK reads, instead of credentials; vault serves it the
/// current session, a new one when little time is left, until the command exits.
public struct CredentialServer: ~Copyable {
    private let listener: LoopbackListener
    /// `/` and 32 random hex characters: a URL nobody guesses.
    private let path: String
    /// 64 random hex characters the command must send as `Authorization`.
    private let token: SecureBytes
    private var session: Session
    private let broker: SessionBroker
    /// How refreshes ask: like a later `vault assume` (the --mfa-code is spent; no forced refresh).
    private let refreshRequest: SessionRequest
    /// Whether stderr has already said that a connection was refused (said once, not per attempt).
    private var refusalNoticed = false
    /// Failed refreshes in a row, and when the next may be tried (backoff: 30 s doubling to 5 min).
    private var refreshFailures = 0
    private var nextRefreshAttempt: Int64 = 0

    /// Removed from the command's environment (Exec.conflicting includes the token file, which
    /// the SDKs read before the token).
    static let conflicting = Exec.conflicting

    /// Runs `command` with the server's URL and token in its environment, serves it until it
    /// exits, and returns its exit status (128 + the signal if one killed it).
    public static func run(
        _ command: [String], session: consuming Session, request: SessionRequest, broker: SessionBroker,
        environment: [String: String]
    ) throws(VaultError) -> Int32 {
        var server = try CredentialServer(session: session, request: request, broker: broker)
        return try server.serve(command, environment: environment)
    }

    init(session: consuming Session, request: SessionRequest, broker: SessionBroker) throws(VaultError) {
        // Every throwing step first: a noncopyable self must not be left half made.
        var entropy = SystemEntropy()
        let token = try Self.randomToken(&entropy)
        let listener = try LoopbackListener()
        self.listener = listener
        self.token = token
        path = "/" + Encoding.hex(entropy.bytes(16))
        self.session = session
        self.broker = broker
        refreshRequest = SessionRequest(
            profile: request.profile, durationSeconds: request.durationSeconds, region: request.region, mfaCode: nil,
            refresh: false,
            minimumRemaining: request.minimumRemaining)
    }

    /// 32 random bytes as 64 hex characters, in locked memory.
    static func randomToken(_ entropy: inout SystemEntropy) throws(VaultError) -> SecureBytes {
        do {
            let random = try entropy.secureBytes(32)
            var text = Array(random.withUnsafeBytes { Encoding.hex($0) }.utf8)
            return try SecureBytes(takingAndWiping: &text)
        } catch {
            throw VaultError.lockedMemory
        }
    }

    /// The command's environment: the caller's minus every credential variable, plus the URL,
    /// the token, AWS_VAULT and the region. The token is the only secret in it.
    func childEnvironment(_ environment: [String: String]) -> [String: String] {
        var variables = environment.filter { !Self.conflicting.contains($0.key) }
        variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:\(listener.port)\(path)"
        variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = token.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        variables["AWS_VAULT"] = refreshRequest.profile
        if let region = session.region {
            variables["AWS_REGION"] = region
            variables["AWS_DEFAULT_REGION"] = region
        }
        return variables
    }

    /// One thread, one poll loop over the listener, the signal pipe and every open connection:
    /// each connection is read as its bytes arrive, so a slow or silent client delays nobody, and
    /// refreshes run one at a time by construction (there is no other thread to race them).
    mutating func serve(_ command: [String], environment: [String: String]) throws(VaultError) -> Int32 {
        let signals = try SignalPipe()
        let child = try ServedCommand.spawn(
            command, environment: childEnvironment(environment), defaultSignals: signals.handled)
        var connections = ClientConnections()
        while true {
            if let status = child.reap() { return status }
            var waiting =
                [listenerPollEntry(connections), pollfd(fd: signals.readEnd, events: Int16(POLLIN), revents: 0)]
                + connections.pollEntries
            if poll(&waiting, nfds_t(waiting.count), connections.pollTimeout(now: monotonicMilliseconds())) < 0 {
                if errno == EINTR { continue }
                broker.context.notice(
                    "vault: the credential server stopped (poll: \(String(cString: strerror(errno)))); waiting for the command"
                )
                var status: Int32 = 0
                while waitpid(child.pid, &status, 0) == -1 && errno == EINTR {}
                return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            }
            if waiting[1].revents != 0 {
                // A terminal's Ctrl-C already reached the command (same process group): passing it
                // on would deliver it twice.
                for received in signals.drain() where received.signal != SIGCHLD && !received.fromTerminal {
                    kill(child.pid, received.signal)
                }
            }
            serveConnections(polled: waiting, &connections)
        }
    }

    /// The listener's entry in a poll round: not polled while every connection slot is taken.
    func listenerPollEntry(_ connections: ClientConnections) -> pollfd {
        pollfd(fd: listener.socket.rawValue, events: connections.isFull ? 0 : Int16(POLLIN), revents: 0)
    }

    /// After a poll over `[listener, signals] + connections.pollEntries`: reads and answers the
    /// connections that are ready, then admits new ones. (Tests drive the server with it.)
    mutating func serveConnections(polled waiting: [pollfd], _ connections: inout ClientConnections) {
        let ready = connections.collect(revents: waiting.dropFirst(2).map(\.revents), now: monotonicMilliseconds())
        for (connection, progress) in ready {
            respond(connection, progress, &connections)
        }
        if waiting[0].revents & Int16(POLLIN) != 0 { admit(&connections) }
    }

    /// Accepts what waits in the backlog while there is room; another user's connection is
    /// closed unanswered before a byte of it is read (said once on stderr).
    private mutating func admit(_ connections: inout ClientConnections) {
        while !connections.isFull {
            switch listener.accept(now: monotonicMilliseconds()) {
            case .none: return
            case .connection(let connection): connections.add(connection)
            case .otherUser(let uid):
                guard !refusalNoticed else { continue }
                refusalNoticed = true
                broker.context.notice(
                    "vault: the credential server refused a connection from uid \(uid) (it serves uid \(geteuid()) only)"
                )
            case .unidentified(let error):
                // ENOENT: the client already closed; nothing to say.
                guard error.code != ENOENT, !refusalNoticed else { continue }
                refusalNoticed = true
                broker.context.notice(
                    "vault: the credential server refused a connection: cannot tell which user opened it (\(String(cString: strerror(error.code))))"
                )
            }
        }
    }

    /// Answers a connection whose head is complete; a refused oversized head is drained first.
    private mutating func respond(
        _ connection: ClientConnection, _ progress: ClientConnection.Progress, _ connections: inout ClientConnections
    ) {
        switch progress {
        case .tooLarge:
            LoopbackHTTP.sendError(
                connection.socket, status: 431, code: "RequestTooLarge",
                message: "the request head is larger than \(LoopbackHTTP.headLimit) bytes")
            connection.startDraining(now: monotonicMilliseconds())
            connections.add(connection)
        case .malformed:
            LoopbackHTTP.sendError(
                connection.socket, status: 400, code: "BadRequest", message: "not an HTTP/1.x request")
        case .request:
            guard var request = connection.takeRequest() else { return }
            defer { request.wipe() }
            answer(connection.socket, request)
        case .waiting, .gone:
            return
        }
    }

    /// Host first (403: DNS rebinding), then token (403), path (404), method (405): without the
    /// token nothing is learnt.
    mutating func answer(_ connection: borrowing OwnedSocket, _ request: borrowing CredentialRequest) {
        guard request.hosts.count == 1, request.hosts[0] == Array("127.0.0.1:\(listener.port)".utf8) else {
            return LoopbackHTTP.sendError(
                connection, status: 403, code: "Forbidden",
                message: "the Host header must be 127.0.0.1:\(listener.port)")
        }
        guard request.authorizations.count == 1, token.isEqual(to: request.authorizations[0]) else {
            return LoopbackHTTP.sendError(
                connection, status: 403, code: "Forbidden", message: "missing or wrong Authorization token")
        }
        let pathMatches = Array(request.target.utf8).withUnsafeBytes { target in
            Array(path.utf8).withUnsafeBytes { expected in Sodium.constantTimeEqual(target, expected) }
        }
        guard pathMatches else {
            return LoopbackHTTP.sendError(connection, status: 404, code: "NotFound", message: "no such path")
        }
        guard request.method == "GET" else {
            return LoopbackHTTP.sendError(
                connection, status: 405, code: "MethodNotAllowed", message: "only GET is served")
        }
        let token: SecureBytes
        do throws(VaultError) {
            try refreshIfNeeded()
            try CredentialOutput.checkSecretAlphabet(session.credentials.secretAccessKey)
            token = try SecretQuoting.json(session.credentials.sessionToken)
        } catch {
            return LoopbackHTTP.sendError(connection, status: 500, code: "RefreshFailed", message: error.problem)
        }
        LoopbackHTTP.send(
            connection, "{\"AccessKeyId\":\(Text.jsonString(session.credentials.accessKeyID)),\"SecretAccessKey\":\"",
            secret: session.credentials.secretAccessKey, "\",\"Token\":", token: token,
            ",\"Expiration\":\(Text.jsonString(Text.iso8601(session.credentials.expiration)))}\n")
    }

    /// A new session, through the cache and the MFA rules of `vault assume`, once the current one
    /// has no more than the refresh margin left.
    ///
    /// A failed refresh is said once on stderr and retried with backoff, while the current session
    /// is served until it expires; only then do requests fail (issue 19, item 6).
    private mutating func refreshIfNeeded() throws(VaultError) {
        let now = broker.context.now()
        guard session.credentials.expiration - now <= refreshRequest.minimumRemaining else { return }
        let stillValid = session.credentials.expiration > now
        guard !stillValid || now >= nextRefreshAttempt else { return }
        do throws(VaultError) {
            session = try broker.session(refreshRequest)
            refreshFailures = 0
            nextRefreshAttempt = 0
        } catch {
            refreshFailures += 1
            nextRefreshAttempt = now + min(30 << min(refreshFailures - 1, 4), 300)
            if refreshFailures == 1 {
                broker.context.notice(
                    "vault: cannot refresh the session of '\(refreshRequest.profile)': \(error.problem) (hint: \(error.hint))"
                        + (stillValid
                            ? "; serving the current one until it expires (\(Text.iso8601(session.credentials.expiration))), retrying meanwhile"
                            : "")
                )
            }
            if !stillValid { throw error }
        }
    }
}
