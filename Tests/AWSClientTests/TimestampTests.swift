import Testing

@testable import AWSClient

/// The HTTP `Date` header; ISO 8601 and the calendar are tested in VaultBaseTests.
@Suite("Timestamps")
struct TimestampTests {
    @Test func httpDateParses() {
        #expect(Timestamp.parseHTTPDate(testNowHTTPDate) == testNow)
        #expect(Timestamp.parseHTTPDate("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(Timestamp.parseHTTPDate("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(Timestamp.parseHTTPDate("Sun, 06 Foo 1994 08:49:37 GMT") == nil)
        #expect(Timestamp.parseHTTPDate("Sun, 06 Nov 1994 08:49:37 UTC") == nil)
        #expect(Timestamp.parseHTTPDate("Sat, 31 Feb 2026 08:49:37 GMT") == nil)
        #expect(Timestamp.parseHTTPDate("Sun, 06 Nov 1994 24:00:00 GMT") == nil)
    }
}
