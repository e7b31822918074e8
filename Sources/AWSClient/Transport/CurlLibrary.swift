// libcurl's functions, found with dlopen/dlsym on the first request instead of linked.
internal import CCurl

#if canImport(Glibc)
import Glibc
#endif

/// libcurl, loaded with `dlopen` by the first request of the process and kept until it exits.
///
/// vault does not link libcurl: a run that never talks to AWS (a `credential_process` cache hit)
/// would otherwise pay for mapping and binding libcurl and its ~30 dependencies at every start
/// (docs/performance.md). The functions are resolved once with `dlsym`; the two variadic ones are
/// called through the typed wrappers in `Sources/CCurl/shim.h`.
final class CurlLibrary: Sendable {
    /// The soname Debian's libcurl4 (libcurl4t64 from trixie on) installs.
    static let soname = "libcurl.so.4"

    let easyInit: vault_curl_easy_init_fn
    let easyPerform: vault_curl_easy_perform_fn
    let easyCleanup: vault_curl_easy_cleanup_fn
    let easyStrerror: vault_curl_easy_strerror_fn
    let slistAppend: vault_curl_slist_append_fn
    let slistFreeAll: vault_curl_slist_free_all_fn
    /// `curl_easy_setopt`, for the `vault_curl_setopt_*` wrappers.
    nonisolated(unsafe) let setopt: UnsafeMutableRawPointer
    /// `curl_easy_getinfo`, for the `vault_curl_getinfo_*` wrappers.
    nonisolated(unsafe) let getinfo: UnsafeMutableRawPointer
    /// OpenSSL 3's `SSL_CTX_set_options` when libcurl's TLS is OpenSSL 3 (Debian's libcurl4), for
    /// `SSL_OP_CLEANSE_PLAINTEXT`; nil otherwise.
    nonisolated(unsafe) let sslContextSetOptions: UnsafeMutableRawPointer?

    /// The process's libcurl, loaded, resolved and initialised by the first caller (Swift runs a
    /// static's initialiser once, thread-safely); a failure is remembered too: loading again would
    /// fail the same way.
    static func loaded() throws(TransportError) -> CurlLibrary { try shared.get() }

    private static let shared = Result { () throws(TransportError) -> CurlLibrary in try CurlLibrary() }

    /// Starts `loaded()` on a new thread; the first caller of `loaded()` on another thread waits
    /// for it (a static's initialiser runs once). If no thread can be started, nothing happens and
    /// the first send loads libcurl itself.
    static func loadInBackground() -> TransportPreload {
        // The environment is changed here, on the calling thread: setenv/unsetenv are not safe
        // while another thread reads the environment, and the loader does.
        dropKeyLogVariable()
        // The type metadata the loader needs is made here too: made on the new thread, it is an
        // allocation the Swift runtime cannot fail cleanly (under a small RLIMIT_AS it trapped
        // there, killing vault while the main thread was reporting a clean error).
        typeMetadataLoaded(Result<CurlLibrary, TransportError>.self)
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { _ in
                _ = try? CurlLibrary.loaded()
                return nil
            }, nil)
        guard started == 0 else { return TransportPreload() }
        let loader = thread
        return TransportPreload { pthread_join(loader, nil) }
    }

    /// libcurl's OpenSSL writes TLS session keys to the file SSLKEYLOGFILE names: a variable
    /// exported for debugging something else would expose the AssumeRole response (a session
    /// secret). vault's own environment drops it; `vault exec` children get the user's as given.
    private static func dropKeyLogVariable() {
        if getenv("SSLKEYLOGFILE") != nil { unsetenv("SSLKEYLOGFILE") }
    }

    private init() throws(TransportError) {
        // Already done on the main thread when the load runs in the background (`loadInBackground`).
        Self.dropKeyLogVariable()
        // RTLD_LOCAL: libcurl's symbols (and OpenSSL's) stay out of the global namespace.
        guard let library = dlopen(Self.soname, RTLD_NOW | RTLD_LOCAL) else {
            throw .unavailable(detail: "\(Self.soname) could not be loaded: \(Self.dlerrorText())")
        }
        func symbol<F>(_ name: String, as type: F.Type) throws(TransportError) -> F {
            guard let address = dlsym(library, name) else {
                throw .unavailable(detail: "\(Self.soname) has no \(name): \(Self.dlerrorText())")
            }
            return unsafeBitCast(address, to: type)
        }
        func address(_ name: String) throws(TransportError) -> UnsafeMutableRawPointer {
            try symbol(name, as: UnsafeMutableRawPointer.self)
        }
        do throws(TransportError) {
            let globalInitMem = try address("curl_global_init_mem")
            easyInit = try symbol("curl_easy_init", as: vault_curl_easy_init_fn.self)
            easyPerform = try symbol("curl_easy_perform", as: vault_curl_easy_perform_fn.self)
            easyCleanup = try symbol("curl_easy_cleanup", as: vault_curl_easy_cleanup_fn.self)
            easyStrerror = try symbol("curl_easy_strerror", as: vault_curl_easy_strerror_fn.self)
            slistAppend = try symbol("curl_slist_append", as: vault_curl_slist_append_fn.self)
            slistFreeAll = try symbol("curl_slist_free_all", as: vault_curl_slist_free_all_fn.self)
            setopt = try address("curl_easy_setopt")
            getinfo = try address("curl_easy_getinfo")
            sslContextSetOptions = Self.openSSL3SetOptions(in: library)
            // Once per process, before any handle exists (curl_global_init is not thread-safe in
            // older libcurl; `shared` runs this exactly once).
            // With an allocator that wipes what libcurl frees (Sources/CCurl/shim.h).
            let code = vault_curl_global_init_wiping(globalInitMem, Int(CURL_GLOBAL_DEFAULT))
            guard code == CURLE_OK else {
                throw TransportError.unavailable(
                    detail: "curl_global_init failed (curl error \(code.rawValue))")
            }
        } catch {
            dlclose(library)
            throw error
        }
    }

    /// `SSL_CTX_set_options` of the OpenSSL libcurl was loaded with (dlsym on libcurl's handle
    /// searches its dependencies), if that OpenSSL is version 3 or later.
    private static func openSSL3SetOptions(in library: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer? {
        typealias VersionNumber = @convention(c) () -> UInt
        guard let versionAddress = dlsym(library, "OpenSSL_version_num"),
            unsafeBitCast(versionAddress, to: VersionNumber.self)() >= 0x3000_0000
        else { return nil }
        return dlsym(library, "SSL_CTX_set_options")
    }

    /// The text of a libcurl error code.
    func describe(_ code: CURLcode) -> String {
        easyStrerror(code).map { String(cString: $0) } ?? "unknown error"
    }

    private static func dlerrorText() -> String {
        guard let text = dlerror() else { return "unknown dlopen error" }
        return String(cString: text)
    }
}

/// Keeps `type`'s runtime metadata from being optimised away: asking for it instantiates it.
@inline(never)
private func typeMetadataLoaded(_ type: Any.Type) {
    withExtendedLifetime(type) {}
}
