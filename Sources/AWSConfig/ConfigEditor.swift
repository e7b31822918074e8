/// Changes keys in one profile of `~/.aws/config` or `~/.aws/credentials` and keeps every other
/// line (comments, blank lines, order, line endings, spacing) byte for byte.
///
/// A profile's section is found as botocore finds it (`ConfigFile.profileName(forHeader:kind:)`);
/// where several sections name the same profile (`[default]` and `[profile default]`), `set`
/// writes to the last one, the one botocore reads, and `remove` removes from all of them.
/// Values inherited from a `[DEFAULT]` section are not touched.
public struct ConfigEditor: Sendable {
    public let kind: ConfigFile.Kind
    private var lines: [Line]

    private struct Line: Sendable {
        var content: String
        var terminator: String
    }

    public init(text: String, kind: ConfigFile.Kind) {
        self.kind = kind
        lines = PythonText.lines(Array(text.unicodeScalars)).map {
            Line(content: PythonText.string($0.content), terminator: $0.terminator)
        }
    }

    /// The edited file.
    public var text: String { lines.map { $0.content + $0.terminator }.joined() }

    /// Sets each key in the profile's section, in place when the key exists (continuation lines
    /// of the old value go), else after the section's last key; creates `[profile NAME]`
    /// (`[default]`, or `[NAME]` in the credentials file) at the end when the profile has no
    /// section. Throws `invalidValue`, changing nothing, for a key, value or name that would not
    /// read back exactly (line breaks, leading or trailing spaces, `=` or `:` in a key, ...).
    public mutating func set(_ values: [(key: String, value: String)], inProfile name: String) throws(ConfigError) {
        // A key given twice (in any case) is written once, with its last value.
        var values = values
        var positions: [String: Int] = [:]
        values = values.reduce(into: []) { kept, item in
            if let position = positions[PythonText.lower(item.key)] {
                kept[position].value = item.value
            } else {
                positions[PythonText.lower(item.key)] = kept.count
                kept.append(item)
            }
        }
        for (key, value) in values {
            guard Self.readsBack(key: key, value: value) else {
                throw .invalidValue(
                    profile: name, key: key, value: value, reason: "it cannot be written as one `key = value` line")
            }
        }
        guard layout().contains(where: { matches($0, name) }) else {
            guard let header = Self.header(forProfile: name, kind: kind) else {
                throw .invalidValue(
                    profile: name, key: "profile name", value: name, reason: "it cannot be written as a section header")
            }
            appendSection(header, values)
            return
        }
        for (key, value) in values {
            let section = layout().last(where: { matches($0, name) })!
            let lowered = PythonText.lower(key)
            let existing = section.entries.filter { $0.key == lowered }
            if let first = existing.first {
                for entry in existing.dropFirst().reversed() { lines.removeSubrange(entry.first...entry.last) }
                lines.replaceSubrange(first.first...first.last, with: [rewrite(lines[first.first], value: value)])
            } else {
                insert(key: key, value: value, into: section)
            }
        }
    }

    /// Removes the keys (any case) from every section of the profile, with their continuation
    /// lines. A section left with no keys and no comments is removed too, unless it is one of
    /// several sections of the profile or removing it would change how the following lines read;
    /// note a profile with no section in either file no longer exists for the AWS CLI.
    public mutating func remove(keys: [String], fromProfile name: String) {
        let doomedKeys = Set(keys.map(PythonText.lower))
        let count = layout().filter { matches($0, name) }.count
        // Last section first, re-reading the layout after each so line numbers stay right.
        for ordinal in (0..<count).reversed() {
            let section = layout().filter { matches($0, name) }[ordinal]
            let doomed = section.entries.filter { doomedKeys.contains($0.key) }
            guard !doomed.isEmpty else { continue }
            for entry in doomed.reversed() { lines.removeSubrange(entry.first...entry.last) }
            // Dropping one of several sections of a profile would bring an earlier one back into use.
            guard count == 1, doomed.count == section.entries.count, !section.hasOtherLines else { continue }
            let removedLines = doomed.reduce(0) { $0 + $1.last - $1.first + 1 }
            removeEmptySection(from: section.headerLine, to: section.end - removedLines)
        }
    }

    // MARK: - Layout

    private struct Entry {
        var key: String
        var first: Int
        var last: Int
        var indent: String
    }

    private struct Section {
        var header: String
        var headerLine: Int
        var end: Int
        var entries: [Entry] = []
        /// Comments or unreadable lines, which removal must not discard.
        var hasOtherLines = false
    }

    private func scanned() -> [INILine] {
        INIScanner.scan(
            lines.map { PhysicalLine(content: ArraySlice($0.content.unicodeScalars), terminator: $0.terminator) })
    }

