import AWSConfig

/// `~/.aws/config` and `~/.aws/credentials` as the CLI reads them. The first input byte is a mode:
/// - bit 0: the rest holds both files, split at its first NUL byte (config, then credentials);
///   otherwise the rest is one file: the credentials file with bit 1, else the config file;
/// - bit 2: also resolve a profile that is not there (the "did you mean" suggestions);
/// - bit 3: also edit the first profile with `ConfigEditor` (set, then remove, a key).
/// Every profile that parsed is resolved, as `vault assume`/`vault list` would.
/// Invariants: errors are one bounded line each for problem and hint; a resolved chain is
/// well-formed; `ConfigEditor` gives back the text it was given, and an edit that it did not
/// refuse leaves a file that parses with the value set (or removed).
enum ConfigFuzz {
    static let maximumResolves = 64

    static func run(_ input: [UInt8]) -> [String] {
        let mode = input.first ?? 0
        let rest = input.dropFirst()
        var configBytes: ArraySlice<UInt8>? = nil
        var credentialsBytes: ArraySlice<UInt8>? = nil
        if mode & 1 != 0 {
            let split = rest.firstIndex(of: 0) ?? rest.endIndex
            configBytes = rest[..<split]
            credentialsBytes = split < rest.endIndex ? rest[(split + 1)...] : []
        } else if mode & 2 != 0 {
            credentialsBytes = rest
        } else {
            configBytes = rest
        }

        var out: [String] = []
        let config = configBytes.flatMap { parse(Array($0), .config, &out) }
        let credentials = credentialsBytes.flatMap { parse(Array($0), .credentials, &out) }
        let resolver = ProfileResolver(config: config, credentials: credentials)
        let names = resolver.profileNames
        for name in names.prefix(maximumResolves) { out += resolve(resolver, name) }
        if mode & 4 != 0 { out += resolve(resolver, (names.first ?? "default") + "x") }
        if mode & 8 != 0,
            let (bytes, kind) = configBytes.map({ ($0, ConfigFile.Kind.config) })
                ?? credentialsBytes.map({ ($0, .credentials) }),
            let text = String(validating: bytes, as: UTF8.self)
        {
            out += edit(text, kind: kind, parsed: kind == .config ? config : credentials)
        }
        return out
    }

    private static func parse(_ bytes: [UInt8], _ kind: ConfigFile.Kind, _ out: inout [String]) -> ConfigFile? {
        if let text = String(validating: bytes, as: UTF8.self), ConfigEditor(text: text, kind: kind).text != text {
            out.append("ConfigEditor does not give back the \(kind) text it was given")
        }
        do { return try ConfigFile(parsing: bytes, kind: kind) } catch {
            out += errorViolations(error)
            if case .malformed = error {} else { out.append("parsing the \(kind) file threw \(error.problem)") }
            return nil
        }
    }

    private static func resolve(_ resolver: ProfileResolver, _ name: String) -> [String] {
        let chain: ResolvedChain
        do { chain = try resolver.resolve(name) } catch { return errorViolations(error) }
        var out: [String] = []
        if chain.profile.name != name { out.append("resolving \(name.debugDescription) gave another profile") }
        if chain.hops.count > ProfileResolver.maximumHops { out.append("a chain of \(chain.hops.count) hops") }
        if let last = chain.hops.last, last.profile != name { out.append("the last hop is not the requested profile") }
        if chain.hops.isEmpty, chain.root.name != name { out.append("a chain without hops has another root") }
        if chain.hops.contains(where: { $0.roleARN.isEmpty }) { out.append("a hop without a role ARN") }
        for issue in chain.issues {
            out += terminalViolations(issue.problem, "a chain issue's problem")
            out += terminalViolations(issue.hint, "a chain issue's hint")
        }
        return out
    }

    /// What `vault setup` and the key migration do to these files, on text that may be hostile.
    private static func edit(_ text: String, kind: ConfigFile.Kind, parsed: ConfigFile?) -> [String] {
        guard let parsed, let name = parsed.profileNames.first else { return [] }
        var out: [String] = []
        var editor = ConfigEditor(text: text, kind: kind)
        do { try editor.set([(key: "region", value: "eu-fuzz-1")], inProfile: name) } catch {
            return errorViolations(error)
        }
        do {
            let after = try ConfigFile(parsing: editor.text, kind: kind)
            if after.profile(named: name)?["region"]?.stringValue != "eu-fuzz-1" {
                out.append("after ConfigEditor.set the profile does not read back the value")
            }
        } catch {
            out.append("ConfigEditor.set made a file that parsed unparsable: \(error.problem)")
            return out
        }
        editor.remove(keys: ["region"], fromProfile: name)
        if (try? ConfigFile(parsing: editor.text, kind: kind)) == nil {
            out.append("ConfigEditor.remove made a file that parsed unparsable")
        }
        return out
    }

    private static func errorViolations(_ error: ConfigError) -> [String] {
        terminalViolations(error.problem, "a config error's problem")
            + terminalViolations(error.hint, "a config error's hint")
    }
}
