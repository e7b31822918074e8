// IAM's virtual MFA devices: create one (its seed in locked memory), enable it with two codes, delete it.
import SigV4
import VaultCrypto

/// A virtual MFA device just created: its ARN and its Base32 seed (the secret an authenticator
/// app keeps), never a String.
public struct VirtualMFADevice: ~Copyable {
    public let serialNumber: String
    /// The seed as Base32 text (RFC 4648 alphabet), as the provisioning URI carries it.
    public let base32Seed: SecureBytes
}

extension IAMClient {
    /// CreateVirtualMFADevice. Never re-sent: a repeat would fail with EntityAlreadyExists and
    /// hide the first answer's seed.
    public func createVirtualMFADevice(name: String, credentials: borrowing SigningCredentials) throws(AWSError)
        -> VirtualMFADevice
    {
        let action = "CreateVirtualMFADevice"
        return try call(action, [("VirtualMFADeviceName", name)], replayable: false, credentials: credentials) {
            (doc: XMLDocument) throws(AWSError) -> VirtualMFADevice in
            guard let device = doc.first("VirtualMFADevice") else {
                throw .malformedResponse(action: action, reason: "no VirtualMFADevice")
            }
            let serial = try doc.required(["SerialNumber"], action: action, under: device)
            // A blob: base64 of the Base32 text.
            let encoded = try doc.requiredSecret(["Base32StringSeed"], action: action, under: device)
            guard var decoded = encoded.withUnsafeBytes({ Encoding.fromBase64($0) }), !decoded.isEmpty,
                decoded.allSatisfy({ (0x41...0x5A).contains($0) || (0x32...0x37).contains($0) || $0 == 0x3D })
            else {
                throw .malformedResponse(action: action, reason: "Base32StringSeed is not base64 of Base32 text")
            }
            do {
                return VirtualMFADevice(serialNumber: serial, base32Seed: try SecureBytes(takingAndWiping: &decoded))
            } catch { throw .localFailure("secure memory: \(error)") }
        }
    }

    /// EnableMFADevice: assigns the device to `userName` once the two consecutive codes match.
    /// Never re-sent: the codes would be spent.
    public func enableMFADevice(
        userName: String, serialNumber: String, code1: String, code2: String, credentials: borrowing SigningCredentials
    ) throws(AWSError) {
        let parameters = [
            ("UserName", userName), ("SerialNumber", serialNumber), ("AuthenticationCode1", code1),
            ("AuthenticationCode2", code2),
        ]
        try call("EnableMFADevice", parameters, replayable: false, credentials: credentials) {
            (_: XMLDocument) throws(AWSError) in
        }
    }

    /// DeleteVirtualMFADevice (only a device assigned to nobody can be deleted).
    public func deleteVirtualMFADevice(serialNumber: String, credentials: borrowing SigningCredentials)
        throws(AWSError)
    {
        try call("DeleteVirtualMFADevice", [("SerialNumber", serialNumber)], credentials: credentials) {
            (_: XMLDocument) throws(AWSError) in
        }
    }
}
