import AWSConfig
import VaultCrypto
import VaultFormat

/// One profile's long-term keys as they sit in plaintext in the AWS files (the secret stays in
/// the parsed file until `PlaintextSources.accessKey` moves it into locked memory).
struct PlaintextKeys: Equatable, Sendable {
    let profile: String
    let accessKeyID: String
    /// The files whose section of the profile holds the keys: the credentials file, the config
    /// file, or both (then with the same keys).
    let kinds: [ConfigFile.Kind]
}

/// The AWS credentials and config files as parsed, and what they hold in plaintext. Pure: the
/// files are read and written by `PlaintextFile`.
struct PlaintextSources {
    var credentials: ConfigFile?
    var config: ConfigFile?
    var credentialsPath: String
    var configPath: String

    static let idKey = "aws_access_key_id", secretKey = "aws_secret_access_key", tokenKey = "aws_session_token"
    /// What `--remove-plaintext` deletes from a migrated profile's sections.
    static let keyNames = [idKey, secretKey, tokenKey]

    func file(_ kind: ConfigFile.Kind) -> ConfigFile? { kind == .credentials ? credentials : config }
    func path(_ kind: ConfigFile.Kind) -> String { kind == .credentials ? credentialsPath : configPath }

    /// Profiles with `aws_access_key_id` or `aws_secret_access_key` (botocore's test for static
    /// keys) in either file, in file order, the credentials file's first.
    var profilesWithKeys: [String] {
        var seen = Set<String>()
        var names: [String] = []
        for kind in [ConfigFile.Kind.credentials, .config] {
            for section in file(kind)?.sections ?? [] {
                guard let name = ConfigFile.profileName(forHeader: section.header, kind: kind),
                    Self.hasKeys(file(kind)?.profile(named: name)), seen.insert(name).inserted
                else { continue }
                names.append(name)
            }
        }
        return names
    }

    /// Where `profile`'s keys are, merged key by key as botocore merges the two files (the
    /// credentials file wins). Throws, naming the file, when the profile is missing, has no keys,
    /// holds temporary credentials, has half a key pair or a malformed key, or when the two
    /// files hold different keys for it.
    func find(_ profile: String) throws(VaultError) -> PlaintextKeys {
        let inCredentials = credentials?.profile(named: profile), inConfig = config?.profile(named: profile)
        guard inCredentials != nil || inConfig != nil else { throw missing(profile) }
        let kinds = [ConfigFile.Kind.credentials, .config].filter { Self.hasKeys(file($0)?.profile(named: profile)) }
        let place = kinds.isEmpty ? "\(credentialsPath) or \(configPath)" : kinds.map(path).joined(separator: " and ")
        guard !kinds.isEmpty else {
            throw VaultError.keys(.noKeysIn(profile: profile, place: place))
        }
        let merged = (inConfig ?? [:]).merging(inCredentials ?? [:]) { _, fromCredentials in fromCredentials }
        guard merged[Self.tokenKey] == nil else {
            throw VaultError.keys(.temporaryKeysIn(profile: profile, place: place))
        }
        for key in [Self.idKey, Self.secretKey] where merged[key]?.stringValue == nil {
            throw VaultError.keys(
                .incompleteKeysIn(profile: profile, place: place, key: key, missing: merged[key] == nil))
        }
        if kinds.count == 2 {
            let same = [Self.idKey, Self.secretKey].allSatisfy { key in
                guard let a = inCredentials?[key]?.stringValue, let b = inConfig?[key]?.stringValue else {
                    return false
                }
                return sameText(a, b)
            }
            guard same else {
                throw VaultError.keys(
                    .differentKeys(profile: profile, credentialsPath: credentialsPath, configPath: configPath))
            }
        }
        let found = PlaintextKeys(
            profile: profile, accessKeyID: merged[Self.idKey]!.stringValue!.trimmingSpaces, kinds: kinds)
        _ = try accessKey(found)  // the shapes are checked now, before anything changes
        return found
    }

    /// The key of a profile `find` found, validated like a typed-in key; the secret goes from the
    /// parsed file into locked memory, and the bytes on the way are wiped.
    func accessKey(_ found: PlaintextKeys) throws(VaultError) -> AccessKey {
        let place = found.kinds.map(path).joined(separator: " and ")
        guard let kind = found.kinds.first, let values = file(kind)?.profile(named: found.profile),
            let secret = values[Self.secretKey]?.stringValue
        else { throw VaultError.changedMeanwhile(place) }
        var bytes = Array(secret.utf8)
        let locked = try AccessKeyInput.lock(&bytes)
        do throws(AccessKeyError) {
            return try AccessKey(accessKeyID: found.accessKeyID, secretAccessKey: locked)
        } catch {
            switch error {
            case .malformedAccessKeyID:
                throw VaultError.keys(.badKeyIDIn(profile: found.profile, place: place))
            case .malformedSecret(let length):
                throw VaultError.keys(.badSecretIn(profile: found.profile, place: place, length: length))
            }
        }
    }

