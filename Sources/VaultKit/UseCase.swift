// What every use case that talks to AWS works with, made in one place.
import AWSClient

/// The outside world, the user's vault and how AWS is reached: what `SessionBroker`, `RoleSetup`,
/// `Doctor`, `AdminKeys` and `KeyRotation` share.
struct UseCaseWorld {
    let context: VaultContext
    let vault: Vault
    let configuration: ServiceConfiguration

    init(context: VaultContext, configuration: ServiceConfiguration) {
        self.context = context
        self.vault = Vault(context: context)
        self.configuration = configuration
    }
}

/// A use case over a `UseCaseWorld`: its parts read as the use case's own.
protocol UseCase {
    var world: UseCaseWorld { get }
}

extension UseCase {
    var context: VaultContext { world.context }
    var vault: Vault { world.vault }
    var configuration: ServiceConfiguration { world.configuration }
}
