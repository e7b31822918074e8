// STS and IAM answers for the recording transport: the XML AWS sends for each action vault
// calls, with made-up ids (no real credentials anywhere).
import AWSClient
import Foundation

/// Builders of Query-API responses. Times are ISO 8601 from unix seconds.
public enum AWSAnswers {
    /// A 200 answer `<ActionResponse><ActionResult>result</ActionResult>…`.
    public static func ok(_ action: String, _ result: String = "") -> HTTPResponse {
        let xml = """
            <\(action)Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/">\
            <\(action)Result>\(result)</\(action)Result>\
            <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>\
            </\(action)Response>
            """
        return HTTPResponse(status: 200, headers: ["Date": httpDate(FakeClock.defaultNow)], body: Array(xml.utf8))
    }

    /// A service error, e.g. `error(403, "AccessDenied", "…")` or `error(404, "NoSuchEntity", "…")`.
    public static func error(_ status: Int, _ code: String, _ message: String = "scripted error") -> HTTPResponse {
        let xml = """
            <ErrorResponse><Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error>\
            <RequestId>00000000-0000-0000-0000-000000000001</RequestId></ErrorResponse>
            """
        return HTTPResponse(status: status, body: Array(xml.utf8))
    }

    public static func credentials(keyID: String, secret: String, token: String, expiration: Int64) -> String {
        "<Credentials><AccessKeyId>\(keyID)</AccessKeyId><SecretAccessKey>\(secret)</SecretAccessKey>"
            + "<SessionToken>\(token)</SessionToken><Expiration>\(iso8601(expiration))</Expiration></Credentials>"
    }

    public static func assumeRole(
        keyID: String = "ASIAFAKESESSION00001", secret: String = "fakeSessionSecret0000000000000000000000",
        token: String = "FakeSessionToken1", expiration: Int64,
        roleARN: String = "arn:aws:iam::123456789012:role/PowerUserRole"
    ) -> HTTPResponse {
        let role = roleARN.split(separator: "/").last.map(String.init) ?? "role"
        return ok(
            "AssumeRole",
            "<AssumedRoleUser><AssumedRoleId>AROAFAKE:vault</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/\(role)/vault</Arn></AssumedRoleUser>"
                + credentials(keyID: keyID, secret: secret, token: token, expiration: expiration))
    }

    public static func getSessionToken(keyID: String = "ASIAFAKESESSION00002", expiration: Int64) -> HTTPResponse {
        ok(
            "GetSessionToken",
            credentials(
                keyID: keyID, secret: "fakeSessionSecret1111111111111111111111", token: "FakeSessionToken2",
                expiration: expiration))
    }

    public static func callerIdentity(user: String = "alice", account: String = "123456789012") -> HTTPResponse {
        ok(
            "GetCallerIdentity",
            "<Arn>arn:aws:iam::\(account):user/\(user)</Arn><UserId>AIDAFAKEUSER00000001</UserId><Account>\(account)</Account>"
        )
    }

    public static func getUser(_ name: String = "alice") -> HTTPResponse {
        ok(
            "GetUser",
            "<User><UserName>\(name)</UserName><Arn>arn:aws:iam::123456789012:user/\(name)</Arn><UserId>AIDAFAKEUSER00000001</UserId></User>"
        )
    }

    /// `keys`: (id, "Active" or "Inactive", created).
    public static func listAccessKeys(_ keys: [(id: String, status: String, created: Int64)]) -> HTTPResponse {
        let members = keys.map {
            "<member><UserName>alice</UserName><AccessKeyId>\($0.id)</AccessKeyId><Status>\($0.status)</Status><CreateDate>\(iso8601($0.created))</CreateDate></member>"
        }
        return ok(
            "ListAccessKeys",
            "<AccessKeyMetadata>\(members.joined())</AccessKeyMetadata><IsTruncated>false</IsTruncated>")
    }

    public static func createAccessKey(id: String, secret: String) -> HTTPResponse {
        ok(
            "CreateAccessKey",
            "<AccessKey><UserName>alice</UserName><AccessKeyId>\(id)</AccessKeyId><Status>Active</Status><SecretAccessKey>\(secret)</SecretAccessKey></AccessKey>"
        )
    }

    public static func lastUsed(_ date: Int64?, service: String = "sts") -> HTTPResponse {
        let used =
            date.map {
                "<LastUsedDate>\(iso8601($0))</LastUsedDate><ServiceName>\(service)</ServiceName><Region>us-east-1</Region>"
            }
            ?? "<ServiceName>N/A</ServiceName><Region>N/A</Region>"
        return ok("GetAccessKeyLastUsed", "<UserName>alice</UserName><AccessKeyLastUsed>\(used)</AccessKeyLastUsed>")
    }

    public static func role(
        _ action: String = "GetRole", name: String, trustPolicy: String, maxSessionDuration: Int = 3600
    ) -> HTTPResponse {
        let encoded = trustPolicy.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? trustPolicy
        return ok(
            action,
            "<Role><RoleName>\(name)</RoleName><Arn>arn:aws:iam::123456789012:role/\(name)</Arn>"
                + "<AssumeRolePolicyDocument>\(encoded)</AssumeRolePolicyDocument><MaxSessionDuration>\(maxSessionDuration)</MaxSessionDuration></Role>"
        )
    }

    /// A list answer whose members hold `field` (or are the text themselves when `field` is nil).
    public static func members(_ action: String, list: String, field: String?, _ values: [String]) -> HTTPResponse {
        let members = values.map { value in
            field.map { "<member><\($0)>\(value)</\($0)></member>" } ?? "<member>\(value)</member>"
        }
        return ok(action, "<\(list)>\(members.joined())</\(list)><IsTruncated>false</IsTruncated>")
    }

    public static func userPolicy(_ document: String) -> HTTPResponse {
        let encoded = document.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? document
        return ok(
            "GetUserPolicy",
            "<UserName>alice</UserName><PolicyName>p</PolicyName><PolicyDocument>\(encoded)</PolicyDocument>")
    }

    public static func iso8601(_ seconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    public static func httpDate(_ seconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
