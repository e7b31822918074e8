@_implementationOnly import CSecret

// Each GLib allocation this module makes has one owner below, freed in its deinit.

/// A `GHashTable` of string → string that owns its keys and values (`g_free`).
struct AttributeTable: ~Copyable {
    let table: OpaquePointer

    init(_ attributes: [String: String]) {
        table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free)
        for (name, value) in attributes {
            g_hash_table_insert(table, g_strdup(name), g_strdup(value))
        }
    }

    deinit { g_hash_table_unref(table) }
}

/// A `SecretSchema` naming every attribute as a string attribute. libsecret rejects attributes
/// a schema does not name, and vault's attributes vary by caller, so one is built per call.
struct Schema: ~Copyable {
    let schema: UnsafeMutablePointer<SecretSchema>

    init(name: String, attributeNames: some Sequence<String>) {
        // Values are SecretSchemaAttributeType as pointers; SECRET_SCHEMA_ATTRIBUTE_STRING is 0.
        let types = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, nil)
        defer { g_hash_table_unref(types) }
        for name in attributeNames {
            g_hash_table_insert(
                types, g_strdup(name),
                UnsafeMutableRawPointer(bitPattern: Int(SECRET_SCHEMA_ATTRIBUTE_STRING.rawValue)))
        }
        schema = secret_schema_newv(name, SECRET_SCHEMA_NONE, types)
    }

    deinit { secret_schema_unref(schema) }
}

/// A `SecretValue` (secret bytes in libsecret's non-pageable memory), unreferenced on release.
struct OwnedSecretValue: ~Copyable {
    let value: OpaquePointer

    init(adopting value: OpaquePointer) { self.value = value }

    /// Copies `bytes` into a new value; libsecret keeps its copy in non-pageable memory.
    init(copying bytes: UnsafeRawBufferPointer, contentType: String) {
        value = secret_value_new(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count, contentType)
    }

    /// The bytes, valid only inside `body`.
    func withBytes<R: ~Copyable, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        var length = 0
        let base = secret_value_get(value, &length)
        return try body(UnsafeRawBufferPointer(start: base, count: length))
    }

    deinit { secret_value_unref(UnsafeMutableRawPointer(value)) }
}

/// A GObject reference (`SecretService`, `SecretCollection`), unreferenced on release.
struct GObjectReference<Object>: ~Copyable {
    let object: UnsafeMutablePointer<Object>

    init(adopting object: UnsafeMutablePointer<Object>) { self.object = object }

    deinit { g_object_unref(object) }
}

/// Runs a GLib call that reports failure through a `GError **`, frees the error, and returns the
/// call's result with the error classified.
func callGLib<T>(
    _ body: (UnsafeMutablePointer<UnsafeMutablePointer<GError>?>) -> T
) -> (result: T, error: KeyringError?) {
    var error: UnsafeMutablePointer<GError>? = nil
    let result = body(&error)
    guard let error else { return (result, nil) }
    defer { g_error_free(error) }
    return (result, KeyringError(error.pointee))
}
