import Testing

@testable import AWSClient

@Suite("Endpoints")
struct EndpointTests {
    @Test func stsDefaultsToTheRegionalEndpoint() throws {
        let e = try Endpoint.sts(region: "eu-west-1", environment: [:])
        #expect(e == Endpoint(scheme: "https", host: "sts.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"))
        #expect(try Endpoint.sts(region: "cn-north-1", environment: [:]).host == "sts.cn-north-1.amazonaws.com.cn")
    }

    @Test func iamDefaultsToTheGlobalEndpointSignedForUsEast1() throws {
        let e = try Endpoint.iam(region: "eu-west-1", environment: [:])
        #expect(e == Endpoint(scheme: "https", host: "iam.amazonaws.com", signingRegion: "us-east-1"))
        #expect(try Endpoint.iam(region: "us-gov-west-1", environment: [:]).host == "iam.us-gov.amazonaws.com")
    }

    @Test func serviceVariableWinsOverTheGeneralOne() throws {
        let env = [
            "AWS_ENDPOINT_URL": "https://general.example.com",
            "AWS_ENDPOINT_URL_STS": "https://sts.example.com:8443/p/",
        ]
        let sts = try Endpoint.sts(region: "eu-west-1", environment: env)
        #expect(
            sts
                == Endpoint(
                    scheme: "https", host: "sts.example.com", port: 8443, path: "/p", signingRegion: "eu-west-1"))
        #expect(sts.hostHeader == "sts.example.com:8443")
        let iam = try Endpoint.iam(region: "eu-west-1", environment: env)
        #expect(iam == Endpoint(scheme: "https", host: "general.example.com", signingRegion: "us-east-1"))
        let empty = try Endpoint.sts(
            region: "eu-west-1", environment: ["AWS_ENDPOINT_URL_STS": "", "AWS_ENDPOINT_URL": ""])
        #expect(empty.host == "sts.eu-west-1.amazonaws.com")
        let iamOnly = try Endpoint.iam(
            region: "us-east-1", environment: ["AWS_ENDPOINT_URL_IAM": "HTTP://LocalHost:5000"])
        #expect(iamOnly == Endpoint(scheme: "http", host: "localhost", port: 5000, signingRegion: "us-east-1"))
    }

    @Test(arguments: [
        "http://127.0.0.1:5000", "http://127.5.5.5", "http://[::1]:4566/", "http://localhost:5000/x",
        "http://[0:0:0:0:0:0:0:1]:80",
    ])
    func plainHTTPIsAllowedForLoopback(_ url: String) throws {
        let e = try Endpoint.parse(url, signingRegion: "us-east-1")
        #expect(e.scheme == "http")
    }

    @Test(arguments: [
        ("http://10.0.0.1:5000", "10.0.0.1"), ("http://example.com", "example.com"),
        ("http://127.0.0.1.nip.io:5000", "127.0.0.1.nip.io"), ("http://127.1", "127.1"),
        ("http://localhost.example.com", "localhost.example.com"), ("http://0x7f000001", "0x7f000001"),
    ])
    func plainHTTPIsRefusedElsewhere(_ url: String, _ host: String) {
        #expect(throws: AWSError.insecureEndpoint(host: host)) { try Endpoint.parse(url, signingRegion: "us-east-1") }
    }

    @Test func httpsIsAllowedAnywhere() throws {
        let e = try Endpoint.parse("https://10.0.0.1:5000", signingRegion: "us-east-1")
        #expect(e.host == "10.0.0.1" && e.port == 5000 && e.path == "/")
        #expect(try Endpoint.parse("https://[2001:db8::1]:443/", signingRegion: "x").hostHeader == "[2001:db8::1]:443")
    }

    @Test(arguments: [
        "sts.amazonaws.com", "ftp://x", "https://", "https://host:0", "https://host:70000", "https://host:abc",
        "https://user@host", "https://host?x=1", "https://host#f", "https://[::1", "https://[nope]", "https://a:b:c",
        "https://ho st", "https://host:+80", "https://h_st",
    ])
    func malformedURLsAreRefused(_ url: String) {
        #expect {
            try Endpoint.parse(url, signingRegion: "us-east-1")
        } throws: { error in
            if case .invalidEndpoint = error as? AWSError { return true }
            return false
        }
    }

    @Test func errorsReadWell() {
        let error = AWSError.insecureEndpoint(host: "example.com")
        #expect(error.problem.contains("example.com"))
        #expect(error.hint.contains("loopback") || error.hint.contains("localhost"))
    }
}
