// What each line is, decided exactly as Python 3.11's `RawConfigParser._read` decides it with the
// defaults botocore uses (configloader.py `raw_config_parse`: `configparser.RawConfigParser()`):
// delimiters `=` and `:`, full-line comments `#` and `;` only (no inline comments, so
// `key = v # x` keeps `# x`), empty lines allowed inside values, no interpolation, and a line
// indented deeper than the line that started the current option continues that option.
// The parser and the editor share it so that they never disagree about a line.

struct INILine {
    enum Kind: Equatable {
        /// Blank line; `inValue` when configparser appends an empty line to the current value.
        case blank(inValue: Bool)
        /// A line whose first non-blank character is `#` or `;`.
        case comment
        /// `[name]`: `name` is everything between the first `[` and the last `]`.
        case header(String)
        /// `key = value` or `key: value`; `key` is lower-cased (configparser's `optionxform`).
        case option(key: String, value: String)
        /// An indented line that continues the current option's value.
        case continuation(String)
        /// A non-blank line before any section header (`MissingSectionHeaderError`).
        case beforeFirstSection
        /// A line configparser cannot read (`ParsingError`).
        case invalid(reason: String)
    }

    var kind: Kind
    /// 1-based, counted the way Python's universal-newline reader counts.
    var number: Int
    /// The physical line, for the editor.
    var physical: PhysicalLine
}

enum INIScanner {
    static func scan(_ text: String) -> [INILine] {
        scan(PythonText.lines(Array(text.unicodeScalars)))
    }

    static func scan(_ lines: [PhysicalLine]) -> [INILine] {
        var result: [INILine] = []
        result.reserveCapacity(lines.count)
        var inSection = false
        var inOption = false  // configparser's `optname` is truthy
        var indentLevel = 0
        for (offset, line) in lines.enumerated() {
            let kind = classify(line.content, inSection: &inSection, inOption: &inOption, indentLevel: &indentLevel)
            result.append(INILine(kind: kind, number: offset + 1, physical: line))
        }
        return result
    }

    private static func classify(
        _ line: ArraySlice<Unicode.Scalar>, inSection: inout Bool, inOption: inout Bool, indentLevel: inout Int
    ) -> INILine.Kind {
        let value = PythonText.strip(line)
        if let first = value.first, first == "#" || first == ";" { return .comment }
        if value.isEmpty { return .blank(inValue: inSection && inOption) }

        let indent = line.distance(from: line.startIndex, to: value.startIndex)
        if inSection && inOption && indent > indentLevel {
            return .continuation(PythonText.string(value))
        }
        indentLevel = indent
        if let name = sectionName(value) {
            inSection = true
            inOption = false
            return .header(name)
        }
        let delimiter = value.firstIndex(where: { $0 == "=" || $0 == ":" })
        if value.first == "[", !inSection || delimiter == nil {
            // Rejected as configparser rejects it; the reason names what the person most likely meant.
            let text = PythonText.string(value)
            return .invalid(reason: "the section header \(text) is not closed: add the missing ]")
        }
        guard inSection else { return .beforeFirstSection }
        guard let delimiter else {
            return .invalid(reason: "expected `key = value`, a [section] header or a comment")
        }
        let key = PythonText.rstrip(value[..<delimiter])
        guard !key.isEmpty else {
            inOption = false
            return .invalid(reason: "the line has a value but no key before `\(value[delimiter])`")
        }
        inOption = true
        return .option(
            key: PythonText.lower(PythonText.string(key)),
            value: PythonText.string(PythonText.strip(value[(delimiter + 1)...]))
        )
    }

    /// configparser's `SECTCRE`, `\[(?P<header>.+)\]` matched at the start of the stripped line:
    /// the greedy `.+` reaches the last `]`, and anything after it is ignored.
    private static func sectionName(_ value: ArraySlice<Unicode.Scalar>) -> String? {
        guard value.first == "[", let close = value.lastIndex(of: "]"), close - value.startIndex >= 2 else {
            return nil
        }
        return PythonText.string(value[(value.startIndex + 1)..<close])
    }
}
