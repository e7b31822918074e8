// Which proxy an HTTPS request goes through: the environment variables, no_proxy, the proxy URL.
import Testing

@testable import AWSClient

@Suite("proxy route")
struct ProxyRouteTests {
    private func route(
        _ variables: [String: String], scheme: String = "https", host: String = "sts.amazonaws.com"
    ) throws(TransportError) -> ProxyRoute? {
        try ProxyRoute.forRequest(scheme: scheme, host: host) { variables[$0] }
    }

    private func hostOf(_ variables: [String: String]) throws -> String? { try route(variables)?.host }

    @Test func variablesArePickedInOrder() throws {
        let all = ["https_proxy": "a:1", "HTTPS_PROXY": "b:2", "all_proxy": "c:3", "ALL_PROXY": "d:4"]
        #expect(try route(all) == ProxyRoute(host: "a", port: 1, authorization: nil, variable: "https_proxy"))
        #expect(try hostOf(all.filter { $0.key != "https_proxy" }) == "b")
        #expect(try hostOf(["all_proxy": "c:3", "ALL_PROXY": "d:4"]) == "c")
        #expect(try hostOf(["ALL_PROXY": "d:4"]) == "d")
        #expect(try hostOf(["https_proxy": "", "HTTPS_PROXY": "", "all_proxy": "c:3"]) == "c")
        #expect(try hostOf(["https_proxy": "", "ALL_PROXY": ""]) == nil)
        #expect(try hostOf([:]) == nil)
        #expect(try hostOf(["http_proxy": "e:5", "HTTP_PROXY": "f:6"]) == nil)  // not for HTTPS
    }

    @Test(arguments: ["127.0.0.1", "127.1.2.3", "localhost", "::1"])
    func loopbackIsReachedDirectly(_ host: String) throws {
        #expect(try route(["https_proxy": "proxy:3128"], host: host) == nil)
        #expect(try route(["https_proxy": "proxy:3128"], scheme: "http", host: host) == nil)
    }

    @Test func plainHTTPNeverGoesThroughAProxy() throws {
        #expect(try route(["https_proxy": "proxy:3128", "all_proxy": "proxy:3128"], scheme: "http") == nil)
        #expect(try route(["https_proxy": "proxy:3128"], host: "128.0.0.1")?.host == "proxy")
    }

    @Test func noProxyListsHostsReachedDirectly() throws {
        func bypassed(_ host: String, _ list: String) throws -> Bool {
            try route(["https_proxy": "proxy:3128", "no_proxy": list], host: host) == nil
        }
        #expect(try bypassed("sts.amazonaws.com", "*"))
        #expect(try bypassed("sts.amazonaws.com", "sts.amazonaws.com"))
        #expect(try bypassed("STS.AmazonAWS.com", "sts.amazonaws.COM"))
        #expect(try bypassed("sts.amazonaws.com", "amazonaws.com"))
        #expect(try bypassed("sts.us-east-1.amazonaws.com", ".amazonaws.com"))
        #expect(try bypassed("amazonaws.com", ".amazonaws.com"))
        #expect(try bypassed("sts.amazonaws.com", "example.org, internal ,amazonaws.com"))
        #expect(try bypassed("sts.amazonaws.com", "example.org,,amazonaws.com"))
        #expect(try !bypassed("sts.amazonaws.com", "example.org internal"))
        #expect(try !bypassed("badexample.com", "example.com"))
        #expect(try !bypassed("example.com.evil.net", "example.com"))
        #expect(try !bypassed("sts.amazonaws.com", "s.amazonaws.com"))
        #expect(try !bypassed("sts.amazonaws.com", "*.amazonaws.com,sts"))
        #expect(try !bypassed("sts.amazonaws.com", ""))
        #expect(try bypassed("10.1.2.3", "10.1.2.3"))
        #expect(try bypassed("10.200.3.4", "10.0.0.0/8"))
        #expect(try !bypassed("11.0.0.1", "10.0.0.0/8"))
        #expect(try bypassed("192.168.7.9", "192.168.0.0/16"))
        #expect(try !bypassed("192.169.0.1", "192.168.0.0/16"))
        #expect(try bypassed("8.8.8.8", "0.0.0.0/0"))
        #expect(try !bypassed("10.0.0.1", "10.0.0.0/33"))
        #expect(try !bypassed("10.example.com", "10.0.0.0/8"))
        #expect(try bypassed("2001:db8::1", "[2001:db8::1]"))
        #expect(try !bypassed("sts.amazonaws.com", "/,//,/8,./,[]"))
    }

    @Test func noProxyIsReadInEitherCase() throws {
        #expect(try route(["https_proxy": "p:1", "NO_PROXY": "amazonaws.com"]) == nil)
        #expect(try route(["https_proxy": "p:1", "no_proxy": "amazonaws.com", "NO_PROXY": "other"]) == nil)
        #expect(try route(["https_proxy": "p:1", "no_proxy": "other", "NO_PROXY": "amazonaws.com"])?.host == "p")
    }

    @Test(arguments: ["proxy:+80", "proxy:-1", "proxy: 80", "proxy:0x50", "[::1]:+8080", "proxy:123456"])
    func portsAreDecimalDigitsOnly(_ value: String) {
        #expect(throws: TransportError.self) { try ProxyRoute.parse(value) }
    }

