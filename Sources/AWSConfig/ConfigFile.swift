/// One parsed `~/.aws/config` or `~/.aws/credentials` file, read as botocore reads it.
public struct ConfigFile: Hashable, Sendable {
    /// Which file it is; it decides how section names map to profile names.
    public enum Kind: String, Hashable, Sendable {
        /// `~/.aws/config`: `[default]` and `[profile NAME]` are profiles; other sections are not.
        case config
        /// `~/.aws/credentials`: every `[NAME]` is profile `NAME`.
        case credentials
    }

    /// A section as configparser returns it.
    public struct Section: Hashable, Sendable {
        /// The text between the brackets, as written (`profile dev`, `default`, `sso-session x`).
        public let header: String
        /// 1-based line of the header.
        public let line: Int
        /// Keys lower-cased; `[DEFAULT]` values included where the section lacks the key.
        public let values: [String: ConfigValue]
    }

    public let kind: Kind
    /// Sections in file order, without configparser's special `[DEFAULT]`.
    public let sections: [Section]
    /// Profile name to values, as botocore's `build_profile_map` (config) or `raw_config_parse`
    /// (credentials) produces them.
    public let profiles: [String: [String: ConfigValue]]
    /// `[sso-session NAME]` sections by name (config file only; the last one of a name wins).
    public let ssoSessions: [String: [String: ConfigValue]]

    /// Parses text already decoded from UTF-8.
    public init(parsing text: String, kind: Kind) throws(ConfigError) {
        self.kind = kind
        sections = try INIParser.parse(text, kind: kind)
        var profiles: [String: [String: ConfigValue]] = [:]
        var ssoSessions: [String: [String: ConfigValue]] = [:]
        // Later sections replace earlier ones wholesale, so of `[default]` and
        // `[profile default]` (or `[profile a]` and `[profile "a"]`) the last one in the file wins.
        for section in sections {
            if let name = Self.profileName(forHeader: section.header, kind: kind) {
                profiles[name] = section.values
            } else if kind == .config, let name = Self.ssoSessionName(forHeader: section.header) {
                ssoSessions[name] = section.values
            }
        }
        self.profiles = profiles
        self.ssoSessions = ssoSessions
    }

    /// Parses the file's bytes; invalid UTF-8 is an error, as it is for botocore.
    public init(parsing bytes: [UInt8], kind: Kind) throws(ConfigError) {
        switch PythonText.decodeUTF8(bytes) {
        case .success(let text):
            try self.init(parsing: text, kind: kind)
        case .failure(let error):
            throw .malformed(file: kind, line: error.line, reason: "the file is not valid UTF-8")
        }
    }

    /// The profile's values, if this file defines it.
    public func profile(named name: String) -> [String: ConfigValue]? { profiles[name] }

    /// Profile names, sorted.
    public var profileNames: [String] { profiles.keys.sorted() }

    /// The sso-session a config header defines: it starts with `sso-session` and `shlex.split`s
    /// into exactly two words (configloader.py `build_profile_map`).
    public static func ssoSessionName(forHeader header: String) -> String? {
        guard header.unicodeScalars.starts(with: "sso-session".unicodeScalars),
            let words = ShellWords.split(header), words.count == 2
        else { return nil }
        return words[1]
    }

    /// The profile a section header defines in a file of `kind`, or nil when it defines none
    /// (configloader.py `build_profile_map` and `_parse_section`): in the config file `default`, or
    /// a header starting with `profile` that `shlex.split`s into exactly two words, the second
    /// being the name (so even `[profilex dev]` is profile `dev`); `sso-session`, `services` and
    /// anything else is not a profile. In the credentials file every header is a profile name.
    public static func profileName(forHeader header: String, kind: Kind) -> String? {
        guard kind == .config else { return header }
        let scalars = header.unicodeScalars
        if scalars.starts(with: "profile".unicodeScalars) {
            guard let words = ShellWords.split(header), words.count == 2 else { return nil }
            return words[1]
        }
        if scalars.elementsEqual("default".unicodeScalars) { return "default" }
        return nil
    }
}
