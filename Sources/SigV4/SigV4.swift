import VaultCrypto

/// AWS Signature Version 4 (header form), as a pure function of request, credentials, scope and
/// date; the steps are public so each can be checked against AWS's published test suite.
public enum SigV4 {
    /// The only algorithm this signer produces.
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// Returns the request with `Host` (if absent), `X-Amz-Date`, `X-Amz-Security-Token` (when the
    /// credentials have one) and `Authorization` headers added.
    public static func sign(
        _ request: SignableRequest, credentials: borrowing SigningCredentials, region: String, service: String,
        date: AmzDate, normalizePath: Bool = true
    ) throws(SigV4Error) -> SignableRequest {
        var signed = try addingSigningHeaders(to: request, date: date, sessionToken: credentials.sessionToken)
        let canonical = canonicalRequest(signed, normalizePath: normalizePath)
        let toSign = stringToSign(canonicalRequest: canonical, date: date, region: region, service: service)
        let signatureHex: String
        do {
            signatureHex = try withSigningKey(
                secretAccessKey: credentials.secretAccessKey, day: date.day, region: region, service: service
            ) { (key) throws(CryptoError) in signature(key: key, stringToSign: toSign) }
        } catch {
            throw .keyDerivationFailed(error)
        }
        let value = authorization(
            accessKeyID: credentials.accessKeyID,
            scope: credentialScope(day: date.day, region: region, service: service),
            signedHeaders: signedHeaders(signed), signature: signatureHex)
        signed.headers.append(Header("Authorization", value))
        return signed
    }

    /// The request as it will be signed and sent: `Host` first when absent, `X-Amz-Date` and
    /// `X-Amz-Security-Token` set (replacing an earlier value in place), any `Authorization` removed.
    public static func addingSigningHeaders(
        to request: SignableRequest, date: AmzDate, sessionToken: String?
    ) throws(SigV4Error) -> SignableRequest {
        var prepared = request
        if let host = prepared.headers.first(where: { $0.isNamed("host") }) {
            let value = trimmedValue(host.value)
            guard ASCII.lowercased(value) == ASCII.lowercased(request.host) else {
                throw .conflictingHost(header: value, host: request.host)
            }
        } else {
            prepared.headers.insert(Header("Host", request.host), at: 0)
        }
        prepared.headers.removeAll { $0.isNamed("authorization") }
        setHeader("X-Amz-Date", to: date.timestamp, in: &prepared.headers)
        if let sessionToken {
            setHeader("X-Amz-Security-Token", to: sessionToken, in: &prepared.headers)
        }
        return prepared
    }

    /// "DAY/REGION/SERVICE/aws4_request".
    public static func credentialScope(day: String, region: String, service: String) -> String {
        "\(day)/\(region)/\(service)/aws4_request"
    }

    /// The string to sign: algorithm, timestamp, credential scope and the canonical request's SHA-256 hex.
    public static func stringToSign(canonicalRequest: String, date: AmzDate, region: String, service: String) -> String
    {
        [
            algorithm, date.timestamp, credentialScope(day: date.day, region: region, service: service),
            Encoding.hex(SHA256.hash(canonicalRequest)),
        ].joined(separator: "\n")
    }

    /// The signing key HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request").
    /// "AWS4" + secret and every intermediate key live only in locked memory.
    public static func signingKey(
        secretAccessKey: borrowing SecureBytes, day: String, region: String, service: String
    ) throws(CryptoError) -> SecureBytes {
        var result = try SecureBytes(count: HMACSHA256.byteCount)
        try withSigningKey(secretAccessKey: secretAccessKey, day: day, region: region, service: service) { key in
            result.withUnsafeMutableBytes { $0.copyMemory(from: key) }
        }
        return result
    }

    /// Runs `body` with the signing key, derived in one locked buffer that is wiped and freed after:
    /// "AWS4" + secret first, then kDate, kRegion, kService and the signing key taking turns in the
    /// last 32 bytes (HMAC reads its key whole before it writes the result). One locked allocation
    /// costs about ten system calls (guard pages, mlock), more than all the hashing of a signature.
    static func withSigningKey<R>(
        secretAccessKey: borrowing SecureBytes, day: String, region: String, service: String,
        _ body: (UnsafeRawBufferPointer) throws(CryptoError) -> R
    ) throws(CryptoError) -> R {
        let prefix = Array("AWS4".utf8)
        let keyStart = prefix.count + secretAccessKey.count
        var buffer = try SecureBytes(count: keyStart + HMACSHA256.byteCount)
        return try buffer.withUnsafeMutableBytes { (all) throws(CryptoError) -> R in
            all.copyBytes(from: prefix)
            secretAccessKey.withUnsafeBytes { secret in
                UnsafeMutableRawBufferPointer(rebasing: all[prefix.count..<keyStart]).copyMemory(from: secret)
            }
            let key = UnsafeMutableRawBufferPointer(rebasing: all[keyStart...])
            hmac(key: UnsafeRawBufferPointer(rebasing: all[..<keyStart]), message: day, into: key)
            for message in [region, service, "aws4_request"] {
                hmac(key: UnsafeRawBufferPointer(key), message: message, into: key)
            }
            return try body(UnsafeRawBufferPointer(key))
        }
    }

    /// The lower-case hex HMAC-SHA-256 of the string to sign under the signing key.
    public static func signature(signingKey: borrowing SecureBytes, stringToSign: String) -> String {
        Encoding.hex(
            Array(stringToSign.utf8).withUnsafeBytes { HMACSHA256.authenticatePublic(key: signingKey, message: $0) })
    }

    private static func signature(key: UnsafeRawBufferPointer, stringToSign: String) -> String {
        var out = [UInt8](repeating: 0, count: HMACSHA256.byteCount)
        Array(stringToSign.utf8).withUnsafeBytes { m in out.withUnsafeMutableBytes { HMACSHA256.authenticate(key: key, message: m, into: $0) } }
        return Encoding.hex(out)
    }

    /// The Authorization header value: "AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…".
    public static func authorization(accessKeyID: String, scope: String, signedHeaders: String, signature: String)
        -> String
    {
        "\(algorithm) Credential=\(accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    /// HMAC(key, message) into `output`, which may be the key's own memory.
    private static func hmac(key: UnsafeRawBufferPointer, message: String, into output: UnsafeMutableRawBufferPointer) {
        Array(message.utf8).withUnsafeBytes { HMACSHA256.authenticate(key: key, message: $0, into: output) }
    }

    /// Sets the first header called `name` to `value` and drops later ones; appends when absent.
    private static func setHeader(_ name: String, to value: String, in headers: inout [Header]) {
        guard let first = headers.firstIndex(where: { $0.isNamed(name) }) else {
            headers.append(Header(name, value))
            return
        }
        headers[first].value = value
        var index = headers.index(after: first)
        while index < headers.endIndex {
            if headers[index].isNamed(name) { headers.remove(at: index) } else { index += 1 }
        }
    }
}
