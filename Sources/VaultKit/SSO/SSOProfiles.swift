// `vault sso list --write-profiles`: a profile per account and role a login reaches, written into
// ~/.aws/config with every other line kept (as `vault setup` edits it).
import AWSClient
import AWSConfig
import VaultStore

/// What `vault sso list` found: the login, its accounts and roles, the profiles it wrote.
public struct SSOListing: Sendable {
    public let login: SSOLogin
    public let accounts: [(account: SSOAccount, roles: [String])]
    /// The profiles added to ~/.aws/config; nil when none were asked for.
    public let written: [String]?
}

extension SSOLogins {
    /// `vault sso list`: the accounts and roles the login `name` names reaches, and with
    /// `writeProfiles` a profile for each role no profile uses yet.
    public func list(named name: String?, writeProfiles: Bool) throws(VaultError) -> SSOListing {
        let login = try login(named: name)
        let accounts = try accountsAndRoles(login)
        let written = writeProfiles ? try self.writeProfiles(login, accounts) : nil
        return SSOListing(login: login, accounts: accounts, written: written)
    }

    /// Adds `[profile NAME]` for each role that no profile of the config uses yet; existing
    /// profiles are left alone. Returns the names written.
    public func writeProfiles(_ login: SSOLogin, _ listing: [(account: SSOAccount, roles: [String])])
        throws(VaultError) -> [String]
    {
        let files = AWSFiles(environment: context.environment)
        let path = files.configPath
        let old = try AWSFiles.read(path) ?? []
        let resolver = try files.resolver()
        let existing = Set(
            resolver.profileNames.compactMap { name -> String? in
                guard let profile = resolver.profile(name), let source = try? resolver.ssoSource(profile) else {
                    return nil
                }
                return source.login.cacheKey == login.cacheKey ? source.accountID + "/" + source.roleName : nil
            })
        var editor = ConfigEditor(text: String(decoding: old, as: UTF8.self), kind: .config)
        var written: [String] = []
        for (account, roles) in listing {
            for role in roles where !existing.contains(account.accountID + "/" + role) {
                let name = Self.profileName(account: account, role: role)
                guard resolver.profile(name) == nil else { continue }
                var values: [(key: String, value: String)] =
                    login.session.map { [("sso_session", $0)] }
                    ?? [("sso_start_url", login.startURL), ("sso_region", login.region)]
                values += [("sso_account_id", account.accountID), ("sso_role_name", role), ("region", login.region)]
                do { try editor.set(values, inProfile: name) } catch { throw .from(error, path: path) }
                written.append(name)
            }
        }
        guard !written.isEmpty else { return [] }
        do {
            try Paths.makeDirectory(Paths.directory(of: path))
            AtomicFile.removeStaleTemporaries(of: path, olderThan: 600)
            try AtomicFile.write(Array(editor.text.utf8), to: path)
        } catch {
            throw .cannotWrite(path, error) { .sso(.cannotWriteProfiles(path: path, detail: $0)) }
        }
        return written
    }

    /// `ACCOUNTNAME-ROLE` (or the account id), in the characters profile names allow.
    static func profileName(account: SSOAccount, role: String) -> String {
        let base = (account.name.map { $0.isEmpty ? account.accountID : $0 } ?? account.accountID) + "-" + role
        return String(
            base.map { c in c.isASCII && (c.isLetter || c.isNumber || "._-+=@,".contains(c)) ? c : "-" }.prefix(64))
    }
}
