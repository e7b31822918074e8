// Inputs and helpers shared by the SigV4 tests.
import Foundation
import SigV4
import VaultCrypto

/// The inputs every case of AWS's suite is signed with.
enum SuiteInputs {
    static let accessKeyID = "AKIDEXAMPLE"
    static let secretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let date = AmzDate(timestamp: "20150830T123600Z")!
    static let region = "us-east-1"
    static let service = "service"
}

/// Credentials whose secret is copied from a test string (test code only; production secrets
/// never pass through a String).
func testCredentials(
    accessKeyID: String = SuiteInputs.accessKeyID, secret: String = SuiteInputs.secretAccessKey,
    sessionToken: String? = nil
) throws -> SigningCredentials {
    SigningCredentials(
        accessKeyID: accessKeyID, secretAccessKey: try secureBytes(secret), sessionToken: try secureToken(sessionToken))
}

/// A test session token in locked memory, or none.
func secureToken(_ text: String?) throws -> SecureBytes? {
    guard let text else { return nil }
    return try secureBytes(text)
}

/// `text`'s UTF-8 bytes in locked memory.
func secureBytes(_ text: String) throws -> SecureBytes {
    var bytes = Array(text.utf8)
    return try SecureBytes(takingAndWiping: &bytes)
}

/// A file's text with trailing line breaks removed (the suite's files end inconsistently).
func fixtureText(_ url: URL) throws -> String {
    var text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
    while let last = text.unicodeScalars.last, last == "\n" || last == "\r" { text.unicodeScalars.removeLast() }
    return text
}
