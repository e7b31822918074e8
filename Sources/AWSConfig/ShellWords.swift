// botocore names a config profile by `shlex.split(section_name)` (configloader.py
// `_parse_section`), so `[profile "a b"]` is profile `a b`. This is a port of Python 3.11's
// `shlex.split(s)` in POSIX mode with `whitespace_split = True` and no comment characters.

enum ShellWords {
    /// The words of `s`, or nil where Python raises `ValueError` (an unclosed quote, or a trailing
    /// backslash); botocore then ignores the section.
    static func split(_ s: String) -> [String]? {
        enum State { case space, word, quote(Unicode.Scalar), escape }
        var words: [String] = []
        var token = String.UnicodeScalarView()
        var state = State.space
        // Where an escape returns to: the word, or the double quote it appeared in.
        var afterEscape = State.word

        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\r" || c == "\n" }
        func emit() {
            words.append(String(token))
            token = String.UnicodeScalarView()
        }

        for c in s.unicodeScalars {
            switch state {
            case .space:
                if isSpace(c) { continue }
                if c == "\\" {
                    afterEscape = .word
                    state = .escape
                } else if c == "'" || c == "\"" {
                    state = .quote(c)
                } else {
                    token.append(c)
                    state = .word
                }
            case .quote(let q):
                if c == q {
                    state = .word
                } else if c == "\\" && q == "\"" {
                    afterEscape = .quote(q)
                    state = .escape
                } else {
                    token.append(c)
                }
            case .escape:
                // Inside double quotes only `\"` and `\\` are escapes; otherwise the backslash stays.
                if case .quote(let q) = afterEscape, c != "\\", c != q { token.append("\\") }
                token.append(c)
                state = afterEscape
            case .word:
                if isSpace(c) {
                    emit()
                    state = .space
                } else if c == "'" || c == "\"" {
                    state = .quote(c)
                } else if c == "\\" {
                    afterEscape = .word
                    state = .escape
                } else {
                    token.append(c)
                }
            }
        }
        // A word state always holds a token: a character, an escaped one, or a closed quote ("").
        switch state {
        case .space: break
        case .word: emit()
        case .quote, .escape: return nil
        }
        return words
    }

    /// A spelling of `word` that `split` reads back as exactly one word equal to `word`.
    static func quote(_ word: String) -> String {
        let special: Set<Unicode.Scalar> = [" ", "\t", "\r", "\n", "'", "\"", "\\"]
        if !word.isEmpty, !word.unicodeScalars.contains(where: special.contains) { return word }
        if !word.unicodeScalars.contains("'") { return "'\(word)'" }
        var escaped = String.UnicodeScalarView()
        for c in word.unicodeScalars {
            if c == "\"" || c == "\\" { escaped.append("\\") }
            escaped.append(c)
        }
        return "\"\(String(escaped))\""
    }
}
