//! Reading an HTTP request into what the checks need: method, raw path, decoded query
//! and form parameters, headers as text, and the body bytes.
//!
//! Decoding is strict: a percent escape that does not decode to UTF-8, a header that is
//! not visible ASCII or a body that is not a form is an [`INVALID_ENCODING`] answer
//! naming where it was, never a lossy replacement.

use bytes::Bytes;
use percent_encoding::percent_decode;

use crate::codes::INVALID_ENCODING;
use crate::rejection::{shown, Rejection};

/// A request as the checks see it.
#[derive(Debug, Clone)]
pub(crate) struct Incoming {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The path as sent (still percent-encoded).
    pub path: String,
    /// Query parameters, decoded, in order.
    pub query: Vec<(String, String)>,
    /// Form-body parameters, decoded, in order.
    pub form: Vec<(String, String)>,
    /// Headers, names lower case, values as text.
    pub headers: Vec<(String, String)>,
    /// The body as received.
    pub body: Bytes,
}

impl Incoming {
    /// The first value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Query and form parameters together.
    pub fn params(&self) -> impl Iterator<Item = &(String, String)> {
        self.query.iter().chain(self.form.iter())
    }

    /// The first value of parameter `name` in the query or the form.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads the parts of a request whose body has been collected.
pub(crate) fn read(
    method: &'static str,
    path: &str,
    raw_query: Option<&str>,
    headers: &hyper::HeaderMap,
    body: Bytes,
) -> Result<Incoming, Rejection> {
    let mut text_headers = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        let value = value.to_str().map_err(|_| {
            Rejection::new(
                INVALID_ENCODING,
                format!("header `{name}` is not visible ASCII"),
            )
        })?;
        text_headers.push((name.as_str().to_owned(), value.to_owned()));
    }
    let query = match raw_query {
        Some(raw) => decode_pairs(raw.as_bytes(), "the query")?,
        None => Vec::new(),
    };
    let form = if body.is_empty() {
        Vec::new()
    } else {
        let content_type = text_headers
            .iter()
            .find(|(n, _)| n == "content-type")
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        let media = content_type.split(';').next().unwrap_or("").trim();
        if !media.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
            return Err(Rejection::new(
                INVALID_ENCODING,
                format!(
                    "the body must be application/x-www-form-urlencoded, the content-type is `{}`",
                    shown(content_type)
                ),
            ));
        }
        decode_pairs(&body, "the form body")?
    };
    Ok(Incoming {
        method,
        path: path.to_owned(),
        query,
        form,
        headers: text_headers,
        body,
    })
}

/// Splits `a=1&b=2` and decodes names and values (`+` is a space, `%XY` a byte), which
/// must then be UTF-8.
pub(crate) fn decode_pairs(raw: &[u8], whence: &str) -> Result<Vec<(String, String)>, Rejection> {
    let mut pairs = Vec::new();
    for (index, piece) in raw.split(|&b| b == b'&').enumerate() {
        if piece.is_empty() {
            continue;
        }
        let (name, value) = match piece.iter().position(|&b| b == b'=') {
            Some(eq) => (&piece[..eq], &piece[eq + 1..]),
            None => (piece, &b""[..]),
        };
        let name = decode(name).map_err(|()| {
            Rejection::new(
                INVALID_ENCODING,
                format!(
                    "parameter {} of {whence} has a name that is not UTF-8",
                    index + 1
                ),
            )
        })?;
        let value = decode(value).map_err(|()| {
            Rejection::new(
                INVALID_ENCODING,
                format!("parameter `{}` in {whence} is not UTF-8", shown(&name)),
            )
        })?;
        pairs.push((name, value));
    }
    Ok(pairs)
}

fn decode(raw: &[u8]) -> Result<String, ()> {
    let spaced: Vec<u8> = raw
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    let bytes: Vec<u8> = percent_decode(&spaced).collect();
    String::from_utf8(bytes).map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_decode_plus_and_percent() {
        let pairs = decode_pairs(b"A=1&Comment=%E7%AC%AC+x%2B&Empty=&Bare", "q").unwrap();
        assert_eq!(
            pairs,
            [
                ("A".into(), "1".into()),
                ("Comment".into(), "第 x+".into()),
                ("Empty".into(), String::new()),
                ("Bare".into(), String::new()),
            ]
        );
    }

    #[test]
    fn invalid_utf8_names_the_parameter() {
        let err = decode_pairs(b"Ok=1&Name=%FF%FE", "the form body").unwrap_err();
        assert_eq!(err.code, "Emulator.InvalidEncoding");
        assert!(
            err.message.contains("`Name` in the form body"),
            "{}",
            err.message
        );
        let err = decode_pairs(b"%C3=1", "the query").unwrap_err();
        assert!(
            err.message.contains("parameter 1 of the query"),
            "{}",
            err.message
        );
        let raw_invalid = [b'N', b'=', 0xff];
        assert!(decode_pairs(&raw_invalid, "the form body").is_err());
    }
}
