import AWSConfig
import Foundation
import TestSupport
import Testing

/// Resolves every profile of generated role-chaining setups with botocore's own
/// `AssumeRoleProvider` (through `botocore_profiles.py --chains`, with a fake STS) and checks that
/// vault would make the same AssumeRole calls, with the same keys, in the same order.
@Suite struct ChainDifferentialTests {
    /// Profiles p0...p5 with random roles, sources (sometimes missing, sometimes themselves), keys
    /// in either file, and the optional settings; only values both tools accept.
    static func setup(_ rng: inout SplitMix64) -> (config: String, credentials: String) {
        var config = ""
        var credentials = ""
        let names = (0..<6).map { "p\($0)" }
        for name in names {
            config +=
                Bool.random(using: &rng)
                ? "[profile \(name)]\n" : (name == "p0" ? "[default]\n" : "[profile \(name)]\n")
            if Int.random(in: 0..<10, using: &rng) < 6 {
                config += "role_arn = arn:aws:iam::1:role/\(name)\n"
                let source = Int.random(in: 0..<20, using: &rng) == 0 ? "missing" : names.randomElement(using: &rng)!
                if Int.random(in: 0..<20, using: &rng) > 0 {
                    config +=
                        "source_profile = \(source == "p0" && config.contains("[default]") ? "default" : source)\n"
                }
            }
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: config += "aws_access_key_id = AKIA_\(name)_config\naws_secret_access_key = s\n"
            case 1:
                credentials += "[\(name)]\naws_access_key_id = AKIA_\(name)_credentials\naws_secret_access_key = s\n"
            default: break
            }
            if Int.random(in: 0..<3, using: &rng) == 0 { config += "mfa_serial = arn:aws:iam::1:mfa/\(name)\n" }
            if Int.random(in: 0..<4, using: &rng) == 0 {
                config += "duration_seconds = \([900, 3600, 7200].randomElement(using: &rng)!)\n"
            }
            if Int.random(in: 0..<4, using: &rng) == 0 { config += "external_id = ext-\(name)\n" }
            if Int.random(in: 0..<4, using: &rng) == 0 { config += "role_session_name = session-\(name)\n" }
        }
        return (config, credentials)
    }

    @Test func vaultMakesTheCallsBotocoreMakes() throws {
        var rng = SplitMix64(seed: 2024)
        let setups = (0..<250).map { _ in Self.setup(&rng) }
        let directory = try writeCases(
            setups.enumerated().map {
                ("chain\($0.offset)", Array($0.element.config.utf8), Array($0.element.credentials.utf8))
            })
        defer { try? FileManager.default.removeItem(at: directory) }
        let expected = try runBotocore(["--chains", directory.path])

        var compared = (calls: 0, errors: 0, chained: 0)
        for (index, setup) in setups.enumerated() {
            let botocore = expected["chain\(index)"] as? [String: [String: Any]] ?? [:]
            let resolver = try resolver(config: setup.config, credentials: setup.credentials)
            #expect(Set(botocore.keys) == Set(resolver.profileNames))
            for name in resolver.profileNames {
                let theirs = try #require(botocore[name])
                let context =
                    "profile \(name) of:\n\(setup.config)\ncredentials:\n\(setup.credentials)\nbotocore: \(theirs)"
                guard let chain = try? resolver.resolve(name) else {
                    #expect(theirs["error"] != nil, "vault failed where botocore succeeded: \(context)")
                    compared.errors += 1
                    continue
                }
                if !chain.hops.isEmpty && chain.root.raw["aws_access_key_id"] == nil {
                    // Keys would come from vault; botocore, with none in the files, must fail.
                    #expect(theirs["error"] != nil, "\(context)")
                    compared.errors += 1
                    continue
                }
                let calls = try #require(theirs["calls"] as? [[String: Any]], "botocore failed: \(context)")
                #expect(calls.map(Self.describe) == Self.predictedCalls(chain), "\(context)")
                compared.calls += 1
                if chain.isRoleChaining { compared.chained += 1 }
            }
        }
        #expect(compared.calls > 500 && compared.errors > 100 && compared.chained > 50, "\(compared)")
    }

    /// The AssumeRole calls a chain implies, in botocore's terms.
    static func predictedCalls(_ chain: ResolvedChain) -> [String] {
        var key = chain.root.raw["aws_access_key_id"]?.stringValue ?? ""
        var calls: [String] = []
        for hop in chain.hops {
            var call: [String: Any] = ["SourceAccessKeyId": key, "RoleArn": hop.roleARN]
            if let serial = hop.mfaSerial {
                call["SerialNumber"] = serial
                call["TokenCode"] = "123456"
            }
            if let seconds = hop.durationSeconds { call["DurationSeconds"] = seconds }
            if let external = hop.externalID { call["ExternalId"] = external }
            if let session = hop.roleSessionName { call["RoleSessionName"] = session }
            calls.append(describe(call))
            key = "ASIA:" + hop.roleARN
        }
        return calls
    }

    static func describe(_ call: [String: Any]) -> String {
        call.keys.sorted().map { "\($0)=\(call[$0]!)" }.joined(separator: " ")
    }
}
