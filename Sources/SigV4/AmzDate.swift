import VaultBase

/// A signing time in whole UTC seconds, shown the way SigV4 writes it ("20150830T123600Z").
/// Computed with the proleptic Gregorian calendar (VaultBase's `CivilTime`); no clock, time zone
/// or locale is consulted.
public struct AmzDate: Sendable, Equatable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let unixSeconds: Int64

    /// The time `unixSeconds` after the Unix epoch (negative for earlier times).
    public init(unixSeconds: Int64) {
        self.unixSeconds = unixSeconds
    }

    /// Parses the ISO 8601 basic form "YYYYMMDDTHHMMSSZ"; nil for any other text or an impossible date.
    public init?(timestamp: String) {
        let chars = Array(timestamp.utf8)
        guard chars.count == 16, chars[8] == UInt8(ascii: "T"), chars[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ offset: Int, _ count: Int) -> Int64? { DecimalDigits.value(chars, at: offset, count: count) }
        guard let year = number(0, 4), let month = number(4, 2), let day = number(6, 2),
            let hour = number(9, 2), let minute = number(11, 2), let second = number(13, 2),
            let seconds = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
                .unixSeconds
        else { return nil }
        self.init(unixSeconds: seconds)
    }

    /// "YYYYMMDDTHHMMSSZ", the X-Amz-Date value and the string to sign's second line.
    public var timestamp: String {
        let t = CivilTime(unixSeconds: unixSeconds)
        guard (0...9999).contains(t.year) else {  // outside SigV4's four-digit years: the general form
            func digits(_ value: Int64, _ width: Int) -> String { DecimalDigits.padded(value, width: width) }
            return digits(t.year, 4) + digits(t.month, 2) + digits(t.day, 2) + "T" + digits(t.hour, 2)
                + digits(t.minute, 2) + digits(t.second, 2) + "Z"
        }
        return String(unsafeUninitializedCapacity: 16) { out in
            func put(_ value: Int64, _ width: Int, at offset: Int) {
                var rest = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    out[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(t.year, 4, at: 0)
            put(t.month, 2, at: 4)
            put(t.day, 2, at: 6)
            out[8] = UInt8(ascii: "T")
            put(t.hour, 2, at: 9)
            put(t.minute, 2, at: 11)
            put(t.second, 2, at: 13)
            out[15] = UInt8(ascii: "Z")
            return 16
        }
    }

    /// "YYYYMMDD", the date of the credential scope and the signing key.
    public var day: String { String(decoding: timestamp.utf8.prefix(8), as: UTF8.self) }
}
