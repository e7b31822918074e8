// Owners for the GLib values the Secret Service calls allocate (hash tables, schemas, secrets,
// object references), each freed once in its deinit.
internal import CSecret

// Each GLib allocation this module makes has one owner below, freed in its deinit through the
// loaded library's functions. The constructors never return NULL (GLib aborts when an
// allocation fails), hence the `!`s.

/// A `GHashTable` of string → string that owns its keys and values (`g_free`).
struct AttributeTable: ~Copyable {
    let table: OpaquePointer
    private let lib: LibSecret

    init(_ attributes: [String: String], _ lib: LibSecret) {
        self.lib = lib
        table = lib.hashTableNewFull(lib.strHash, lib.strEqual, lib.gFree, lib.gFree)!
        for (name, value) in attributes {
            _ = lib.hashTableInsert(table, lib.gStrdup(name), lib.gStrdup(value))
        }
    }

    deinit { lib.hashTableUnref(table) }
}

/// A `SecretSchema` naming every attribute as a string attribute. libsecret rejects attributes
/// a schema does not name, and vault's attributes vary by caller, so one is built per call.
struct Schema: ~Copyable {
    let schema: OpaquePointer
    private let lib: LibSecret

    init(name: String, attributeNames: some Sequence<String>, _ lib: LibSecret) {
        self.lib = lib
        // Values are SecretSchemaAttributeType as pointers; SECRET_SCHEMA_ATTRIBUTE_STRING is 0.
        let types = lib.hashTableNewFull(lib.strHash, lib.strEqual, lib.gFree, nil)!
        defer { lib.hashTableUnref(types) }
        for name in attributeNames {
            _ = lib.hashTableInsert(
                types, lib.gStrdup(name), UnsafeMutableRawPointer(bitPattern: Int(CSECRET_SCHEMA_ATTRIBUTE_STRING)))
        }
        schema = lib.schemaNewv(name, UInt32(CSECRET_SCHEMA_NONE), types)!
    }

    deinit { lib.schemaUnref(schema) }
}

/// A `SecretValue` (secret bytes in libsecret's non-pageable memory), unreferenced on release.
struct OwnedSecretValue: ~Copyable {
    let value: OpaquePointer
    private let lib: LibSecret

    init(adopting value: OpaquePointer, _ lib: LibSecret) {
        self.value = value
        self.lib = lib
    }

    /// Copies `bytes` into a new value; libsecret keeps its copy in non-pageable memory.
    init(copying bytes: UnsafeRawBufferPointer, contentType: String, _ lib: LibSecret) {
        self.lib = lib
        value = lib.valueNew(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count, contentType)!
    }

    /// The bytes, valid only inside `body`.
    func withBytes<R: ~Copyable, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        var length: UInt = 0
        let base = lib.valueGet(value, &length)
        return try body(UnsafeRawBufferPointer(start: base, count: Int(length)))
    }

    deinit { lib.valueUnref(UnsafeMutableRawPointer(value)) }
}

/// A GObject reference (`SecretService`, `SecretCollection`), unreferenced on release.
struct GObjectReference: ~Copyable {
    let object: OpaquePointer
    private let lib: LibSecret

    init(adopting object: OpaquePointer, _ lib: LibSecret) {
        self.object = object
        self.lib = lib
    }

    deinit { lib.objectUnref(UnsafeMutableRawPointer(object)) }
}

/// Runs a GLib call that reports failure through a `GError **`, frees the error, and returns the
/// call's result with the error classified.
func callGLib<T>(
    _ lib: LibSecret, _ body: (UnsafeMutablePointer<UnsafeMutablePointer<csecret_GError>?>) -> T
) -> (result: T, error: KeyringError?) {
    var error: UnsafeMutablePointer<csecret_GError>? = nil
    let result = body(&error)
    guard let error else { return (result, nil) }
    defer { lib.errorFree(error) }
    return (result, KeyringError(error.pointee, lib))
}