    @Test func proxyURLs() throws {
        #expect(try ProxyRoute.parse("http://proxy.corp:3128") == ProxyRoute(host: "proxy.corp", port: 3128))
        #expect(try ProxyRoute.parse("HTTP://proxy.corp:3128/") == ProxyRoute(host: "proxy.corp", port: 3128))
        #expect(try ProxyRoute.parse("proxy.corp:3128") == ProxyRoute(host: "proxy.corp", port: 3128))
        #expect(try ProxyRoute.parse("proxy.corp") == ProxyRoute(host: "proxy.corp", port: 1080))
        #expect(try ProxyRoute.parse("http://10.0.0.1") == ProxyRoute(host: "10.0.0.1", port: 1080))
        #expect(try ProxyRoute.parse("[::1]:8080") == ProxyRoute(host: "::1", port: 8080))
        #expect(try ProxyRoute.parse("http://[2001:db8::2]/") == ProxyRoute(host: "2001:db8::2", port: 1080))
        #expect(try ProxyRoute.parse("proxy:65535").port == 65535)
    }

    @Test func credentialsBecomeBasicAuthorization() throws {
        let route = try ProxyRoute.parse("http://user:p%40ss@proxy.corp:8080")
        #expect(route == ProxyRoute(host: "proxy.corp", port: 8080, authorization: "Basic dXNlcjpwQHNz"))  // user:p@ss
        #expect(try ProxyRoute.parse("alice@proxy").authorization == "Basic YWxpY2U6")  // alice:
        #expect(
            try ProxyRoute.parse("u:s3cr3t@[::1]:3128")
                == ProxyRoute(host: "::1", port: 3128, authorization: "Basic dTpzM2NyM3Q="))
        #expect(try ProxyRoute.parse("u:p@ss@proxy:1").authorization == "Basic dTpwQHNz")  // the last @ ends them
    }

    @Test(arguments: [
        "https://user:hunter2@proxy:3128", "socks5://user:hunter2@proxy:1080", "socks5h://proxy:1080",
        "http://user:hunter2@proxy:0", "http://user:hunter2@proxy:65536", "user:hunter2@proxy:http",
        "http://user:hunter2@proxy:", "http://user:hunter2@:3128", "http://user:hunter2@[::1]x",
        "user:hunter2@proxy:-1", "user:hunt://er2@proxy:bad", "user:hunter2@",
    ])
    func refusedProxySettingsHideThePassword(_ value: String) {
        var details: [String] = []
        do throws(TransportError) { _ = try ProxyRoute.parse(value) } catch {
            if case .proxy(let detail) = error { details.append(detail) }
        }
        do throws(TransportError) { _ = try route(["HTTPS_PROXY": value]) } catch {
            if case .proxy(let detail) = error { details.append(detail) }
        }
        #expect(details.count == 2, "not refused as a proxy error: \(details)")
        #expect(details.allSatisfy { !$0.contains("hunt") }, "the password shows: \(details)")
        #expect(details.allSatisfy { $0.contains(value.contains("@") ? "…@" : "proxy") }, "\(details)")
    }
}

/// The words of its failures (the CONNECT exchange itself is tested end to end in
/// Tests/integration/test_proxy.py).
extension ProxyRouteTests {
    @Test func theFirstVariableSetNamesTheProxy() throws {
        let proxy = try route(["ALL_PROXY": "http://10.0.0.2:8080", "HTTPS_PROXY": "http://user:p%40ss@10.0.0.1:3128/"])
        #expect(
            proxy
                == ProxyRoute(
                    host: "10.0.0.1", port: 3128, authorization: "Basic dXNlcjpwQHNz", variable: "HTTPS_PROXY"))
        #expect(try route(["https_proxy": "", "all_proxy": "10.0.0.2"])?.variable == "all_proxy")
        #expect(try route(["all_proxy": "10.0.0.2"])?.port == 1080)
    }

    @Test func loopbackAndNoProxyHostsAreDirect() throws {
        #expect(try route(["HTTPS_PROXY": "http://10.0.0.1:3128"], host: "127.0.0.1") == nil)
        #expect(try route(["HTTPS_PROXY": "http://10.0.0.1:3128", "NO_PROXY": ".amazonaws.com"]) == nil)
        #expect(try route(["HTTPS_PROXY": "http://10.0.0.1:3128", "no_proxy": "example.com"]) != nil)
    }

    @Test func anUnusableSettingIsAProxyErrorWithoutThePassword() {
        #expect(
            throws: TransportError.proxy(
                detail: "https_proxy names a socks5:// proxy (socks5://…@10.0.0.1:1080); "
                    + "vault reaches AWS through http:// proxies only")
        ) { try route(["https_proxy": "socks5://user:hunter2@10.0.0.1:1080"]) }
        #expect(
            throws: TransportError.proxy(
                detail: "ALL_PROXY=http://…@10.0.0.1:x is not http://[user:password@]host[:port]")
        ) { try route(["ALL_PROXY": "http://user:hunter2@10.0.0.1:x"]) }
    }

    /// A host that `no_proxy` sends around the proxy, and that cannot be reached directly, says so.
    @Test func aDirectFailureNamesTheNoProxyList() {
        let refused = TransportError.cannotConnect(detail: "could not resolve sts.internal: no such name")
        let bypassed = ["HTTPS_PROXY": "http://10.0.0.1:3128", "NO_PROXY": "internal"]
        #expect(
            ProxyRoute.directFailure(refused, host: "sts.internal", environment: { bypassed[$0] })
                == .cannotConnect(
                    detail: "could not resolve sts.internal: no such name "
                        + "(connected directly, not through the proxy: NO_PROXY lists sts.internal)"))
        let noProxySet = ["NO_PROXY": "internal"]
        #expect(ProxyRoute.directFailure(refused, host: "sts.internal", environment: { noProxySet[$0] }) == refused)
        let timedOut = TransportError.timedOut(seconds: 5)
        #expect(ProxyRoute.directFailure(timedOut, host: "sts.internal", environment: { bypassed[$0] }) == timedOut)
    }
}
