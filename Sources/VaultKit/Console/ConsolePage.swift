// Where a console sign-in or Switch Role lands: a service page (`--path`) in a region (`--region`).

/// A page of the AWS console: a path under the console's address and a region, both checked
/// so that neither can point the browser anywhere but the partition's console.
public struct ConsolePage: Equatable, Sendable {
    /// `s3/home`, `ec2/home#Instances`; empty for the console's home page.
    public let path: String
    public let region: String?

    public static let home = ConsolePage(path: "", region: nil)

    /// `path` without its leading slashes; call `isValidPath` and `isValidRegion` first.
    public init(path: String?, region: String?) {
        self.path = String((path ?? "").drop { $0 == "/" })
        self.region = region
    }

    /// A console path: letters, digits and `/ - _ . ~ # : =`, no `..` segment, not a URL of its own.
    public static func isValidPath(_ path: String) -> Bool {
        let trimmed = path.drop { $0 == "/" }
        guard !trimmed.isEmpty, trimmed.utf8.count <= 512, !trimmed.contains("//") else { return false }
        guard trimmed.split(separator: "/").allSatisfy({ $0 != ".." && $0 != "." }) else { return false }
        return trimmed.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || "/-_.~#:=".unicodeScalars.contains(scalar))
        }
    }

    /// An AWS region name such as `eu-west-1` or `us-gov-west-1`: lowercase words and a number.
    public static func isValidRegion(_ region: String) -> Bool {
        let parts = region.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, region.utf8.count <= 32, let number = parts.last, !number.isEmpty,
            number.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return false }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLowercase } }
    }

    /// The page's address on `site`: `https://console.aws.amazon.com/PATH`, with a region the
    /// regional host and `?region=` (the console's own form), the fragment kept last.
    public func url(on site: SignInSite) -> String {
        guard let region else { return site.console + path }
        let base = site.console.replacingOccurrences(of: "https://", with: "https://\(region).")
        let page = path.isEmpty ? "console/home" : path
        let (beforeFragment, fragment) =
            page.firstIndex(of: "#").map { (String(page[..<$0]), String(page[$0...])) } ?? (page, "")
        return base + beforeFragment + "?region=" + region + fragment
    }
}
