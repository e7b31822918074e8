/// Text for the admin-keys commands.
public enum AdminReportFormatter {
    public static func text(_ report: AdminKeysReport, dryRun: Bool) -> String {
        if let note = report.note { return "user \(report.user): \(note)" }
        var lines = ["user \(report.user)\(dryRun ? " (dry run: nothing changed)" : ""):"]
        for change in report.changes {
            let arrow =
                change.before == change.after ? "\(change.after) (unchanged)" : "\(change.before) → \(change.after)"
            lines.append(
                "  \(change.maskedID)  \(arrow)\(change.isSigningKey ? "  [signing key, changed last]" : "")"
                    + "  last used: \(change.lastUsed ?? "never")")
        }
        return lines.joined(separator: "\n")
    }
}
