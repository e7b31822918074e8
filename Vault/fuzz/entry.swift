// libFuzzer's entry point for one target, picked at compile time by Vault/scripts/fuzz
// (`-D FUZZ_VAULT`, `-D FUZZ_INI`, `-D FUZZ_AWS_RESPONSE`, `-D FUZZ_HTTP_RESPONSE` or
// `-D FUZZ_SSO_RESPONSE`). A broken invariant is a crash, so libFuzzer saves the input like any other.
import FuzzTargets

#if FUZZ_VAULT
let target = FuzzTarget.vault
#elseif FUZZ_INI
let target = FuzzTarget.ini
#elseif FUZZ_AWS_RESPONSE
let target = FuzzTarget.awsResponse
#elseif FUZZ_HTTP_RESPONSE
let target = FuzzTarget.httpResponse
#elseif FUZZ_SSO_RESPONSE
let target = FuzzTarget.ssoResponse
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    let violations = target.run(input)
    if !violations.isEmpty { fatalError("\(target.rawValue): " + violations.joined(separator: "; ")) }
    return 0
}
