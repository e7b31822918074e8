// `--path` and `--region` of `vault console` and `vault login`, checked before anything runs.
import ArgumentParser
import VaultKit

enum ConsolePageOptions {
    static func validate(path: String?, region: String?) throws {
        if let path, !ConsolePage.isValidPath(path) {
            throw ValidationError(
                "--path must be a console page like s3/home or ec2/home#Instances (letters, digits, / - _ . ~ # : =), not '\(path)'"
            )
        }
        if let region, !ConsolePage.isValidRegion(region) {
            throw ValidationError("--region must be an AWS region like eu-west-1, not '\(region)'")
        }
    }
}
