// `vault sso login`: the OIDC device authorization flow, polled at the service's pace, and the
// resulting login sealed in the token store.
#if canImport(Glibc)
import Glibc
#endif
import AWSClient
import AWSConfig
import VaultBase
import VaultCrypto

/// What `vault sso login` was asked for.
public struct SSOLoginRequest: Sendable {
    /// An sso-session name or an SSO profile; nil for the only sso-session of the config.
    public var name: String?
    /// Open the verification page with `xdg-open`.
    public var openBrowser: Bool
    /// Also write the AWS CLI's plaintext token file.
    public var share: Bool
    /// Import the AWS CLI's token file instead of signing in.
    public var importToken: Bool
    /// With `importToken`: this file instead of the AWS CLI's file for the login.
    public var importFile: String?

    public init(
        name: String?, openBrowser: Bool = false, share: Bool = false, importToken: Bool = false,
        importFile: String? = nil
    ) {
        self.name = name
        self.openBrowser = openBrowser
        self.share = share
        self.importToken = importToken
        self.importFile = importFile
    }
}

/// IAM Identity Center logins: sign in, keep the tokens sealed and fresh, sign out.
public struct SSOLogins {
    let context: VaultContext
    let configuration: ServiceConfiguration
    /// Waits between polls (a fake in tests).
    let sleeper: any Sleeper

    /// Refresh the access token when fewer than this many seconds remain (botocore: 15 min).
    static let refreshWindow: Int64 = 15 * 60

    public init(
        context: VaultContext, configuration: ServiceConfiguration = ServiceConfiguration(),
        sleeper: any Sleeper = ThreadSleeper()
    ) {
        self.context = context
        self.configuration = configuration
        self.sleeper = sleeper
    }

    /// The login `name` names in ~/.aws/config.
    public func login(named name: String?) throws(VaultError) -> SSOLogin {
        let resolver = try AWSFiles(environment: context.environment).resolver()
        do { return try resolver.ssoLogin(name) } catch { throw .from(error, path: nil) }
    }

    /// Signs in (or imports a token file), seals the login, and writes the shared file if asked.
    /// Returns the login and when its access token expires (ISO 8601).
    public func signIn(_ request: SSOLoginRequest) throws(VaultError) -> (login: SSOLogin, expiresAt: String) {
        let login = try login(named: request.name)
        let store = try SSOTokenStore.standard(environment: context.environment)
        // Nowhere to seal the tokens: say so before the user approves anything.
        guard store.keyStore != .none else { throw .sso(.noKeyStore) }
        let expires = try store.withLock(login) { () throws(VaultError) -> Int64 in
            let record: SSOLoginRecord
            if request.importToken {
                let file = request.importFile ?? SharedTokenFile.path(login: login, environment: context.environment)
                record = try SharedTokenFile.read(path: file, login: login, now: context.now())
            } else {
                record = try deviceFlow(login, openBrowser: request.openBrowser)
            }
            try store.store(login, record)
            if request.share {
                try SharedTokenFile.write(record, login: login, environment: context.environment)
            }
            return record.token.expiresAt
        }
        return (login, ISO8601.format(expires))
    }

    /// `vault sso logout`: signs out of the login `name` names. Returns it and whether there was
    /// a login to sign out of.
    public func signOut(named name: String?) throws(VaultError) -> (login: SSOLogin, hadLogin: Bool) {
        let login = try login(named: name)
        return (login, try signOut(login))
    }

    /// RegisterClient, StartDeviceAuthorization, then CreateToken every `interval` seconds until
    /// the user approves, denies, or the code expires; `slow_down` adds 5 s to the interval.
    func deviceFlow(_ login: SSOLogin, openBrowser: Bool) throws(VaultError) -> SSOLoginRecord {
        let oidc: SSOOIDCClient
        do throws(AWSError) {
            oidc = try SSOOIDCClient(
                region: login.region, environment: context.environment, configuration: configuration)
        } catch { throw .from(error) }
        let scopes = login.session == nil ? [] : (login.scopes.isEmpty ? ["sso:account:access"] : login.scopes)
        let registration = try translated(login) { () throws(AWSError) in
            try oidc.registerClient(name: "vault-\(context.now())", scopes: scopes)
        }
        let authorization = try translated(login) { () throws(AWSError) in
            try oidc.startDeviceAuthorization(client: registration, startURL: login.startURL)
        }
        let page = authorization.verificationURIComplete ?? authorization.verificationURI
        context.notice("To sign in to IAM Identity Center (\(escaped(login.startURL))), open:")
        context.notice("  \(escaped(page))")
        context.notice("and check that it shows the code: \(escaped(authorization.userCode))")
        if openBrowser { Self.open(page, notice: { context.notice($0) }) }
        let deadline = context.now() + authorization.expiresIn
        var interval = authorization.interval
        while true {
            sleeper.sleep(seconds: Double(interval))
            if context.now() > deadline + interval { throw .sso(.deviceCodeExpired) }
            do throws(AWSError) {
                let token = try oidc.createToken(
                    client: registration, deviceCode: authorization.deviceCode, now: context.now())
                context.notice("Signed in to IAM Identity Center (\(escaped(login.displayName))).")
                return SSOLoginRecord(
                    startURL: login.startURL, region: login.region, registration: registration, token: token)
            } catch .ssoAuthorizationPending {
                continue
            } catch .ssoSlowDown {
                interval += 5
            } catch {
                throw SSOError.from(error, login: login.displayName)
            }
        }
    }

    private func translated<T: ~Copyable>(_ login: SSOLogin, _ body: () throws(AWSError) -> T) throws(VaultError) -> T {
        do { return try body() } catch { throw SSOError.from(error, login: login.displayName) }
    }

    /// Starts `xdg-open URL` and waits for it (it returns once the browser is asked).
    static func open(_ url: String, notice: (String) -> Void) {
        var pid: pid_t = 0
        let arguments: [UnsafeMutablePointer<CChar>?] = [strdup("xdg-open"), strdup(url), nil]
        defer { arguments.forEach { free($0) } }
        let status = posix_spawnp(&pid, "xdg-open", nil, nil, arguments, environ)
        guard status == 0 else {
            notice("warning: \(SSOError.cannotOpenBrowser(reason: String(cString: strerror(status))).problem)")
            return
        }
        var ended: Int32 = 0
        _ = waitpid(pid, &ended, 0)
    }
}
