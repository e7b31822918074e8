#if canImport(Glibc)
import Glibc
#endif

/// Where vault keeps its files, resolved from the environment the way XDG tools do.
public enum Paths {
    /// `$VAULT_FILE`, else `$XDG_DATA_HOME/vault/vault`, else `~/.local/share/vault/vault`.
    public static func vaultFile(environment: [String: String]) -> String {
        if let path = nonEmpty(environment["VAULT_FILE"]) { return path }
        return dataHome(environment: environment) + "/vault/vault"
    }

    /// `$XDG_DATA_HOME`, else `~/.local/share`.
    public static func dataHome(environment: [String: String]) -> String {
        nonEmpty(environment["XDG_DATA_HOME"]) ?? home(environment: environment) + "/.local/share"
    }

    /// `$XDG_STATE_HOME`, else `~/.local/state`.
    public static func stateHome(environment: [String: String]) -> String {
        nonEmpty(environment["XDG_STATE_HOME"]) ?? home(environment: environment) + "/.local/state"
    }

    /// `path` as an absolute path: relative to the working folder, with its folder's symbolic
    /// links resolved when the folder exists (so one vault has one name).
    public static func absolute(_ path: String) -> String {
        let folder = directory(of: path)
        if let resolved = realpath(folder, nil) {
            defer { free(resolved) }
            let base = String(cString: resolved)
            return (base == "/" ? "" : base) + "/" + basename(of: path)
        }
        if path.hasPrefix("/") { return path }
        guard let cwd = getcwd(nil, 0) else { return path }
        defer { free(cwd) }
        return String(cString: cwd) + "/" + path
    }

    /// `$XDG_CACHE_HOME`, else `~/.cache`.
    public static func cacheHome(environment: [String: String]) -> String {
        nonEmpty(environment["XDG_CACHE_HOME"]) ?? home(environment: environment) + "/.cache"
    }

    /// `$HOME`, else the password database's home for this user.
    public static func home(environment: [String: String]) -> String {
        if let home = nonEmpty(environment["HOME"]) { return home }
        if let entry = getpwuid(geteuid()), let dir = entry.pointee.pw_dir { return String(cString: dir) }
        return "/"
    }

    /// The folder part of a path ("." for a bare name).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last component of a path.
    public static func basename(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Creates `directory` and missing parents; the ones vault creates get mode 0700.
    public static func makeDirectory(_ directory: String) throws(SystemError) {
        var s = stat()
        if stat(directory, &s) == 0 { return }
        let parent = Self.directory(of: directory)
        if parent != directory { try makeDirectory(parent) }
        if mkdir(directory, 0o700) == -1, errno != EEXIST {
            throw SystemError("mkdir", path: directory, errno: errno)
        }
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}

/// The process environment as a dictionary, read once at start (vault later drops only
/// SSLKEYLOGFILE from its own environment, before loading OpenSSL; this copy keeps it for children).
public func currentEnvironment() -> [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
        // Split on the first "=" byte: cheaper than String's Character-wise search, and exact for
        // names and values that are not valid UTF-8 (those are repaired the same way either way).
        let bytes = UnsafeRawBufferPointer(start: entry, count: strlen(entry))
        if let eq = bytes.firstIndex(of: UInt8(ascii: "=")) {
            let name = String(decoding: bytes[..<eq], as: UTF8.self)
            result[name] = String(decoding: bytes[(eq + 1)...], as: UTF8.self)
        }
        pointer += 1
    }
    return result
}
