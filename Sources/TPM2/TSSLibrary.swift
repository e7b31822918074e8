// The TSS2 libraries (esys, tctildr, mu, rc), loaded with dlopen on the first TPM call instead of linked.
internal import CTSS2
import Glibc

/// tpm2-tss's ESYS, TCTI loader, marshalling and error-text libraries, found with `dlopen`/`dlsym`
/// by the first TPM call of the process and kept until it exits.
///
/// vault does not link them: a vault that never uses a TPM protector never maps libtss2 (nor the
/// libcrypto ESYS depends on). The TCTI module itself is opened later by the loader, inside
/// `Tss2_TctiLdr_Initialize`, and only the one the TCTI string names.
struct TSSLibrary: @unchecked Sendable {  // immutable C function pointers, safe from any thread
    /// The sonames Debian 12's libtss2-* packages install.
    static let sonames = (
        esys: "libtss2-esys.so.0", tctildr: "libtss2-tctildr.so.0", mu: "libtss2-mu.so.0", rc: "libtss2-rc.so.0"
    )

    let tctiInitialize: ctss2_tctildr_initialize_fn
    let tctiFinalize: ctss2_tctildr_finalize_fn
    let initialize: ctss2_esys_initialize_fn
    let finalize: ctss2_esys_finalize_fn
    let free: ctss2_esys_free_fn
    let createPrimary: ctss2_esys_create_primary_fn
    let create: ctss2_esys_create_fn
    let load: ctss2_esys_load_fn
    let unseal: ctss2_esys_unseal_fn
    let flushContext: ctss2_esys_flush_context_fn
    let startAuthSession: ctss2_esys_start_auth_session_fn
    let setSessionAttributes: ctss2_esys_trsess_set_attributes_fn
    let setAuth: ctss2_esys_tr_set_auth_fn
    let policyPCR: ctss2_esys_policy_pcr_fn
    let policyAuthValue: ctss2_esys_policy_auth_value_fn
    let policyGetDigest: ctss2_esys_policy_get_digest_fn
    let getCapability: ctss2_esys_get_capability_fn
    let marshalPublic: ctss2_mu_public_marshal_fn
    let unmarshalPublic: ctss2_mu_public_unmarshal_fn
    let marshalPrivate: ctss2_mu_private_marshal_fn
    let unmarshalPrivate: ctss2_mu_private_unmarshal_fn
    let decode: ctss2_rc_decode_fn

    /// The libraries, or why they could not be loaded; resolved once, on first use.
    private static let loaded = Result { () throws(TPM2Error) in try TSSLibrary() }

    /// The loaded libraries; `.libraryUnavailable` when tpm2-tss is not installed.
    static func load() throws(TPM2Error) -> TSSLibrary { try loaded.get() }

    private init() throws(TPM2Error) {
        func open(_ soname: String) throws(TPM2Error) -> UnsafeMutableRawPointer {
            _ = dlerror()
            // RTLD_LOCAL: tss2's symbols (and libcrypto's) stay out of the global namespace.
            guard let handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL) else {
                throw .libraryUnavailable(detail: Self.lastError() ?? "dlopen(\(soname)) failed")
            }
            return handle
        }
        func symbol<Function>(_ handle: UnsafeMutableRawPointer, _ name: String) throws(TPM2Error) -> Function {
            guard let address = dlsym(handle, name) else {
                throw .libraryUnavailable(detail: Self.lastError() ?? "no \(name)")
            }
            return unsafeBitCast(address, to: Function.self)
        }
        // tpm2-tss logs its errors (a missing device, a refused connection) to stderr unless
        // TSS2_LOG says otherwise; vault reports them itself, once, with what to do.
        if getenv("TSS2_LOG") == nil { setenv("TSS2_LOG", "all+NONE", 1) }
        let esys = try open(Self.sonames.esys)
        let tctildr = try open(Self.sonames.tctildr)
        let mu = try open(Self.sonames.mu)
        let rc = try open(Self.sonames.rc)
        tctiInitialize = try symbol(tctildr, "Tss2_TctiLdr_Initialize")
        tctiFinalize = try symbol(tctildr, "Tss2_TctiLdr_Finalize")
        initialize = try symbol(esys, "Esys_Initialize")
        finalize = try symbol(esys, "Esys_Finalize")
        free = try symbol(esys, "Esys_Free")
        createPrimary = try symbol(esys, "Esys_CreatePrimary")
        create = try symbol(esys, "Esys_Create")
        load = try symbol(esys, "Esys_Load")
        unseal = try symbol(esys, "Esys_Unseal")
        flushContext = try symbol(esys, "Esys_FlushContext")
        startAuthSession = try symbol(esys, "Esys_StartAuthSession")
        setSessionAttributes = try symbol(esys, "Esys_TRSess_SetAttributes")
        setAuth = try symbol(esys, "Esys_TR_SetAuth")
        policyPCR = try symbol(esys, "Esys_PolicyPCR")
        policyAuthValue = try symbol(esys, "Esys_PolicyAuthValue")
        policyGetDigest = try symbol(esys, "Esys_PolicyGetDigest")
        getCapability = try symbol(esys, "Esys_GetCapability")
        marshalPublic = try symbol(mu, "Tss2_MU_TPM2B_PUBLIC_Marshal")
        unmarshalPublic = try symbol(mu, "Tss2_MU_TPM2B_PUBLIC_Unmarshal")
        marshalPrivate = try symbol(mu, "Tss2_MU_TPM2B_PRIVATE_Marshal")
        unmarshalPrivate = try symbol(mu, "Tss2_MU_TPM2B_PRIVATE_Unmarshal")
        decode = try symbol(rc, "Tss2_RC_Decode")
    }

    /// tpm2-tss's text for a response code, e.g. "tpm:session(1):the authorization HMAC check failed…".
    func describe(_ code: UInt32) -> String {
        decode(code).map { String(cString: $0) } ?? "0x" + String(code, radix: 16)
    }

    private static func lastError() -> String? { dlerror().map { String(cString: $0) } }
}
