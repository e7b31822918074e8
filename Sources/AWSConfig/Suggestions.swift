// "Did you mean" for profile names.

import VaultBase

enum Suggestions {
    static func closeNames(to name: String, among names: some Sequence<String>, limit: Int = 5) -> [String] {
        let target = Array(name.unicodeScalars)
        let folded = PythonText.lower(name)
        var scored: [(distance: Int, name: String)] = []
        for candidate in names where candidate != name {
            let scalars = Array(candidate.unicodeScalars)
            let distance = EditDistance.levenshtein(target, scalars, limit: 2)
            let lowered = PythonText.lower(candidate)
            let isPrefix =
                !target.isEmpty && (scalars.starts(with: target) || (!scalars.isEmpty && target.starts(with: scalars)))
            if lowered == folded {
                scored.append((0, candidate))
            } else if let distance {
                scored.append((distance, candidate))
            } else if isPrefix {
                scored.append((3, candidate))
            }
        }
        scored.sort { ($0.distance, $0.name) < ($1.distance, $1.name) }
        return scored.prefix(limit).map(\.name)
    }
}
