// `vault-bench tpm TCTI [ROUNDS]`: TPM2Sealer seal and unseal against the TPM that TCTI names (a
// swtpm that Vault/bench.d/tpm_unseal.py starts), in process; one JSON line of medians in ms.
import TPM2
import VaultCrypto

/// Times seal and unseal without PIN and with PIN + PCR 7, `rounds` times each, and prints the
/// medians (the first call also loads tpm2-tss: timed separately as `first_unseal_ms`).
func benchTPM(tcti: String, rounds: Int) throws {
    let sealer = TPM2Sealer(tcti: tcti)
    var secretBytes = [UInt8](repeating: 0x5A, count: 32)
    let secret = try SecureBytes(takingAndWiping: &secretBytes)
    let noPIN = try SecureBytes(count: 0)
    var pinBytes = Array("bench PIN".utf8)
    let pin = try SecureBytes(takingAndWiping: &pinBytes)

    func milliseconds(_ body: () throws -> Void) rethrows -> Double {
        let start = monotonicNanoseconds()
        try body()
        return Double(monotonicNanoseconds() - start) / 1_000_000
    }
    func median(_ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<rounds { times.append(try milliseconds(body)) }
        return times.sorted()[times.count / 2]
    }

    var plain: [UInt8] = []
    let first = try milliseconds { plain = try sealer.seal(secret, pin: noPIN, pcrs: []) }
    let sealPlain = try median { plain = try sealer.seal(secret, pin: noPIN, pcrs: []) }
    let unsealPlain = try median { _ = try sealer.unseal(plain, pin: noPIN) }
    var bound: [UInt8] = []
    let sealBound = try median { bound = try sealer.seal(secret, pin: pin, pcrs: [7]) }
    let unsealBound = try median { _ = try sealer.unseal(bound, pin: pin) }
    print(
        "{\"first_seal_ms\": \(first), \"seal_ms\": \(sealPlain), \"unseal_ms\": \(unsealPlain), "
            + "\"seal_pin_pcr_ms\": \(sealBound), \"unseal_pin_pcr_ms\": \(unsealBound), \"rounds\": \(rounds)}")
}
