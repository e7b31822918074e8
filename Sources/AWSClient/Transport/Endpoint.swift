#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an AWS service is reached and which region its signatures name.
public struct Endpoint: Sendable, Equatable {
    /// `https`, or `http` for loopback hosts only.
    public var scheme: String
    /// Host name or IP address (IPv6 without brackets), lower-cased.
    public var host: String
    /// Explicit port, if the URL had one.
    public var port: Int?
    /// Path to POST to: the URL's path, or `/`.
    public var path: String
    /// Region named in the SigV4 credential scope.
    public var signingRegion: String
    /// A PEM file of CA certificates trusted instead of the system's (`AWS_CA_BUNDLE`), or nil.
    public var caBundle: String?

    /// An endpoint from parts; `path` defaults to `/`.
    public init(
        scheme: String, host: String, port: Int? = nil, path: String = "/", signingRegion: String,
        caBundle: String? = nil
    ) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.signingRegion = signingRegion
        self.caBundle = caBundle
    }

    /// The Host header value: `host[:port]`, IPv6 in brackets.
    public var hostHeader: String { authority(host: host, port: port) }

    /// STS: `AWS_ENDPOINT_URL_STS`, else `AWS_ENDPOINT_URL`, else the regional endpoint; trusting
    /// `AWS_CA_BUNDLE` when set.
    public static func sts(region: String, environment: [String: String]) throws(AWSError) -> Endpoint {
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return try regional(
            "AWS_ENDPOINT_URL_STS", host: "sts.\(region).\(suffix)", region: region, environment: environment)
    }

    /// A regional service: `variable`, else `AWS_ENDPOINT_URL`, else `https://host`, signed for
    /// `region`; trusting `AWS_CA_BUNDLE` when set (STS, and IAM Identity Center's OIDC and portal).
    static func regional(_ variable: String, host: String, region: String, environment: [String: String])
        throws(AWSError) -> Endpoint
    {
        var endpoint: Endpoint
        if let url = configured(variable, environment) {
            endpoint = try parse(url, signingRegion: region)
        } else {
            endpoint = Endpoint(scheme: "https", host: host, signingRegion: region)
        }
        endpoint.caBundle = caBundle(environment)
        return endpoint
    }

    /// IAM: `AWS_ENDPOINT_URL_IAM`, else `AWS_ENDPOINT_URL`, else the partition's global
    /// endpoint (signed for us-east-1 in the aws partition); trusting `AWS_CA_BUNDLE` when set.
    public static func iam(region: String, environment: [String: String]) throws(AWSError) -> Endpoint {
        var endpoint = try iamEndpoint(region: region, environment: environment)
        endpoint.caBundle = caBundle(environment)
        return endpoint
    }

    /// `AWS_CA_BUNDLE`, the AWS CLI's and SDKs' variable for a CA file that replaces the system's
    /// store (a company TLS proxy, a private endpoint); empty counts as unset.
    public static func caBundle(_ environment: [String: String]) -> String? {
        guard let path = environment["AWS_CA_BUNDLE"], !path.isEmpty else { return nil }
        return path
    }

    private static func iamEndpoint(region: String, environment: [String: String]) throws(AWSError) -> Endpoint {
        let global: Endpoint
        if region.hasPrefix("cn-") {
            global = Endpoint(scheme: "https", host: "iam.cn-north-1.amazonaws.com.cn", signingRegion: "cn-north-1")
        } else if region.hasPrefix("us-gov-") {
            global = Endpoint(scheme: "https", host: "iam.us-gov.amazonaws.com", signingRegion: "us-gov-west-1")
        } else {
            global = Endpoint(scheme: "https", host: "iam.amazonaws.com", signingRegion: "us-east-1")
        }
        if let url = configured("AWS_ENDPOINT_URL_IAM", environment) {
            return try parse(url, signingRegion: global.signingRegion)
        }
        return global
    }

    /// The service-specific variable, else the general one; empty values count as unset.
    static func configured(_ specific: String, _ environment: [String: String]) -> String? {
        for name in [specific, "AWS_ENDPOINT_URL"] {
            if let value = environment[name], !value.isEmpty { return value }
        }
        return nil
    }

    /// Parses `scheme://host[:port][/path]`. `http` is refused unless the host is loopback:
    /// responses carry live credentials.
    public static func parse(_ url: String, signingRegion: String) throws(AWSError) -> Endpoint {
        func bad(_ reason: String) -> AWSError { .invalidEndpoint(url: url, reason: reason) }
        guard let schemeEnd = url.firstRange(of: "://") else { throw bad("expected scheme://host") }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "https" || scheme == "http" else { throw bad("scheme must be https or http") }
        let rest = url[schemeEnd.upperBound...]
        guard !rest.contains(where: { $0 == "?" || $0 == "#" || $0 == "@" || $0 == "\\" || $0.isWhitespace })
        else { throw bad("query, fragment, user info, backslash or whitespace not allowed") }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authorityPart = rest[..<slash]
        var path = String(rest[slash...])
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        if path.isEmpty { path = "/" }

        var host: Substring
        var portText: Substring?
        if authorityPart.hasPrefix("[") {
            guard let close = authorityPart.firstIndex(of: "]") else { throw bad("unterminated [IPv6] host") }
            host = authorityPart[authorityPart.index(after: authorityPart.startIndex)..<close]
            let after = authorityPart[authorityPart.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw bad("unexpected text after ]") }
                portText = after.dropFirst()
            }
            guard isIPv6(String(host)) else { throw bad("invalid IPv6 address") }
        } else {
            let parts = authorityPart.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { throw bad("IPv6 addresses need [brackets]") }
            host = parts[0]
            portText = parts.count == 2 ? parts[1] : nil
            guard !host.isEmpty,
                host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") })
            else { throw bad("invalid host name") }
        }
        var port: Int?
        if let portText {
            guard portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(portText),
                (1...65_535).contains(value)
            else { throw bad("invalid port") }
            port = value
        }
        let lowered = host.lowercased()
        if scheme == "http" && !isLoopback(lowered) { throw .insecureEndpoint(host: lowered) }
        return Endpoint(scheme: scheme, host: lowered, port: port, path: path, signingRegion: signingRegion)
    }

    /// `localhost`, an IPv4 address in 127.0.0.0/8 (four decimal parts), or `::1`.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { raw in raw.prefix(15).allSatisfy { $0 == 0 } && raw[15] == 1 }
        }
        return false
    }

    private static func isIPv6(_ host: String) -> Bool {
        var v6 = in6_addr()
        return inet_pton(AF_INET6, host, &v6) == 1
    }
}
