// One libcurl easy handle per request, with the header list, body and error buffer it points to.
internal import CCurl
import VaultCrypto

/// One libcurl easy handle and everything it points to while it runs: the header list, vault's
/// copy of the request body and the error buffer. Acquired in `init`, released in `deinit`.
final class CurlHandle {
    private let curl: CurlLibrary
    private let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    /// The body libcurl reads from (CURLOPT_POSTFIELDS does not copy); wiped after sending.
    private var body: UnsafeMutableRawBufferPointer?
    /// libcurl's detailed message for the last failure (CURLOPT_ERRORBUFFER).
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init(_ curl: CurlLibrary) throws(TransportError) {
        guard let handle = curl.easyInit() else { throw .other(detail: "curl_easy_init failed") }
        self.curl = curl
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeRawPointer(errorBuffer))
    }

    deinit {
        curl.easyCleanup(handle)
        curl.slistFreeAll(headerList)
        if let body {
            Sodium.wipe(body)
            body.deallocate()
        }
        errorBuffer.deallocate()
    }

    /// Sets a `long` option.
    func set(_ option: CURLoption, _ value: Int) throws(TransportError) {
        try check(vault_curl_setopt_long(curl.setopt, handle, option, value), option)
    }

    /// Sets a `curl_off_t` option.
    func set(_ option: CURLoption, offset value: Int64) throws(TransportError) {
        try check(vault_curl_setopt_off_t(curl.setopt, handle, option, curl_off_t(value)), option)
    }

    /// Sets a string option; libcurl copies strings (not CURLOPT_POSTFIELDS, see `setBody`).
    func set(_ option: CURLoption, _ value: String?) throws(TransportError) {
        guard let value else {
            try check(vault_curl_setopt_pointer(curl.setopt, handle, option, nil), option)
            return
        }
        let code = value.withCString { vault_curl_setopt_pointer(curl.setopt, handle, option, $0) }
        try check(code, option)
    }

    /// Sets a pointer option (callback data, buffers this handle owns).
    func set(_ option: CURLoption, pointer: UnsafeRawPointer?) throws(TransportError) {
        try check(vault_curl_setopt_pointer(curl.setopt, handle, option, pointer), option)
    }

    /// Sets a write or header callback.
    func set(_ option: CURLoption, callback: curl_write_callback) throws(TransportError) {
        try check(vault_curl_setopt_write_callback(curl.setopt, handle, option, callback), option)
    }

    /// Makes OpenSSL wipe its decrypted copies of the response (`SSL_OP_CLEANSE_PLAINTEXT`) when
    /// libcurl's TLS is OpenSSL 3; does nothing with another TLS library.
    func cleanseTLSPlaintext() throws(TransportError) {
        guard let setOptions = curl.sslContextSetOptions else { return }
        let code = vault_curl_cleanse_tls_plaintext(curl.setopt, handle, setOptions)
        if code == CURLE_NOT_BUILT_IN || code == CURLE_UNKNOWN_OPTION { return }
        try check(code, CURLOPT_SSL_CTX_FUNCTION)
    }

    /// Sets an option that older libcurl may not know, reporting whether it did.
    func setIfKnown(_ option: CURLoption, _ value: String) throws(TransportError) -> Bool {
        let code = value.withCString { vault_curl_setopt_pointer(curl.setopt, handle, option, $0) }
        if code == CURLE_UNKNOWN_OPTION { return false }
        try check(code, option)
        return true
    }

    /// Sends these header lines (`Name: value`) instead of libcurl's defaults for the same names.
    func setHeaders(_ lines: [String]) throws(TransportError) {
        for line in lines {
            guard let list = line.withCString({ curl.slistAppend(headerList, $0) }) else {
                throw .other(detail: "curl_slist_append failed")
            }
            headerList = list
        }
        try set(CURLOPT_HTTPHEADER, pointer: UnsafeRawPointer(headerList))
    }

    /// Sends `bytes` as the request body (Content-Length, never chunked), from a copy this handle
    /// owns and wipes.
    func setBody(_ bytes: [UInt8]) throws(TransportError) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        copy.initializeMemory(as: UInt8.self, repeating: 0)
        bytes.withUnsafeBytes { copy.copyMemory(from: $0) }
        body = copy
        try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(bytes.count))
        try set(CURLOPT_POSTFIELDS, pointer: UnsafeRawPointer(copy.baseAddress))
    }

    /// Runs the transfer; the callbacks run on this thread before it returns.
    func perform() -> CURLcode { curl.easyPerform(handle) }

    /// A `long` fact about the finished transfer, or nil when libcurl cannot say.
    func info(_ info: CURLINFO) -> Int? {
        var value = 0
        return vault_curl_getinfo_long(curl.getinfo, handle, info, &value) == CURLE_OK ? value : nil
    }

    /// A `curl_off_t` fact about the finished transfer, or nil when libcurl cannot say.
    func info(offset info: CURLINFO) -> Int64? {
        var value: curl_off_t = 0
        return vault_curl_getinfo_off_t(curl.getinfo, handle, info, &value) == CURLE_OK ? Int64(value) : nil
    }

    /// `curl_easy_strerror`'s text, libcurl's detailed message when it left one (unless that
    /// already says the same), and the code.
    func describe(_ code: CURLcode) -> String {
        var text = curl.describe(code)
        if code == CURLE_OUT_OF_MEMORY {
            // libcurl 7.x also reports a response header line over its 100 KiB limit this way.
            text += ", or a response header line too long"
        }
        let detail = String(cString: errorBuffer).trimmingSuffix("\n")
        if !detail.isEmpty { text = detail.contains(text) ? detail : "\(text): \(detail)" }
        return "\(text) (curl error \(code.rawValue))"
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(TransportError) {
        guard code == CURLE_OK else {
            throw .other(
                detail:
                    "libcurl refused option \(option.rawValue): \(curl.describe(code)) (curl error \(code.rawValue))")
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
