// The TPM's public and private parts of a sealed object to and from bytes, with tpm2-tss's marshaller.
internal import CTSS2

/// TPM2B_PUBLIC then TPM2B_PRIVATE, as `Tss2_MU_*_Marshal` writes them.
func marshal(
    _ publicPart: UnsafePointer<TPM2B_PUBLIC>, _ privatePart: UnsafePointer<TPM2B_PRIVATE>, _ library: TSSLibrary
) throws(TPM2Error) -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: Int(CTSS2_MARSHALLED_MAX))
    var offset = 0
    let code = buffer.withUnsafeMutableBufferPointer { out in
        let first = library.marshalPublic(publicPart, out.baseAddress, out.count, &offset)
        return first != 0 ? first : library.marshalPrivate(privatePart, out.baseAddress, out.count, &offset)
    }
    guard code == 0 else { throw .failed(step: "Tss2_MU_Marshal", code: code, text: library.describe(code)) }
    return Array(buffer[..<offset])
}

/// The two parts back; `.malformedBlob` unless `bytes` are exactly the two, marshalled.
func unmarshal(_ bytes: [UInt8], _ library: TSSLibrary) throws(TPM2Error) -> (TPM2B_PUBLIC, TPM2B_PRIVATE) {
    var publicPart = TPM2B_PUBLIC()
    var privatePart = TPM2B_PRIVATE()
    var offset = 0
    let code = bytes.withUnsafeBufferPointer { input in
        let first = library.unmarshalPublic(input.baseAddress, input.count, &offset, &publicPart)
        return first != 0 ? first : library.unmarshalPrivate(input.baseAddress, input.count, &offset, &privatePart)
    }
    guard code == 0, offset == bytes.count else { throw .malformedBlob }
    return (publicPart, privatePart)
}
