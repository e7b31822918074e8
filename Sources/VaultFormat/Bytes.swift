/// Appends little-endian fields to a byte buffer.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { append(littleEndian: v) }
    mutating func u32(_ v: UInt32) { append(littleEndian: v) }
    mutating func u64(_ v: UInt64) { append(littleEndian: v) }
    mutating func raw(_ v: [UInt8]) { bytes.append(contentsOf: v) }

    /// A length-prefixed byte string (u8 length).
    mutating func short(_ v: [UInt8]) {
        precondition(v.count <= Int(UInt8.max), "field too long for a u8 length")
        u8(UInt8(v.count))
        raw(v)
    }

    /// A length-prefixed byte string (u16 length).
    mutating func medium(_ v: [UInt8]) {
        precondition(v.count <= Int(UInt16.max), "field too long for a u16 length")
        u16(UInt16(v.count))
        raw(v)
    }

    private mutating func append<T: FixedWidthInteger>(littleEndian v: T) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// Reads little-endian fields from a byte buffer, never past its end.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset: Int
    private let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.offset = start
        self.end = end ?? bytes.count
    }

    var remaining: Int { end - offset }
    var isAtEnd: Bool { offset == end }

    mutating func take(_ count: Int, _ field: String) throws(FormatError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw .truncated(field: field) }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func raw(_ count: Int, _ field: String) throws(FormatError) -> [UInt8] { Array(try take(count, field)) }
    mutating func u8(_ field: String) throws(FormatError) -> UInt8 { try take(1, field).first! }
    mutating func u16(_ field: String) throws(FormatError) -> UInt16 { try integer(field) }
    mutating func u32(_ field: String) throws(FormatError) -> UInt32 { try integer(field) }
    mutating func u64(_ field: String) throws(FormatError) -> UInt64 { try integer(field) }
    mutating func short(_ field: String) throws(FormatError) -> [UInt8] { try raw(Int(try u8(field)), field) }
    mutating func medium(_ field: String) throws(FormatError) -> [UInt8] { try raw(Int(try u16(field)), field) }

    private mutating func integer<T: FixedWidthInteger>(_ field: String) throws(FormatError) -> T {
        let slice = try take(MemoryLayout<T>.size, field)
        var value: T = 0
        for (shift, byte) in slice.enumerated() { value |= T(byte) << (8 * shift) }
        return value
    }
}
