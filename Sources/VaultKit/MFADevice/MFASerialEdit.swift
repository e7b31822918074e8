// `mfa_serial = ARN` written into one profile of ~/.aws/config, every other line kept.
import AWSConfig
import VaultStore

enum MFASerialEdit {
    /// Sets `mfa_serial` in `profile` (creating the section if needed) with an atomic write.
    static func write(_ serial: String, into profile: String, context: VaultContext) throws(VaultError) {
        let path = AWSFiles(environment: context.environment).configPath
        let old = try AWSFiles.read(path) ?? []
        var editor = ConfigEditor(text: String(decoding: old, as: UTF8.self), kind: .config)
        do { try editor.set([("mfa_serial", serial)], inProfile: profile) } catch { throw .from(error, path: path) }
        let new = Array(editor.text.utf8)
        guard new != old else { return }
        do {
            try Paths.makeDirectory(Paths.directory(of: path))  // ~/.aws is the user's folder: no mode rule
            AtomicFile.removeStaleTemporaries(of: path, olderThan: 600)
            try AtomicFile.write(new, to: path)
        } catch {
            throw .cannotWrite(path, error) {
                .mfaDevice(.cannotWriteSerial(path: path, profile: profile, serial: serial, detail: $0))
            }
        }
    }
}
