#if canImport(Glibc)
import Glibc
#endif
import AWSClient

/// `VAULT_TIMING=1`: a fresh assume reports how long key derivation (unlock), waiting for OpenSSL
/// (`load_tls`: dlopen, dlsym, initialisation and the trust store, once per process, HTTPS only)
/// and each STS round trip took, as `vault-timing: NAME_us=N` lines on stderr, so Vault/bench can
/// subtract them from the process's total (docs/performance.md). Off by default; it never changes
/// what vault does.
struct PhaseTiming {
    let enabled: Bool
    let context: VaultContext

    init(context: VaultContext) {
        self.context = context
        enabled = context.environment["VAULT_TIMING"] == "1"
    }

    /// Runs `body`, reporting its duration as `name` when enabled.
    func measure<R: ~Copyable, E: Error>(_ name: String, _ body: () throws(E) -> R) throws(E) -> R {
        guard enabled else { return try body() }
        let start = monotonicMicroseconds()
        defer { context.notice("vault-timing: \(name)_us=\(monotonicMicroseconds() - start)") }
        return try body()
    }

    /// `configuration` with its transport timed when enabled.
    func timed(_ configuration: ServiceConfiguration) -> ServiceConfiguration {
        guard enabled else { return configuration }
        var timed = configuration
        timed.transport = TimedTransport(inner: configuration.transport, notice: context.noticeSink)
        return timed
    }
}

/// A transport that reports each send's duration (the STS round trip, as seen from vault), after
/// the transport's one-time preparation, reported apart so that the round trip does not include it.
private struct TimedTransport: HTTPTransport {
    let inner: any HTTPTransport
    let notice: @Sendable (String) -> Void

    func send(_ request: HTTPRequest, timeoutSeconds: Double) throws(TransportError) -> HTTPResponse {
        try prepare(for: request)
        let start = monotonicMicroseconds()
        defer { notice("vault-timing: sts_us=\(monotonicMicroseconds() - start)") }
        return try inner.send(request, timeoutSeconds: timeoutSeconds)
    }

    func preload(for endpoint: Endpoint) -> TransportPreload { inner.preload(for: endpoint) }

    /// Prepares the inner transport: the first HTTPS request loads OpenSSL, later ones cost nothing.
    func prepare(for request: HTTPRequest) throws(TransportError) {
        let start = monotonicMicroseconds()
        defer { notice("vault-timing: load_tls_us=\(monotonicMicroseconds() - start)") }
        try inner.prepare(for: request)
    }
}

private func monotonicMicroseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
}
