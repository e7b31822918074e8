// ISO8601 and CivilTime against references computed another way: day counting by month tables
// and leap-year rules, and glibc's gmtime_r (what the formatter replaced).
#if canImport(Glibc)
import Glibc
#endif
import TestSupport
import Testing

@testable import VaultBase

@Suite struct ISO8601Tests {
    static let now: Int64 = 1_795_633_200  // 2026-11-25T19:00:00Z

    @Test(
        arguments: [
            ("2026-11-25T19:00:00Z", now),
            ("2026-11-25T19:00:00.123Z", now),  // AWS: milliseconds
            ("2026-11-25T19:00:00.259536Z", now),  // moto: microseconds
            ("2026-11-25T19:00:00.999999999Z", now),
            ("2026-11-25T19:00:00.5Z", now),
            ("1970-01-01T00:00:00Z", 0),
            ("2000-02-29T23:59:59Z", 951_868_799),
            ("2024-02-29T00:00:00Z", 1_709_164_800),
            ("2038-01-19T03:14:08Z", 2_147_483_648),
            ("1969-12-31T23:59:59Z", -1),
            ("9999-12-31T23:59:59Z", 253_402_300_799),
        ] as [(String, Int64)])
    func parses(_ text: String, _ expected: Int64) {
        #expect(ISO8601.parse(text) == expected)
    }

    @Test(arguments: [
        "2026-11-25T19:00:00", "2026-11-25T19:00:00+00:00", "2026-11-25T19:00:00.123+01:00", "2026-11-25 19:00:00Z",
        "2026-11-25T19:00:00z", "2026-11-25T19:00:00.Z", "2026-11-25T19:00:00.1234567890Z", "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z", "2026-01-00T00:00:00Z", "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
        "2026-02-31T00:00:00Z", "2026-11-31T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-25T24:00:00Z",
        "2026-11-25T19:60:00Z", "2026-11-25T19:00:60Z", "2026-11-25T19:00:0aZ", "20261125T190000Z", "",
        "2026-11-25T19:00:00.12a4Z", "-026-11-25T19:00:00Z", "2026-11-25T19:00:00ZZ", "2026-1-25T19:00:00Z",
    ])
    func refuses(_ text: String) {
        #expect(ISO8601.parse(text) == nil)
    }

    /// Random fields, most of them impossible somewhere: the parser accepts exactly the possible
    /// ones and reads them as the day-counting reference does; the formatter writes them back.
    @Test func agreesWithDayCountingOnSeededFields() {
        var random = SplitMix64(seed: 0x1508_8601)
        var accepted = 0
        var refused = 0
        for _ in 0..<20_000 {
            func pick(_ range: ClosedRange<Int64>) -> Int64 {
                range.lowerBound + Int64(random.next() % UInt64(range.upperBound - range.lowerBound + 1))
            }
            let year = random.next() % 4 == 0 ? [1900, 2000, 2023, 2024, 2100, 2400][Int(pick(0...5))] : pick(0...9999)
            let fields = (year, pick(0...13), pick(0...32), pick(0...25), pick(0...61), pick(0...61))
            let text =
                "\(pad(fields.0, 4))-\(pad(fields.1, 2))-\(pad(fields.2, 2))T\(pad(fields.3, 2)):"
                + "\(pad(fields.4, 2)):\(pad(fields.5, 2))Z"
            let expected = Self.referenceSeconds(fields)
            #expect(ISO8601.parse(text) == expected, "\(text)")
            let fraction = String(repeating: "7", count: Int(pick(1...9)))
            #expect(ISO8601.parse(text.dropLast() + "." + fraction + "Z") == expected, "\(text) .\(fraction)")
            if let expected {
                #expect(ISO8601.format(expected) == text)
                accepted += 1
            } else {
                refused += 1
            }
        }
        #expect(accepted > 5_000 && refused > 5_000)  // both outcomes, or the check says little
    }

    /// The formatter writes what gmtime_r (the formatter it replaced) gives, across years 0–9999.
    @Test func formatMatchesGmtimeOnSeededSeconds() {
        var random = SplitMix64(seed: 0x0006_3711)
        let first: Int64 = -62_167_219_200  // 0000-01-01T00:00:00Z
        let span = UInt64(253_402_300_799 - first)
        for _ in 0..<20_000 {
            let seconds = first + Int64(random.next() % span)
            var t = time_t(seconds)
            var parts = tm()
            gmtime_r(&t, &parts)
            let reference =
                "\(pad(Int64(parts.tm_year) + 1900, 4))-\(pad(Int64(parts.tm_mon) + 1, 2))-"
                + "\(pad(Int64(parts.tm_mday), 2))T\(pad(Int64(parts.tm_hour), 2)):\(pad(Int64(parts.tm_min), 2)):"
                + "\(pad(Int64(parts.tm_sec), 2))Z"
            #expect(ISO8601.format(seconds) == reference, "\(seconds)")
            #expect(ISO8601.parse(reference) == seconds)
        }
    }

    @Test func formatOutsideFourDigitYears() {
        #expect(ISO8601.format(253_402_300_800) == "10000-01-01T00:00:00Z")
        #expect(ISO8601.format(-62_167_219_201) == "-0001-12-31T23:59:59Z")
    }

    @Test func calendarKnownDates() {
        #expect(CivilTime.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilTime.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilTime.daysFromCivil(year: 1600, month: 1, day: 1) == -135_140)
        #expect(
            CivilTime(unixSeconds: -1) == CivilTime(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59))
        var random = SplitMix64(seed: 0xDA75)
        for _ in 0..<10_000 {
            let days = Int64(random.next() % 8_000_000) - 4_000_000
            let date = CivilTime.civilFromDays(days)
            #expect(CivilTime.daysFromCivil(year: date.year, month: date.month, day: date.day) == days)
        }
    }

    /// Unix seconds by counting: whole years from 0001 by the leap rule, then month lengths from a
    /// table; nil for fields outside the calendar. Independent of Hinnant's era arithmetic.
    static func referenceSeconds(_ f: (Int64, Int64, Int64, Int64, Int64, Int64)) -> Int64? {
        let (year, month, day, hour, minute, second) = f
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths: [Int64] = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), day >= 1, day <= lengths[Int(month - 1)], hour < 24, minute < 60, second < 60
        else { return nil }
        func daysBeforeYear(_ y: Int64) -> Int64 {  // days from 0001-01-01 (or back to 0000-01-01 for y = 0)
            let p = y - 1
            return p * 365 + floorDiv(p, 4) - floorDiv(p, 100) + floorDiv(p, 400)
        }
        let days = daysBeforeYear(year) - daysBeforeYear(1970) + lengths.prefix(Int(month - 1)).reduce(0, +) + day - 1
        return days * 86_400 + hour * 3_600 + minute * 60 + second
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
}

func pad(_ value: Int64, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
}
