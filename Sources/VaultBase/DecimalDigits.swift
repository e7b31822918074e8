// Fixed-width decimal numbers in text, as dates write them ("2026", "07"), read and written
// without Foundation.

/// Reading and writing fixed-width ASCII decimal numbers.
public enum DecimalDigits {
    /// The number in the `count` bytes at `offset` of `bytes`; nil unless all are ASCII digits.
    @inlinable
    public static func value(_ bytes: [UInt8], at offset: Int, count: Int) -> Int64? {
        guard offset >= 0, count >= 0, offset + count <= bytes.count else { return nil }
        var value: Int64 = 0
        for d in bytes[offset..<(offset + count)] {
            guard d >= UInt8(ascii: "0"), d <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(d - UInt8(ascii: "0"))
        }
        return value
    }

    /// `value` in decimal, zero-padded to `width` (with a leading "-" when negative).
    public static func padded(_ value: Int64, width: Int) -> String {
        let text = String(value.magnitude)
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
