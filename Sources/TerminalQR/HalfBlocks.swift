// A QR code as terminal text: two module rows per line with Unicode half blocks.
import VaultCrypto

extension QRMatrix {
    /// Light modules painted (`█` both, `▀` upper, `▄` lower, space neither), as `qrencode -t
    /// UTF8` does: the code reads as light on a terminal's dark background. A 4-module quiet
    /// zone on every side. UTF-8 text in locked memory, one `\n` after each line.
    public func halfBlockText(quietZone: Int = 4) throws(QRError) -> SecureBytes {
        let side = width + 2 * quietZone
        let lines = (side + 1) / 2
        let full: [UInt8] = [0xE2, 0x96, 0x88]
        let upper: [UInt8] = [0xE2, 0x96, 0x80]
        let lower: [UInt8] = [0xE2, 0x96, 0x84]
        var text: SecureBytes
        do { text = try SecureBytes(count: lines * (side * 3 + 1)) } catch { throw .encodingFailed(errno: 12) }
        var count = 0
        text.withUnsafeMutableBytes { out in
            func put(_ bytes: [UInt8]) {
                for b in bytes {
                    out[count] = b
                    count += 1
                }
            }
            for line in 0..<lines {
                let top = 2 * line - quietZone
                for column in 0..<side {
                    let x = column - quietZone
                    let topLight = !isDark(x: x, y: top)
                    // The row below the last one is light (the quiet zone continues).
                    let bottomLight = !isDark(x: x, y: top + 1)
                    switch (topLight, bottomLight) {
                    case (true, true): put(full)
                    case (true, false): put(upper)
                    case (false, true): put(lower)
                    case (false, false): put([0x20])
                    }
                }
                put([0x0A])
            }
        }
        guard count < text.count else { return text }
        var exact: SecureBytes
        do { exact = try SecureBytes(count: count) } catch { throw .encodingFailed(errno: 12) }
        text.withUnsafeBytes { raw in
            exact.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<count])) }
        }
        return exact
    }
}
