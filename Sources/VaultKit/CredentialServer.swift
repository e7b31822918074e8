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
            throw VaultError("cannot allocate locked memory", hint: "raise the locked-memory limit (ulimit -l)")
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

    /// One thread, one poll loop: connections one at a time, signals through a pipe, until the
    /// command exits.
    mutating func serve(_ command: [String], environment: [String: String]) throws(VaultError) -> Int32 {
        let signals = try SignalPipe()
        let child = try ServedCommand.spawn(
            command, environment: childEnvironment(environment), defaultSignals: signals.handled)
        var waiting = [
            pollfd(fd: listener.socket.rawValue, events: Int16(POLLIN), revents: 0),
            pollfd(fd: signals.readEnd, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            if let status = child.reap() { return status }
            if poll(&waiting, nfds_t(waiting.count), -1) < 0 {
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
            if waiting[0].revents & Int16(POLLIN) != 0, let connection = listener.accept() {
                answer(connection)
            }
        }
    }

    /// Token first (403), then path (404), then method (405): without the token nothing is learnt.
    mutating func answer(_ connection: borrowing OwnedSocket) {
        var request: CredentialRequest
        switch LoopbackHTTP.receive(connection) {
        case .gone: return
        case .tooLarge:
            LoopbackHTTP.sendError(
                connection, status: 431, code: "RequestTooLarge",
                message: "the request head is larger than \(LoopbackHTTP.headLimit) bytes")
            return LoopbackHTTP.discardUnread(connection)
        case .malformed:
            return LoopbackHTTP.sendError(
                connection, status: 400, code: "BadRequest", message: "not an HTTP/1.x request")
        case .request(let received): request = received
        }
        defer { for index in request.authorizations.indices { Sodium.wipe(&request.authorizations[index]) } }
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
        do throws(VaultError) {
            try refreshIfNeeded()
            try CredentialOutput.checkSecretAlphabet(session.credentials.secretAccessKey)
        } catch {
            broker.context.notice(
                "vault: cannot refresh the session of '\(refreshRequest.profile)': \(error.problem) (hint: \(error.hint))"
            )
            return LoopbackHTTP.sendError(connection, status: 500, code: "RefreshFailed", message: error.problem)
        }
        LoopbackHTTP.send(
            connection, "{\"AccessKeyId\":\(Text.jsonString(session.credentials.accessKeyID)),\"SecretAccessKey\":\"",
            secret: session.credentials.secretAccessKey,
            "\",\"Token\":\(Text.jsonString(session.credentials.sessionToken)),"
                + "\"Expiration\":\(Text.jsonString(Text.iso8601(session.credentials.expiration)))}\n")
    }

    /// A new session, through the cache and the MFA rules of `vault assume`, once the current one
    /// has no more than the refresh margin left.
    private mutating func refreshIfNeeded() throws(VaultError) {
        guard session.credentials.expiration - broker.context.now() <= refreshRequest.minimumRemaining else { return }
        session = try broker.session(refreshRequest)
    }
}
