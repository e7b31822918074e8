import SigV4

/// A role as `vault setup` and `vault doctor` see it.
public struct IAMRole: Sendable, Equatable {
    public var name: String
    public var arn: String
    /// The trust policy, as JSON text (IAM returns it URL-encoded; this is decoded).
    public var trustPolicy: String
    public var maxSessionDuration: Int
}

extension IAMClient {
    /// The role, or `.noSuchEntity`.
    public func getRole(name: String, credentials: borrowing SigningCredentials) throws(AWSError) -> IAMRole {
        let action = "GetRole"
        return try call(action, [("RoleName", name)], credentials: credentials) { (doc: XMLDocument) throws(AWSError) in
            try Self.role(doc, action: action)
        }
    }

    /// Creates a role with `trustPolicy` (JSON) and a session limit.
    public func createRole(
        name: String, trustPolicy: String, maxSessionDuration: Int, description: String,
        credentials: borrowing SigningCredentials
    ) throws(AWSError) -> IAMRole {
        let action = "CreateRole"
        let parameters = [
            ("RoleName", name), ("AssumeRolePolicyDocument", trustPolicy),
            ("MaxSessionDuration", String(maxSessionDuration)),
            ("Description", description),
        ]
        return try call(action, parameters, credentials: credentials) { (doc: XMLDocument) throws(AWSError) in
            try Self.role(doc, action: action)
        }
    }

    /// Replaces a role's trust policy.
    public func updateAssumeRolePolicy(roleName: String, trustPolicy: String, credentials: borrowing SigningCredentials)
        throws(AWSError)
    {
        try call(
            "UpdateAssumeRolePolicy", [("RoleName", roleName), ("PolicyDocument", trustPolicy)],
            credentials: credentials
        ) {
            (_: XMLDocument) throws(AWSError) in
        }
    }

    /// Sets a role's maximum session duration (3600–43200 s).
    public func updateRole(roleName: String, maxSessionDuration: Int, credentials: borrowing SigningCredentials)
        throws(AWSError)
    {
        try call(
            "UpdateRole", [("RoleName", roleName), ("MaxSessionDuration", String(maxSessionDuration))],
            credentials: credentials
        ) {
            (_: XMLDocument) throws(AWSError) in
        }
    }

    /// Attaches a managed policy to a role.
    public func attachRolePolicy(roleName: String, policyARN: String, credentials: borrowing SigningCredentials)
        throws(AWSError)
    {
        try call("AttachRolePolicy", [("RoleName", roleName), ("PolicyArn", policyARN)], credentials: credentials) {
            (_: XMLDocument) throws(AWSError) in
        }
    }

    /// ARNs of the managed policies attached to a role.
    public func listAttachedRolePolicies(roleName: String, credentials: borrowing SigningCredentials) throws(AWSError)
        -> [String]
    {
        try members("ListAttachedRolePolicies", [("RoleName", roleName)], field: "PolicyArn", credentials: credentials)
    }

    /// ARNs of the managed policies attached to a user.
    public func listAttachedUserPolicies(userName: String, credentials: borrowing SigningCredentials) throws(AWSError)
        -> [String]
    {
        try members("ListAttachedUserPolicies", [("UserName", userName)], field: "PolicyArn", credentials: credentials)
    }

    /// Names of a user's inline policies.
    public func listUserPolicies(userName: String, credentials: borrowing SigningCredentials) throws(AWSError)
        -> [String]
    {
        try members("ListUserPolicies", [("UserName", userName)], field: nil, credentials: credentials)
    }

    /// Names of the groups a user is in.
    public func listGroupsForUser(userName: String, credentials: borrowing SigningCredentials) throws(AWSError)
        -> [String]
    {
        try members("ListGroupsForUser", [("UserName", userName)], field: "GroupName", credentials: credentials)
    }

    /// A user's inline policy document (decoded JSON), or `.noSuchEntity`.
    public func getUserPolicy(userName: String, policyName: String, credentials: borrowing SigningCredentials)
        throws(AWSError) -> String
    {
        let action = "GetUserPolicy"
        return try call(action, [("UserName", userName), ("PolicyName", policyName)], credentials: credentials) {
            (doc: XMLDocument) throws(AWSError) in
            percentDecoded(try doc.required(["PolicyDocument"], action: action))
        }
    }

    /// Creates or replaces a user's inline policy.
    public func putUserPolicy(
        userName: String, policyName: String, document: String, credentials: borrowing SigningCredentials
    ) throws(AWSError) {
        try call(
            "PutUserPolicy", [("UserName", userName), ("PolicyName", policyName), ("PolicyDocument", document)],
            credentials: credentials
        ) { (_: XMLDocument) throws(AWSError) in }
    }

    /// Serial numbers (ARNs) of a user's MFA devices.
    public func listMFADevices(userName: String, credentials: borrowing SigningCredentials) throws(AWSError) -> [String]
    {
        try members("ListMFADevices", [("UserName", userName)], field: "SerialNumber", credentials: credentials)
    }

    /// The text of `field` in each `member` of a list response (the member's own text when nil).
    private func members(
        _ action: String, _ parameters: [(String, String)], field: String?, credentials: borrowing SigningCredentials
    ) throws(AWSError) -> [String] {
        try call(action, parameters, credentials: credentials) { (doc: XMLDocument) throws(AWSError) in
            doc.all("member").compactMap { member in
                field.map { doc.text(path: [$0], under: member) } ?? doc.text(member)
            }
        }
    }

    private static func role(_ doc: XMLDocument, action: String) throws(AWSError) -> IAMRole {
        guard let role = doc.first("Role") else { throw .malformedResponse(action: action, reason: "no Role") }
        let duration = doc.text(path: ["MaxSessionDuration"], under: role).flatMap { Int($0) } ?? 3600
        return IAMRole(
            name: try doc.required(["RoleName"], action: action, under: role),
            arn: try doc.required(["Arn"], action: action, under: role),
            trustPolicy: percentDecoded(doc.text(path: ["AssumeRolePolicyDocument"], under: role) ?? ""),
            maxSessionDuration: duration)
    }
}

/// `%XX` sequences decoded (IAM returns policy documents URL-encoded); other bytes kept.
public func percentDecoded(_ text: String) -> String {
    let bytes = Array(text.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x37
        case 0x61...0x66: return c - 0x57
        default: return nil
        }
    }
    while i < bytes.count {
        if bytes[i] == 0x25, i + 2 < bytes.count, let hi = hex(bytes[i + 1]), let lo = hex(bytes[i + 2]) {
            out.append(hi << 4 | lo)
            i += 3
        } else {
            out.append(bytes[i])
            i += 1
        }
    }
    return String(decoding: out, as: UTF8.self)
}
