import VaultCrypto

/// Collects one response as libcurl delivers it: the header lines of the last status line seen,
/// and the body, capped while it streams in.
///
/// The body can hold secrets (AssumeRole credentials, a new secret access key), so it goes into
/// one buffer this type owns; every buffer it outgrows and the last one are wiped before they are
/// freed, and `takeBody` hands out the only other copy. (libcurl's own buffers are wiped when
/// freed by the allocator `CurlLibrary` installs, and OpenSSL 3 wipes its decrypted records
/// when told to, which `CurlTransport` does.)
final class CurlResponseSink {
    /// Largest body accepted.
    let limit: Int
    /// Largest total size of one response's header lines; libcurl bounds each line, not their count.
    static let headerLimit = 64 << 10

    private(set) var headers: [String: String] = [:]
    private var headerBytes = 0
    private var lastHeader: String?
    /// The body went over `limit`: the write callback stopped the transfer.
    private(set) var bodyExceeded = false
    /// The header lines went over `headerLimit`: the header callback stopped the transfer.
    private(set) var headersExceeded = false

    private var buffer: UnsafeMutableRawBufferPointer
    private var count = 0

    init(limit: Int) {
        self.limit = limit
        buffer = .allocate(byteCount: min(max(limit, 1), 16 << 10), alignment: 1)
    }

    deinit {
        Sodium.wipe(UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]))
        buffer.deallocate()
    }

    /// Appends body bytes; false (stop the transfer) once the body would exceed `limit`.
    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count <= limit - count else {
            bodyExceeded = true
            return false
        }
        if count + bytes.count > buffer.count {
            var capacity = buffer.count
            while capacity < count + bytes.count { capacity *= 2 }
            let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: min(capacity, limit), alignment: 1)
            grown.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            Sodium.wipe(UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]))
            buffer.deallocate()
            buffer = grown
        }
        UnsafeMutableRawBufferPointer(rebasing: buffer[count..<(count + bytes.count)]).copyMemory(from: bytes)
        count += bytes.count
        return true
    }

    /// The body so far, as the one array the response carries; this sink's copy is wiped.
    func takeBody() -> [UInt8] {
        let used = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
        let body = [UInt8](used)
        Sodium.wipe(used)
        count = 0
        return body
    }

    /// Takes one header line as libcurl passes it (CRLF included); false stops the transfer.
    ///
    /// A status line starts a new response (after a `100 Continue`, or a proxy's CONNECT answer),
    /// so it clears what came before: only the final response's headers are kept.
    func appendHeaderLine(_ line: UnsafeRawBufferPointer) -> Bool {
        if line.starts(with: "HTTP/".utf8) {
            headers = [:]
            headerBytes = 0
            lastHeader = nil
            return true
        }
        headerBytes += line.count
        guard headerBytes <= Self.headerLimit else {
            headersExceeded = true
            return false
        }
        let text = String(decoding: line, as: UTF8.self)
        if let first = text.unicodeScalars.first, first == " " || first == "\t" {
            // An obsolete folded continuation of the previous header's value.
            if let name = lastHeader, let value = headers[name] { headers[name] = value + " " + trimmed(text) }
            return true
        }
        guard let colon = text.firstIndex(of: ":") else { return true }  // the blank line ending the block
        let name = trimmed(text[..<colon]).lowercased()
        let value = trimmed(text[text.index(after: colon)...])
        guard !name.isEmpty else { return true }
        // Repeated fields combine into one comma-separated value (RFC 9110 §5.3), as Foundation did.
        headers[name] = headers[name].map { $0 + ", " + value } ?? value
        lastHeader = name
        return true
    }

    private func trimmed<S: StringProtocol>(_ text: S) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let start = text.firstIndex(where: { !isSpace($0) }), let end = text.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(text[start...end])
    }
}
