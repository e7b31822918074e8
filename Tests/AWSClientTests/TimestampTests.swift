import Testing

@testable import AWSClient

@Suite("Timestamps")
struct TimestampTests {
    @Test(
        arguments: [
            ("2026-11-25T19:00:00Z", testNow),
            ("2026-11-25T19:00:00.123Z", testNow),  // AWS: milliseconds
            ("2026-11-25T19:00:00.259536Z", testNow),  // moto: microseconds
            ("2026-11-25T19:00:00.999999999Z", testNow),
            ("2026-11-25T19:00:00.5Z", testNow),
            ("1970-01-01T00:00:00Z", 0),
            ("2000-02-29T23:59:59Z", 951_868_799),
            ("2038-01-19T03:14:08Z", 2_147_483_648),
            ("1969-12-31T23:59:59Z", -1),
        ] as [(String, Int64)])
    func iso8601Parses(_ text: String, _ expected: Int64) {
        #expect(Timestamp.parseISO8601(text) == expected)
    }

    @Test(arguments: [
        "2026-11-25T19:00:00", "2026-11-25T19:00:00+00:00", "2026-11-25T19:00:00.123+01:00", "2026-11-25 19:00:00Z",
        "2026-11-25T19:00:00z", "2026-11-25T19:00:00.Z", "2026-11-25T19:00:00.1234567890Z", "2026-13-01T00:00:00Z",
        "2026-02-29T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-25T24:00:00Z", "2026-11-25T19:60:00Z",
        "2026-11-25T19:00:60Z", "2026-11-25T19:00:0aZ", "20261125T190000Z", "", "2026-11-25T19:00:00.12a4Z",
    ])
    func iso8601Refuses(_ text: String) {
        #expect(Timestamp.parseISO8601(text) == nil)
    }

    @Test func httpDateParses() {
        #expect(Timestamp.parseHTTPDate(testNowHTTPDate) == testNow)
        #expect(Timestamp.parseHTTPDate("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(Timestamp.parseHTTPDate("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(Timestamp.parseHTTPDate("Sun, 06 Foo 1994 08:49:37 GMT") == nil)
        #expect(Timestamp.parseHTTPDate("Sun, 06 Nov 1994 08:49:37 UTC") == nil)
    }

    @Test func daysFromCivilMatchesKnownDates() {
        #expect(Timestamp.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(Timestamp.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
        #expect(Timestamp.daysFromCivil(year: 1600, month: 1, day: 1) == -135_140)
    }
}
