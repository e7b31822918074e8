import SigV4

/// AWS IAM, the self-service part vault uses: the user and their access keys.
///
/// `userName` nil means the signing user (IAM's default), which needs no extra permission
/// beyond the action itself.
public struct IAMClient: Sendable {
    let caller: QueryCaller

    /// A client for `region`'s partition, honouring `AWS_ENDPOINT_URL_IAM` / `AWS_ENDPOINT_URL`.
    public init(
        region: String = "us-east-1", environment: [String: String],
        configuration: ServiceConfiguration = ServiceConfiguration()
    ) throws(AWSError) {
        self.init(endpoint: try Endpoint.iam(region: region, environment: environment), configuration: configuration)
    }

    /// A client for an explicit endpoint.
    public init(endpoint: Endpoint, configuration: ServiceConfiguration = ServiceConfiguration()) {
        caller = QueryCaller(endpoint: endpoint, service: "iam", version: "2010-05-08", configuration: configuration)
    }

    /// The endpoint requests go to.
    public var endpoint: Endpoint { caller.endpoint }

    /// The named user, or the signing user.
    public func getUser(userName: String? = nil, credentials: borrowing SigningCredentials) throws(AWSError) -> IAMUser
    {
        let action = "GetUser"
        return try call(action, user(userName), credentials: credentials) { (doc: XMLDocument) throws(AWSError) in
            guard let user = doc.first("User") else { throw .malformedResponse(action: action, reason: "no User") }
            return IAMUser(
                userName: try doc.required(["UserName"], action: action, under: user),
                arn: try doc.required(["Arn"], action: action, under: user),
                userID: try doc.required(["UserId"], action: action, under: user))
        }
    }

    /// The user's access keys (at most two, so one page).
    public func listAccessKeys(
        userName: String? = nil, credentials: borrowing SigningCredentials
    ) throws(AWSError) -> [AccessKeyMetadata] {
        let action = "ListAccessKeys"
        return try call(action, user(userName), credentials: credentials) { (doc: XMLDocument) throws(AWSError) in
            guard let list = doc.first("AccessKeyMetadata") else { return [] }
            var keys: [AccessKeyMetadata] = []
            for member in doc.all("member", under: list) {
                keys.append(
                    AccessKeyMetadata(
                        accessKeyID: try doc.required(["AccessKeyId"], action: action, under: member),
                        status: try Self.status(doc.text(path: ["Status"], under: member), action: action),
                        created: try doc.optionalTime(["CreateDate"], action: action, under: member)))
            }
            return keys
        }
    }

    /// Activates or deactivates a key.
    public func updateAccessKey(
        accessKeyID: String, status: AccessKeyStatus, userName: String? = nil,
        credentials: borrowing SigningCredentials
    ) throws(AWSError) {
        let parameters = [("AccessKeyId", accessKeyID), ("Status", status.rawValue)] + user(userName)
        try call("UpdateAccessKey", parameters, credentials: credentials) { (_: XMLDocument) throws(AWSError) in }
    }

    /// Creates a key. Never re-sent once it may have reached AWS: a duplicate would be a key
    /// whose secret nobody saw.
    public func createAccessKey(
        userName: String? = nil, credentials: borrowing SigningCredentials
    ) throws(AWSError) -> NewAccessKey {
        let action = "CreateAccessKey"
        return try call(action, user(userName), replayable: false, credentials: credentials) {
            (doc: XMLDocument) throws(AWSError) -> NewAccessKey in
            guard let key = doc.first("AccessKey") else {
                throw .malformedResponse(action: action, reason: "no AccessKey")
            }
            let id = try doc.required(["AccessKeyId"], action: action, under: key)
            let status = try Self.status(doc.text(path: ["Status"], under: key), action: action)
            let secret = try doc.requiredSecret(["SecretAccessKey"], action: action, under: key)
            return NewAccessKey(accessKeyID: id, secretAccessKey: secret, status: status)
        }
    }

    /// Deletes a key.
    public func deleteAccessKey(
        accessKeyID: String, userName: String? = nil, credentials: borrowing SigningCredentials
    ) throws(AWSError) {
        let parameters = [("AccessKeyId", accessKeyID)] + user(userName)
        try call("DeleteAccessKey", parameters, credentials: credentials) { (_: XMLDocument) throws(AWSError) in }
    }

    /// When, where and with which service a key was last used.
    public func getAccessKeyLastUsed(
        accessKeyID: String, credentials: borrowing SigningCredentials
    ) throws(AWSError) -> AccessKeyLastUsed {
        let action = "GetAccessKeyLastUsed"
        return try call(action, [("AccessKeyId", accessKeyID)], credentials: credentials) {
            (doc: XMLDocument) throws(AWSError) in
            guard let used = doc.first("AccessKeyLastUsed") else {
                return AccessKeyLastUsed(date: nil, service: nil, region: nil)
            }
            // AWS reports a never-used key as ServiceName/Region "N/A".
            func known(_ name: String) -> String? {
                doc.text(path: [name], under: used).flatMap { $0.isEmpty || $0 == "N/A" ? nil : $0 }
            }
            return AccessKeyLastUsed(
                date: try doc.optionalTime(["LastUsedDate"], action: action, under: used),
                service: known("ServiceName"),
                region: known("Region"))
        }
    }

    private func user(_ userName: String?) -> [(String, String)] { userName.map { [("UserName", $0)] } ?? [] }

    func call<T: ~Copyable>(
        _ action: String, _ parameters: [(String, String)], replayable: Bool = true,
        credentials: borrowing SigningCredentials, parse: (XMLDocument) throws(AWSError) -> T
    ) throws(AWSError) -> T {
        let context = CallContext(action: action, accessKeyID: credentials.accessKeyID)
        return try caller.call(
            action, parameters, replayable: replayable, context: context, credentials: credentials, parse: parse)
    }

    private static func status(_ text: String?, action: String) throws(AWSError) -> AccessKeyStatus {
        guard let text, let status = AccessKeyStatus(rawValue: text) else {
            throw .malformedResponse(action: action, reason: "unknown key status")
        }
        return status
    }
}
