// The SigV4 signer: headers, string to sign, signing key and Authorization, as pure functions.
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
        var canonical = canonicalRequestBytes(signed, normalizePath: normalizePath)
        // The canonical request holds the session token: wiped once hashed.
        defer { Sodium.wipe(&canonical.bytes) }
        let timestamp = date.timestamp
        let day = String(decoding: timestamp.utf8.prefix(8), as: UTF8.self)
        let scope = credentialScope(day: day, region: region, service: service)
        let toSign = stringToSignBytes(canonicalRequest: canonical.bytes, timestamp: timestamp, scope: scope)
        var signatureBytes = [UInt8](repeating: 0, count: HMACSHA256.byteCount)
        do {
            try withSigningKey(
                secretAccessKey: credentials.secretAccessKey, day: day, region: region, service: service
            ) { key in
                toSign.withUnsafeBytes { message in
                    signatureBytes.withUnsafeMutableBytes {
                        HMACSHA256.authenticate(key: key, message: message, into: $0)
                    }
                }
            }
        } catch {
            throw .keyDerivationFailed(error)
        }
        let value = authorization(
            accessKeyID: credentials.accessKeyID, scope: scope,
            signedHeaders: String(decoding: canonical.signedHeaders, as: UTF8.self),
            signature: Encoding.hex(signatureBytes))
        signed.headers.append(Header("Authorization", value))
        return signed
    }

    /// The request as it will be signed and sent: `Host` first when absent, `X-Amz-Date` and
    /// `X-Amz-Security-Token` set (replacing an earlier value in place), any `Authorization` removed.
    /// The token's header value is the one ordinary copy of it: the HTTP layer sends `String`s.
    public static func addingSigningHeaders(
        to request: SignableRequest, date: AmzDate, sessionToken: borrowing SecureBytes?
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
        switch sessionToken {
        case .some(let token):
            let value = token.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }  // the copy that is sent
            setHeader("X-Amz-Security-Token", to: value, in: &prepared.headers)
        case .none:
            break
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
        let bytes = stringToSignBytes(
            canonicalRequest: Array(canonicalRequest.utf8), timestamp: date.timestamp,
            scope: credentialScope(day: date.day, region: region, service: service))
        return String(decoding: bytes, as: UTF8.self)
    }

    static func stringToSignBytes(canonicalRequest: [UInt8], timestamp: String, scope: String) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(algorithm.utf8.count + timestamp.utf8.count + scope.utf8.count + 67)
        out.append(contentsOf: algorithm.utf8)
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: timestamp.utf8)
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: scope.utf8)
        out.append(UInt8(ascii: "\n"))
        ASCII.appendHex(SHA256.hash(canonicalRequest), to: &out)
        return out
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

    /// Runs `body` with the signing key, derived in locked memory that is wiped after: "AWS4" +
    /// secret first, then kDate, kRegion, kService and the signing key taking turns in the last 32
    /// bytes (HMAC reads its key whole before it writes the result). The memory is the process's
    /// shared locked scratch buffer (`SecureScratch`): a guarded allocation per signature would cost
    /// more system calls than all the hashing of a signature.
    static func withSigningKey<R>(
        secretAccessKey: borrowing SecureBytes, day: String, region: String, service: String,
        _ body: (UnsafeRawBufferPointer) -> R
    ) throws(CryptoError) -> R {
        let prefix = "AWS4".utf8
        let keyStart = prefix.count + secretAccessKey.count
        return try SecureScratch.withBytes(count: keyStart + HMACSHA256.byteCount) { all in
            all.copyBytes(from: prefix)
            secretAccessKey.withUnsafeBytes { secret in
                UnsafeMutableRawBufferPointer(rebasing: all[prefix.count..<keyStart]).copyMemory(from: secret)
            }
            let key = UnsafeMutableRawBufferPointer(rebasing: all[keyStart...])
            hmac(key: UnsafeRawBufferPointer(rebasing: all[..<keyStart]), message: day, into: key)
            hmac(key: UnsafeRawBufferPointer(key), message: region, into: key)
            hmac(key: UnsafeRawBufferPointer(key), message: service, into: key)
            hmac(key: UnsafeRawBufferPointer(key), message: "aws4_request", into: key)
            return body(UnsafeRawBufferPointer(key))
        }
    }

    /// The lower-case hex HMAC-SHA-256 of the string to sign under the signing key.
    public static func signature(signingKey: borrowing SecureBytes, stringToSign: String) -> String {
        Encoding.hex(
            Array(stringToSign.utf8).withUnsafeBytes { HMACSHA256.authenticatePublic(key: signingKey, message: $0) })
    }

    /// The Authorization header value: "AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…".
    public static func authorization(accessKeyID: String, scope: String, signedHeaders: String, signature: String)
        -> String
    {
        "\(algorithm) Credential=\(accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    /// HMAC(key, message) into `output`, which may be the key's own memory.
    private static func hmac(key: UnsafeRawBufferPointer, message: String, into output: UnsafeMutableRawBufferPointer) {
        var message = message
        message.withUTF8 { HMACSHA256.authenticate(key: key, message: UnsafeRawBufferPointer($0), into: output) }
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
