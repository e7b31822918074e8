#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import VaultCrypto
import VaultFormat
import VaultStore

func scratchDirectory() -> String {
    let path = NSTemporaryDirectory() + "vault-store-" + UUID().uuidString
    mkdir(path, 0o700)
    return path
}

func emptyVault() throws -> VaultDocument {
    var entropy = SystemEntropy()
    let vault = try VaultCryptography.createKeyringVault(created: 1, entropy: &entropy)
    return VaultCryptography.sealed(
        VaultDocument(header: vault.header), with: try SealKey(vault.keyPair), advancing: false)
}

func mode(_ path: String) -> mode_t {
    var s = stat()
    stat(path, &s)
    return s.st_mode & 0o777
}

@Suite struct AtomicFileTests {
    @Test func writesPrivatelyAndReplaces() throws {
        let dir = scratchDirectory()
        let path = dir + "/file"
        try AtomicFile.write([1, 2, 3], to: path)
        try AtomicFile.write([4, 5], to: path)
        #expect(FileManager.default.contents(atPath: path) == Data([4, 5]))
        #expect(mode(path) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["file"])  // no temp file left
    }

    @Test func refusesToWriteThroughASymlinkedTemporaryOrTarget() throws {
        let dir = scratchDirectory()
        let elsewhere = dir + "/elsewhere"
        try AtomicFile.write([9], to: elsewhere)
        symlink(elsewhere, dir + "/link")
        // rename replaces the link itself, never the file it points to
        try AtomicFile.write([1], to: dir + "/link")
        #expect(FileManager.default.contents(atPath: elsewhere) == Data([9]))
    }
}

@Suite struct FileLockTests {
    @Test func excludesASecondHolderUntilReleased() throws {
        let path = scratchDirectory() + "/lock"
        let first = try FileLock(path: path)
        let whileHeld = try FileLock.attempt(path: path) != nil
        #expect(!whileHeld)
        first.release()
        let afterRelease = try FileLock.attempt(path: path) != nil
        #expect(afterRelease)
        #expect(mode(path) == 0o600)
    }
}

@Suite struct VaultFileStoreTests {
    @Test func missingVaultIsNilAndUpdateCreatesIt() throws {
        let dir = scratchDirectory() + "/nested/vault"
        let store = VaultFileStore(path: dir + "/vault")
        #expect(try store.loadIfPresent() == nil)
        let document = try emptyVault()
        try store.update { (_: VaultDocument?) throws(CryptoError) -> VaultDocument? in document }
        #expect(try store.load() == document)
        #expect(mode(dir) == 0o700)
        #expect(mode(store.path) == 0o600)
    }

    /// Finding 6 of the second security review: the folder is checked before the lock file is
    /// created, so a linked folder receives nothing.
    @Test func aLinkedFolderGetsNoLockFile() throws {
        let base = scratchDirectory()
        let elsewhere = base + "/elsewhere"
        mkdir(elsewhere, 0o700)
        symlink(elsewhere, base + "/linked")
        let store = VaultFileStore(path: base + "/linked/vault")
        let document = try emptyVault()
        #expect(throws: VaultUpdateError<CryptoError>.self) {
            try store.update { (_: VaultDocument?) throws(CryptoError) -> VaultDocument? in document }
        }
        let created = try FileManager.default.contentsOfDirectory(atPath: elsewhere)
        #expect(created.isEmpty, "nothing may be created through the link: \(created)")
    }

    @Test func aLinkedLockFileIsRefused() throws {
        let base = scratchDirectory()
        let target = base + "/target"
        let store = VaultFileStore(path: base + "/vault")
        symlink(target, store.lockPath)
        let document = try emptyVault()
        #expect(throws: VaultUpdateError<CryptoError>.self) {
            try store.update { (_: VaultDocument?) throws(CryptoError) -> VaultDocument? in document }
        }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func refusesFilesOthersCanRead() throws {
        let store = VaultFileStore(path: scratchDirectory() + "/vault")
        try AtomicFile.write(try emptyVault().encoded(), to: store.path)
        chmod(store.path, 0o644)
        #expect(throws: VaultStoreError.unsafe(.tooOpen(path: store.path, mode: 0o644))) { try store.load() }
    }

    @Test func refusesAnOpenFolder() throws {
        let dir = scratchDirectory()
        let store = VaultFileStore(path: dir + "/vault")
        try AtomicFile.write(try emptyVault().encoded(), to: store.path)
        chmod(dir, 0o755)
        #expect(throws: VaultStoreError.unsafe(.tooOpen(path: dir, mode: 0o755))) { try store.load() }
    }

    @Test func refusesASymlinkedVault() throws {
        let dir = scratchDirectory()
        try AtomicFile.write(try emptyVault().encoded(), to: dir + "/real")
        symlink(dir + "/real", dir + "/vault")
        #expect(throws: VaultStoreError.unsafe(.wrongType(path: dir + "/vault"))) {
            try VaultFileStore(path: dir + "/vault").load()
        }
    }

    @Test func damagedVaultIsNeverPassedOnOrRewritten() throws {
        let store = VaultFileStore(path: scratchDirectory() + "/vault")
        var bytes = try emptyVault().encoded()
        bytes[20] ^= 0xff
        try AtomicFile.write(bytes, to: store.path)
        var called = false
        #expect(throws: VaultUpdateError<CryptoError>.self) {
            try store.update { (_: VaultDocument?) throws(CryptoError) -> VaultDocument? in
                called = true
                return nil
            }
        }
        #expect(!called)
        #expect(FileManager.default.contents(atPath: store.path) == Data(bytes))
    }

    @Test func aFailingChangeWritesNothing() throws {
        let store = VaultFileStore(path: scratchDirectory() + "/vault")
        let bytes = try emptyVault().encoded()
        try AtomicFile.write(bytes, to: store.path)
        #expect(throws: VaultUpdateError<CryptoError>.self) {
            try store.update { (_: VaultDocument?) throws(CryptoError) -> VaultDocument? in throw .authenticationFailed
            }
        }
        #expect(FileManager.default.contents(atPath: store.path) == Data(bytes))
    }
}

@Suite struct PathsTests {
    @Test func resolutionOrder() {
        #expect(Paths.vaultFile(environment: ["VAULT_FILE": "/x/v", "HOME": "/h"]) == "/x/v")
        #expect(Paths.vaultFile(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/vault/vault")
        #expect(Paths.vaultFile(environment: ["HOME": "/h"]) == "/h/.local/share/vault/vault")
        #expect(Paths.vaultFile(environment: ["VAULT_FILE": "", "HOME": "/h"]) == "/h/.local/share/vault/vault")
        #expect(Paths.directory(of: "/a/b/c") == "/a/b")
        #expect(Paths.directory(of: "/c") == "/")
        #expect(Paths.basename(of: "/a/b/c") == "c")
    }

    @Test func hardeningTakesEffect() {
        #expect(ProcessHardening.apply())
        #expect(ProcessHardening.isNonDumpable)
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_CORE.rawValue), &limit)
        #expect(limit.rlim_cur == 0)
    }
}
