// The fuzz targets: each feeds arbitrary bytes to the real parsing code and returns the
// invariants the input broke (empty when it is handled well). libFuzzer drives them through
// Vault/fuzz/entry.swift (built by Vault/scripts/fuzz); Tests/FuzzReplayTests replays every
// committed corpus and regression input through the same functions under `swift test`.
// A crash, a hang or an unbounded allocation shows by itself; the returned violations are the
// cheap checks on top: round trips, error text fit for a terminal.

/// One fuzz target, named as on the `Vault/scripts/fuzz` command line and in `Vault/fuzz/corpus/`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// `VaultDocument.decode`, the vault file parser (`VaultFileStore` reads through it).
    case vault
    /// `ConfigFile(parsing:kind:)`, `ProfileResolver` and `ConfigEditor` on `~/.aws` files.
    case ini
    /// The STS/IAM clients over a transport that answers with the input: XML reader, response
    /// decoders and error mapping.
    case awsResponse = "aws-response"
    /// `ResponseParser`, the transport's HTTP/1.1 response reader, on raw bytes in reads of any size.
    case httpResponse = "http-response"
    /// The IAM Identity Center clients (SSO OIDC, portal) over a transport that answers with the
    /// input: `JSONAnswer`, each call's field checks, `JSONCaller` and `SSOErrorMapper`.
    case ssoResponse = "sso-response"

    /// Runs one input; the returned strings describe broken invariants.
    public func run(_ input: [UInt8]) -> [String] {
        switch self {
        case .vault: return VaultFileFuzz.run(input)
        case .ini: return ConfigFuzz.run(input)
        case .awsResponse: return ResponseFuzz.run(input)
        case .httpResponse: return HTTPResponseFuzz.run(input)
        case .ssoResponse: return SSOResponseFuzz.run(input)
        }
    }

    /// The most bytes libFuzzer generates for this target (`-max_len`); corpus files may be larger.
    public var maxLength: Int {
        switch self {
        case .vault: return 16_384
        case .ini: return 8_192
        case .awsResponse: return 8_192
        case .httpResponse: return 8_192
        case .ssoResponse: return 8_192
        }
    }
}

/// Text vault prints in a one-line message must not break the line, drive the terminal or flood it.
func terminalViolations(_ text: String, _ what: String, limit: Int = 2_000) -> [String] {
    var out: [String] = []
    if text.unicodeScalars.count > limit { out.append("\(what) is \(text.unicodeScalars.count) characters long") }
    if let bad = text.unicodeScalars.first(where: isUnsafeForTerminal) {
        out.append("\(what) contains U+\(String(bad.value, radix: 16, uppercase: true))")
    }
    return out
}

/// C0/C1 controls, DEL, Unicode line/paragraph separators and bidirectional controls.
func isUnsafeForTerminal(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
}
