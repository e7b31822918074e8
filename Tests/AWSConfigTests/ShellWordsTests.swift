import Testing

@testable import AWSConfig

/// Python's `shlex.split`, which botocore uses on `[profile ...]` headers.
@Suite struct ShellWordsTests {
    @Test(
        arguments: [
            ("profile a", ["profile", "a"]), ("profile \"\"", ["profile", ""]), ("profile a\\ b", ["profile", "a b"]),
            ("profile \"a\\\"b\"", ["profile", "a\"b"]), ("profile \"a\\b\"", ["profile", "a\\b"]),
            ("profile 'a\\b'", ["profile", "a\\b"]), ("profile a\"b c\"d", ["profile", "ab cd"]),
            ("profile\ta", ["profile", "a"]), ("profile\u{0B}a", ["profile\u{0B}a"]), ("  a  ", ["a"]),
        ] as [(String, [String])])
    func splitsLikePython(input: String, words: [String]) {
        #expect(ShellWords.split(input) == words)
    }

    @Test func unclosedQuotesAndTrailingBackslashesFail() {
        #expect(ShellWords.split("profile \"a") == nil)
        #expect(ShellWords.split("profile a\\") == nil)
    }

    @Test(arguments: ["a", "a b", "", "it's", "q\"uote", "back\\slash", "x'y\"z\\"])
    func quotingReadsBack(word: String) {
        #expect(ShellWords.split("profile " + ShellWords.quote(word)) == ["profile", word])
    }
}