    /// A profile in neither file, with close names that have keys.
    func missing(_ profile: String) -> VaultError {
        let withKeys = profilesWithKeys
        let close = ProfileResolver(config: config, credentials: credentials).suggestions(for: profile).filter(
            withKeys.contains)
        let where_ = credentials == nil ? "\(credentialsPath) (there is no such file)" : credentialsPath
        return VaultError.keys(
            .notInFiles(
                profile: profile, in: where_, orConfig: config == nil ? nil : configPath, close: close,
                withKeys: withKeys))
    }

    static func hasKeys(_ values: [String: ConfigValue]?) -> Bool {
        values?[idKey] != nil || values?[secretKey] != nil
    }

    /// A file's text after `removingKeys`, as parsed again.
    struct KeyRemoval {
        var text: String
        var parsed: ConfigFile
        /// Profiles whose section went with their keys (ConfigEditor drops a section left empty).
        var sectionRemoved: [String]
    }

    /// `text` without the plaintext keys of `profiles` (ConfigEditor's edit: every other line,
    /// comment and line ending stays). ConfigEditor drops a section left with nothing in it; the
    /// profiles in `keep` keep theirs, empty, so they go on existing. The result is refused unless
    /// its lines are lines of `text` in the same order, every other section reads exactly as
    /// before, and the profiles kept every other value and lost every key.
    static func removingKeys(
        of profiles: [String], keepingSectionOf keep: Set<String> = [], from text: String, kind: ConfigFile.Kind,
        path: String
    ) throws(VaultError) -> KeyRemoval {
        let before: ConfigFile
        do { before = try ConfigFile(parsing: text, kind: kind) } catch { throw .from(error, path: path) }
        guard ConfigEditor(text: text, kind: kind).text == text else { throw cannotEdit(path, profiles) }
        // A comment line under the header makes ConfigEditor keep the section; it goes again after.
        var entropy = SystemEntropy()
        let marker = "# vault: keep this section " + Encoding.hex(entropy.bytes(8))
        var lines = physicalLines(text)
        let anchors = before.sections.filter { section in
            keep.contains(ConfigFile.profileName(forHeader: section.header, kind: kind) ?? "")
        }.map { $0.line - 1 }
        for anchor in anchors.sorted(by: >) where anchor < lines.count {
            let last = lines[anchor].unicodeScalars.last
            let terminator = lines[anchor].hasSuffix("\r\n") ? "\r\n" : last == "\n" ? "\n" : last == "\r" ? "\r" : ""
            guard !terminator.isEmpty else { continue }
            lines.insert(marker + terminator, at: anchor + 1)
        }
        var editor = ConfigEditor(text: lines.joined(), kind: kind)
        for profile in profiles { editor.remove(keys: keyNames, fromProfile: profile) }
        let edited = physicalLines(editor.text).filter { !$0.hasPrefix(marker) }.joined()
        guard isSubsequence(physicalLines(edited), of: physicalLines(text)) else { throw cannotEdit(path, profiles) }
        let after: ConfigFile
        do { after = try ConfigFile(parsing: edited, kind: kind) } catch { throw cannotEdit(path, profiles) }

        let doomed = Set(profiles)
        func others(_ file: ConfigFile) -> [[String: [String: ConfigValue]]] {
            file.sections.filter {
                ConfigFile.profileName(forHeader: $0.header, kind: kind).map { !doomed.contains($0) } ?? true
            }
            .map { [$0.header: $0.values] }
        }
        guard others(before) == others(after) else { throw cannotEdit(path, profiles) }
        var sectionRemoved: [String] = []
        for profile in profiles {
            let expected = (before.profile(named: profile) ?? [:]).filter { !keyNames.contains($0.key) }
            let now = after.profile(named: profile)
            if let now, keyNames.contains(where: { now[$0] != nil }) {
                throw VaultError.keys(.keysOutsideSection(profile: profile, path: path))
            }
            guard now ?? [:] == expected, now != nil || (expected.isEmpty && !keep.contains(profile)) else {
                throw cannotEdit(path, [profile])
            }
            if now == nil && before.profile(named: profile) != nil { sectionRemoved.append(profile) }
        }
        return KeyRemoval(text: edited, parsed: after, sectionRemoved: sectionRemoved)
    }

    /// Lines with their terminators, split where Python's universal newlines split (`\n`, `\r\n`,
    /// `\r`), as ConfigEditor splits them.
    static func physicalLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            current.append(scalar)
            if scalar == "\n" || (scalar == "\r" && pending != "\n") {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { lines.append(String(current)) }
        return lines
    }

    /// Whether `lines` is `original` with some lines deleted (none changed, none added or moved).
    static func isSubsequence(_ lines: [String], of original: [String]) -> Bool {
        var remaining = original[...]
        for line in lines {
            guard let index = remaining.firstIndex(of: line) else { return false }
            remaining = remaining[(index + 1)...]
        }
        return true
    }

    private static func cannotEdit(_ path: String, _ profiles: [String]) -> VaultError {
        VaultError.keys(.wouldChangeMore(profiles: profiles, path: path))
    }
}

/// Equality of two texts in time that depends only on their length (they may be secrets).
func sameText(_ a: String, _ b: String) -> Bool {
    var a = a, b = b
    return a.withUTF8 { x in
        b.withUTF8 { y in Sodium.constantTimeEqual(UnsafeRawBufferPointer(x), UnsafeRawBufferPointer(y)) }
    }
}
