import VaultBase
import VaultStore

/// Profile names for shell completion: those in `~/.aws/config` and `~/.aws/credentials`, and
/// those in the vault. Reads files only: no unlock, no prompt, no network; a file that cannot be
/// read just contributes nothing.
public enum ProfileNames {
    /// Sorted, without duplicates; only names starting with `prefix`.
    public static func known(environment: [String: String], prefix: String = "") -> [String] {
        var names = Set((try? AWSFiles(environment: environment).resolver().profileNames) ?? [])
        let store = VaultFileStore(path: Paths.vaultFile(environment: environment))
        if let document = try? store.loadIfPresent() {
            names.formUnion(document.entries.map(\.profile))
        }
        return names.filter { $0.hasPrefix(prefix) }.sorted()
    }
}

extension VaultError {
    /// A profile found neither in the AWS files nor in the vault, with close names from both
    /// (`suggestions`: those the config resolver found). Names are shown escaped: they may come
    /// from a hostile config file.
    static func unknownAWSProfile(_ name: String, suggestions: [String], vaultProfiles: [String], files: AWSFiles)
        -> VaultError
    {
        let fromVault = vaultProfiles.filter {
            $0 != name
                && (EditDistance.levenshtein(Array($0), Array(name), limit: 2) != nil || $0.hasPrefix(name)
                    || name.hasPrefix($0))
        }
        var seen = Set<String>()
        let close = (suggestions + fromVault).filter { seen.insert($0).inserted }
        guard close.isEmpty else {
            return VaultError.keys(.unknownAnywhere(name, configPath: files.configPath, close: close, known: []))
        }
        let known = ((try? files.resolver().profileNames) ?? []) + vaultProfiles
        var listed = Set<String>()
        let names = known.filter { listed.insert($0).inserted }.sorted()
        return VaultError.keys(.unknownAnywhere(name, configPath: files.configPath, close: [], known: names))
    }
}

/// A name as it may appear in a one-line message: control characters and Unicode line and
/// direction marks escaped, at most 80 characters (the same rule as AWSConfig's messages).
func escaped(_ text: String) -> String {
    var out = ""
    for (count, scalar) in text.unicodeScalars.enumerated() {
        if count == 80 { return out + "…" }
        switch scalar.value {
        case 0x00..<0x20, 0x7F..<0xA0, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
            out += "\\u{" + String(scalar.value, radix: 16) + "}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}
