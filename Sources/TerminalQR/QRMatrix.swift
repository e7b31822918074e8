// A QR code's modules in locked memory, and the encoder entry point.
import VaultCrypto

/// A square of QR modules (1 dark, 0 light), in locked memory: the code of a provisioning URI
/// is as secret as the seed it carries.
public struct QRMatrix: ~Copyable {
    public let width: Int
    let modules: SecureBytes

    init(width: Int, fill: (UnsafeMutableRawBufferPointer) -> Void) throws(QRError) {
        self.width = width
        var modules: SecureBytes
        do { modules = try SecureBytes(count: max(width * width, 1)) } catch { throw .encodingFailed(errno: 12) }
        modules.withUnsafeMutableBytes { fill($0) }
        self.modules = modules
    }

    /// The QR code of `text` (UTF-8 bytes, no NUL inside), loading libqrencode on first use.
    public static func encode(_ text: borrowing SecureBytes) throws(QRError) -> QRMatrix {
        let library = try QRLibrary.loaded()
        var terminated: SecureBytes
        do { terminated = try SecureBytes(count: text.count + 1) } catch { throw .encodingFailed(errno: 12) }
        text.withUnsafeBytes { raw in
            terminated.withUnsafeMutableBytes { out in
                UnsafeMutableRawBufferPointer(rebasing: out[0..<raw.count]).copyMemory(from: raw)
                out[raw.count] = 0
            }
        }
        var matrix: QRMatrix? = nil
        var failure: QRError? = nil
        terminated.withUnsafeBytes { raw in
            do throws(QRError) {
                matrix = try library.encode(raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            } catch {
                failure = error
            }
        }
        guard let made = matrix.take() else { throw failure ?? .encodingFailed(errno: 0) }
        return made
    }

    /// Whether the module at (x, y) is dark; outside the square (the quiet zone) is light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < width, y < width else { return false }
        return modules.withUnsafeBytes { $0[y * width + x] != 0 }
    }
}
