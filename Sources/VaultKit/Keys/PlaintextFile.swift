#if canImport(Glibc)
import Glibc
#endif
import AWSConfig
import VaultCrypto
import VaultStore

/// `~/.aws/credentials` or `~/.aws/config` while `vault add --import` works on it: read once under
/// an exclusive `flock` held until this object goes, parsed as the AWS CLI parses it, and
/// rewritten atomically with its original mode. The bytes read are wiped on release.
///
/// The lock is taken on the file itself rather than on a `.lock` file beside it, so that `~/.aws`
/// gains no litter; a rename over the file would leave a waiter locking the old inode, so after
/// locking, the path must still name the locked inode (else the open is retried). The AWS CLI
/// itself takes no lock: the rewrite also checks that the file still holds the bytes read.
final class PlaintextFile {
    let path: String
    let kind: ConfigFile.Kind
    /// The file as botocore reads it.
    let parsed: ConfigFile
    private let lock: FileDescriptor
    private let identity: (device: UInt64, inode: UInt64)
    /// Permission bits as found; the rewrite keeps them.
    let mode: mode_t
    private var bytes: [UInt8]

    /// The largest file read, as for every AWS file vault reads.
    static let limit = 4 << 20

    /// Locks, reads and parses the file; nil when it does not exist.
    static func open(_ path: String, kind: ConfigFile.Kind) throws(VaultError) -> PlaintextFile? {
        while true {
            let fd: FileDescriptor
            do { fd = try FileDescriptor(opening: path, flags: O_RDONLY) } catch {
                if error.errno == ENOENT { return nil }
                if error.errno == ELOOP {
                    throw VaultError.keys(.plaintextIsLink(path: path, variable: variable(kind)))
                }
                throw VaultError.aws(.cannotRead(path: path, detail: "\(error)"))
            }
            while flock(fd.rawValue, LOCK_EX) == -1 {
                guard errno == EINTR else {
                    throw VaultError.keys(.cannotLock(path: path, detail: String(cString: strerror(errno))))
                }
            }
            let status: stat
            do { status = try fd.status() } catch {
                throw VaultError.aws(.cannotRead(path: path, detail: "\(error)"))
            }
            var current = stat()
            guard lstat(path, &current) == 0, current.st_dev == status.st_dev, current.st_ino == status.st_ino else {
                continue  // replaced while we waited for the lock: lock the new file
            }
            guard status.st_mode & S_IFMT == S_IFREG else {
                throw VaultError.keys(.plaintextNotRegular(path: path, variable: variable(kind)))
            }
            guard status.st_uid == geteuid() else {
                throw VaultError.keys(.plaintextForeignOwner(path: path, uid: status.st_uid, variable: variable(kind)))
            }
            var bytes = try read(fd, path: path, size: Int(status.st_size))
            let parsed: ConfigFile
            do { parsed = try ConfigFile(parsing: bytes, kind: kind) } catch {
                Sodium.wipe(&bytes)
                throw .from(error, path: path)
            }
            return PlaintextFile(
                path: path, kind: kind, parsed: parsed, lock: fd,
                identity: (UInt64(status.st_dev), UInt64(status.st_ino)),
                mode: status.st_mode & 0o7777, bytes: bytes)
        }
    }

    private init(
        path: String, kind: ConfigFile.Kind, parsed: ConfigFile, lock: consuming FileDescriptor,
        identity: (device: UInt64, inode: UInt64), mode: mode_t, bytes: [UInt8]
    ) {
        self.path = path
        self.kind = kind
        self.parsed = parsed
        self.lock = lock
        self.identity = identity
        self.mode = mode
        self.bytes = bytes
    }

    deinit { Sodium.wipe(&bytes) }

    /// Whether `path` names this very file (AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE may
    /// name one file; locking it twice would wait forever).
    func isFile(at path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && UInt64(status.st_dev) == identity.device
            && UInt64(status.st_ino) == identity.inode
    }

    /// The file's text (valid UTF-8: the parse succeeded).
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Replaces the file with `newText`, keeping its mode, after checking that nobody changed it
    /// since it was read (an editor that saved meanwhile would otherwise lose its change).
    func rewrite(_ newText: String) throws(VaultError) {
        var current = stat()
        guard lstat(path, &current) == 0, UInt64(current.st_dev) == identity.device,
            UInt64(current.st_ino) == identity.inode
        else {
            throw VaultError.changedMeanwhile(path)
        }
        var now = try Self.read(lock, path: path, size: Int(current.st_size))
        defer { Sodium.wipe(&now) }
        let same = now.withUnsafeBytes { a in bytes.withUnsafeBytes { b in Sodium.constantTimeEqual(a, b) } }
        guard same else { throw VaultError.changedMeanwhile(path) }
        var newBytes = Array(newText.utf8)
        defer { Sodium.wipe(&newBytes) }
        do { try AtomicFile.write(newBytes, to: path, mode: mode) } catch {
            throw VaultError.keys(.cannotRewrite(path: path, detail: "\(error)"))
        }
    }

    /// Reads the whole file into one buffer sized from `fstat`, so no partial copies of the
    /// secrets are left behind in freed memory (a buffer that has to grow is wiped first).
    private static func read(_ fd: borrowing FileDescriptor, path: String, size: Int) throws(VaultError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: min(max(size, 0), limit) + 1)  // the spare byte shows growth
        var filled = 0
        while true {
            if filled == buffer.count {
                guard buffer.count <= limit else {
                    Sodium.wipe(&buffer)
                    throw VaultError.keys(.plaintextTooLarge(path: path))
                }
                var larger = [UInt8](repeating: 0, count: min(buffer.count * 2, limit + 1))
                larger.withUnsafeMutableBytes { to in buffer.withUnsafeBytes { from in to.copyMemory(from: from) } }
                Sodium.wipe(&buffer)
                buffer = larger
            }
            let n = buffer.withUnsafeMutableBytes { raw in
                pread(fd.rawValue, raw.baseAddress! + filled, raw.count - filled, off_t(filled))
            }
            if n == -1 {
                if errno == EINTR { continue }
                let code = errno
                Sodium.wipe(&buffer)
                throw VaultError.aws(.cannotRead(path: path, detail: String(cString: strerror(code))))
            }
            if n == 0 { break }
            filled += n
        }
        buffer.removeLast(buffer.count - filled)  // keeps the storage: nothing is copied
        return buffer
    }

    static func variable(_ kind: ConfigFile.Kind) -> String {
        kind == .credentials ? "AWS_SHARED_CREDENTIALS_FILE" : "AWS_CONFIG_FILE"
    }
}

extension VaultError {
    static func changedMeanwhile(_ path: String) -> VaultError {
        VaultError.keys(.plaintextChanged(path: path))
    }
}
