// OpenSSL's libssl, found with dlopen/dlsym when a request first needs TLS instead of linked.
internal import COpenSSL
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// libssl, loaded with `dlopen` by the first HTTPS request of the process and kept until it exits,
/// with the TLS context that trusts the system's certificates.
///
/// vault does not link OpenSSL: a run that never talks to AWS (a `credential_process` cache hit)
/// would otherwise pay for mapping and binding it at every start (docs/performance.md). Each
/// function is resolved once with `dlsym`, typed by OpenSSL's own prototype (`Sources/COpenSSL`).
final class OpenSSLLibrary: Sendable {
    /// OpenSSL 3's soname (Debian 12's libssl3, 13's libssl3t64).
    static let soname = "libssl.so.3"

    let functions: OpenSSLFunctions
    /// The context for requests without `AWS_CA_BUNDLE`, made once (reading the trust store is
    /// the slow part of setting up TLS).
    let systemTrust: TLSContext
    /// Contexts trusting a CA bundle file (`AWS_CA_BUNDLE`), by path, each read once.
    private let bundleTrust = Mutex<[String: TLSContext]>([:])

    /// The process's libssl, loaded, resolved and initialised by the first caller (Swift runs a
    /// static's initialiser once, thread-safely); a failure is remembered too.
    static func loaded() throws(TransportError) -> OpenSSLLibrary { try shared.get() }

    private static let shared = Result { () throws(TransportError) -> OpenSSLLibrary in try OpenSSLLibrary() }

    /// Starts `loaded()` on a new thread; the first caller of `loaded()` on another thread waits
    /// for it. If no thread can be started, nothing happens and the first send loads libssl itself.
    static func loadInBackground(caBundle: String?) -> TransportPreload {
        // The environment is changed here, on the calling thread: setenv/unsetenv are not safe
        // while another thread reads the environment, and the loader does.
        dropKeyLogVariable()
        // The type metadata the loader needs is made here, on the calling thread: made on the new
        // thread, it is an allocation the Swift runtime cannot fail cleanly (under a small
        // RLIMIT_AS it trapped there, killing vault while the main thread reported a clean error).
        typeMetadataLoaded(Result<OpenSSLLibrary, TransportError>.self)
        typeMetadataLoaded(Box.self)
        typeMetadataLoaded([String: TLSContext].self)
        var thread = pthread_t()
        let argument = caBundle.map { Unmanaged.passRetained(Box($0)) }  // the thread releases it
        let started = pthread_create(
            &thread, nil,
            { bundle in
                let caBundle = bundle.map { Unmanaged<Box>.fromOpaque($0).takeRetainedValue().value }
                _ = try? OpenSSLLibrary.loaded().trust(caBundle: caBundle)
                return nil
            }, argument?.toOpaque())
        guard started == 0 else {
            argument?.release()
            return TransportPreload()
        }
        let loader = thread
        return TransportPreload { pthread_join(loader, nil) }
    }

    /// The context for requests trusting `caBundle`, or the system's certificates when nil. A
    /// bundle is read once per process; a failure is not kept (the send reports it).
    func trust(caBundle: String?) throws(TransportError) -> TLSContext {
        guard let caBundle else { return systemTrust }
        // Held while reading, so a send waits for the background read instead of repeating it.
        return try bundleTrust.withLock { (contexts) throws(TransportError) -> TLSContext in
            if let known = contexts[caBundle] { return known }
            let context = try TLSContext(functions, caBundle: caBundle)
            contexts[caBundle] = context
            return context
        }
    }

    /// An OpenSSL built with key logging (3.5's `enable-sslkeylog`) writes TLS session keys to
    /// the file SSLKEYLOGFILE names: a variable exported for debugging something else would
    /// expose the AssumeRole response (a session secret). vault's own environment drops it;
    /// `vault exec` children get the user's as given.
    private static func dropKeyLogVariable() {
        if getenv("SSLKEYLOGFILE") != nil { unsetenv("SSLKEYLOGFILE") }
    }

    private init() throws(TransportError) {
        // Already done on the main thread when the load runs in the background (`loadInBackground`).
        Self.dropKeyLogVariable()
        // RTLD_LOCAL: OpenSSL's symbols stay out of the global namespace.
        guard let library = dlopen(Self.soname, RTLD_NOW | RTLD_LOCAL) else {
            throw .unavailable(detail: "\(Self.soname) could not be loaded: \(dlerrorText())")
        }
        do throws(TransportError) {
            // Before OpenSSL allocates anything; if something else in this process (tpm2-tss)
            // loaded it first, its allocator stays and SSL_OP_CLEANSE_PLAINTEXT still applies.
            _ = vault_openssl_use_wiping_allocator(try address(library, "CRYPTO_set_mem_functions"))
            functions = try OpenSSLFunctions(library)
            guard functions.versionNumber() >= 0x3000_0000 else {
                throw TransportError.unavailable(detail: "\(Self.soname) is older than OpenSSL 3")
            }
            // No clean-up at exit: it would only free (and wipe, one block at a time) what the
            // process's end discards anyway; every TLS session is freed, and its records were
            // wiped, when its request ended.
            guard functions.initSSL(vault_OPENSSL_INIT_NO_ATEXIT, nil) == 1 else {
                throw TransportError.unavailable(detail: "OPENSSL_init_ssl failed")
            }
            systemTrust = try TLSContext(functions, caBundle: nil)
        } catch {
            dlclose(library)
            throw error
        }
    }
}

