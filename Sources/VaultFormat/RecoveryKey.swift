// Recovery keys (FORMAT.md §10.2): 16 random bytes as 8 modhex groups, each with a check character.
import VaultCrypto

/// Writes and reads recovery keys: `cbdef-…` groups of 4 data characters and one Luhn mod 16
/// check character, so a mistyped group is named before any key derivation.
public enum RecoveryKey {
    /// systemd's modhex alphabet (0–15): the same keys on QWERTY, AZERTY and QWERTZ.
    public static let alphabet = Array("cbdefghijklnrtuv".utf8)
    public static let byteCount = 16
    public static let groupCount = 8
    static let groupLength = 5

    /// Why typed text is not a recovery key; groups are numbered from 1, as people count.
    public enum ReadError: Error, Equatable, Sendable {
        case wrongLength(characters: Int)
        case notModhex(group: Int)
        case mistyped(group: Int)
        case noLockedMemory
    }

    /// The key as people see it: `ccbdf-…` (8 groups of 5, joined by dashes).
    public static func format(_ key: borrowing SecureBytes) -> String {
        precondition(key.count == byteCount, "a recovery key is 16 bytes")
        let groups = key.withUnsafeBytes { raw in
            (0..<groupCount).map { i -> String in
                let data = [raw[2 * i] >> 4, raw[2 * i] & 15, raw[2 * i + 1] >> 4, raw[2 * i + 1] & 15]
                let digits = data + [check([UInt8(i)] + data)]
                return String(decoding: digits.map { alphabet[Int($0)] }, as: UTF8.self)
            }
        }
        return groups.joined(separator: "-")
    }

    /// The 16 bytes of typed text: case, spaces and dashes ignored; each group's check character
    /// verified.
    public static func read(_ text: borrowing SecureBytes) throws(ReadError) -> SecureBytes {
        var digits: [UInt8] = []
        digits.reserveCapacity(groupCount * groupLength)
        var badCharacterAt: Int?
        text.withUnsafeBytes { raw in
            for c in raw where c != UInt8(ascii: "-") && c != UInt8(ascii: " ") {
                let lower = (c >= 0x41 && c <= 0x5A) ? c + 0x20 : c
                if let value = alphabet.firstIndex(of: lower) {
                    digits.append(UInt8(value))
                } else if badCharacterAt == nil {
                    badCharacterAt = digits.count
                    digits.append(0)
                } else {
                    digits.append(0)
                }
            }
        }
        defer { for i in digits.indices { digits[i] = 0 } }
        guard digits.count == groupCount * groupLength else { throw .wrongLength(characters: digits.count) }
        if let at = badCharacterAt { throw .notModhex(group: at / groupLength + 1) }
        for i in 0..<groupCount {
            let group = Array(digits[(i * groupLength)..<((i + 1) * groupLength)])
            guard check([UInt8(i)] + group.prefix(4)) == group[4] else { throw .mistyped(group: i + 1) }
        }
        var bytes = (0..<byteCount).map { j -> UInt8 in
            let g = j / 2 * groupLength + (j % 2) * 2
            return digits[g] << 4 | digits[g + 1]
        }
        guard let key = try? SecureBytes(takingAndWiping: &bytes) else { throw .noLockedMemory }
        return key
    }

    /// The Luhn mod 16 check character of `digits` (each 0–15).
    static func check(_ digits: [UInt8]) -> UInt8 {
        var factor = 2
        var sum = 0
        for d in digits.reversed() {
            let addend = factor * Int(d)
            sum += addend / 16 + addend % 16
            factor = 3 - factor
        }
        return UInt8((16 - sum % 16) % 16)
    }
}
