/// One HTTP header as it goes on the wire. Names compare case-insensitively when signing.
public struct Header: Sendable, Equatable {
    public var name: String
    public var value: String

    /// A header `name: value`.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An HTTP request exactly as it will be sent, in the parts SigV4 signs.
public struct SignableRequest: Sendable, Equatable {
    /// The method, e.g. "POST"; signed as given.
    public var method: String
    /// Host and optional port, e.g. "sts.us-east-1.amazonaws.com" or "127.0.0.1:5000"; signed as the Host header.
    public var host: String
    /// The path as sent on the wire (already URI-encoded), e.g. "/".
    public var path: String
    /// The raw query string as sent, without "?"; may be empty.
    public var query: String
    /// The other headers in wire order; duplicates allowed.
    public var headers: [Header]
    /// The payload bytes.
    public var body: [UInt8]

    /// A request with the given parts.
    public init(
        method: String, host: String, path: String, query: String = "", headers: [Header] = [], body: [UInt8] = []
    ) {
        self.method = method
        self.host = host
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

extension Header {
    /// Whether this header is called `name`, ignoring ASCII case.
    func isNamed(_ name: String) -> Bool { ASCII.equalIgnoringCase(self.name, name) }
}
