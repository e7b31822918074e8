// `vault sso`: IAM Identity Center logins (login, logout, list).
import ArgumentParser

struct SSOCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sso",
        abstract: "Sign in to IAM Identity Center; tokens stay sealed.",
        discussion: """
            SSO profiles ([sso-session NAME] with sso_session, sso_account_id, sso_role_name in the
            profile, or the legacy sso_start_url/sso_region in the profile) are then served by
            assume, exec, credential_process and the credential server like any other profile.

            Examples:
              vault sso login corp --open
              vault sso list corp
              vault exec dev -- aws s3 ls
              vault sso logout corp
            """,
        subcommands: [SSOLoginCommand.self, SSOLogoutCommand.self, SSOListCommand.self])
}
