// TLS through OpenSSL over a connected socket: the context (what is trusted, which versions) and
// one session (handshake, certificate and host-name check, reads and writes with deadlines).
internal import COpenSSL
import VaultCrypto

#if canImport(Glibc)
import Glibc
#endif

/// An `SSL_CTX`: TLS 1.2 or later, the peer's certificate always verified, renegotiation and
/// compression off, and OpenSSL told to wipe its decrypted records once read
/// (`SSL_OP_CLEANSE_PLAINTEXT`: STS and IAM answers carry secrets).
final class TLSContext: @unchecked Sendable {
    let functions: OpenSSLFunctions
    let pointer: OpaquePointer

    /// Trusting `caBundle` (a PEM file, as the AWS CLI treats `AWS_CA_BUNDLE`) or, when nil, the
    /// system's certificates.
    init(_ functions: OpenSSLFunctions, caBundle: String?) throws(TransportError) {
        guard let pointer = functions.contextNew(functions.clientMethod()) else {
            throw .tls(detail: "SSL_CTX_new failed: \(functions.queuedErrors() ?? "no detail")")
        }
        self.functions = functions
        self.pointer = pointer  // freed by deinit, also when this initialiser throws below
        guard functions.contextControl(pointer, vault_SSL_CTRL_SET_MIN_PROTO_VERSION, vault_TLS1_2_VERSION, nil) == 1
        else {
            throw .tls(detail: "cannot require TLS 1.2: \(functions.queuedErrors() ?? "no detail")")
        }
        _ = functions.contextSetOptions(
            pointer, vault_SSL_OP_CLEANSE_PLAINTEXT | vault_SSL_OP_NO_RENEGOTIATION | vault_SSL_OP_NO_COMPRESSION)
        functions.contextSetVerify(pointer, vault_SSL_VERIFY_PEER, nil)
        if let caBundle {
            guard functions.loadVerifyFile(pointer, caBundle) == 1 else {
                throw .tls(
                    detail: "cannot read the CA bundle \(caBundle): \(functions.queuedErrors() ?? "no certificates")")
            }
        } else {
            trustSystemCertificates()
        }
    }

    deinit { functions.contextFree(pointer) }

    /// The system's certificates, where OpenSSL's defaults say (`SSL_CERT_FILE` and `SSL_CERT_DIR`
    /// replace them, as for OpenSSL itself). A hashed certificate folder (Debian's /etc/ssl/certs)
    /// is read one file per issuer as a chain needs it, instead of parsing the whole bundle file
    /// (≈ 30 ms) at every start; without one, OpenSSL's default paths, bundle included.
    private func trustSystemCertificates() {
        let file = getenv("SSL_CERT_FILE").map { String(cString: $0) }
        if let file { _ = functions.loadVerifyFile(pointer, file) }
        let directories =
            getenv("SSL_CERT_DIR").map { String(cString: $0) }
            ?? functions.defaultCertificateDirectory().map { String(cString: $0) } ?? ""
        if directories.split(separator: ":").contains(where: { Self.holdsHashedCertificates(String($0)) }),
            functions.loadVerifyDirectory(pointer, directories) == 1
        {
            return
        }
        if file == nil { _ = functions.setDefaultVerifyPaths(pointer) }
        functions.clearErrors()  // a missing file or folder is no error until a chain needs it
    }

    /// Whether `directory` holds OpenSSL's `HASH.N` certificate links (what `openssl rehash` makes).
    static func holdsHashedCertificates(_ directory: String) -> Bool {
        guard let stream = opendir(directory) else { return false }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name.count == 10, name[8] == UInt8(ascii: "."), name[9] >= UInt8(ascii: "0"),
                name[9] <= UInt8(ascii: "9"), name[..<8].allSatisfy({ Encoding.nibble($0) != nil })
            {
                return true
            }
        }
        return false
    }
}

/// One TLS session over `socket`, freed when released (the socket closes with it).
final class TLSStream: ByteStream {
    private let context: TLSContext
    private let socket: SocketConnection
    private let session: OpaquePointer
    private var functions: OpenSSLFunctions { context.functions }

