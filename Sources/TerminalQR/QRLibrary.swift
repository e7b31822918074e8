// libqrencode's two functions, found with dlopen/dlsym when a QR code is shown, never linked.
internal import CQRencode

#if canImport(Glibc)
import Glibc
#endif

/// Why a QR code could not be made.
public enum QRError: Error, Equatable, Sendable {
    /// libqrencode.so.4 is not installed (or lacks a function); the dlerror text.
    case libraryMissing(String)
    /// The encoder failed (the text is too long for any QR version, or memory ran out); errno.
    case encodingFailed(errno: Int32)
}

/// libqrencode, loaded by the first QR code of the process and kept until it exits.
final class QRLibrary: Sendable {
    /// The soname Debian's libqrencode4 installs.
    static let soname = "libqrencode.so.4"

    let encodeString: vault_qrcode_encode_string_fn
    let free: vault_qrcode_free_fn

    static func loaded() throws(QRError) -> QRLibrary { try shared.get() }

    private static let shared = Result { () throws(QRError) -> QRLibrary in try QRLibrary() }

    private init() throws(QRError) {
        // RTLD_LOCAL: its symbols stay out of the global namespace.
        guard let library = dlopen(Self.soname, RTLD_NOW | RTLD_LOCAL) else {
            throw .libraryMissing("\(Self.soname) could not be loaded: \(Self.dlerrorText())")
        }
        func symbol<F>(_ name: String, as type: F.Type) throws(QRError) -> F {
            guard let address = dlsym(library, name) else {
                throw .libraryMissing("\(Self.soname) has no \(name): \(Self.dlerrorText())")
            }
            return unsafeBitCast(address, to: type)
        }
        encodeString = try symbol("QRcode_encodeString", as: vault_qrcode_encode_string_fn.self)
        free = try symbol("QRcode_free", as: vault_qrcode_free_fn.self)
    }

    private static func dlerrorText() -> String { dlerror().map { String(cString: $0) } ?? "unknown error" }

    /// The modules of `text` (a NUL-terminated C string in `text`), error level M, 8-bit mode,
    /// the smallest version that fits. libqrencode's own copy of the matrix is wiped before it
    /// is freed: the text may be a secret.
    func encode(_ text: UnsafePointer<CChar>) throws(QRError) -> QRMatrix {
        errno = 0
        guard let code = encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else {
            throw .encodingFailed(errno: errno)
        }
        defer { free(code) }
        let width = Int(code.pointee.width)
        let count = width * width
        let matrix = try QRMatrix(width: width) { modules in
            for i in 0..<count { modules[i] = code.pointee.data[i] & 1 }
        }
        memset(code.pointee.data, 0, count)
        return matrix
    }
}
