#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock time in unix seconds; the seam tests use to pin request dates and skew checks.
public protocol Clock: Sendable {
    /// Seconds since 1970-01-01T00:00:00Z.
    func now() -> Int64
}

/// The system's real-time clock.
public struct SystemClock: Clock {
    /// The system clock.
    public init() {}

    /// Seconds since the epoch from `CLOCK_REALTIME`.
    public func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec)
    }
}
