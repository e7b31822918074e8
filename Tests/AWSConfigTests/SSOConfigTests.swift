import AWSConfig
import Foundation
import TestSupport
import Testing

/// IAM Identity Center profiles: `[sso-session NAME]` and the legacy form, read as botocore's
/// SSOProvider reads them, and SSO profiles as the root of a role chain.
@Suite struct SSOConfigTests {
    static let session = "[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\n"

    @Test func sessionProfileTakesTheSessionsKeys() throws {
        let chain = try resolver(
            config: Self.session
                + "sso_registration_scopes = sso:account:access, extra\n[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n"
        ).resolve("dev")
        let sso = try #require(chain.sso)
        #expect(
            sso.login
                == SSOLogin(
                    session: "corp", startURL: "https://x.awsapps.com/start", region: "eu-west-1",
                    scopes: ["sso:account:access", "extra"]))
        #expect(sso.accountID == "1" && sso.roleName == "R" && sso.login.cacheKey == "corp")
        #expect(chain.hops.isEmpty && !chain.isRoleChaining)
    }

    @Test func legacyProfileUsesTheStartURLAsCacheKey() throws {
        let chain = try resolver(
            config:
                "[profile old]\nsso_start_url = https://y/start\nsso_region = us-east-1\nsso_account_id = 2\nsso_role_name = R\n"
        ).resolve("old")
        #expect(chain.sso?.login.session == nil && chain.sso?.login.cacheKey == "https://y/start")
    }

    @Test func roleSourcedFromSSOIsChainingWithTheOneHourLimit() throws {
        let chain = try resolver(
            config: Self.session
                + "[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n[profile up]\nsource_profile = dev\nrole_arn = arn:r\nduration_seconds = 7200\n"
        ).resolve("up")
        #expect(chain.sso?.roleName == "R" && chain.root.name == "dev" && chain.hops.map(\.roleARN) == ["arn:r"])
        #expect(chain.isRoleChaining)
        #expect(chain.issues == [.chainedDurationTooLong(profile: "up", durationSeconds: 7200)])
    }

    @Test func incompleteUnknownAndInconsistentAreErrors() throws {
        #expect(
            throws: ConfigError.ssoIncomplete(profile: "a", missing: ["sso_start_url", "sso_region", "sso_role_name"])
        ) {
            try resolver(config: "[profile a]\nsso_account_id = 1\n").resolve("a")
        }
        #expect(throws: ConfigError.unknownSSOSession(profile: "a", session: "nope")) {
            try resolver(config: "[profile a]\nsso_session = nope\nsso_account_id = 1\n").resolve("a")
        }
        #expect(throws: ConfigError.ssoInconsistent(profile: "a", key: "sso_region")) {
            try resolver(
                config: Self.session
                    + "[profile a]\nsso_session = corp\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n"
            ).resolve("a")
        }
    }

    @Test func loginByNameSessionOrProfile() throws {
        let resolver = try resolver(
            config: Self.session
                + "[profile dev]\nsso_session = corp\n[profile old]\nsso_start_url = https://y\nsso_region = r\n")
        #expect(try resolver.ssoLogin(nil).session == "corp")
        #expect(try resolver.ssoLogin("dev").session == "corp")
        #expect(try resolver.ssoLogin("old").startURL == "https://y")
        #expect(throws: ConfigError.unknownSSOSession(profile: nil, session: "x")) { try resolver.ssoLogin("x") }
        #expect(throws: ConfigError.ssoSessionNeeded(available: [])) {
            try AWSConfigTests.resolver(config: "[default]\n").ssoLogin(nil)
        }
    }

    /// Generated SSO setups resolved by botocore's own SSOProvider (`botocore_profiles.py --sso`):
    /// vault must find the same SSO profiles with the same settings, and fail where it fails.
    @Test func vaultReadsSSOProfilesAsBotocoreDoes() throws {
        var rng = SplitMix64(seed: 18)
        var setups: [String] = []
        for _ in 0..<120 {
            var config = ""
            if Bool.random(using: &rng) { config += Self.session }
            if Int.random(in: 0..<3, using: &rng) == 0 { config += "[sso-session other]\nsso_region = us-west-2\n" }
            for name in ["a", "b", "c"] {
                config += "[profile \(name)]\n"
                for (key, value) in [
                    ("sso_session", ["corp", "other", "missing"].randomElement(using: &rng)!),
                    ("sso_start_url", "https://x.awsapps.com/start"), ("sso_region", "eu-west-1"),
                    ("sso_account_id", "123"), ("sso_role_name", "R"),
                ] where Int.random(in: 0..<4, using: &rng) > 0 {
                    config += "\(key) = \(value)\n"
                }
            }
            setups.append(config)
        }
        let directory = try writeCases(setups.enumerated().map { ("sso\($0.offset)", Array($0.element.utf8), nil) })
        defer { try? FileManager.default.removeItem(at: directory) }
        let expected = try runBotocore(["--sso", directory.path])
        var compared = (sso: 0, errors: 0)
        for (index, config) in setups.enumerated() {
            let theirs = try #require(expected["sso\(index)"] as? [String: [String: Any]])
            let resolver = try resolver(config: config)
            for name in ["a", "b", "c"] {
                let botocore = try #require(theirs[name])
                let profile = try #require(resolver.profile(name))
                if botocore["error"] != nil {
                    #expect(throws: ConfigError.self, "\(config)") { try resolver.ssoSource(profile) }
                    compared.errors += 1
                } else if let settings = botocore["sso"] as? [String: String] {
                    let ours = try #require(try resolver.ssoSource(profile), "\(config)")
                    #expect(
                        ours.login.startURL == settings["sso_start_url"] && ours.login.region == settings["sso_region"])
                    #expect(ours.accountID == settings["sso_account_id"] && ours.roleName == settings["sso_role_name"])
                    #expect(ours.login.session == settings["sso_session"])
                    compared.sso += 1
                } else {
                    #expect(try resolver.ssoSource(profile) == nil, "\(config)")
                }
            }
        }
        #expect(compared.sso > 10 && compared.errors > 10)
    }
}
