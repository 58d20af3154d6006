//! The error codes the emulator answers with, and the status of each.
//!
//! The documentation lists the service's business and throttling codes
//! (`Throttling.User`, `Forbidden.Access`, each operation's own codes) but not the codes
//! of the protocol layer (a bad signature, an unknown key, a stale timestamp). Where the
//! documentation has a code the emulator uses it; for the rest it answers with the codes
//! below, all starting with `Emulator.` so that nobody mistakes them for the service's.
//! The README lists them (a test keeps the list and this table in step).

/// One error code the emulator can answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// HTTP status of the answer.
    pub status: u16,
    /// The `Code` member of the JSON body.
    pub code: &'static str,
    /// When the emulator answers with it.
    pub when: &'static str,
}

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $status:literal, $code:literal, $when:literal;)*) => {
        $( $(#[$doc])* pub const $name: Code = Code { status: $status, code: $code, when: $when }; )*
        /// Every code of this module, in the order the README lists them.
        pub const ALL: &[Code] = &[$($name),*];
    };
}

codes! {
    /// No signature at all: neither an `Authorization` header nor a `Signature` parameter.
    MISSING_SIGNATURE = 400, "Emulator.MissingSignature",
        "neither an `Authorization: ACS3-HMAC-SHA256 …` header (V3) nor a `Signature` parameter (V1)";
    /// A common parameter or `x-acs-*` header the signature needs is absent.
    MISSING_COMMON_PARAMETER = 400, "Emulator.MissingCommonParameter",
        "a common parameter (`AccessKeyId`, `Timestamp`, `SignatureNonce`, …) or `x-acs-*` header is missing";
    /// The `Authorization` header cannot be read, or leaves a required header unsigned.
    INVALID_AUTHORIZATION = 400, "Emulator.InvalidAuthorization",
        "the V3 `Authorization` header is malformed or leaves a required header unsigned";
    /// A signature method or version other than V1's `HMAC-SHA1`/`1.0`, or a format other than JSON.
    UNSUPPORTED_SIGNATURE = 400, "Emulator.UnsupportedSignature",
        "`SignatureMethod`/`SignatureVersion` other than `HMAC-SHA1`/`1.0`, or `Format` other than `JSON`";
    /// The AccessKey id is not one of the emulator's keys.
    INVALID_ACCESS_KEY_ID = 403, "Emulator.InvalidAccessKeyId",
        "the AccessKey id is not one of the keys the emulator was started with";
    /// The signature does not match the one computed from the request.
    SIGNATURE_DOES_NOT_MATCH = 403, "Emulator.SignatureDoesNotMatch",
        "the signature differs from the emulator's; the message shows the string it signed";
    /// V3: `x-acs-content-sha256` is not the SHA-256 of the body.
    CONTENT_SHA256_MISMATCH = 400, "Emulator.ContentSha256Mismatch",
        "V3: `x-acs-content-sha256` is not the hex SHA-256 of the body received";
    /// The timestamp does not parse or is outside the accepted window.
    INVALID_TIMESTAMP = 400, "Emulator.InvalidTimestamp",
        "`Timestamp`/`x-acs-date` does not parse as `YYYY-MM-DDThh:mm:ssZ` or is outside the window (15 minutes by default)";
    /// The nonce was used before by the same key.
    SIGNATURE_NONCE_USED = 400, "Emulator.SignatureNonceUsed",
        "the key already sent this `SignatureNonce`/`x-acs-signature-nonce` within the window";
    /// `Action` names no documented operation.
    INVALID_ACTION = 400, "Emulator.InvalidAction",
        "`Action`/`x-acs-action` is not one of the documented operations";
    /// `Version` is not the documented API version.
    INVALID_VERSION = 400, "Emulator.InvalidVersion",
        "`Version`/`x-acs-version` is not `2020-05-18`";
    /// A required parameter, or every member of a one-of group, is missing.
    MISSING_PARAMETER = 400, "Emulator.MissingParameter",
        "a parameter the documentation marks required is missing, or no member of a one-of group is set; the message names it";
    /// A value does not parse as the parameter's documented type.
    INVALID_PARAMETER = 400, "Emulator.InvalidParameter",
        "a value does not parse as the documented type (integer, number, boolean, JSON); the message names the parameter";
    /// Query, form body or header is not valid percent-encoded UTF-8.
    INVALID_ENCODING = 400, "Emulator.InvalidEncoding",
        "the query, the form body or a header is not valid (percent-encoded) UTF-8, or the body is not a form";
    /// The body is larger than the cap.
    REQUEST_TOO_LARGE = 413, "Emulator.RequestTooLarge",
        "the body is larger than the cap (1 MiB by default)";
    /// A path other than `/` (and the emulator's own `/_emulator/…`).
    NOT_FOUND = 404, "Emulator.NotFound",
        "a path other than `/` and the emulator's own (`/_emulator/stats`, `/_emulator/state`, `/_emulator/reset`)";
    /// A method other than GET and POST.
    METHOD_NOT_ALLOWED = 405, "Emulator.MethodNotAllowed",
        "a method other than GET or POST";
    /// Temporary credentials sent without their security token or with another one, or
    /// a long-term key sent with a token.
    INVALID_SECURITY_TOKEN = 403, "Emulator.InvalidSecurityToken",
        "temporary credentials the emulator issued sent without their security token or with another one, or a long-term key sent with a token";
    /// Temporary credentials used after they expired.
    SECURITY_TOKEN_EXPIRED = 403, "Emulator.SecurityTokenExpired",
        "temporary credentials the emulator issued used after they expired (on its credential clock)";
    /// STS `AssumeRoleWithOIDC` names an OIDC provider the emulator was not given.
    OIDC_PROVIDER_NOT_FOUND = 404, "Emulator.OidcProviderNotFound",
        "STS `AssumeRoleWithOIDC` names an `OIDCProviderArn` the emulator was not started with";
    /// Too many connections are open at once.
    TOO_MANY_CONNECTIONS = 503, "Emulator.TooManyConnections",
        "more connections are open than the cap (1024 by default); the connection is closed after the answer";
    /// The workspace has no workflow with that `BusinessId` (or it was deleted).
    BUSINESS_NOT_FOUND = 404, "Emulator.BusinessNotFound",
        "the workspace has no workflow (`BusinessId`) of that id, or it was deleted";
    /// The workspace has no folder with that `FolderId` or `FolderPath`.
    FOLDER_NOT_FOUND = 404, "Emulator.FolderNotFound",
        "the workspace has no folder of that `FolderId` or `FolderPath`, or it was deleted";
    /// The workspace has no file with that `FileId` (or it was deleted).
    FILE_NOT_FOUND = 404, "Emulator.FileNotFound",
        "the workspace has no file (`FileId`) of that id, or it was deleted";
    /// The file has no committed version of that number.
    FILE_VERSION_NOT_FOUND = 404, "Emulator.FileVersionNotFound",
        "the file has no committed version (`FileVersion`) of that number";
    /// The workspace has no deployment with that `DeploymentId`.
    DEPLOYMENT_NOT_FOUND = 404, "Emulator.DeploymentNotFound",
        "the workspace has no deployment (`DeploymentId`) of that id";
    /// No node with that `NodeId` is in that environment.
    NODE_NOT_FOUND = 404, "Emulator.NodeNotFound",
        "no node (`NodeId`) of that id is in that environment (`ProjectEnv`), or no file of the workspace has it";
    /// No instance with that `InstanceId` is in that environment.
    INSTANCE_NOT_FOUND = 404, "Emulator.InstanceNotFound",
        "no instance (`InstanceId`) of that id is in that environment (`ProjectEnv`)";
    /// An object with that name, path or id exists already.
    ALREADY_EXISTS = 409, "Emulator.AlreadyExists",
        "the workspace already has a workflow of that name, a folder of that path, a file of that name in that folder, or an object of that id";
    /// A folder or workflow that still holds something cannot be deleted.
    NOT_EMPTY = 400, "Emulator.NotEmpty",
        "DeleteFolder of a folder holding folders or files, DeleteBusiness of a workflow holding files";
    /// Standard mode: a file is deployed before a version of it was committed.
    FILE_NOT_COMMITTED = 400, "Emulator.FileNotCommitted",
        "DeployFile in a standard-mode workspace of a file with no committed version (SubmitFile it and poll GetDeployment until it succeeds)";
}

/// The documented code a call over its QPS limit or daily quota gets.
pub const THROTTLING_USER: Code = Code {
    status: 429,
    code: "Throttling.User",
    when:
        "a call over its tier's QPS limit or the daily quota of its account and region (documented)",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_marked_as_the_emulators() {
        let mut seen = std::collections::HashSet::new();
        for code in ALL {
            assert!(code.code.starts_with("Emulator."), "{}", code.code);
            assert!(seen.insert(code.code), "{} twice", code.code);
            assert!((400..600).contains(&code.status), "{}", code.code);
        }
    }
}
