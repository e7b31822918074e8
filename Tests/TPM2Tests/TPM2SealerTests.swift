// Sealing and unsealing against a real swtpm: PIN, dictionary-attack lockout, PCR binding,
// absent TPMs, foreign and damaged blobs.
import Foundation
import TPM2
import Testing
import VaultCrypto
import VaultKit

@Suite struct TPM2SealerTests {
    @Test func roundTripWithoutPIN() throws {
        let tpm = try Swtpm()
        let sealer = TPM2Sealer(tcti: tpm.tcti)
        let bytes = randomBytes(32)
        let secret = try secure(bytes)
        let blob = try sealer.seal(secret, pin: noPIN(), pcrs: [])
        #expect(TPM2Sealer.needsPIN(blob) == false)
        #expect(try opened(sealer.unseal(blob, pin: noPIN())) == bytes)
        #expect(mappedLibraries().contains { $0.contains("libtss2-esys.so.0") })
    }

    @Test func roundTripsTheLargestSecret() throws {
        let tpm = try Swtpm()
        let sealer = TPM2Sealer(tcti: tpm.tcti)
        let bytes = randomBytes(128)
        let secret = try secure(bytes)
        let blob = try sealer.seal(secret, pin: pin("a PIN"), pcrs: [0, 7])
        #expect(try opened(sealer.unseal(blob, pin: pin("a PIN"))) == bytes)
        #expect(throws: TPM2Error.secretSize(129)) { try sealer.seal(secure(randomBytes(129)), pin: noPIN(), pcrs: []) }
        #expect(throws: TPM2Error.invalidPCRs([7, 7])) { try sealer.seal(secret, pin: noPIN(), pcrs: [7, 7]) }
        #expect(throws: TPM2Error.invalidPCRs([24])) { try sealer.seal(secret, pin: noPIN(), pcrs: [24]) }
    }

    @Test func pinRightOpensAndNoPINIsAskedFor() throws {
        let tpm = try Swtpm()
        let sealer = TPM2Sealer(tcti: tpm.tcti)
        let bytes = randomBytes(32)
        let secret = try secure(bytes)
        let blob = try sealer.seal(secret, pin: pin("1234"), pcrs: [])
        #expect(TPM2Sealer.needsPIN(blob) == true)
        #expect(try opened(sealer.unseal(blob, pin: pin("1234"))) == bytes)
        #expect(throws: TPM2Error.pinRequired) { _ = try sealer.unseal(blob, pin: noPIN()) }
    }

    @Test func wrongPINsCountDownToLockoutWhichRefusesTheRightPINUntilCleared() throws {
        let tpm = try Swtpm()
        let sealer = TPM2Sealer(tcti: tpm.tcti)
        let bytes = randomBytes(32)
        let secret = try secure(bytes)
        let blob = try sealer.seal(secret, pin: pin("right"), pcrs: [])
        let plain = try sealer.seal(secret, pin: noPIN(), pcrs: [])
        // swtpm's default: 3 failures before lockout.
        for left in [2, 1, 0] {
            #expect(throws: TPM2Error.wrongPIN(triesLeft: left)) { _ = try sealer.unseal(blob, pin: pin("wrong")) }
        }
        #expect(throws: TPM2Error.lockout) { _ = try sealer.unseal(blob, pin: pin("right")) }
        // A protector without PIN has nothing to guess (noDA): lockout does not stop it.
        #expect(try opened(sealer.unseal(plain, pin: noPIN())) == bytes)
        #expect(VaultError.tpm(.lockout).hint.contains("tpm2_dictionarylockout --clear-lockout"))

        let cleared = try tpm.tool("tpm2_dictionarylockout", ["-c"])
        #expect(cleared.status == 0, "\(cleared.errors)")
        #expect(try opened(sealer.unseal(blob, pin: pin("right"))) == bytes)
        #expect(throws: TPM2Error.wrongPIN(triesLeft: 2)) { _ = try sealer.unseal(blob, pin: pin("wrong")) }
    }

    @Test(arguments: [false, true])
    func pcr7BindingRefusesOnceThePCRChanges(withPIN: Bool) throws {
        let tpm = try Swtpm()
        let sealer = TPM2Sealer(tcti: tpm.tcti)
        let bytes = randomBytes(32)
        let secret = try secure(bytes)
        let code = withPIN ? "9876" : ""
        let blob = try sealer.seal(secret, pin: pin(code), pcrs: [7])
        #expect(try opened(sealer.unseal(blob, pin: pin(code))) == bytes)

        let extended = try tpm.tool("tpm2_pcrextend", ["7:sha256=" + String(repeating: "0", count: 63) + "1"])
        #expect(extended.status == 0, "\(extended.errors)")
        #expect(throws: TPM2Error.pcrsChanged) { _ = try sealer.unseal(blob, pin: pin(code)) }
        // A new seal binds the new value.
        let again = try sealer.seal(secret, pin: pin(code), pcrs: [7])
        #expect(try opened(sealer.unseal(again, pin: pin(code))) == bytes)
    }

