// The unlock window: the vault's secret key kept a while in the kernel keyring (FORMAT.md §11).
import KernelKeyring
import VaultCrypto
import VaultFormat

/// The vault's secret key in the kernel user keyring, ended by the kernel's own timeout; readable
/// by this uid only. A key read back is used only when it belongs to the header's public key.
struct UnlockWindow {
    let vaultID: [UInt8]

    static let payloadVersion: UInt8 = 1
    /// version (1) + expires (8) + secret key (32).
    static let payloadByteCount = 1 + 8 + BoxKeyPair.secretKeyByteCount

    /// The key's description in `@u`.
    var name: String { "vault:unlocked:" + Encoding.hex(vaultID) }

    /// Keeps `keyPair`'s secret key for `seconds` (replacing an open window).
    func open(_ keyPair: borrowing BoxKeyPair, seconds: UInt32, now: Int64) throws(VaultError) {
        let expires = UInt64(max(0, now)) + UInt64(seconds)
        var payload: SecureBytes
        do { payload = try SecureBytes(count: Self.payloadByteCount) } catch {
            throw .protectors(.kernelKeyring(operation: "keep", reason: "no locked memory"))
        }
        keyPair.secretKey.withUnsafeBytes { sk in
            payload.withUnsafeMutableBytes { out in
                out[0] = Self.payloadVersion
                for i in 0..<8 { out[1 + i] = UInt8(truncatingIfNeeded: expires >> (8 * UInt64(i))) }
                for i in 0..<sk.count { out[9 + i] = sk[i] }
            }
        }
        do { try KernelKeyring().store(description: name, payload: payload, timeoutSeconds: seconds) } catch {
            throw .protectors(.kernelKeyring(operation: "keep", reason: "\(error)"))
        }
    }

    /// The key pair and its expiry (Unix seconds) while the window is open and its key opens
    /// `header`; a key of the wrong shape or for another public key is removed.
    func read(for header: VaultHeader) -> OpenWindow? {
        let keyring = KernelKeyring()
        guard let payload = try? keyring.read(description: name) else { return nil }
        let parsed = payload.withUnsafeBytes { raw -> (ok: Bool, expires: UInt64) in
            guard raw.count == Self.payloadByteCount, raw[0] == Self.payloadVersion else { return (false, 0) }
            return (true, (0..<8).reduce(UInt64(0)) { $0 | UInt64(raw[1 + $1]) << (8 * UInt64($1)) })
        }
        guard parsed.ok, let secret = try? payload.slice(9..<Self.payloadByteCount),
            let pair = try? VaultCryptography.unlock(header, secretKey: secret)
        else {
            _ = try? keyring.remove(description: name)
            return nil
        }
        return OpenWindow(keyPair: pair, expires: Int64(clamping: parsed.expires))
    }

    /// Ends the window at once; false when none was open.
    func close() throws(VaultError) -> Bool {
        do { return try KernelKeyring().remove(description: name) } catch {
            throw .protectors(.kernelKeyring(operation: "forget", reason: "\(error)"))
        }
    }
}

/// An open window's key pair and when the kernel ends it (Unix seconds).
struct OpenWindow: ~Copyable {
    let keyPair: BoxKeyPair
    let expires: Int64

    consuming func takeKeyPair() -> BoxKeyPair { keyPair }
}

extension Vault {
    /// `vault unlock`: opens the vault once (never from an open window: a new window needs the
    /// person) and keeps its key for `seconds`. Returns when the window ends (Unix seconds).
    /// `protector` names the protector to open it with (`vault protect list`; else `--protector`).
    public func unlockForAWhile(seconds: UInt32, protector: Int? = nil) throws(VaultError) -> Int64 {
        let document = try load()
        let keyPair = try choosing(protector).unlock(document, useWindow: false)
        let now = context.now()
        try UnlockWindow(vaultID: document.header.vaultID).open(keyPair, seconds: seconds, now: now)
        return now + Int64(seconds)
    }

    /// `vault lock`: ends the unlock window at once; false when the vault was not unlocked.
    public func lock() throws(VaultError) -> Bool {
        // The file as it is (not held to this machine's record): locking must work on a refused file too.
        guard let document = try loadFile() else { throw .vaultMissing(store.path) }
        return try UnlockWindow(vaultID: document.header.vaultID).close()
    }

    /// Seconds left in the unlock window of `document`'s vault; nil when it is locked.
    public func unlockedSecondsLeft(_ document: VaultDocument) -> Int64? {
        guard document.header.version != 1,
            let window = UnlockWindow(vaultID: document.header.vaultID).read(for: document.header)
        else { return nil }
        return max(0, window.expires - context.now())
    }

    /// The key pair from an open unlock window (version 2 and later; a version-1 file is migrated
    /// by the first `vault unlock`, which needs the passphrase).
    func keyPairFromWindow(_ document: VaultDocument) -> BoxKeyPair? {
        guard document.header.version != 1,
            let window = UnlockWindow(vaultID: document.header.vaultID).read(for: document.header)
        else { return nil }
        return window.takeKeyPair()
    }
}