    private func layout() -> [Section] {
        var sections: [Section] = []
        for (index, line) in scanned().enumerated() {
            switch line.kind {
            case .header(let name):
                if !sections.isEmpty { sections[sections.count - 1].end = index }
                sections.append(Section(header: name, headerLine: index, end: lines.count))
            case .option(let key, _):
                guard !sections.isEmpty else { continue }
                sections[sections.count - 1].entries.append(
                    Entry(key: key, first: index, last: index, indent: Self.indent(of: lines[index].content)))
            case .continuation:
                guard !sections.isEmpty, !sections[sections.count - 1].entries.isEmpty else { continue }
                let section = sections.count - 1
                sections[section].entries[sections[section].entries.count - 1].last = index
            case .comment, .invalid:
                if !sections.isEmpty { sections[sections.count - 1].hasOtherLines = true }
            case .blank, .beforeFirstSection:
                continue
            }
        }
        return sections
    }

    private func matches(_ section: Section, _ name: String) -> Bool {
        ConfigFile.profileName(forHeader: section.header, kind: kind) == name
    }

    // MARK: - Edits

    private static func indent(of content: String) -> String {
        PythonText.string(content.unicodeScalars.prefix { $0.isPythonWhitespace })
    }

    /// The newline to end a line inserted after `index`: that line's own, else the file's first.
    private func newline(after index: Int) -> String {
        if index >= 0, index < lines.count, !lines[index].terminator.isEmpty { return lines[index].terminator }
        return lines.first(where: { !$0.terminator.isEmpty })?.terminator ?? "\n"
    }

    private mutating func terminateLastLine() {
        if let last = lines.indices.last, lines[last].terminator.isEmpty { lines[last].terminator = newline(after: -1) }
    }

    private func rewrite(_ line: Line, value: String) -> Line {
        let scalars = Array(line.content.unicodeScalars)
        let delimiter = scalars.firstIndex { $0 == "=" || $0 == ":" }!
        let after = scalars[(delimiter + 1)...]
        var spacing = PythonText.string(after.prefix { $0.isPythonWhitespace })
        if spacing.isEmpty && PythonText.strip(after).isEmpty && !value.isEmpty { spacing = " " }
        return Line(content: PythonText.string(scalars[...delimiter]) + spacing + value, terminator: line.terminator)
    }

    private mutating func insert(key: String, value: String, into section: Section) {
        let after = section.entries.last?.last ?? section.headerLine
        // After a key, the same indent keeps both lines' meaning. Right after a header any indent
        // reads as a key, but the next significant line must not look deeper, or it would turn
        // into a continuation of the new key: take that line's indent.
        var indent = section.entries.last?.indent ?? Self.indent(of: lines[section.headerLine].content)
        if section.entries.isEmpty, let next = scanned()[(after + 1)...].first(where: Self.isSignificant) {
            indent = Self.indent(of: lines[next.number - 1].content)
        }
        if lines[after].terminator.isEmpty { lines[after].terminator = newline(after: -1) }
        lines.insert(Line(content: indent + key + " = " + value, terminator: newline(after: after)), at: after + 1)
    }

    private static func isSignificant(_ line: INILine) -> Bool {
        switch line.kind {
        case .blank, .comment: return false
        default: return true
        }
    }

    private mutating func appendSection(_ header: String, _ values: [(key: String, value: String)]) {
        terminateLastLine()
        let newline = newline(after: lines.count - 1)
        if let last = lines.last, !PythonText.strip(last.content).isEmpty {
            lines.append(Line(content: "", terminator: newline))
        }
        lines.append(Line(content: "[\(header)]", terminator: newline))
        for (key, value) in values { lines.append(Line(content: "\(key) = \(value)", terminator: newline)) }
    }

    private mutating func removeEmptySection(from headerLine: Int, to end: Int) {
        var start = headerLine
        if end == lines.count {
            while start > 0, PythonText.strip(lines[start - 1].content).isEmpty { start -= 1 }
        }
        let before = scanned().map(\.kind)
        let removed = lines[start..<end]
        lines.removeSubrange(start..<end)
        var expected = before
        expected.removeSubrange(start..<end)
        if scanned().map(\.kind) != expected { lines.insert(contentsOf: removed, at: start) }
    }

    // MARK: - Validation

    /// The header text for a new section holding `name`, if one reads back as that profile.
    static func header(forProfile name: String, kind: ConfigFile.Kind) -> String? {
        let header: String
        switch kind {
        case .config: header = name == "default" ? "default" : "profile \(ShellWords.quote(name))"
        case .credentials: header = name
        }
        guard header != "DEFAULT" else { return nil }
        let scanned = INIScanner.scan("[\(header)]")
        guard scanned.count == 1, scanned[0].kind == .header(header) else { return nil }
        return ConfigFile.profileName(forHeader: header, kind: kind) == name ? header : nil
    }

    static func readsBack(key: String, value: String) -> Bool {
        let scanned = INIScanner.scan("[s]\n\(key) = \(value)")
        return scanned.count == 2 && scanned[1].kind == .option(key: PythonText.lower(key), value: value)
    }
}
