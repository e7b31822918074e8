// swift-tools-version:6.0
import PackageDescription

// One dependency: swift-argument-parser, for the thin `vault` executable only (help, completions,
// validation). Everything else is the Swift toolchain plus Debian's libsodium, libsecret and
// libkeyutils, reached through the tiny system-library targets below; OpenSSL and libsecret are
// loaded at run time, only when vault talks to AWS over HTTPS or to the Secret Service.
let package = Package(
    name: "vault",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vault", targets: ["VaultCLI"]),
        .library(name: "VaultKit", targets: ["VaultKit"]),
        // The signer micro-benchmark Vault/bench drives (docs/performance.md); not installed.
        .executable(name: "vault-bench", targets: ["VaultBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // C libraries, each behind a module map; only the wrapper modules import them.
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        // libsecret is opened with dlopen when the Secret Service is used (Sources/CSecret/shim.h
        // says why), so neither pkg-config nor its headers are needed to build.
        .systemLibrary(name: "CSecret"),
        .systemLibrary(name: "CKeyutils", providers: [.apt(["libkeyutils-dev"])]),
        .systemLibrary(name: "CSystemShims"),
        // OpenSSL's headers only: AWSClient loads libssl.so.3 with dlopen on the first HTTPS
        // request, so nothing links it (a cached credential_process call never maps it).
        .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),
        // libqrencode's header only: TerminalQR loads libqrencode.so.4 with dlopen when
        // `vault create-mfa-device` shows a QR code; nothing links it.
        .systemLibrary(name: "CQRencode", providers: [.apt(["libqrencode-dev"])]),
        // tpm2-tss's headers only: TPM2 loads libtss2-esys, -tctildr, -mu and -rc with dlopen when a
        // TPM protector is first used, so a vault without one never maps them.
        .systemLibrary(name: "CTSS2", providers: [.apt(["libtss2-dev"])]),

        // The pure helpers every layer shares, one of each: ISO 8601 and calendar arithmetic, the
        // banded edit distance, the strict JSON reader. No dependencies, no Foundation.
        .target(name: "VaultBase"),
        // Owned secrets and the libsodium primitives vault uses.
        .target(name: "VaultCrypto", dependencies: ["CSodium"]),
        // The vault file's bytes: encode, decode, verify (pure; see Vault/FORMAT.md).
        .target(name: "VaultFormat", dependencies: ["VaultCrypto"]),
        // Files on disk: paths, permissions, locks, atomic writes, unlocking.
        .target(name: "VaultStore", dependencies: ["VaultFormat", "VaultCrypto", "CSystemShims"]),
        // The freedesktop Secret Service through libsecret.
        .target(name: "SecretService", dependencies: ["CSecret", "VaultCrypto"]),
        // The Linux kernel keyring, home of the session-cache key.
        .target(name: "KernelKeyring", dependencies: ["CKeyutils", "VaultCrypto"]),
        // Sealing a small secret to a TPM 2.0 (salted sessions, PIN and PCR policies) through tpm2-tss.
        .target(name: "TPM2", dependencies: ["CTSS2", "VaultCrypto"]),
        // AWS Signature Version 4: a pure function of request, credentials and time.
        .target(name: "SigV4", dependencies: ["VaultBase", "VaultCrypto"]),
        // ~/.aws/config and ~/.aws/credentials, read the way the AWS CLI reads them.
        .target(name: "AWSConfig", dependencies: ["VaultBase"]),
        // STS and IAM over HTTPS: transport, XML, error mapping.
        .target(name: "AWSClient", dependencies: ["VaultBase", "SigV4", "VaultCrypto", "COpenSSL"]),
        // A QR code as Unicode half blocks for the terminal (the MFA device's provisioning URI).
        .target(name: "TerminalQR", dependencies: ["VaultCrypto", "CQRencode"]),
        // What the commands do; the CLI is a thin layer over this.
        .target(
            name: "VaultKit",
            dependencies: [
                "VaultBase", "VaultStore", "VaultFormat", "VaultCrypto", "SecretService", "KernelKeyring",
                "SigV4", "AWSConfig", "AWSClient", "CSystemShims", "TerminalQR", "TPM2",
            ]
        ),
        .executableTarget(
            name: "VaultCLI",
            dependencies: [
                "VaultKit", "VaultStore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "VaultBench", dependencies: ["SigV4", "VaultCrypto", "TPM2"]),

        // What several test targets share (a seeded generator); not a product.
        .testTarget(
            name: "VaultBaseTests", dependencies: ["VaultBase", "TestSupport"], exclude: ["json_reference.py"]),
        .testTarget(name: "VaultCryptoTests", dependencies: ["VaultCrypto"]),
        .testTarget(name: "VaultFormatTests", dependencies: ["VaultFormat", "VaultCrypto"]),
        .testTarget(name: "VaultStoreTests", dependencies: ["VaultStore", "VaultFormat", "VaultCrypto"]),
        .testTarget(name: "SecretServiceTests", dependencies: ["SecretService", "VaultCrypto"]),
        .testTarget(
            name: "TPM2Tests", dependencies: ["TPM2", "VaultKit", "VaultCrypto"], exclude: ["bus_recorder.py"]),
        .testTarget(name: "KernelKeyringTests", dependencies: ["KernelKeyring", "VaultCrypto"]),
        .testTarget(
            name: "SigV4Tests", dependencies: ["SigV4", "VaultCrypto"], exclude: ["botocore_crosscheck.py"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "AWSConfigTests", dependencies: ["AWSConfig", "TestSupport"], exclude: ["botocore_profiles.py"]),
        .testTarget(name: "AWSClientTests", dependencies: ["AWSClient", "SigV4", "VaultCrypto", "TestSupport"]),
        .testTarget(
            name: "VaultKitTests",
            dependencies: ["VaultKit", "TestSupport", "AWSClient", "AWSConfig", "VaultFormat", "VaultCrypto", "SigV4"]),
        // The CLI's parsing against the fast path's: both must build the same SessionInvocation.
        .testTarget(name: "VaultCLITests", dependencies: ["VaultCLI", "VaultKit"]),
        // Fakes for every seam (clock, transport, prompter, keyring, entropy) and a temporary
        // vault world, shared by the test targets that drive the use cases.
        .target(
            name: "TestSupport",
            dependencies: ["VaultKit", "AWSClient", "VaultCrypto", "VaultFormat", "KernelKeyring", "SigV4"],
            path: "Tests/TestSupport"),

        // The fuzz targets (docs/reliability.md, Fuzzing): Vault/scripts/fuzz compiles them with
        // libFuzzer; FuzzReplayTests replays the committed corpora through them in `swift test`.
        .target(
            name: "FuzzTargets", dependencies: ["VaultFormat", "VaultCrypto", "AWSConfig", "AWSClient", "SigV4"],
            path: "Tests/FuzzTargets"),
        .testTarget(name: "FuzzReplayTests", dependencies: ["FuzzTargets"]),
    ]
)
