#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits between attempts; tests record the waits instead.
public protocol Sleeper: Sendable {
    /// Blocks the calling thread for `seconds`.
    func sleep(seconds: Double)
}

/// Sleeps the calling thread with `nanosleep`.
public struct ThreadSleeper: Sleeper {
    /// The real sleeper.
    public init() {}

    /// Sleeps for `seconds`, resuming after signal interruptions.
    public func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
    }
}

/// How often and how patiently a call is retried: at most `maxAttempts` sends, with "full
/// jitter" exponential backoff between them (a uniform wait in 0…min(maxDelay, baseDelay·2ⁿ)).
public struct RetryPolicy: Sendable {
    /// Total sends, the first included.
    public var maxAttempts: Int
    /// Backoff ceiling before the first retry, in seconds; doubles per retry.
    public var baseDelay: Double
    /// Largest backoff ceiling, in seconds.
    public var maxDelay: Double
    /// Performs the waits.
    public var sleeper: any Sleeper
    /// Picks a wait uniformly in 0…ceiling (injectable so tests can pin it).
    public var jitter: @Sendable (Double) -> Double

    /// Three attempts, waits drawn from 0…0.5 s then 0…1 s.
    public static let standard = RetryPolicy()

    /// A policy; the defaults are the standard one.
    public init(
        maxAttempts: Int = 3, baseDelay: Double = 0.5, maxDelay: Double = 5, sleeper: any Sleeper = ThreadSleeper(),
        jitter: @escaping @Sendable (Double) -> Double = { ceiling in Double.random(in: 0...max(ceiling, 0)) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.sleeper = sleeper
        self.jitter = jitter
    }

    /// The backoff ceiling before retry number `retry` (1 for the first retry).
    public func ceiling(beforeRetry retry: Int) -> Double {
        min(maxDelay, baseDelay * Double(1 << min(max(retry - 1, 0), 20)))
    }

    /// Waits before retry number `retry`, clamping whatever `jitter` returns into the ceiling.
    func backoff(beforeRetry retry: Int) {
        let ceiling = ceiling(beforeRetry: retry)
        sleeper.sleep(seconds: min(max(jitter(ceiling), 0), ceiling))
    }
}
