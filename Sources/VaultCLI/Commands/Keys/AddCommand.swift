// `vault add`: seals a profile's long-term key (typed, from the environment, or imported).
import ArgumentParser
import VaultKit

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Seal a profile's long-term access key into the vault.",
        discussion: """
            Asks for the key ID and the secret (hidden) on a terminal, or reads two lines \
            from standard input (key ID, then secret). Needs no passphrase once the vault \
            exists.

            --import takes the key from the profile's aws_access_key_id and \
            aws_secret_access_key in ~/.aws/credentials (or its [profile NAME] section in \
            ~/.aws/config). --remove-plaintext then unlocks the vault, checks that it opens \
            to the very same key, and only then deletes those lines from the file; every \
            other line stays, and no copy of the old file is kept. Temporary credentials \
            (with aws_session_token) are left alone.

            Examples:
              vault add default
              printf '%s\\n%s\\n' "$ID" "$SECRET" | vault add default
              vault add default --env   # AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
              vault add default --import --remove-plaintext
              vault add --import --all --remove-plaintext
            """)

    @Argument(
        help: "The profile whose keys these are (the source_profile of your role profiles).", completion: .profiles)
    var profile: String?

    @Flag(help: "Take the key from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.")
    var env = false

    @Flag(name: .customLong("import"), help: "Take the key from the profile in ~/.aws/credentials (or ~/.aws/config).")
    var importFromFiles = false

    @Flag(help: "With --import: every profile that has long-term keys in those files.")
    var all = false

    @Flag(help: "With --import: once the vault is proven to open to the same key, delete it from the file.")
    var removePlaintext = false

    @Flag(help: "Replace the profile's key without asking.")
    var force = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if env && importFromFiles { throw ValidationError("--env and --import are two sources of the key; choose one") }
        if all && !importFromFiles { throw ValidationError("--all needs --import") }
        if removePlaintext && !importFromFiles { throw ValidationError("--remove-plaintext needs --import") }
        if all && profile != nil { throw ValidationError("give a profile or --all, not both") }
        if !all && profile == nil { throw ValidationError("missing the profile name (or --import --all)") }
    }

    func run() throws {
        let context = global.context()
        if importFromFiles {
            _ = try PlaintextMigration(context: context).run(
                profile.map { .profile($0) } ?? .all, replace: force, removePlaintext: removePlaintext)
            return
        }
        guard let profile else { return }
        let outcome = try Vault(context: context).addKey(
            profile: profile, input: env ? .environment : .automatic, force: force)
        Output.info(outcome.message)
    }
}
