// `vault config`: show, set or unset vault's own settings.
import ArgumentParser
import VaultKit

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show or change vault's settings (admin-profile, key-max-age-days).",
        discussion: """
            Examples:
              vault config admin-profile my-admin
              vault config admin-profile
              vault config
            """)

    @Argument(help: "The setting.")
    var key: String?

    @Argument(help: "Its new value.")
    var value: String?

    @Flag(help: "Remove the setting.")
    var unset = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        var settings = try Settings(environment: global.context().environment)
        guard let key else {
            for (name, meaning) in Settings.keys.sorted(by: { $0.key < $1.key }) {
                Output.print("\(name) = \(settings[name] ?? "(unset)")    # \(meaning)")
            }
            return
        }
        if unset || value != nil {
            try settings.set(key, unset ? nil : value)
        } else {
            guard Settings.keys[key] != nil else {
                throw VaultError.setup(.unknownSettingToShow(key))
            }
            Output.print(settings[key] ?? "")
        }
    }
}
