/// One value in a config section, as botocore reads it.
public enum ConfigValue: Hashable, Sendable {
    /// A plain value; continuation lines are joined with `\n`.
    case string(String)
    /// An empty value followed by indented `key = value` lines (botocore `_parse_nested`), as in
    /// `s3 =\n  max_concurrent_requests = 10`. Keys are kept as written (not lower-cased).
    case subsection([String: String])

    /// The plain value, or nil for a subsection.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}
