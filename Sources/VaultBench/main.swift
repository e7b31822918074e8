#if canImport(Glibc)
import Glibc
#endif
import SigV4
import VaultCrypto

// `vault-bench sign [ITERATIONS] [ROUNDS]`: SigV4.sign of an STS AssumeRole POST (the request vault
// sends on a fresh assume), timed in rounds; prints one JSON line with the median µs per signature.
// Driven by Vault/bench; it measures, it never gates anything.

func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

let arguments = CommandLine.arguments
if arguments.count >= 3, arguments[1] == "tpm" {
    try benchTPM(tcti: arguments[2], rounds: arguments.count > 3 ? Int(arguments[3]) ?? 20 : 20)
    exit(0)
}
guard arguments.count >= 2, arguments[1] == "sign" else {
    let usage = "usage: vault-bench sign [ITERATIONS] [ROUNDS] | vault-bench tpm TCTI [ROUNDS]\n"
    _ = usage.withCString { write(2, $0, strlen($0)) }
    exit(2)
}
let iterations = arguments.count > 2 ? Int(arguments[2]) ?? 2000 : 2000
let rounds = arguments.count > 3 ? Int(arguments[3]) ?? 15 : 15

let body = Array(
    ("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FPowerUserRole"
        + "&RoleSessionName=vault-1764100000&DurationSeconds=3600"
        + "&SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fdaily&TokenCode=123456").utf8)
let request = SignableRequest(
    method: "POST", host: "sts.us-east-1.amazonaws.com", path: "/",
    headers: [Header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: body)
var secret = Array("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".utf8)
let credentials = SigningCredentials(
    accessKeyID: "AKIDEXAMPLE", secretAccessKey: try SecureBytes(takingAndWiping: &secret))
let date = AmzDate(unixSeconds: 1_764_100_000)

// The signature itself, so the bench can check it against botocore's for the same request and date.
let authorization =
    try SigV4.sign(request, credentials: credentials, region: "us-east-1", service: "sts", date: date)
    .headers.first { $0.name == "Authorization" }?.value ?? ""

var sink = 0
let signOnce = { () throws in
    let signed = try SigV4.sign(request, credentials: credentials, region: "us-east-1", service: "sts", date: date)
    sink &+= signed.headers.count
}

for _ in 0..<(iterations / 10 + 1) { try signOnce() }  // warm-up
var perRound: [Double] = []
for _ in 0..<rounds {
    let start = monotonicNanoseconds()
    for _ in 0..<iterations { try signOnce() }
    perRound.append(Double(monotonicNanoseconds() - start) / Double(iterations) / 1000)
}
perRound.sort()
let median = perRound[perRound.count / 2]
print(
    "{\"median_us\": \(median), \"min_us\": \(perRound[0]), \"iterations\": \(iterations), \"rounds\": \(rounds), \"sink\": \(sink), \"authorization\": \"\(authorization)\"}"
)
