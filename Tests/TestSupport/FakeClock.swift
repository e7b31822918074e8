// A clock for tests: stands still at a settable instant, for both seams that tell the time
// (`AWSClient.Clock` for signing, `VaultContext.now` for the use cases).
import AWSClient
import Foundation

/// Wall-clock time that moves only when a test sets or advances it.
public final class FakeClock: Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: Int64

    /// A clock at `now` (unix seconds); the default is 2026-11-25T19:00:00Z.
    public init(now: Int64 = FakeClock.defaultNow) { seconds = now }

    /// 2026-11-25T19:00:00Z, the fixed "now" of the unit tests.
    public static let defaultNow: Int64 = 1_795_633_200

    /// The current instant; settable.
    public var current: Int64 {
        get { lock.withLock { seconds } }
        set { lock.withLock { seconds = newValue } }
    }

    public func now() -> Int64 { current }

    /// Moves the clock forward by `delta` seconds.
    public func advance(by delta: Int64) { lock.withLock { seconds += delta } }

    /// The closure `VaultContext.now` takes.
    public var closure: @Sendable () -> Int64 { { [self] in self.now() } }
}
