// libsecret and GLib, loaded with dlopen on the first Secret Service call instead of linked.
internal import CSecret
import Glibc

/// libsecret and the GLib functions this module calls, found with `dlopen`/`dlsym` on the first
/// Secret Service call and kept for the life of the process.
///
/// Linking libsecret made every vault process map it with GIO, GObject, GLib and their
/// dependencies before `main` (≈3.7 M instructions of dynamic loading), though a cached
/// `credential_process` call never talks to the Secret Service (docs/performance.md).
/// `dlsym` on libsecret's handle searches its dependencies too, so the GLib functions come
/// from the same handle. The handle is never closed: GLib and GObject cannot be unloaded.
struct LibSecret: @unchecked Sendable {  // immutable C function pointers, safe from any thread
    /// The soname Debian's `libsecret-1-0` package installs.
    static let soname = "libsecret-1.so.0"

    let hashTableNewFull: csecret_g_hash_table_new_full_fn
    let hashTableInsert: csecret_g_hash_table_insert_fn
    let hashTableUnref: csecret_g_hash_table_unref_fn
    let strHash: csecret_GHashFunc
    let strEqual: csecret_GEqualFunc
    let gFree: csecret_GDestroyNotify
    let gStrdup: csecret_g_strdup_fn
    let objectUnref: csecret_g_object_unref_fn
    let errorFree: csecret_g_error_free_fn
    let secretErrorQuark: csecret_quark_fn
    let dbusErrorQuark: csecret_quark_fn
    let ioErrorQuark: csecret_quark_fn
    let schemaNewv: csecret_secret_schema_newv_fn
    let schemaUnref: csecret_secret_schema_unref_fn
    let valueNew: csecret_secret_value_new_fn
    let valueGet: csecret_secret_value_get_fn
    let valueUnref: csecret_secret_value_unref_fn
    let passwordStorevBinarySync: csecret_secret_password_storev_binary_sync_fn
    let passwordLookupvBinarySync: csecret_secret_password_lookupv_binary_sync_fn
    let passwordClearvSync: csecret_secret_password_clearv_sync_fn
    let serviceGetSync: csecret_secret_service_get_sync_fn
    let collectionForAliasSync: csecret_secret_collection_for_alias_sync_fn
    let collectionGetLocked: csecret_secret_collection_get_locked_fn

    /// The library, or why it could not be loaded; resolved once, on first use.
    private static let loaded = Result { () throws(KeyringError) in try LibSecret() }

    /// The loaded library; `.libsecretUnavailable` when it is not installed or not usable.
    static func load() throws(KeyringError) -> LibSecret { try loaded.get() }

    private init() throws(KeyringError) {
        _ = dlerror()  // clear any earlier message
        guard let handle = dlopen(Self.soname, RTLD_NOW | RTLD_LOCAL) else {
            throw .libsecretUnavailable(detail: Self.lastError() ?? "dlopen(\(Self.soname)) failed")
        }
        func symbol<Function>(_ name: String) throws(KeyringError) -> Function {
            guard let address = dlsym(handle, name) else {
                throw .libsecretUnavailable(detail: Self.lastError() ?? "\(Self.soname) has no \(name)")
            }
            return unsafeBitCast(address, to: Function.self)
        }
        hashTableNewFull = try symbol("g_hash_table_new_full")
        hashTableInsert = try symbol("g_hash_table_insert")
        hashTableUnref = try symbol("g_hash_table_unref")
        strHash = try symbol("g_str_hash")
        strEqual = try symbol("g_str_equal")
        gFree = try symbol("g_free")
        gStrdup = try symbol("g_strdup")
        objectUnref = try symbol("g_object_unref")
        errorFree = try symbol("g_error_free")
        secretErrorQuark = try symbol("secret_error_get_quark")
        dbusErrorQuark = try symbol("g_dbus_error_quark")
        ioErrorQuark = try symbol("g_io_error_quark")
        schemaNewv = try symbol("secret_schema_newv")
        schemaUnref = try symbol("secret_schema_unref")
        valueNew = try symbol("secret_value_new")
        valueGet = try symbol("secret_value_get")
        valueUnref = try symbol("secret_value_unref")
        passwordStorevBinarySync = try symbol("secret_password_storev_binary_sync")
        passwordLookupvBinarySync = try symbol("secret_password_lookupv_binary_sync")
        passwordClearvSync = try symbol("secret_password_clearv_sync")
        serviceGetSync = try symbol("secret_service_get_sync")
        collectionForAliasSync = try symbol("secret_collection_for_alias_sync")
        collectionGetLocked = try symbol("secret_collection_get_locked")
        // libsecret registers its enum types on first use without a lock, so two threads whose
        // first calls overlap both register `SecretSchemaAttributeType`; the loser's schema
        // check then fails ("invalid type for attribute") and so does its call. Registering it
        // here, once and before any call, closes that race.
        let registerAttributeType: csecret_get_type_fn = try symbol("secret_schema_attribute_type_get_type")
        _ = registerAttributeType()
    }

    private static func lastError() -> String? { dlerror().map { String(cString: $0) } }
}
