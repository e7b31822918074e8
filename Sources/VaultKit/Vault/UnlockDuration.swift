// How long `vault unlock` keeps the vault open: `90s`, `15m`, `2h`, `1h30m`; at most 12 hours.
import VaultBase

/// Durations of the unlock window.
public enum UnlockDuration {
    /// Used when neither `--for` nor the `unlock-duration` setting says otherwise.
    public static let defaultSeconds: UInt32 = 15 * 60
    /// The longest window: a working day.
    public static let maximumSeconds: UInt32 = 12 * 3600
    /// The setting that changes the default.
    public static let settingKey = "unlock-duration"

    /// Seconds in `text`: one or more number-and-unit parts (`h`, `m`, `s`), largest unit first.
    /// `setting` names the setting in the error instead of the option.
    public static func seconds(_ text: String, setting: Bool = false) throws(VaultError) -> UInt32 {
        var total: UInt64 = 0
        var number: UInt64?
        var lastUnit = UInt64.max
        for c in text.unicodeScalars {
            if ("0"..."9").contains(c) {
                number = min((number ?? 0) * 10 + UInt64(c.value - 48), 1 << 32)
                continue
            }
            let unit: UInt64
            switch c {
            case "h": unit = 3600
            case "m": unit = 60
            case "s": unit = 1
            default: throw .protectors(.invalidDuration(text, setting: setting))
            }
            guard let n = number, unit < lastUnit else { throw .protectors(.invalidDuration(text, setting: setting)) }
            total += n * unit
            number = nil
            lastUnit = unit
        }
        guard number == nil, lastUnit != .max else { throw .protectors(.invalidDuration(text, setting: setting)) }
        guard total >= 1, total <= UInt64(maximumSeconds) else {
            throw .protectors(.durationOutOfRange(text, setting: setting))
        }
        return UInt32(total)
    }

    /// `--for` if given, else the setting, else 15 minutes.
    public static func chosen(_ option: String?, settings: Settings) throws(VaultError) -> UInt32 {
        if let option { return try seconds(option) }
        if let value = settings[settingKey], !value.isEmpty { return try seconds(value, setting: true) }
        return defaultSeconds
    }
}
