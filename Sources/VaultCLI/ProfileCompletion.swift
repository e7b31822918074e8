// Shell completion of profile names: the names vault lists for the generated completion scripts.
import ArgumentParser
import VaultKit
import VaultStore

extension CompletionKind {
    /// Profile names from ~/.aws/config, ~/.aws/credentials and the vault (no unlock), for
    /// `vault --generate-completion-script`'s scripts, which call back into vault to get them.
    static var profiles: CompletionKind {
        .custom { _, _, prefix in ProfileNames.known(environment: currentEnvironment(), prefix: prefix) }
    }
}
