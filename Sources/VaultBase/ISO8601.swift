// The ISO 8601 form vault reads and writes: `2026-11-25T19:32:21Z` in its output and metadata,
// and the same with a fraction in AWS responses. One parser, one formatter.

/// UTC timestamps as `YYYY-MM-DDTHH:MM:SS[.fraction]Z`.
public enum ISO8601 {
    /// `2026-11-25T19:32:21Z` for Unix seconds (years outside 0–9999 keep all their digits and
    /// a leading "-" when negative).
    public static func format(_ unixSeconds: Int64) -> String {
        let t = CivilTime(unixSeconds: unixSeconds)
        func digits(_ value: Int64, _ width: Int) -> String { DecimalDigits.padded(value, width: width) }
        return digits(t.year, 4) + "-" + digits(t.month, 2) + "-" + digits(t.day, 2) + "T" + digits(t.hour, 2) + ":"
            + digits(t.minute, 2) + ":" + digits(t.second, 2) + "Z"
    }

    /// Unix seconds of `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, the fraction 1 to 9 digits and truncated
    /// (moto sends microseconds, AWS milliseconds or none); only `Z` is accepted. Nil for any
    /// other text or an impossible time (February 30, hour 24, minute 60, …).
    public static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        func number(_ offset: Int, _ count: Int) -> Int64? { DecimalDigits.value(b, at: offset, count: count) }
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b.last == UInt8(ascii: "Z"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        if b.count > 20 {
            // ".f" … ".fffffffff" between the seconds and the Z.
            let fraction = b[19..<(b.count - 1)]
            guard fraction.first == UInt8(ascii: "."), (2...10).contains(fraction.count),
                fraction.dropFirst().allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            else { return nil }
        }
        return CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second).unixSeconds
    }
}
