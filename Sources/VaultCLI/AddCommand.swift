import ArgumentParser
import VaultKit

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Seal a profile's long-term access key into the vault.",
        discussion: """
            Asks for the key ID and the secret (hidden) on a terminal, or reads two lines from
            standard input (key ID, then secret). Needs no passphrase once the vault exists.

            Examples:
              vault add default
              printf '%s\\n%s\\n' "$ID" "$SECRET" | vault add default
              vault add default --env        # from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
            """)

    @Argument(help: "The profile whose keys these are (the source_profile of your role profiles).")
    var profile: String

    @Flag(help: "Take the key from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.")
    var env = false

    @Flag(help: "Replace the profile's key without asking.")
    var force = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = global.context()
        let vault = Vault(context: context)
        var replace = force
        if !replace, try vault.contains(profile: profile) {
            guard context.prompter.canPrompt, !env else {
                throw VaultError("profile '\(profile)' is already in the vault", hint: "replace its key with: vault add \(profile) --force")
            }
            guard try context.prompter.confirm("Profile '\(profile)' is already in the vault. Replace its key?") else {
                throw VaultError("kept the existing key of '\(profile)'", hint: "nothing was changed")
            }
            replace = true
        }
        let key = try (env ? AccessKeyInput.environment : .automatic).read(context: context)
        try vault.add(profile: profile, key: key, replace: replace)
        Output.info("added '\(profile)' to \(vault.store.path)")
    }
}
