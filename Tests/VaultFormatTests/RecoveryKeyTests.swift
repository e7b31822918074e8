// Recovery keys: the printed form (known answers from an independent Python implementation),
// and every single-character typo caught by its group's check character.
import Foundation
import Testing
import VaultCrypto

@testable import VaultFormat

@Suite("recovery keys")
struct RecoveryKeyTests {
    static func key(_ bytes: [UInt8]) throws -> SecureBytes {
        var copy = bytes
        return try SecureBytes(takingAndWiping: &copy)
    }

    static func typed(_ text: String) throws -> SecureBytes { try key(Array(text.utf8)) }

    @Test func knownAnswers() throws {
        #expect(RecoveryKey.format(try Self.key(Array(0..<16))) == "cccbu-cdcef-cfcgl-chcic-cjckf-clcnl-crctc-cucvh")
        #expect(
            RecoveryKey.format(try Self.key([UInt8](repeating: 0xFF, count: 16)))
                == "vvvvf-vvvvd-vvvvc-vvvvu-vvvvr-vvvvl-vvvvj-vvvvh")
    }

    @Test func readsWhatItPrintsIgnoringCaseSpacesAndDashes() throws {
        let bytes: [UInt8] = [
            0x3A, 0x00, 0xFF, 0x12, 0x9C, 0x44, 0x01, 0x80, 0x7E, 0x65, 0xD3, 0x2B, 0x00, 0x10, 0xAA, 0x5F,
        ]
        let printed = RecoveryKey.format(try Self.key(bytes))
        #expect(try RecoveryKey.read(try Self.typed(printed)).isEqual(to: bytes))
        let sloppy = printed.uppercased().replacingOccurrences(of: "-", with: " ")
        #expect(try RecoveryKey.read(try Self.typed(sloppy)).isEqual(to: bytes))
    }

    @Test func everySingleWrongCharacterNamesItsGroup() throws {
        let printed = Array(RecoveryKey.format(try Self.key(Array(0..<16))).utf8.filter { $0 != UInt8(ascii: "-") })
        for position in printed.indices {
            for replacement in RecoveryKey.alphabet where replacement != printed[position] {
                var typo = printed
                typo[position] = replacement
                #expect(throws: RecoveryKey.ReadError.mistyped(group: position / 5 + 1)) {
                    _ = try RecoveryKey.read(try Self.key(typo))
                }
            }
        }
    }

    @Test func swappedGroupsAndNeighboursAreCaught() throws {
        let groups = RecoveryKey.format(try Self.key(Array(0..<16))).split(separator: "-").map(String.init)
        var swapped = groups
        swapped.swapAt(2, 5)
        #expect(throws: RecoveryKey.ReadError.self) { _ = try RecoveryKey.read(try Self.typed(swapped.joined())) }
        // Neighbours swapped inside a group: caught unless the two characters are equal.
        var missed = 0
        for a in 0..<16 {
            for b in 0..<16 where a != b {
                let data = [UInt8(a), UInt8(b), 0, 0]
                let swappedData = [UInt8(b), UInt8(a), 0, 0]
                if RecoveryKey.check([0] + data) == RecoveryKey.check([0] + swappedData) { missed += 1 }
            }
        }
        #expect(missed <= 2)
    }

    @Test func refusesWrongLengthsAndOtherCharacters() throws {
        #expect(throws: RecoveryKey.ReadError.wrongLength(characters: 4)) {
            _ = try RecoveryKey.read(try Self.typed("cccb"))
        }
        let printed = RecoveryKey.format(try Self.key(Array(0..<16)))
        let withDigit = "cccbu-cdce0-" + printed.dropFirst(12)
        #expect(throws: RecoveryKey.ReadError.notModhex(group: 2)) {
            _ = try RecoveryKey.read(try Self.typed(withDigit))
        }
    }
}
