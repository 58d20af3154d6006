//! Request signatures: RFC 3986 percent-encoding, V1 (HMAC-SHA1) and V3
//! (ACS3-HMAC-SHA256), as described in the RPC protocol note.
//!
//! These are pure functions over parameters and headers; [`crate::request`] puts them
//! together into a signed [`crate::HttpRequest`].

use base64::Engine as _;
use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// Everything but the RFC 3986 unreserved characters `A-Z a-z 0-9 - _ . ~`.
const RFC3986: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The V3 algorithm name, first line of its StringToSign and start of `Authorization`.
pub const V3_ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// Percent-encodes UTF-8 per RFC 3986: unreserved characters stay, everything else
/// becomes `%XY` with upper-case hex (space is `%20`, `*` is `%2A`, `~` stays).
pub fn percent_encode(value: &str) -> String {
    utf8_percent_encode(value, RFC3986).to_string()
}

/// Encodes parameters as an `application/x-www-form-urlencoded` body: like
/// [`percent_encode`], but space becomes `+`. Pairs keep their order.
pub fn form_encode<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&percent_encode(name.as_ref()).replace("%20", "+"));
        out.push('=');
        out.push_str(&percent_encode(value.as_ref()).replace("%20", "+"));
    }
    out
}

/// Names and values percent-encoded, sorted by encoded name (then value, so that
/// repeated names are ordered deterministically), joined as `name=value` with `&`.
fn sorted_encoded_query<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    let mut encoded: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (percent_encode(k.as_ref()), percent_encode(v.as_ref())))
        .collect();
    encoded.sort_unstable();
    let mut out = String::new();
    for (i, (name, value)) in encoded.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// V1 canonicalized query: every parameter except `Signature`, encoded and sorted by
/// encoded name.
pub fn v1_canonicalized_query<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    let kept: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .filter(|(k, _)| *k != "Signature")
        .collect();
    sorted_encoded_query(&kept)
}

/// V1 StringToSign: `METHOD&%2F&` + the canonicalized query, percent-encoded again.
pub fn v1_string_to_sign<K: AsRef<str>, V: AsRef<str>>(method: &str, params: &[(K, V)]) -> String {
    format!(
        "{method}&{}&{}",
        percent_encode("/"),
        percent_encode(&v1_canonicalized_query(params))
    )
}

/// V1 signature: Base64(HMAC-SHA1(key = secret + "&", StringToSign)).
pub fn v1_signature(access_key_secret: &str, string_to_sign: &str) -> String {
    let key = format!("{access_key_secret}&");
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(key.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Hex SHA-256 of the body (`x-acs-content-sha256`); of the empty string for no body.
pub fn content_sha256(body: &[u8]) -> String {
    hex::encode(Sha256::digest(body))
}

/// Whether a header takes part in the V3 signature: `host`, `content-type` and every
/// `x-acs-*` header.
pub fn is_v3_signed_header(lower_name: &str) -> bool {
    lower_name == "host" || lower_name == "content-type" || lower_name.starts_with("x-acs-")
}

/// V3 canonical headers and the signed-headers list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalHeaders {
    /// `name:trimmed-value\n` for each signed header, names lower case and sorted.
    pub canonical: String,
    /// The same names joined by `;`.
    pub signed: String,
}

/// Picks the headers to sign ([`is_v3_signed_header`]) and canonicalizes them.
pub fn v3_canonical_headers<K: AsRef<str>, V: AsRef<str>>(headers: &[(K, V)]) -> CanonicalHeaders {
    let mut picked: Vec<(String, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_ref().to_ascii_lowercase(), v.as_ref().trim()))
        .filter(|(k, _)| is_v3_signed_header(k))
        .collect();
    picked.sort_unstable();
    let mut canonical = String::new();
    let mut names: Vec<&str> = Vec::with_capacity(picked.len());
    for (name, value) in &picked {
        canonical.push_str(name);
        canonical.push(':');
        canonical.push_str(value);
        canonical.push('\n');
        if names.last() != Some(&name.as_str()) {
            names.push(name);
        }
    }
    CanonicalHeaders {
        canonical,
        signed: names.join(";"),
    }
}

/// V3 canonical request:
/// `METHOD\npath\ncanonical-query\ncanonical-headers\nsigned-headers\ncontent-sha256`.
///
/// `path` is the path as sent on the wire (already percent-encoded), `/` when empty.
pub fn v3_canonical_request<K: AsRef<str>, V: AsRef<str>>(
    method: &str,
    path: &str,
    query: &[(K, V)],
    headers: &CanonicalHeaders,
    content_sha256: &str,
) -> String {
    let path = if path.is_empty() { "/" } else { path };
    format!(
        "{method}\n{path}\n{}\n{}\n{}\n{content_sha256}",
        sorted_encoded_query(query),
        headers.canonical,
        headers.signed,
    )
}

/// V3 StringToSign: `ACS3-HMAC-SHA256\n` + hex(SHA-256(canonical request)).
pub fn v3_string_to_sign(canonical_request: &str) -> String {
    format!(
        "{V3_ALGORITHM}\n{}",
        content_sha256(canonical_request.as_bytes())
    )
}

