// STS: AssumeRole, GetSessionToken, GetCallerIdentity, and reading the credentials they return.
import SigV4

/// AWS Security Token Service: AssumeRole, GetSessionToken, GetCallerIdentity.
public struct STSClient: Sendable {
    let caller: QueryCaller

    /// A client for `region`, honouring `AWS_ENDPOINT_URL_STS` / `AWS_ENDPOINT_URL` in `environment`.
    public init(
        region: String, environment: [String: String], configuration: ServiceConfiguration = ServiceConfiguration()
    ) throws(AWSError) {
        let endpoint = try Endpoint.sts(region: region, environment: environment)
        self.init(endpoint: endpoint, configuration: configuration)
    }

    /// A client for an explicit endpoint.
    public init(endpoint: Endpoint, configuration: ServiceConfiguration = ServiceConfiguration()) {
        caller = QueryCaller(endpoint: endpoint, service: "sts", version: "2011-06-15", configuration: configuration)
    }

    /// The endpoint requests go to.
    public var endpoint: Endpoint { caller.endpoint }

    /// Assumes `roleARN`. With an MFA `tokenCode` the request is never re-sent once it may have
    /// reached AWS: a code works only once.
    public func assumeRole(
        roleARN: String, sessionName: String, durationSeconds: Int? = nil, serialNumber: String? = nil,
        tokenCode: String? = nil, externalID: String? = nil, credentials: borrowing SigningCredentials
    ) throws(AWSError) -> TemporaryCredentials {
        var parameters = [("RoleArn", roleARN), ("RoleSessionName", sessionName)]
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        if let externalID { parameters.append(("ExternalId", externalID)) }
        if let serialNumber { parameters.append(("SerialNumber", serialNumber)) }
        if let tokenCode { parameters.append(("TokenCode", tokenCode)) }
        let context = CallContext(
            action: "AssumeRole", accessKeyID: credentials.accessKeyID, durationSeconds: durationSeconds,
            roleARN: roleARN)
        return try caller.call(
            "AssumeRole", parameters, replayable: tokenCode == nil, context: context, credentials: credentials
        ) { (doc: XMLDocument) throws(AWSError) -> TemporaryCredentials in
            try Self.temporaryCredentials(
                doc, action: "AssumeRole", roleARN: doc.text(path: ["AssumedRoleUser", "Arn"]))
        }
    }

    /// Gets session credentials for the signing user, with MFA when `serialNumber`/`tokenCode`
    /// are given (then never re-sent once it may have reached AWS).
    public func getSessionToken(
        durationSeconds: Int? = nil, serialNumber: String? = nil, tokenCode: String? = nil,
        credentials: borrowing SigningCredentials
    ) throws(AWSError) -> TemporaryCredentials {
        var parameters: [(String, String)] = []
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        if let serialNumber { parameters.append(("SerialNumber", serialNumber)) }
        if let tokenCode { parameters.append(("TokenCode", tokenCode)) }
        let context = CallContext(
            action: "GetSessionToken", accessKeyID: credentials.accessKeyID, durationSeconds: durationSeconds)
        return try caller.call(
            "GetSessionToken", parameters, replayable: tokenCode == nil, context: context, credentials: credentials
        ) { (doc: XMLDocument) throws(AWSError) -> TemporaryCredentials in
            try Self.temporaryCredentials(doc, action: "GetSessionToken", roleARN: nil)
        }
    }

    /// Who the credentials belong to.
    public func getCallerIdentity(credentials: borrowing SigningCredentials) throws(AWSError) -> CallerIdentity {
        let context = CallContext(action: "GetCallerIdentity", accessKeyID: credentials.accessKeyID)
        return try caller.call(
            "GetCallerIdentity", [], replayable: true, context: context, credentials: credentials
        ) { (doc: XMLDocument) throws(AWSError) -> CallerIdentity in
            let action = "GetCallerIdentity"
            return CallerIdentity(
                account: try doc.required(["Account"], action: action), arn: try doc.required(["Arn"], action: action),
                userID: try doc.required(["UserId"], action: action))
        }
    }

    /// Reads `<Credentials>`: the secret and the session token go straight from the body into
    /// locked memory.
    static func temporaryCredentials(
        _ doc: XMLDocument, action: String, roleARN: String?
    ) throws(AWSError) -> TemporaryCredentials {
        guard let credentials = doc.first("Credentials") else {
            throw .malformedResponse(action: action, reason: "no Credentials")
        }
        let keyID = try doc.required(["AccessKeyId"], action: action, under: credentials)
        let token = try doc.requiredToken(["SessionToken"], action: action, under: credentials)
        guard let expiration = try doc.optionalTime(["Expiration"], action: action, under: credentials) else {
            throw .malformedResponse(action: action, reason: "no Credentials/Expiration")
        }
        guard !keyID.isEmpty, token.count > 0 else {
            throw .malformedResponse(action: action, reason: "empty credentials")
        }
        let secret = try doc.requiredSecret(["SecretAccessKey"], action: action, under: credentials)
        return TemporaryCredentials(
            accessKeyID: keyID, secretAccessKey: secret, sessionToken: token, expiration: expiration,
            assumedRoleARN: roleARN)
    }
}