    @Test func anAbsentTPMIsSaidToBeAbsent() throws {
        let bytes = randomBytes(32)
        let secret = try secure(bytes)
        let device = TPM2Sealer(tcti: "device:/nonexistent")
        #expect {
            try device.seal(secret, pin: noPIN(), pcrs: [])
        } throws: { error in
            guard case .absent(let tcti, _) = error as? TPM2Error else { return false }
            return tcti == "device:/nonexistent"
        }
        let nobody = TPM2Sealer(tcti: "swtpm:host=127.0.0.1,port=\(try Swtpm.freePort())")
        #expect {
            try nobody.seal(secret, pin: noPIN(), pcrs: [])
        } throws: { error in
            guard case .absent = error as? TPM2Error else { return false }
            return true
        }
        // A file that exists but is no TPM: said so with the path, not as "no TPM".
        #expect {
            try TPM2Sealer(tcti: "device:/dev/null").seal(secret, pin: noPIN(), pcrs: [])
        } throws: { error in
            guard case .deviceUnusable(let path, _) = error as? TPM2Error else { return false }
            return path == "/dev/null"
        }
        let system = SystemTPM(environment: ["VAULT_TPM_TCTI": "device:/nonexistent"])
        #expect {
            try system.seal(secret, pin: noPIN(), pcrs: [])
        } throws: { error in
            guard let error = error as? VaultError, case .tpm(.absent) = error else { return false }
            return error.problem.contains("device:/nonexistent") && error.hint.contains("another protector")
        }
    }

    @Test(arguments: ["", " ", "\t"])
    func anUnnamedTCTIIsRefused(tcti: String) throws {
        let bytes = randomBytes(16)
        let secret = try secure(bytes)
        #expect(throws: TPM2Error.tctiNotNamed) { try TPM2Sealer(tcti: tcti).seal(secret, pin: noPIN(), pcrs: []) }
        #expect(throws: VaultError.tpm(.tctiNotNamed)) {
            _ = try SystemTPM(environment: ["VAULT_TPM_TCTI": tcti]).unseal([1, 0, 0, 0], pin: noPIN())
        }
    }

    @Test func aBlobFromAnotherTPMIsRefusedCleanly() throws {
        let first = try Swtpm()
        let bytes = randomBytes(32)
        let secret = try secure(bytes)
        let blob = try TPM2Sealer(tcti: first.tcti).seal(secret, pin: noPIN(), pcrs: [])
        let second = try Swtpm()
        #expect(throws: TPM2Error.foreignBlob) { _ = try TPM2Sealer(tcti: second.tcti).unseal(blob, pin: noPIN()) }
    }

    @Test func damagedBlobsAreRefused() throws {
        let tpm = try Swtpm()
        let sealer = TPM2Sealer(tcti: tpm.tcti)
        let bytes = randomBytes(32)
        let secret = try secure(bytes)
        let blob = try sealer.seal(secret, pin: noPIN(), pcrs: [])
        var flipped = blob
        flipped[blob.count - 5] ^= 0x01  // inside the encrypted private part
        #expect(throws: TPM2Error.foreignBlob) { _ = try sealer.unseal(flipped, pin: noPIN()) }
        #expect(throws: TPM2Error.malformedBlob) { _ = try sealer.unseal(Array(blob.dropLast()), pin: noPIN()) }
        #expect(throws: TPM2Error.malformedBlob) { _ = try sealer.unseal(blob + [0], pin: noPIN()) }
        #expect(throws: TPM2Error.malformedBlob) { _ = try sealer.unseal([2] + blob.dropFirst(), pin: noPIN()) }
        #expect(throws: TPM2Error.malformedBlob) { _ = try sealer.unseal([], pin: noPIN()) }
        #expect(try opened(sealer.unseal(blob, pin: noPIN())) == bytes)
    }

    @Test func systemTPMSaysHowManyTriesAreLeft() throws {
        let tpm = try Swtpm()
        let system = SystemTPM(environment: ["VAULT_TPM_TCTI": tpm.tcti])
        let bytes = randomBytes(32)
        let secret = try secure(bytes)
        let blob = try system.seal(secret, pin: pin("1111"), pcrs: [])
        #expect(system.needsPIN(blob))
        #expect {
            _ = try system.unseal(blob, pin: pin("2222"))
        } throws: { error in
            (error as? VaultError)?.problem == "wrong TPM PIN: 2 tries left before the TPM locks out"
        }
        #expect(try opened(system.unseal(blob, pin: pin("1111"))) == bytes)
    }
}

func noPIN() throws -> SecureBytes { try SecureBytes(count: 0) }

func pin(_ text: String) throws -> SecureBytes {
    var bytes = Array(text.utf8)
    return try SecureBytes(takingAndWiping: &bytes)
}

func randomBytes(_ count: Int) -> [UInt8] {
    var entropy = SystemEntropy()
    return entropy.bytes(count)
}

func secure(_ bytes: [UInt8]) throws -> SecureBytes {
    var copy = bytes
    return try SecureBytes(takingAndWiping: &copy)
}

/// The unsealed bytes, copied out to compare with what was sealed (test secrets only).
func opened(_ secret: consuming SecureBytes) -> [UInt8] {
    secret.withUnsafeBytes { Array($0) }
}

/// The paths of the shared objects this process has mapped (/proc/self/maps, read to its end:
/// the file reports a size of 0).
func mappedLibraries() -> [String] {
    guard let file = fopen("/proc/self/maps", "r") else { return [] }
    defer { fclose(file) }
    var text = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 65536)
    while case let count = fread(&chunk, 1, chunk.count, file), count > 0 { text += chunk[..<count] }
    return String(decoding: text, as: UTF8.self).split(separator: "\n")
        .compactMap { $0.split(separator: " ").last.map(String.init) }
}
