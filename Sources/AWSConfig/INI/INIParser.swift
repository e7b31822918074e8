// Sections and values from classified lines: Python 3.11 `RawConfigParser` in its default strict
// mode (a repeated section or a repeated key in one section is an error, not "later wins"), then
// botocore's `raw_config_parse`, which turns values starting with a newline into subsections.

enum INIParser {
    private struct Option {
        var lines: [String]
        var line: Int
    }

    private struct RawSection {
        var header: String
        var line: Int
        var options: [String: Option] = [:]
    }

    static func parse(_ text: String, kind: ConfigFile.Kind) throws(ConfigError) -> [ConfigFile.Section] {
        var sections: [RawSection] = []
        var index: [String: Int] = [:]
        var defaults = RawSection(header: "DEFAULT", line: 0)
        // nil: no section yet; -1: [DEFAULT]; otherwise an index into `sections`.
        var current: Int? = nil
        var currentKey: String? = nil

        func fail(_ line: Int, _ reason: String) -> ConfigError {
            .malformed(file: kind, line: line, reason: reason)
        }

        for line in INIScanner.scan(text) {
            switch line.kind {
            case .comment, .blank(inValue: false):
                continue
            case .blank(inValue: true):
                append("", to: current, currentKey, &sections, &defaults)
            case .continuation(let value):
                append(value, to: current, currentKey, &sections, &defaults)
            case .header(let name):
                currentKey = nil
                if name == "DEFAULT" {
                    current = -1  // may appear more than once; its keys still may not repeat
                } else if index[name] != nil {
                    throw fail(line.number, "section [\(name)] appears more than once")
                } else {
                    index[name] = sections.count
                    current = sections.count
                    sections.append(RawSection(header: name, line: line.number))
                }
            case .option(let key, let value):
                guard let section = current else {
                    throw fail(line.number, "a key appears before the first [section] header")
                }
                let existing = section < 0 ? defaults.options[key] : sections[section].options[key]
                if existing != nil {
                    let header = section < 0 ? "DEFAULT" : sections[section].header
                    throw fail(line.number, "key \(key) appears more than once in section [\(header)]")
                }
                let option = Option(lines: [value], line: line.number)
                if section < 0 { defaults.options[key] = option } else { sections[section].options[key] = option }
                currentKey = key
            case .beforeFirstSection:
                let content = line.physical.content
                let reason =
                    line.number == 1 && content.first == "\u{FEFF}"
                    ? "the file starts with a UTF-8 byte-order mark, which the AWS CLI does not accept"
                    : "text appears before the first [section] header"
                throw fail(line.number, reason)
            case .invalid(let reason):
                throw fail(line.number, reason)
            }
        }

        let inherited = joined(defaults)
        var result: [ConfigFile.Section] = []
        result.reserveCapacity(sections.count)
        for section in sections {
            // configparser's `ChainMap(section, defaults)`: the section's own key wins.
            let own = joined(section).merging(inherited) { own, _ in own }
            var values: [String: ConfigValue] = [:]
            for (key, (text, line)) in own {
                values[key] =
                    text.unicodeScalars.first == "\n"
                    ? .subsection(try subsection(text, key: key, line: line, kind: kind)) : .string(text)
            }
            result.append(ConfigFile.Section(header: section.header, line: section.line, values: values))
        }
        return result
    }

    private static func append(
        _ value: String, to section: Int?, _ key: String?, _ sections: inout [RawSection], _ defaults: inout RawSection
    ) {
        guard let section, let key else { return }
        if section < 0 {
            defaults.options[key]?.lines.append(value)
        } else {
            sections[section].options[key]?.lines.append(value)
        }
    }

    /// configparser's `_join_multiline_values`: `'\n'.join(lines).rstrip()`, with the key's line.
    private static func joined(_ section: RawSection) -> [String: (String, Int)] {
        section.options.mapValues { option in
            let text = option.lines.joined(separator: "\n")
            return (PythonText.string(PythonText.rstrip(ArraySlice(text.unicodeScalars))), option.line)
        }
    }

    /// botocore `_parse_nested`: every non-blank line must contain `=`; keys are not lower-cased
    /// and a repeated key takes the later value.
    private static func subsection(_ text: String, key: String, line: Int, kind: ConfigFile.Kind) throws(ConfigError)
        -> [String: String]
    {
        var result: [String: String] = [:]
        for raw in PythonText.splitLines(text) {
            let item = PythonText.strip(raw)
            if item.isEmpty { continue }
            guard let equals = item.unicodeScalars.firstIndex(of: "=") else {
                throw .malformed(
                    file: kind, line: line,
                    reason: "the indented lines under \(key) must each be `name = value` (found \"\(item)\")")
            }
            let name = String(item.unicodeScalars[..<equals])
            let value = String(item.unicodeScalars[item.unicodeScalars.index(after: equals)...])
            result[PythonText.strip(name)] = PythonText.strip(value)
        }
        return result
    }
}
