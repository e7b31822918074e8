// The `--profile` option that deactivate-admin-keys and activate-admin-keys share.
import ArgumentParser
import VaultKit

/// Which profile holds the admin user's keys.
struct AdminProfileOptions: ParsableArguments {
    @Option(help: "The admin profile (default: the admin-profile setting, else 'admin').", completion: .profiles)
    var profile: String?

    /// `--profile`, else the `admin-profile` setting, else `admin`.
    func resolve(environment: [String: String]) throws -> String {
        try AdminKeys.adminProfile(profile, environment: environment)
    }
}