    /// Handshakes with `host` before `deadline`: SNI and the name checked against the certificate
    /// (or the IP address, for an address), the chain against the context's trust.
    init(over socket: SocketConnection, context: TLSContext, host: String, deadline: Deadline) throws(TransportError) {
        guard let session = context.functions.new(context.pointer) else {
            throw .tls(detail: "SSL_new failed: \(context.functions.queuedErrors() ?? "no detail")")
        }
        self.context = context
        self.socket = socket
        self.session = session
        // Every check below must take: a session without its name check would accept any
        // certificate the trust store vouches for, whoever it was issued to.
        guard functions.setDescriptor(session, socket.descriptor) == 1 else {
            throw .tls(detail: "cannot attach TLS to the connection")
        }
        if Self.isIPAddress(host) {
            guard functions.setExpectedIP(functions.parameters(session), host) == 1 else {
                throw .tls(detail: "cannot check the address \(host)")
            }
        } else {
            _ = host.withCString { name in
                functions.control(
                    session, vault_SSL_CTRL_SET_TLSEXT_HOSTNAME, vault_TLSEXT_NAMETYPE_host_name,
                    UnsafeMutableRawPointer(mutating: name))
            }
            functions.setHostFlags(session, vault_X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS)
            guard functions.setHost(session, host) == 1 else { throw .tls(detail: "cannot check the name \(host)") }
        }
        _ = try perform(until: deadline) { self.functions.connect(self.session) }
    }

    deinit { functions.free(session) }

    func write(_ bytes: UnsafeRawBufferPointer, until deadline: Deadline) throws(TransportError) {
        var offset = 0
        while offset < bytes.count {
            let chunk = Int32(min(bytes.count - offset, 1 << 20))
            offset += Int(
                try perform(until: deadline) { self.functions.write(self.session, bytes.baseAddress! + offset, chunk) })
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, until deadline: Deadline) throws(TransportError) -> Int {
        let count = Int32(min(buffer.count, Int(Int32.max)))
        return Int(
            try perform(until: deadline, endOfStreamIsZero: true) {
                self.functions.read(self.session, buffer.baseAddress, count)
            })
    }

    /// Runs `call` (SSL_connect, SSL_read or SSL_write) until it succeeds, waiting on the socket
    /// for what OpenSSL wants; SIGPIPE is held back meanwhile (OpenSSL writes with write(2)).
    private func perform(until deadline: Deadline, endOfStreamIsZero: Bool = false, _ call: () -> Int32)
        throws(TransportError) -> Int32
    {
        try withSIGPIPEHeld { () throws(TransportError) -> Int32 in
            while true {
                functions.clearErrors()
                let result = call()
                if result > 0 { return result }
                let error = functions.error(session, result)
                switch error {
                case vault_SSL_ERROR_WANT_READ: try socket.wait(for: Int16(POLLIN), until: deadline)
                case vault_SSL_ERROR_WANT_WRITE: try socket.wait(for: Int16(POLLOUT), until: deadline)
                case vault_SSL_ERROR_ZERO_RETURN where endOfStreamIsZero: return 0
                default: throw .tls(detail: describe(error))
                }
            }
        }
    }

    /// Why the last call failed: the certificate check's verdict, OpenSSL's queued errors, or the
    /// connection's end.
    private func describe(_ error: Int32) -> String {
        let verdict = functions.verifyResult(session)
        if verdict != vault_X509_V_OK {
            let reason = functions.verifyErrorText(verdict).map { String(cString: $0) } ?? "error \(verdict)"
            return "certificate verify failed: \(reason)"
        }
        if let queued = functions.queuedErrors() { return queued }
        if error == vault_SSL_ERROR_SYSCALL {
            return errno == 0 ? "the server closed the connection" : String(cString: strerror(errno))
        }
        return "TLS error \(error)"
    }

    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}

/// Runs `body` with SIGPIPE blocked on this thread, then discards a SIGPIPE it raised, so a peer
/// that hung up is an error rather than the end of vault.
private func withSIGPIPEHeld<R>(_ body: () throws(TransportError) -> R) throws(TransportError) -> R {
    var pipe = sigset_t()
    var previous = sigset_t()
    sigemptyset(&pipe)
    sigaddset(&pipe, SIGPIPE)
    var pending = sigset_t()
    sigpending(&pending)
    let alreadyPending = sigismember(&pending, SIGPIPE) == 1
    pthread_sigmask(SIG_BLOCK, &pipe, &previous)
    defer {
        sigpending(&pending)
        if !alreadyPending && sigismember(&pending, SIGPIPE) == 1 {
            var none = timespec()
            _ = sigtimedwait(&pipe, nil, &none)
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }
    return try body()
}
