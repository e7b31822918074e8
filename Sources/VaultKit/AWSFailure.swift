// AWS's answers and the AWS config files, in the user's terms: every error, with its message and hint.

/// AWS's answers and the AWS config files, in the user's terms.
public enum AWSFailure: ErrorMessage {
    public var problem: String {
        switch self {}
    }

    public var hint: String {
        switch self {}
    }
}
