// The AWS CLI v2 / SDK token cache file (`~/.aws/sso/cache/<sha1>.json`): written only on
// `vault sso login --share`, read by `--import`. Field names and file name as botocore's.
#if canImport(Glibc)
import Glibc
#endif
import AWSClient
import AWSConfig
import VaultBase
import VaultCrypto
import VaultStore

enum SharedTokenFile {
    /// `~/.aws/sso/cache/<sha1(session name or start URL)>.json` (botocore `SSOTokenLoader`).
    static func path(login: SSOLogin, environment: [String: String]) -> String {
        Paths.home(environment: environment) + "/.aws/sso/cache/" + SHA1.hex(Array(login.cacheKey.utf8)) + ".json"
    }

    /// Writes the login as botocore reads it (0600, atomic); the plaintext is wiped afterwards.
    static func write(_ record: borrowing SSOLoginRecord, login: SSOLogin, environment: [String: String])
        throws(VaultError)
    {
        var fields: [(String, [UInt8])] = [
            ("startUrl", Array(record.startURL.utf8)), ("region", Array(record.region.utf8)),
            ("accessToken", record.token.accessToken.withUnsafeBytes { Array($0) }),
            ("expiresAt", Array(ISO8601.format(record.token.expiresAt).utf8)),
        ]
        if login.session != nil, record.token.canRefresh {
            fields += [
                ("refreshToken", record.token.refreshToken.withUnsafeBytes { Array($0) }),
                ("clientId", Array(record.registration.clientID.utf8)),
                ("clientSecret", record.registration.clientSecret.withUnsafeBytes { Array($0) }),
                ("registrationExpiresAt", Array(ISO8601.format(record.registration.expiresAt).utf8)),
            ]
        }
        var json = JSONBody.object(fields.map { ($0.0, .bytes($0.1)) })
        for index in fields.indices { Sodium.wipe(&fields[index].1) }
        defer { Sodium.wipe(&json) }
        let file = path(login: login, environment: environment)
        do {
            for directory in [Paths.directory(of: Paths.directory(of: file)), Paths.directory(of: file)] {
                try PrivateFile.prepareDirectory(directory)
            }
            try AtomicFile.write(json, to: file)
        } catch {
            throw .sso(.cannotStore(reason: "\(file): \(error)"))
        }
    }

    /// Reads a token file written by the AWS CLI (or as botocore's tests write them).
    static func read(path: String, login: SSOLogin, now: Int64) throws(VaultError) -> SSOLoginRecord {
        func unusable(_ reason: String) -> VaultError { .sso(.importUnusable(path: path, reason: reason)) }
        // The AWS CLI writes it 0600, botocore's tests with the umask: both are accepted.
        guard var bytes = readAny(path) else { throw unusable("it cannot be read (missing, not a file, or too large)") }
        let answer: JSONAnswer
        do { answer = try JSONAnswer(taking: &bytes) } catch { throw unusable("it is not JSON") }
        if let url = answer.text("startUrl"), url != login.startURL {
            throw unusable("it is for \(url), not \(login.startURL)")
        }
        guard let access = try? answer.secret("accessToken"), access.count > 0 else {
            throw unusable("it has no accessToken")
        }
        guard let expiresText = answer.text("expiresAt"), let expiresAt = parseTime(expiresText) else {
            throw unusable("it has no readable expiresAt")
        }
        let refresh = try secretOrEmpty(answer, "refreshToken", unusable)
        let secret = try secretOrEmpty(answer, "clientSecret", unusable)
        let registrationExpiry = answer.text("registrationExpiresAt").flatMap(parseTime) ?? 0
        guard expiresAt > now || (refresh.count > 0 && secret.count > 0 && registrationExpiry > now) else {
            throw unusable("its token has expired and cannot be refreshed")
        }
        return SSOLoginRecord(
            startURL: login.startURL, region: answer.text("region") ?? login.region,
            registration: SSOClientRegistration(
                clientID: answer.text("clientId") ?? "", clientSecret: secret, expiresAt: registrationExpiry),
            token: SSOToken(accessToken: access, refreshToken: refresh, expiresAt: expiresAt))
    }

    private static func secretOrEmpty(_ answer: JSONAnswer, _ key: String, _ unusable: (String) -> VaultError)
        throws(VaultError) -> SecureBytes
    {
        do {
            if let value = try answer.secret(key) { return value }
            return try SecureBytes(count: 0)
        } catch { throw unusable("unreadable \(key)") }
    }

    /// A regular file's bytes (no symbolic link followed), at most 64 KiB.
    private static func readAny(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { _ = close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size <= 64 * 1024 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            offset += n
        }
        return offset == bytes.count ? bytes : nil
    }

    /// Removes the shared file if vault's registration wrote it (same client id), so a logout
    /// does not leave the plaintext copy behind.
    static func remove(login: SSOLogin, clientID: String?, environment: [String: String]) {
        let file = path(login: login, environment: environment)
        guard var bytes = (try? PrivateFile.read(file, limit: 64 * 1024)) ?? nil,
            let answer = try? JSONAnswer(taking: &bytes)
        else { return }
        if clientID == nil || answer.text("clientId") == clientID { _ = unlink(file) }
    }

    /// `2026-12-05T03:42:39Z`, with or without fractions; the old CLI's `...UTC` suffix too.
    static func parseTime(_ text: String) -> Int64? {
        ISO8601.parse(text.hasSuffix("UTC") ? String(text.dropLast(3)) + "Z" : text)
    }
}

/// SHA-1, only to name the shared token file as the AWS CLI does (not used for security).
enum SHA1 {
    static func hex(_ message: [UInt8]) -> String {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var data = message + [0x80]
        while data.count % 64 != 56 { data.append(0) }
        let bits = UInt64(message.count) * 8
        data += (0..<8).reversed().map { UInt8(truncatingIfNeeded: bits >> (8 * UInt64($0))) }
        for chunk in stride(from: 0, to: data.count, by: 64) {
            var w: [UInt32] = []
            for i in 0..<16 {
                var word: UInt32 = 0
                for j in 0..<4 { word = word << 8 | UInt32(data[chunk + 4 * i + j]) }
                w.append(word)
            }
            for i in 16..<80 {
                let x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
                w.append(x << 1 | x >> 31)
            }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for i in 0..<80 {
                let f: UInt32
                let k: UInt32
                switch i {
                case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
                }
                let t = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[i]
                (e, d, c, b, a) = (d, c, b << 30 | b >> 2, a, t)
            }
            h = [h[0] &+ a, h[1] &+ b, h[2] &+ c, h[3] &+ d, h[4] &+ e]
        }
        var bytes: [UInt8] = []
        for word in h {
            for shift: UInt32 in [24, 16, 8, 0] { bytes.append(UInt8(truncatingIfNeeded: word >> shift)) }
        }
        return Encoding.hex(bytes)
    }
}
