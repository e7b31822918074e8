// The record `vault exec --deactivate-after` keeps while the admin keys are active for a command:
// a small file in vault's state folder, so a vault killed with SIGKILL still leaves a trace.
#if canImport(Glibc)
import Glibc
#endif
import VaultBase
import VaultCrypto
import VaultStore

/// `$XDG_STATE_HOME/vault/deactivate-after/HEX(PROFILE)` (0600, written atomically, folder 0700):
/// `pid=N`, `profile=NAME`, `since=ISO 8601`. Written before the keys are activated, removed once
/// they are inactive again (by the command's end, or by `vault deactivate-admin-keys`).
public struct PendingDeactivation {
    let folder: String
    let now: () -> Int64

    public init(environment: [String: String], now: @escaping () -> Int64 = { Int64(time(nil)) }) {
        folder = Paths.stateHome(environment: environment) + "/vault/deactivate-after"
        self.now = now
    }

    func path(_ profile: String) -> String { folder + "/" + Encoding.hex(Array(profile.utf8)) }

    /// Records that this process is about to activate `profile`'s keys.
    func record(_ profile: String) throws(VaultError) {
        let text = "pid=\(getpid())\nprofile=\(profile)\nsince=\(ISO8601.format(now()))\n"
        do {
            try Paths.makeDirectory(Paths.directory(of: folder))
            try PrivateFile.prepareDirectory(folder)
            try AtomicFile.write(Array(text.utf8), to: path(profile))
        } catch {
            throw .cannotWrite(path(profile), error) {
                .shell(.cannotRecordDeactivation(path: path(profile), folder: folder, detail: $0))
            }
        }
    }

    /// Forgets `profile`'s record (its keys are inactive again).
    public func clear(_ profile: String) {
        _ = unlink(path(profile))
    }

    /// One line for each record whose vault is gone (killed before it could deactivate).
    public func leftovers() -> [String] {
        var notes: [String] = []
        for name in PrivateFile.names(in: folder) where !name.hasPrefix(".") {
            guard let bytes = try? PrivateFile.read(folder + "/" + name, limit: 4096) else { continue }
            var fields: [String: String] = [:]
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
                let parts = line.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
            }
            guard let profile = fields["profile"], let pid = fields["pid"].flatMap({ pid_t($0) }) else { continue }
            if pid > 0 && (kill(pid, 0) == 0 || errno == EPERM) { continue }  // still running its command
            notes.append(
                "warning: vault exec --deactivate-after for '\(escaped(profile))' (since \(fields["since"] ?? "?")) ended before it could deactivate the admin keys: run vault deactivate-admin-keys --profile \(escaped(profile))"
            )
        }
        return notes.sorted()
    }
}
