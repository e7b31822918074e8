import VaultBase

/// The HTTP `Date` header (IMF-fixdate), parsed without Foundation, for the clock-skew check.
/// ISO 8601 times in XML bodies are VaultBase's `ISO8601.parse`.
public enum Timestamp {
    /// Unix seconds of an HTTP date in IMF-fixdate form: `Sun, 06 Nov 1994 08:49:37 GMT`.
    public static func parseHTTPDate(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        func number(_ offset: Int, _ count: Int) -> Int64? { DecimalDigits.value(b, at: offset, count: count) }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard b.count == 29, b[3] == UInt8(ascii: ","), b[4] == 0x20, b[7] == 0x20, b[11] == 0x20, b[16] == 0x20,
            b[19] == UInt8(ascii: ":"), b[22] == UInt8(ascii: ":"), b[25] == 0x20,
            String(decoding: b[26..<29], as: UTF8.self) == "GMT",
            let monthIndex = months.firstIndex(of: String(decoding: b[8..<11], as: UTF8.self)),
            let day = number(5, 2), let year = number(12, 4), let hour = number(17, 2),
            let minute = number(20, 2), let second = number(23, 2)
        else { return nil }
        return CivilTime(
            year: year, month: Int64(monthIndex + 1), day: day, hour: hour, minute: minute, second: second
        ).unixSeconds
    }
}
