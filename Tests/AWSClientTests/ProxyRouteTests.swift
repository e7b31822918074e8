import Testing

@testable import AWSClient

/// Which proxy an HTTPS request takes, read from the environment, and the words of its failures
/// (the CONNECT exchange itself is tested end to end in Tests/integration/test_proxy.py).
@Suite("proxy route")
struct ProxyRouteTests {
    private func route(_ variables: [String: String], host: String = "sts.amazonaws.com") throws(TransportError)
        -> ProxyRoute?
    {
        try ProxyRoute.forRequest(scheme: "https", host: host, environment: { variables[$0] })
    }

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
