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

    // Everything after the key, so that a negative number is a value (refused by the key's rule),
    // not an unknown option.
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("Its new value.", valueName: "value"))
    var values: [String] = []

    @Flag(help: "Remove the setting.")
    var unset = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        var settings = try Settings(environment: global.context().environment)
        guard let key else {
            if unset { throw VaultError.setup(.unsetWithoutKey) }
            for (name, meaning) in Settings.keys.sorted(by: { $0.key < $1.key }) {
                let value = settings.valid(name, notice: Output.info) ?? settings[name].map { "\($0) (invalid)" }
                Output.print("\(name) = \(value ?? "(unset)")    # \(meaning)")
            }
            return
        }
        guard values.count <= 1 else { throw VaultError.setup(.tooManySettingValues(key: key)) }
        let value = values.first
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
