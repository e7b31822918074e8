/// A signing time in whole UTC seconds, shown the way SigV4 writes it ("20150830T123600Z").
/// Computed with the proleptic Gregorian calendar; no clock, time zone or locale is consulted.
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
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for c in chars[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) else { return nil }
                value = value * 10 + Int64(c - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
            (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let days = Self.daysSinceEpoch(year: year, month: month, day: day)
        self.init(unixSeconds: days * 86_400 + hour * 3_600 + minute * 60 + second)
    }

    /// "YYYYMMDDTHHMMSSZ", the X-Amz-Date value and the string to sign's second line.
    public var timestamp: String {
        let (days, secondOfDay) = unixSeconds.floorDivided(by: 86_400)
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        guard (0...9999).contains(year) else {  // outside SigV4's four-digit years: the general form
            return Self.digits(year, 4) + Self.digits(month, 2) + Self.digits(day, 2) + "T"
                + Self.digits(secondOfDay / 3_600, 2) + Self.digits(secondOfDay / 60 % 60, 2)
                + Self.digits(secondOfDay % 60, 2) + "Z"
        }
        return String(unsafeUninitializedCapacity: 16) { out in
            func put(_ value: Int64, _ width: Int, at offset: Int) {
                var rest = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    out[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(year, 4, at: 0)
            put(month, 2, at: 4)
            put(day, 2, at: 6)
            out[8] = UInt8(ascii: "T")
            put(secondOfDay / 3_600, 2, at: 9)
            put(secondOfDay / 60 % 60, 2, at: 11)
            put(secondOfDay % 60, 2, at: 13)
            out[15] = UInt8(ascii: "Z")
            return 16
        }
    }

    /// "YYYYMMDD", the date of the credential scope and the signing key.
    public var day: String { String(decoding: timestamp.utf8.prefix(8), as: UTF8.self) }

    // Howard Hinnant's days_from_civil / civil_from_days (public domain), on 400-year eras.
    private static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400).quotient
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = z.floorDivided(by: 146_097).quotient
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `value` in decimal, zero-padded to `width` (with a leading "-" when negative).
    private static func digits(_ value: Int64, _ width: Int) -> String {
        let text = String(value.magnitude)
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

extension Int64 {
    /// Quotient rounded toward negative infinity and the matching non-negative remainder.
    fileprivate func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let (q, r) = quotientAndRemainder(dividingBy: divisor)
        return r < 0 ? (q - 1, r + divisor) : (q, r)
    }
}
