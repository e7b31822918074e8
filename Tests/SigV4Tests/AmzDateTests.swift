import Foundation
import SigV4
import Testing

@Suite("AmzDate")
struct AmzDateTests {
    static let known: [(Int64, String)] = [
        (0, "19700101T000000Z"),
        (-1, "19691231T235959Z"),
        (1_440_938_160, "20150830T123600Z"),
        (951_782_400, "20000229T000000Z"),  // 2000 is a leap year (divisible by 400)
        (951_868_799, "20000229T235959Z"),
        (1_709_208_000, "20240229T120000Z"),
        (2_147_483_647, "20380119T031407Z"),  // the last second of signed 32-bit time
        (2_147_483_648, "20380119T031408Z"),
        (4_107_542_399, "21000228T235959Z"),  // 2100 is not (divisible by 100)
        (4_107_542_400, "21000301T000000Z"),
        (253_402_300_799, "99991231T235959Z"),
    ]

    @Test("formats and parses known instants", arguments: known)
    func knownInstants(_ seconds: Int64, _ timestamp: String) {
        let date = AmzDate(unixSeconds: seconds)
        #expect(date.timestamp == timestamp)
        #expect(date.day == String(timestamp.prefix(8)))
        #expect(date.unixSeconds == seconds)
        #expect(AmzDate(timestamp: timestamp) == date)
    }

    @Test("agrees with Foundation's Gregorian calendar from 1970 to 2400")
    func agreesWithFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var generator = SystemRandomNumberGenerator()
        let end: Int64 = 13_574_563_200  // 2400-03-01
        for step in 0..<5_000 {
            // Every day boundary near leap days, plus random seconds.
            let seconds =
                step < 1_000 ? Int64(step) * 86_400 * 146 + 86_399 : Int64.random(in: 0..<end, using: &generator)
            let parts = calendar.dateComponents(
                [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(seconds))
            )
            let expected = String(
                format: "%04d%02d%02dT%02d%02d%02dZ", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!,
                parts.second!)
            let date = AmzDate(unixSeconds: seconds)
            #expect(date.timestamp == expected, "unix \(seconds)")
            #expect(AmzDate(timestamp: expected)?.unixSeconds == seconds, "unix \(seconds)")
        }
    }

    @Test(
        "rejects malformed or impossible timestamps",
        arguments: [
            "", "20150830T123600", "20150830T123600z", "20150830 123600Z", "2015083OT123600Z", "20150830T123600ZZ",
            "+2015830T123600Z", "20151330T000000Z", "20150001T000000Z", "20150800T000000Z", "20150230T000000Z",
            "20150431T000000Z", "21000229T000000Z", "19000229T000000Z", "20150830T240000Z", "20150830T126000Z",
            "20150830T123660Z", "２０150830T123600Z", "2015-08-30T12:36:00Z",
        ])
    func rejectsInvalid(_ text: String) {
        #expect(AmzDate(timestamp: text) == nil)
    }

    @Test("accepts leap days of leap years only")
    func leapDays() {
        #expect(AmzDate(timestamp: "20000229T000000Z") != nil)
        #expect(AmzDate(timestamp: "20240229T235959Z") != nil)
        #expect(AmzDate(timestamp: "20400229T000000Z")?.timestamp == "20400229T000000Z")
        #expect(AmzDate(timestamp: "20230229T000000Z") == nil)
    }
}
