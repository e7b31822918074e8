#if canImport(Glibc)
import Glibc
#endif

/// Reads of files only their owner may touch (session cache entries, the vault).
public enum PrivateFile {
    /// The bytes of `path`, or nil when it does not exist. Refuses links, files of other users,
    /// files with group/other permissions, and files over `limit` bytes.
    /// `tooLarge` names the error for a file over the limit (given its size).
    public static func read(
        _ path: String, limit: Int,
        tooLarge: ((Int) -> VaultStoreError)? = nil
    ) throws(VaultStoreError) -> [UInt8]? {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor(opening: path, flags: O_RDONLY)
        } catch {
            if error.errno == ENOENT { return nil }
            if error.errno == ELOOP { throw .unsafe(.wrongType(path: path)) }
            throw .system(error)
        }
        let status: stat
        do { status = try fd.status() } catch { throw .system(error) }
        do { try Ownership.checkPrivateFile(status, path: path) } catch { throw .unsafe(error) }
        let bytes: [UInt8]?
        do { bytes = try fd.readAll(limit: limit) } catch { throw .system(error) }
        guard let bytes else {
            throw tooLarge?(Int(status.st_size)) ?? .system(SystemError("read", path: path, errno: EFBIG))
        }
        return bytes
    }

    /// Creates `directory` (0700) if needed and checks that it is private.
    public static func prepareDirectory(_ directory: String) throws(VaultStoreError) {
        do { try Paths.makeDirectory(directory) } catch { throw .system(error) }
        do { try Ownership.checkPrivateDirectory(directory) } catch { throw .unsafe(error) }
    }

    /// Names in `directory` (nil entries skipped); empty when it does not exist.
    public static func names(in directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
