// The freedesktop Secret Service as a keyring: store, look up and remove vault's items.
internal import CSecret
import VaultCrypto

/// The freedesktop Secret Service (gnome-keyring, KeePassXC, …) on the D-Bus session bus,
/// through libsecret's synchronous calls. Items live in the default collection. libsecret is
/// loaded on the first call (`LibSecret`); without it every call throws `.libsecretUnavailable`.
public struct SecretServiceKeyring: Sendable {
    /// Stored as `xdg:schema` on each item; lookups match it.
    public let schemaName: String

    public init(schemaName: String = "io.github.vault.VaultKey") {
        self.schemaName = schemaName
    }

    /// Stores `secret` under `attributes` with a human-readable `label`; replaces an item with the same attributes.
    public func store(_ secret: borrowing SecureBytes, label: String, attributes: [String: String])
        throws(KeyringError)
    {
        let lib = try LibSecret.load()
        let schema = makeSchema(attributes, lib)
        let table = AttributeTable(attributes, lib)
        let text = try SecretBase64.encode(secret)
        let (stored, error) = text.withUnsafeBytes { raw in
            let value = OwnedSecretValue(copying: raw, contentType: "text/plain", lib)
            return callGLib(lib) {
                lib.passwordStorevBinarySync(schema.schema, table.table, nil, label, value.value, nil, $0)
            }
        }
        if let error {
            // A store into a locked collection fails with IsLocked; one into a missing default
            // collection (gnome-keyring never unlocked: `login` not yet created) fails with
            // "Object does not exist at path …/collection/login". Both need the user.
            if case .failed = error, (try? isDefaultCollectionLocked(lib)) == true { throw .locked }
            throw error
        }
        if stored == 0 { throw .failed(domain: 0, code: 0, message: "secret_password_storev_binary_sync failed") }
    }

    /// The secret stored under `attributes`.
    public func lookup(attributes: [String: String]) throws(KeyringError) -> SecureBytes {
        let lib = try LibSecret.load()
        let schema = makeSchema(attributes, lib)
        let table = AttributeTable(attributes, lib)
        let (found, error) = callGLib(lib) { lib.passwordLookupvBinarySync(schema.schema, table.table, nil, $0) }
        guard let found else {
            if let error { throw error }
            // A locked collection hides its items: libsecret reports "not found" without error.
            throw try isDefaultCollectionLocked(lib) ? .locked : .itemNotFound
        }
        let value = OwnedSecretValue(adopting: found, lib)
        if let error { throw error }  // GLib returns no value with an error; owned either way
        let decoded = try value.withBytes { (text) throws(KeyringError) in try SecretBase64.decode(text) }
        switch consume decoded {
        case .some(let secret): return secret
        case .none: throw .undecodableSecret
        }
    }

    /// Removes the item; returns false when there was none.
    public func remove(attributes: [String: String]) throws(KeyringError) -> Bool {
        let lib = try LibSecret.load()
        let schema = makeSchema(attributes, lib)
        let table = AttributeTable(attributes, lib)
        let (removed, error) = callGLib(lib) { lib.passwordClearvSync(schema.schema, table.table, nil, $0) }
        if let error { throw error }
        if removed != 0 { return true }
        if try isDefaultCollectionLocked(lib) { throw .locked }
        return false
    }

    /// Whether a Secret Service answers on the session bus, and whether its default collection is locked.
    public func probe() -> KeyringStatus {
        do throws(KeyringError) {
            return .available(locked: try isDefaultCollectionLocked(try LibSecret.load()))
        } catch {
            return .unavailable(error)
        }
    }

    /// Whether the collection behind the `default` alias is locked; a missing default collection
    /// counts as locked (creating one needs a prompt, which vault cannot show).
    private func isDefaultCollectionLocked(_ lib: LibSecret) throws(KeyringError) -> Bool {
        let (service, serviceError) = callGLib(lib) { lib.serviceGetSync(UInt32(CSECRET_SERVICE_NONE), nil, $0) }
        if let serviceError { throw serviceError }
        guard let service else { throw .noSecretService(detail: "secret_service_get_sync returned no service") }
        let serviceReference = GObjectReference(adopting: service, lib)
        let (collection, aliasError) = callGLib(lib) {
            lib.collectionForAliasSync(serviceReference.object, "default", UInt32(CSECRET_COLLECTION_NONE), nil, $0)
        }
        if let aliasError { throw aliasError }
        guard let collection else { return true }
        let collectionReference = GObjectReference(adopting: collection, lib)
        return lib.collectionGetLocked(collectionReference.object) != 0
    }

    private func makeSchema(_ attributes: [String: String], _ lib: LibSecret) -> Schema {
        // An empty attribute set matches every item of the schema: a lookup would return any
        // of them and a removal would delete them all.
        precondition(!attributes.isEmpty, "Secret Service items need at least one attribute")
        return Schema(name: schemaName, attributeNames: attributes.keys, lib)
    }
}
