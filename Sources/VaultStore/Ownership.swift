#if canImport(Glibc)
import Glibc
#endif

/// Refusals for files and folders another user could read or swap.
public enum OwnershipProblem: Error, Equatable, Sendable {
    /// Group or others have access (`mode` holds the permission bits).
    case tooOpen(path: String, mode: UInt32)
    /// Owned by another user.
    case foreignOwner(path: String, uid: UInt32)
    /// Not a regular file (or not a folder, for a folder).
    case wrongType(path: String)
}

enum Ownership {
    /// A vault file must be a regular file of ours with no group/other bits.
    static func checkPrivateFile(_ s: stat, path: String) throws(OwnershipProblem) {
        guard s.st_mode & S_IFMT == S_IFREG else { throw .wrongType(path: path) }
        try checkOwnerAndMode(s, path: path)
    }

    /// A vault folder must be ours with no group/other bits.
    static func checkPrivateDirectory(_ path: String) throws(OwnershipProblem) {
        var s = stat()
        guard lstat(path, &s) == 0 else { return }
        guard s.st_mode & S_IFMT == S_IFDIR else { throw .wrongType(path: path) }
        try checkOwnerAndMode(s, path: path)
    }

    private static func checkOwnerAndMode(_ s: stat, path: String) throws(OwnershipProblem) {
        guard s.st_uid == geteuid() else { throw .foreignOwner(path: path, uid: s.st_uid) }
        guard s.st_mode & 0o077 == 0 else { throw .tooOpen(path: path, mode: UInt32(s.st_mode & 0o777)) }
    }
}