/// The OpenSSL functions vault calls, resolved from one `dlopen` handle.
struct OpenSSLFunctions: @unchecked Sendable {
    let versionNumber: vault_OpenSSL_version_num_fn
    let initSSL: vault_OPENSSL_init_ssl_fn
    let clientMethod: vault_TLS_client_method_fn
    let contextNew: vault_SSL_CTX_new_fn
    let contextFree: vault_SSL_CTX_free_fn
    let contextControl: vault_SSL_CTX_ctrl_fn
    let contextSetOptions: vault_SSL_CTX_set_options_fn
    let contextSetVerify: vault_SSL_CTX_set_verify_fn
    let loadVerifyFile: vault_SSL_CTX_load_verify_file_fn
    let loadVerifyDirectory: vault_SSL_CTX_load_verify_dir_fn
    let setDefaultVerifyPaths: vault_SSL_CTX_set_default_verify_paths_fn
    let defaultCertificateDirectory: vault_X509_get_default_cert_dir_fn
    let new: vault_SSL_new_fn
    let free: vault_SSL_free_fn
    let setDescriptor: vault_SSL_set_fd_fn
    let control: vault_SSL_ctrl_fn
    let setHost: vault_SSL_set1_host_fn
    let setHostFlags: vault_SSL_set_hostflags_fn
    let parameters: vault_SSL_get0_param_fn
    let setExpectedIP: vault_X509_VERIFY_PARAM_set1_ip_asc_fn
    let connect: vault_SSL_connect_fn
    let read: vault_SSL_read_fn
    let write: vault_SSL_write_fn
    let error: vault_SSL_get_error_fn
    let verifyResult: vault_SSL_get_verify_result_fn
    let verifyErrorText: vault_X509_verify_cert_error_string_fn
    let nextError: vault_ERR_get_error_fn
    let errorText: vault_ERR_error_string_n_fn
    let clearErrors: vault_ERR_clear_error_fn

    init(_ library: UnsafeMutableRawPointer) throws(TransportError) {
        func resolve<F>(_ name: String) throws(TransportError) -> F {
            unsafeBitCast(try address(library, name), to: F.self)
        }
        versionNumber = try resolve("OpenSSL_version_num")
        initSSL = try resolve("OPENSSL_init_ssl")
        clientMethod = try resolve("TLS_client_method")
        contextNew = try resolve("SSL_CTX_new")
        contextFree = try resolve("SSL_CTX_free")
        contextControl = try resolve("SSL_CTX_ctrl")
        contextSetOptions = try resolve("SSL_CTX_set_options")
        contextSetVerify = try resolve("SSL_CTX_set_verify")
        loadVerifyFile = try resolve("SSL_CTX_load_verify_file")
        loadVerifyDirectory = try resolve("SSL_CTX_load_verify_dir")
        setDefaultVerifyPaths = try resolve("SSL_CTX_set_default_verify_paths")
        defaultCertificateDirectory = try resolve("X509_get_default_cert_dir")
        new = try resolve("SSL_new")
        free = try resolve("SSL_free")
        setDescriptor = try resolve("SSL_set_fd")
        control = try resolve("SSL_ctrl")
        setHost = try resolve("SSL_set1_host")
        setHostFlags = try resolve("SSL_set_hostflags")
        parameters = try resolve("SSL_get0_param")
        setExpectedIP = try resolve("X509_VERIFY_PARAM_set1_ip_asc")
        connect = try resolve("SSL_connect")
        read = try resolve("SSL_read")
        write = try resolve("SSL_write")
        error = try resolve("SSL_get_error")
        verifyResult = try resolve("SSL_get_verify_result")
        verifyErrorText = try resolve("X509_verify_cert_error_string")
        nextError = try resolve("ERR_get_error")
        errorText = try resolve("ERR_error_string_n")
        clearErrors = try resolve("ERR_clear_error")
    }

    /// OpenSSL's queued errors as one line (the queue is emptied), or nil when there were none.
    func queuedErrors() -> String? {
        var texts: [String] = []
        while case let code = nextError(), code != 0 {
            var buffer = [UInt8](repeating: 0, count: 256)
            buffer.withUnsafeMutableBufferPointer { raw in
                raw.withMemoryRebound(to: CChar.self) { errorText(code, $0.baseAddress, $0.count) }
            }
            texts.append(String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self))
        }
        return texts.isEmpty ? nil : texts.joined(separator: "; ")
    }
}

/// The address of `name` in `library` (dlsym also searches the libraries it depends on, libcrypto).
private func address(_ library: UnsafeMutableRawPointer, _ name: String) throws(TransportError)
    -> UnsafeMutableRawPointer
{
    guard let address = dlsym(library, name) else {
        throw .unavailable(detail: "\(OpenSSLLibrary.soname) has no \(name): \(dlerrorText())")
    }
    return address
}

private func dlerrorText() -> String {
    guard let text = dlerror() else { return "unknown dlopen error" }
    return String(cString: text)
}

/// A string handed to the loader thread.
private final class Box {
    let value: String
    init(_ value: String) { self.value = value }
}

/// Keeps `type`'s runtime metadata from being optimised away: asking for it instantiates it.
@inline(never)
func typeMetadataLoaded(_ type: Any.Type) {
    withExtendedLifetime(type) {}
}