/// V3 signature: hex(HMAC-SHA256(key = secret, StringToSign)).
pub fn v3_signature(access_key_secret: &str, string_to_sign: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(access_key_secret.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(string_to_sign.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The V3 `Authorization` header value.
pub fn v3_authorization(access_key_id: &str, signed_headers: &str, signature: &str) -> String {
    format!(
        "{V3_ALGORITHM} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3986_edge_cases() {
        assert_eq!(percent_encode("a b"), "a%20b");
        assert_eq!(percent_encode("*"), "%2A");
        assert_eq!(percent_encode("~-_."), "~-_.");
        assert_eq!(percent_encode("+"), "%2B");
        assert_eq!(percent_encode("/"), "%2F");
        assert_eq!(percent_encode("="), "%3D");
        assert_eq!(percent_encode("第"), "%E7%AC%AC");
        assert_eq!(percent_encode("é"), "%C3%A9");
        assert_eq!(percent_encode("AZaz09"), "AZaz09");
        assert_eq!(percent_encode(":"), "%3A");
    }

    #[test]
    fn form_encoding_uses_plus_for_space() {
        let body = form_encode(&[("Comment", "第一次 发布*~/+"), ("FileId", "10000001")]);
        assert_eq!(
            body,
            "Comment=%E7%AC%AC%E4%B8%80%E6%AC%A1+%E5%8F%91%E5%B8%83%2A~%2F%2B&FileId=10000001"
        );
    }

    #[test]
    fn v1_orders_by_encoded_name_and_skips_signature() {
        let params = [
            ("b", "2"),
            ("Signature", "x"),
            ("a b", "1"),
            ("a", "3"),
            ("B", "4"),
        ];
        // Byte order of encoded names: "B" < "a" < "a%20b" < "b".
        assert_eq!(v1_canonicalized_query(&params), "B=4&a=3&a%20b=1&b=2");
    }

    #[test]
    fn v1_published_vector() {
        let params = [
            ("AccessKeyId", "testid"),
            ("Action", "DescribeRegions"),
            ("Format", "XML"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
            ("SignatureVersion", "1.0"),
            ("Timestamp", "2016-02-23T12:46:24Z"),
            ("Version", "2014-05-26"),
        ];
        let sts = v1_string_to_sign("GET", &params);
        assert_eq!(
            sts,
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
        );
        assert_eq!(
            v1_signature("testsecret", &sts),
            "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
        );
    }

    #[test]
    fn v1_values_with_special_characters_are_double_encoded() {
        let sts = v1_string_to_sign("POST", &[("Name", "a b*~+/é")]);
        assert_eq!(sts, "POST&%2F&Name%3Da%2520b%252A~%252B%252F%25C3%25A9");
    }

    #[test]
    fn v3_deploy_file_vector() {
        let body = "Comment=%E7%AC%AC%E4%B8%80%E6%AC%A1+%E5%8F%91%E5%B8%83%2A~%2F%2B&FileId=10000001&ProjectId=10000";
        assert_eq!(
            form_encode(&[
                ("Comment", "第一次 发布*~/+"),
                ("FileId", "10000001"),
                ("ProjectId", "10000")
            ]),
            body
        );
        let hash = content_sha256(body.as_bytes());
        assert_eq!(
            hash,
            "aab33219672ca11b609a8ebfcb81744369cee4df28cbd83d3abe28657bd7c2b9"
        );
        let headers = [
            ("host", "dataworks.cn-shanghai.aliyuncs.com"),
            ("x-acs-action", "DeployFile"),
            ("x-acs-version", "2020-05-18"),
            ("x-acs-date", "2026-11-23T05:05:30Z"),
            ("x-acs-signature-nonce", "605c3ad2adf2b41323cf2d2c7cafe41b"),
            ("content-type", "application/x-www-form-urlencoded"),
            ("x-acs-content-sha256", hash.as_str()),
            ("user-agent", "not signed"),
        ];
        let canonical = v3_canonical_headers(&headers);
        assert_eq!(
            canonical.signed,
            "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
        );
        let no_query: [(&str, &str); 0] = [];
        let request = v3_canonical_request("POST", "/", &no_query, &canonical, &hash);
        assert!(request.starts_with("POST\n/\n\ncontent-type:"), "{request}");
        let sts = v3_string_to_sign(&request);
        assert_eq!(
            sts,
            "ACS3-HMAC-SHA256\n0c27a848d0db6ed2ed5cb8a51279ed07ba61d927dde0602cb760d4b5f3f77b5c"
        );
        let signature = v3_signature("testsecret", &sts);
        assert_eq!(
            signature,
            "2b5257802ed1115c7d06d22dcd664b06997ed5132f85dd0622c165a76c67419d"
        );
        assert_eq!(
            v3_authorization("testid", &canonical.signed, &signature),
            format!(
                "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders={},Signature={signature}",
                canonical.signed
            )
        );
    }

    #[test]
    fn v3_query_is_sorted_and_encoded() {
        let canonical = v3_canonical_headers(&[("Host", " h ")]);
        assert_eq!(canonical.canonical, "host:h\n");
        let request = v3_canonical_request(
            "GET",
            "/a%20b/",
            &[("b", "x y"), ("a", "*")],
            &canonical,
            "e3",
        );
        assert_eq!(request, "GET\n/a%20b/\na=%2A&b=x%20y\nhost:h\n\nhost\ne3");
    }

    #[test]
    fn empty_body_hash() {
        assert_eq!(
            content_sha256(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
