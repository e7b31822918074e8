// Durations as people type them: `3600`, `3600s`, `90m`, `4h`, `1h30m` (every option takes the same forms).

/// Parses the duration forms every vault option accepts.
public enum DurationText {
    /// Seconds for `text`, or nil when it is none of the forms: whole seconds (optionally with
    /// `s`), minutes (`m`), hours (`h`), or hours then minutes (`1h30m`).
    public static func seconds(_ text: String) -> Int? {
        var total = 0
        var number = ""
        var seenUnit = false
        for character in text {
            if character.isASCII, character.isNumber {
                number.append(character)
                guard number.count <= 6 else { return nil }
                continue
            }
            guard let value = Int(number) else { return nil }
            switch character {
            case "h": total += value * 3600
            case "m": total += value * 60
            case "s": total += value
            default: return nil
            }
            number = ""
            seenUnit = true
        }
        if !number.isEmpty {
            guard !seenUnit, let value = Int(number) else { return nil }
            return value
        }
        return seenUnit ? total : nil
    }
}
