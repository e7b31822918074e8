#if canImport(Glibc)
import Glibc
#endif
import AWSClient

/// IAM changes take seconds to reach every AWS endpoint: retry an operation that proves a change
/// took effect, with growing pauses up to a bound, telling the person what is happening.
enum EventualConsistency {
    static func wait(
        context: VaultContext, what: String, timeoutSeconds: Int = 60, _ attempt: () throws(AWSError) -> Void
    ) throws(VaultError) {
        var waited = 0
        var pause = 1
        while true {
            do {
                try attempt()
                return
            } catch {
                switch error {
                case .invalidKey, .accessDenied, .wrongSecret, .assumeRoleDenied:
                    guard waited < timeoutSeconds else {
                        throw VaultError.admin(.gaveUpWaiting(seconds: waited, what: what, detail: error.problem))
                    }
                    context.notice("waiting for IAM to propagate the change (\(waited) s)…")
                    sleep(UInt32(pause))
                    waited += pause
                    pause = min(pause * 2, 8)
                default:
                    throw .from(error)
                }
            }
        }
    }
}
