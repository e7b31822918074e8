// `vault create-mfa-device`: a virtual MFA device created, shown, checked with two codes and
// linked to the user, then named in the profile; nothing half-made is left when a step fails.
#if canImport(Glibc)
import Glibc
#endif
import AWSClient
import SigV4
import TerminalQR
import VaultCrypto
import VaultStore

/// What `vault create-mfa-device` is asked for.
public struct MFADeviceRequest {
    /// The vault profile whose IAM user gets the device (unless `user` is given).
    public var profile: String
    /// The IAM user to give the device; nil: the profile's own user.
    public var user: String?
    /// The profile whose vault keys sign the IAM calls (an admin); nil: `profile`.
    public var usingProfile: String?
    /// The device's name; nil: the user's name.
    public var deviceName: String?
    /// Print the Base32 seed instead of the QR code (a headless machine).
    public var showSecret: Bool
    /// The ~/.aws/config profile that gets `mfa_serial`; nil: none (setup writes its own).
    public var configProfile: String?

    public init(
        profile: String = "default", user: String? = nil, usingProfile: String? = nil, deviceName: String? = nil,
        showSecret: Bool = false, configProfile: String? = nil
    ) {
        self.profile = profile
        self.user = user
        self.usingProfile = usingProfile
        self.deviceName = deviceName
        self.showSecret = showSecret
        self.configProfile = configProfile
    }
}

/// Creates and links a virtual MFA device for an IAM user, the article's first manual step.
public struct MFADeviceEnrolment {
    let context: VaultContext
    let configuration: ServiceConfiguration
    /// Where the QR code or the seed is written (the command's result: stdout).
    let output: Int32

    public init(context: VaultContext, configuration: ServiceConfiguration = ServiceConfiguration(), output: Int32 = 1)
    {
        self.context = context
        self.configuration = configuration
        self.output = output
    }

    /// The new device's serial (ARN), enabled for the user and, with `configProfile`, written there.
    public func run(_ request: MFADeviceRequest) throws(VaultError) -> String {
        let vault = Vault(context: context)
        let document = try vault.load()
        let keyPair = try vault.unlock(document)
        let signing = try vault.signingCredentials(
            for: request.usingProfile ?? request.profile, in: document, keyPair: keyPair)
        let iam: IAMClient
        do { iam = try IAMClient(environment: context.environment, configuration: configuration) } catch {
            throw .from(error)
        }
        let userName: String
        if let user = request.user {
            userName = user
        } else {
            let own = try vault.signingCredentials(for: request.profile, in: document, keyPair: keyPair)
            userName = try self.userName(of: request.profile, credentials: own)
        }
        let name = request.deviceName ?? userName
        let device: VirtualMFADevice
        do { device = try iam.createVirtualMFADevice(name: name, credentials: signing) } catch .other(
            "EntityAlreadyExists", _, _)
        {
            throw .mfaDevice(.deviceExists(name: name))
        } catch { throw .from(error, profile: request.usingProfile ?? request.profile) }
        let serial = device.serialNumber
        do throws(VaultError) {
            let account =
                serial.split(separator: ":", omittingEmptySubsequences: false).dropFirst(4).first.map(String.init) ?? ""
            try show(device.base32Seed, label: account.isEmpty ? userName : "\(userName)@\(account)", request: request)
            let (first, second) = try EnrolmentCodes(context: context).twoCodes()
            do {
                try iam.enableMFADevice(
                    userName: userName, serialNumber: serial, code1: first, code2: second, credentials: signing)
            } catch .other("InvalidAuthenticationCode", _, _) {
                throw .mfaDevice(.codesRejected)
            } catch { throw .from(error, profile: request.usingProfile ?? request.profile) }
        } catch {
            // No half-made device: an unassigned virtual device is deleted before the error is told.
            do { try iam.deleteVirtualMFADevice(serialNumber: serial, credentials: signing) } catch {
                context.notice(
                    "warning: the unlinked device \(serial) could not be deleted (\(error.problem)): aws iam delete-virtual-mfa-device --serial-number \(serial)"
                )
            }
            throw error
        }
        if let profile = request.configProfile { try MFASerialEdit.write(serial, into: profile, context: context) }
        return serial
    }

    private func userName(of profile: String, credentials: borrowing SigningCredentials) throws(VaultError) -> String {
        let identity: CallerIdentity
        do {
            let sts = try STSClient(region: "us-east-1", environment: context.environment, configuration: configuration)
            identity = try sts.getCallerIdentity(credentials: credentials)
        } catch { throw .from(error, profile: profile) }
        guard identity.arn.contains(":user/"), let name = identity.arn.split(separator: "/").last else {
            throw .mfaDevice(.notAnIAMUser(profile: profile, arn: identity.arn))
        }
        return String(name)
    }

    /// The QR code of the provisioning URI, or with `showSecret` the seed itself, on `output`.
    private func show(_ seed: borrowing SecureBytes, label: String, request: MFADeviceRequest) throws(VaultError) {
        if request.showSecret {
            try write("Base32 seed (type it into your authenticator app as a time-based key):\n")
            try writeSecret(seed)
            try write("\n")
        } else {
            let uri = try ProvisioningURI.make(label: label, base32Seed: seed)
            let text: SecureBytes
            do { text = try QRMatrix.encode(uri).halfBlockText() } catch {
                switch error {
                case .libraryMissing(let detail): throw .mfaDevice(.noQRCode(detail))
                case .encodingFailed(let code): throw .mfaDevice(.noQRCode("libqrencode failed (errno \(code))"))
                }
            }
            try writeSecret(text)
        }
        context.notice("Add it to your authenticator app, then type two consecutive codes it shows.")
    }

    private func write(_ text: String) throws(VaultError) {
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBytes { raw in Result { () throws(VaultError) in try writeRaw(raw) } }
        try result.get()
    }

    private func writeSecret(_ secret: borrowing SecureBytes) throws(VaultError) {
        try secret.withUnsafeBytes { (raw) throws(VaultError) in try writeRaw(raw) }
    }

    private func writeRaw(_ raw: UnsafeRawBufferPointer) throws(VaultError) {
        do { try FileDescriptor.writeAll(output, raw, path: "the output") } catch {
            throw .mfaDevice(.cannotWrite(errno: error.errno))
        }
    }
}
