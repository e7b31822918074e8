// Using a login: a live access token (refreshed before expiry, without a prompt), role
// credentials from the portal, the accounts and roles it reaches, and signing out.
import AWSClient
import AWSConfig
import VaultCrypto

extension SSOLogins {
    /// The login's access token: the sealed one while more than 15 minutes remain, else a fresh
    /// one from the refresh token (sealed again, one refresh at a time). An expired login that
    /// cannot be refreshed asks the user to sign in again.
    public func accessToken(_ login: SSOLogin) throws(VaultError) -> SecureBytes {
        let store = try SSOTokenStore.standard(environment: context.environment)
        if let token = try usable(store.load(login), login) { return token }
        return try store.withLock(login) { () throws(VaultError) -> SecureBytes in
            guard let record = store.load(login) else { throw .sso(.notLoggedIn(login: login.displayName)) }
            let now = context.now()
            if record.token.expiresAt - now > Self.refreshWindow { return try copy(record.token.accessToken) }
            guard record.token.canRefresh, record.registration.expiresAt > now else {
                return try stillValid(record, login)
            }
            let oidc: SSOOIDCClient
            do throws(AWSError) {
                oidc = try SSOOIDCClient(
                    region: record.region, environment: context.environment, configuration: configuration)
            } catch { throw .from(error) }
            let token: SSOToken
            do throws(AWSError) {
                token = try oidc.refresh(client: record.registration, refreshToken: record.token.refreshToken, now: now)
            } catch .ssoTokenInvalid {
                store.remove(login)  // revoked or rotated away: it will never work again
                throw .sso(.loginExpired(login: login.displayName))
            } catch .transport(let failure, let attempts) where record.token.expiresAt > now {
                // Offline but the old token still has a few minutes: use it, refresh next time.
                context.notice("warning: \(AWSError.transport(failure, attempts: attempts).problem)")
                return try copy(record.token.accessToken)
            } catch { throw SSOError.from(error, login: login.displayName) }
            let access = try copy(token.accessToken)
            let fresh = SSOLoginRecord(
                startURL: record.startURL, region: record.region,
                registration: SSOClientRegistration(
                    clientID: record.registration.clientID, clientSecret: try copy(record.registration.clientSecret),
                    expiresAt: record.registration.expiresAt),
                token: token)
            try store.store(login, fresh)
            return access
        }
    }

    /// The token when more than the refresh window remains; nil when it needs a refresh.
    private func usable(_ record: consuming SSOLoginRecord?, _ login: SSOLogin) throws(VaultError) -> SecureBytes? {
        guard let record else { throw .sso(.notLoggedIn(login: login.displayName)) }
        guard record.token.expiresAt - context.now() > Self.refreshWindow else { return nil }
        return try copy(record.token.accessToken)
    }

    /// A token that cannot be refreshed (legacy login, expired registration): used until it ends.
    private func stillValid(_ record: borrowing SSOLoginRecord, _ login: SSOLogin) throws(VaultError) -> SecureBytes {
        guard record.token.expiresAt > context.now() else { throw .sso(.loginExpired(login: login.displayName)) }
        return try copy(record.token.accessToken)
    }

    /// The role's credentials from the portal.
    func roleCredentials(_ source: SSOSource, profile: String) throws(VaultError) -> TemporaryCredentials {
        let token = try accessToken(source.login)
        do throws(AWSError) {
            let portal = try SSOPortalClient(
                region: source.login.region, environment: context.environment, configuration: configuration)
            return try portal.getRoleCredentials(
                accountID: source.accountID, roleName: source.roleName, accessToken: token)
        } catch .ssoTokenInvalid {
            // Revoked at the service although vault's clock gave it time: forget it.
            _ = try? SSOTokenStore.standard(environment: context.environment).remove(source.login)
            throw .sso(.loginExpired(login: source.login.displayName))
        } catch {
            throw SSOError.from(
                error, login: source.login.displayName, profile: profile, source: (source.accountID, source.roleName))
        }
    }

    /// Every account the login reaches, with its roles.
    public func accountsAndRoles(_ login: SSOLogin) throws(VaultError) -> [(account: SSOAccount, roles: [String])] {
        let token = try accessToken(login)
        do throws(AWSError) {
            let portal = try SSOPortalClient(
                region: login.region, environment: context.environment, configuration: configuration)
            var result: [(account: SSOAccount, roles: [String])] = []
            for account in try portal.listAccounts(accessToken: token) {
                result.append(
                    (account, try portal.listAccountRoles(accountID: account.accountID, accessToken: token)))
            }
            return result
        } catch { throw SSOError.from(error, login: login.displayName) }
    }

    /// Signs out at the service (best effort) and forgets the sealed login and the shared file
    /// vault wrote. Returns whether there was a login.
    @discardableResult
    public func signOut(_ login: SSOLogin) throws(VaultError) -> Bool {
        let store = try SSOTokenStore.standard(environment: context.environment)
        return try store.withLock(login) { () throws(VaultError) -> Bool in
            guard let record = store.load(login) else { return false }
            if record.token.expiresAt > context.now() {
                do throws(AWSError) {
                    let portal = try SSOPortalClient(
                        region: record.region, environment: context.environment, configuration: configuration)
                    try portal.logout(accessToken: record.token.accessToken)
                } catch .ssoTokenInvalid {
                    // Already over at the service.
                } catch {
                    context.notice("warning: could not sign out at IAM Identity Center: \(error.problem)")
                }
            }
            store.remove(login)
            SharedTokenFile.remove(
                login: login, clientID: record.registration.clientID, environment: context.environment)
            return true
        }
    }

    private func copy(_ secret: borrowing SecureBytes) throws(VaultError) -> SecureBytes {
        do { return try secret.slice(0..<secret.count) } catch {
            throw .sso(.cannotStore(reason: "secure memory: \(error)"))
        }
    }
}
