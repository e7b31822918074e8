/// The two date formats AWS responses use, parsed without Foundation: ISO 8601 in XML bodies
/// and the HTTP `Date` header (IMF-fixdate).
public enum Timestamp {
    /// Unix seconds of `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (fraction of any length up to 9 digits,
    /// truncated: moto sends microseconds, AWS milliseconds or none). Only `Z` is accepted.
    public static func parseISO8601(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b.last == UInt8(ascii: "Z"),
            let year = number(b, 0, 4), let month = number(b, 5, 2), let day = number(b, 8, 2),
            let hour = number(b, 11, 2), let minute = number(b, 14, 2), let second = number(b, 17, 2)
        else { return nil }
        if b.count > 20 {
            // ".f" … ".fffffffff" between the seconds and the Z.
            let fraction = b[19..<(b.count - 1)]
            guard fraction.first == UInt8(ascii: "."), (2...10).contains(fraction.count),
                fraction.dropFirst().allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            else { return nil }
        }
        return unixSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// Unix seconds of an HTTP date in IMF-fixdate form: `Sun, 06 Nov 1994 08:49:37 GMT`.
    public static func parseHTTPDate(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard b.count == 29, b[3] == UInt8(ascii: ","), b[4] == 0x20, b[7] == 0x20, b[11] == 0x20, b[16] == 0x20,
            b[19] == UInt8(ascii: ":"), b[22] == UInt8(ascii: ":"), b[25] == 0x20,
            String(decoding: b[26..<29], as: UTF8.self) == "GMT",
            let monthIndex = months.firstIndex(of: String(decoding: b[8..<11], as: UTF8.self)),
            let day = number(b, 5, 2), let year = number(b, 12, 4), let hour = number(b, 17, 2),
            let minute = number(b, 20, 2), let second = number(b, 23, 2)
        else { return nil }
        return unixSeconds(year: year, month: monthIndex + 1, day: day, hour: hour, minute: minute, second: second)
    }

    /// Unix seconds of a UTC calendar time; nil when a field is out of range.
    public static func unixSeconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int64? {
        guard (1...12).contains(month), (1...daysInMonth(year: year, month: month)).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        let days = daysFromCivil(year: Int64(year), month: Int64(month), day: Int64(day))
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    public static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12  // March = 0
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The decimal number in `count` digits at `offset`; nil unless all are ASCII digits.
    private static func number(_ b: [UInt8], _ offset: Int, _ count: Int) -> Int? {
        guard offset + count <= b.count else { return nil }
        var value = 0
        for d in b[offset..<(offset + count)] {
            guard d >= UInt8(ascii: "0"), d <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(d - UInt8(ascii: "0"))
        }
        return value
    }
}
