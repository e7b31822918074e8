#if canImport(Glibc)
import Glibc
#endif
import AWSConfig
import VaultStore

/// `~/.aws/config` and `~/.aws/credentials`, found the way the AWS CLI finds them.
public struct AWSFiles {
    public let configPath: String
    public let credentialsPath: String

    public init(environment: [String: String]) {
        let home = Paths.home(environment: environment)
        configPath =
            environment["AWS_CONFIG_FILE"].flatMap { $0.isEmpty ? nil : Self.expand($0, home: home) } ?? home
            + "/.aws/config"
        credentialsPath =
            environment["AWS_SHARED_CREDENTIALS_FILE"].flatMap { $0.isEmpty ? nil : Self.expand($0, home: home) }
            ?? home + "/.aws/credentials"
    }

    /// Parses both files (a missing file counts as empty) into a resolver.
    public func resolver() throws(VaultError) -> ProfileResolver {
        ProfileResolver(
            config: try parse(configPath, kind: .config), credentials: try parse(credentialsPath, kind: .credentials))
    }

    private func parse(_ path: String, kind: ConfigFile.Kind) throws(VaultError) -> ConfigFile? {
        guard let bytes = try Self.read(path) else { return nil }
        do { return try ConfigFile(parsing: bytes, kind: kind) } catch { throw VaultError.from(error, path: path) }
    }

    /// Reads a config file (any mode: config files are not secret), at most 4 MiB.
    static func read(_ path: String) throws(VaultError) -> [UInt8]? {
        let fd: FileDescriptor
        do { fd = try FileDescriptor(opening: path, flags: O_RDONLY) } catch {
            if error.errno == ENOENT { return nil }
            throw VaultError.aws(.cannotRead(path: path, detail: "\(error)"))
        }
        do {
            guard let bytes = try fd.readAll(limit: 4 << 20) else {
                throw VaultError.aws(.configTooLarge(path: path))
            }
            return bytes
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError.aws(.cannotRead(path: path, detail: "\(error)"))
        }
    }

    private static func expand(_ path: String, home: String) -> String {
        path.hasPrefix("~/") ? home + path.dropFirst(1) : path
    }
}

extension VaultError {
    /// A config problem, with the file it is in.
    static func from(_ error: ConfigError, path: String? = nil) -> VaultError {
        .aws(.config(error, path: path))
    }
}
