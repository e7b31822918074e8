// The few pieces of Python's text semantics that configparser and botocore rely on, on Unicode
// scalars (Python strings are sequences of code points, not grapheme clusters).

extension Unicode.Scalar {
    /// `str.isspace()`, which is also what `\s` matches in Python's `re` for `str` patterns.
    var isPythonWhitespace: Bool {
        switch value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F,
            0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// A line boundary for `str.splitlines()` (`\r\n` is handled by the caller).
    var isPythonLineBreak: Bool {
        switch value {
        case 0x0A...0x0D, 0x1C...0x1E, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }
}

/// One physical line as Python's universal-newline reader sees it: split at `\n`, `\r\n` or `\r`.
struct PhysicalLine {
    /// The line's scalars without its terminator.
    var content: ArraySlice<Unicode.Scalar>
    /// `""`, `"\n"`, `"\r\n"` or `"\r"`.
    var terminator: String
}

enum PythonText {
    static func lines(_ scalars: [Unicode.Scalar]) -> [PhysicalLine] {
        var result: [PhysicalLine] = []
        var start = 0
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n" || scalar == "\r" {
                var end = index + 1
                var terminator = scalar == "\n" ? "\n" : "\r"
                if scalar == "\r", end < scalars.count, scalars[end] == "\n" {
                    end += 1
                    terminator = "\r\n"
                }
                result.append(PhysicalLine(content: scalars[start..<index], terminator: terminator))
                start = end
                index = end
            } else {
                index += 1
            }
        }
        if start < scalars.count {
            result.append(PhysicalLine(content: scalars[start..<scalars.count], terminator: ""))
        }
        return result
    }

    static func strip(_ s: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        rstrip(lstrip(s))
    }

    static func lstrip(_ s: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        guard let first = s.firstIndex(where: { !$0.isPythonWhitespace }) else { return s[s.endIndex...] }
        return s[first...]
    }

    static func rstrip(_ s: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        guard let last = s.lastIndex(where: { !$0.isPythonWhitespace }) else { return s[s.startIndex..<s.startIndex] }
        return s[...last]
    }

    static func strip(_ s: String) -> String {
        string(strip(ArraySlice(s.unicodeScalars)))
    }

    static func string<S: Sequence<Unicode.Scalar>>(_ scalars: S) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    /// `str.lower()`: each scalar's full lower-case mapping, and Python's final-sigma rule
    /// (unicodeobject.c `handle_capital_sigma`), which `String.lowercased()` does not apply.
    static func lower(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: s.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        let scalars = Array(s.unicodeScalars)
        var result = ""
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{03A3}" {
                let before = scalars[..<index].last { !$0.properties.isCaseIgnorable }
                let after = scalars[(index + 1)...].first { !$0.properties.isCaseIgnorable }
                let isFinal = before?.properties.isCased == true && after?.properties.isCased != true
                result.unicodeScalars.append(isFinal ? "\u{03C2}" : "\u{03C3}")
            } else {
                result += scalar.properties.lowercaseMapping
            }
        }
        return result
    }

    /// `str.splitlines()` without the line ends.
    static func splitLines(_ s: String) -> [String] {
        let scalars = Array(s.unicodeScalars)
        var result: [String] = []
        var start = 0
        var index = 0
        while index < scalars.count {
            if scalars[index].isPythonLineBreak {
                result.append(string(scalars[start..<index]))
                index += scalars[index] == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n" ? 2 : 1
                start = index
            } else {
                index += 1
            }
        }
        if start < scalars.count { result.append(string(scalars[start...])) }
        return result
    }

    /// Decodes strict UTF-8 the way Python's `utf-8` codec does, or names the line of the first
    /// invalid byte.
    static func decodeUTF8(_ bytes: [UInt8]) -> Result<String, InvalidUTF8> {
        if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        var previousWasCR = false
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" {
                    if !previousWasCR { line += 1 }
                } else if scalar == "\r" {
                    line += 1
                }
                previousWasCR = scalar == "\r"
            case .emptyInput:
                return .failure(InvalidUTF8(line: line))
            case .error:
                return .failure(InvalidUTF8(line: line))
            }
        }
    }

    struct InvalidUTF8: Error { var line: Int }
}
