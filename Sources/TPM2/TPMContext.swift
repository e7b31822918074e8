// One connection to a named TPM: the TCTI and ESYS contexts, finalised once, and the transient
// handles loaded through it, flushed once.
internal import CTSS2
import Glibc

/// An open ESYS context on an explicitly named TCTI. Each `TransientHandle` keeps its context
/// alive, so a context is finalised only after every handle made through it has been flushed.
final class TPMContext {
    let library: TSSLibrary
    let tcti: String
    private var tctiContext: OpaquePointer?
    private(set) var esys: OpaquePointer?

    /// Connects to `tcti` (e.g. `device:/dev/tpmrm0`, `swtpm:host=127.0.0.1,port=2321`). An empty
    /// string is refused: tpm2-tss would search for a TPM itself (see `TPM2Error.tctiNotNamed`).
    init(tcti: String) throws(TPM2Error) {
        guard !tcti.allSatisfy({ $0 == " " || $0 == "\t" }), !tcti.contains("\0") else { throw .tctiNotNamed }
        library = try TSSLibrary.load()
        self.tcti = tcti
        var tctiContext: OpaquePointer?
        let connected = library.tctiInitialize(tcti, &tctiContext)
        guard connected == 0, let tctiContext else { throw Self.connectionError(connected, tcti: tcti, library) }
        self.tctiContext = tctiContext
        var esys: OpaquePointer?
        let initialised = library.initialize(&esys, tctiContext, nil)
        guard initialised == 0, esys != nil else {
            throw classify(initialised, step: "Esys_Initialize")  // deinit finalises the TCTI
        }
        self.esys = esys
    }

    deinit {
        if esys != nil { library.finalize(&esys) }
        if tctiContext != nil { library.tctiFinalize(&tctiContext) }
    }

    /// The step whose authorisation failure means a wrong PIN (elsewhere it is the owner's auth).
    static let unsealStep = "Esys_Unseal"

    /// Throws the classified error unless `code` is success.
    func check(_ code: UInt32, _ step: String) throws(TPM2Error) {
        if code != 0 { throw classify(code, step: step) }
    }

    /// What `code`, returned by `step`, means for the user.
    func classify(_ code: UInt32, step: String) -> TPM2Error {
        if let tpm = ResponseCode.tpmError(code) {
            switch tpm {
            case ResponseCode.authFail where step == Self.unsealStep: return .wrongPIN(triesLeft: triesLeft())
            case ResponseCode.lockout: return .lockout
            case ResponseCode.policyFail: return .pcrsChanged
            case ResponseCode.integrity, ResponseCode.binding, ResponseCode.size: return .foreignBlob
            case _ where ResponseCode.busyWarnings.contains(tpm): return .busy(detail: library.describe(code))
            default: break
            }
        }
        if ResponseCode.tctiError(code) == ResponseCode.tctiTryAgain { return .busy(detail: library.describe(code)) }
        return .failed(step: step, code: code, text: library.describe(code))
    }

    /// Tries left before lockout: TPM2_PT_MAX_AUTH_FAIL minus TPM2_PT_LOCKOUT_COUNTER; nil when
    /// the TPM does not say.
    func triesLeft() -> Int? {
        var data: UnsafeMutablePointer<TPMS_CAPABILITY_DATA>?
        let code = library.getCapability(
            esys, UInt32(CTSS2_TR_NONE), UInt32(CTSS2_TR_NONE), UInt32(CTSS2_TR_NONE), UInt32(CTSS2_CAP_TPM_PROPERTIES),
            UInt32(CTSS2_PT_LOCKOUT_COUNTER), 2, nil, &data)
        guard code == 0, let data else { return nil }
        defer { library.free(data) }
        var counter: UInt32?
        var maximum: UInt32?
        let list = data.pointee.data.tpmProperties
        withUnsafeBytes(of: list.tpmProperty) { raw in
            let properties = raw.bindMemory(to: TPMS_TAGGED_PROPERTY.self)
            for property in properties.prefix(Int(min(list.count, UInt32(properties.count)))) {
                if property.property == UInt32(CTSS2_PT_LOCKOUT_COUNTER) { counter = property.value }
                if property.property == UInt32(CTSS2_PT_MAX_AUTH_FAIL) { maximum = property.value }
            }
        }
        guard let counter, let maximum else { return nil }
        return max(0, Int(maximum) - Int(counter))
    }

    private static func connectionError(_ code: UInt32, tcti: String, _ library: TSSLibrary) -> TPM2Error {
        let text = library.describe(code)
        if let base = ResponseCode.tctiError(code), ResponseCode.tctiUnreachable.contains(base) {
            if let path = devicePath(tcti), access(path, F_OK) == 0 {
                return .deviceUnusable(path: path, detail: text)
            }
            return .absent(tcti: tcti, detail: text)
        }
        if ResponseCode.tctiError(code) == ResponseCode.tctiTryAgain { return .busy(detail: text) }
        return .absent(tcti: tcti, detail: text)
    }

    /// The device file of a `device:PATH` TCTI (`device` alone means /dev/tpm0).
    private static func devicePath(_ tcti: String) -> String? {
        guard tcti == "device" || tcti.hasPrefix("device:") else { return nil }
        let path = tcti.dropFirst("device".count).drop { $0 == ":" }
        return path.isEmpty ? "/dev/tpm0" : String(path)
    }
}

/// A transient object or session handle, flushed from the TPM exactly once, when released.
final class TransientHandle {
    let context: TPMContext
    let handle: UInt32

    init(_ context: TPMContext, _ handle: UInt32) {
        self.context = context
        self.handle = handle
    }

    deinit { _ = context.library.flushContext(context.esys, handle) }
}
