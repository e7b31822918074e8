// The otpauth:// URI an authenticator app scans, built in locked memory around the seed.
import VaultCrypto

/// `otpauth://totp/AWS:LABEL?secret=SEED&issuer=AWS` (the Key Uri Format authenticator apps
/// read; the defaults SHA1, 6 digits, 30 s are AWS's), in locked memory: it holds the seed.
enum ProvisioningURI {
    static func make(label: String, base32Seed: borrowing SecureBytes) throws(VaultError) -> SecureBytes {
        let head = Array("otpauth://totp/\(PercentEncoding.encode("AWS:" + label))?secret=".utf8)
        let tail = Array("&issuer=AWS".utf8)
        // The seed without its '=' padding, which the format leaves out.
        let seedLength = base32Seed.withUnsafeBytes { raw in raw.prefix { $0 != 0x3D }.count }
        var uri: SecureBytes
        do { uri = try SecureBytes(count: head.count + seedLength + tail.count) } catch {
            throw .mfaDevice(.cannotLockMemory)
        }
        base32Seed.withUnsafeBytes { seed in
            uri.withUnsafeMutableBytes { out in
                out.copyBytes(from: head)
                UnsafeMutableRawBufferPointer(rebasing: out[head.count..<(head.count + seedLength)]).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: seed[0..<seedLength]))
                UnsafeMutableRawBufferPointer(rebasing: out[(head.count + seedLength)...]).copyBytes(from: tail)
            }
        }
        return uri
    }
}
