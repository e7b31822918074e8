import VaultCrypto

/// One response's body as it arrives, capped at `limit`.
///
/// The body can hold secrets (AssumeRole credentials, a new secret access key), so it goes into
/// one buffer this type owns; every buffer it outgrows and the last one are wiped before they are
/// freed, and `take` hands out the only other copy. (The socket's bytes are read straight into
/// a wiped buffer, and OpenSSL's decrypted records are wiped by OpenSSL, as `TLSContext` asks.)
final class ResponseBody {
    /// Largest body accepted.
    let limit: Int
    private var buffer: UnsafeMutableRawBufferPointer
    private(set) var count = 0

    init(limit: Int) {
        self.limit = limit
        buffer = .allocate(byteCount: min(max(limit, 1), 16 << 10), alignment: 1)
    }

    deinit {
        Sodium.wipe(UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]))
        buffer.deallocate()
    }

    /// Appends body bytes; `tooLarge` once the body would exceed `limit`.
    func append(_ bytes: UnsafeRawBufferPointer) throws(TransportError) {
        guard bytes.count <= limit - count else { throw .tooLarge(limit: limit) }
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
    }

    /// The body so far, as the one array the response carries; this copy is wiped.
    func take() -> [UInt8] {
        let used = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
        let body = [UInt8](used)
        Sodium.wipe(used)
        count = 0
        return body
    }
}
