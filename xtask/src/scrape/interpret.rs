//! Interpretation of one raw operation: drops the common request parameters, types and
//! nests the rows (via [`super::nest`]), finds the one-of groups its descriptions state
//! (via [`super::one_of`]), orders the errors and keeps the examples. The result is one
//! source's view of an operation, before merging with other sources.

use dwgen_spec::{Encoding, ErrorSpec, Examples, Field, Param, SourceRef, Type};

use super::diag::{Diagnostics, WarningKind};
use super::example;
use super::nest::{self, Ctx};
use super::one_of::{self, ParamText};
use super::raw::{LayoutKind, RawOperation, RawRow};

/// Parameters every RPC call carries; the spec leaves them out (see the contract).
pub const COMMON_PARAMS: [&str; 12] = [
    "Action",
    "Version",
    "RegionId",
    "Format",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "SecurityToken",
    "OwnerId",
];

/// One document's view of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// Operation name.
    pub name: String,
    /// The document's file name.
    pub file: String,
    /// The document's layout (tells its age: a page is newer than the reference).
    pub layout: LayoutKind,
    /// The document's language (`zh-CN`, `zh-TW`, `en`).
    pub language: String,
    /// Whether the document holds the operation's tables whole: `false` where its text
    /// ends inside a table (a truncated save).
    pub complete: bool,
    /// The document's stated version or date, if any.
    pub version: Option<String>,
    /// Category title the document gives, if any.
    pub category_title: Option<String>,
    /// Description text.
    pub description: String,
    /// Request parameters; `required_stated: false` where this document does not say.
    pub params: Vec<Param>,
    /// The line of each top-level request parameter's row.
    pub param_lines: Vec<(String, usize)>,
    /// Groups of top-level request parameters of which at least one must be set, as
    /// the descriptions state them; by first member in parameter order.
    pub one_of: Vec<one_of::Group>,
    /// Response fields.
    pub fields: Vec<Field>,
    /// Errors, by status then code.
    pub errors: Vec<ErrorSpec>,
    /// Kept examples.
    pub examples: Examples,
    /// Where in the document.
    pub source: SourceRef,
}

/// The document an operation comes from, as interpretation needs it.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// File name.
    pub file: &'a str,
    /// Layout.
    pub layout: LayoutKind,
    /// Language (`zh-CN`, `zh-TW`, `en`).
    pub language: &'a str,
    /// Stated version or date.
    pub version: Option<&'a str>,
}

/// Interprets a raw operation whose name is known.
pub fn interpret(src: Source<'_>, name: &str, raw: &RawOperation, diag: &mut Diagnostics) -> Draft {
    let Source {
        file,
        layout,
        language,
        version,
    } = src;
    let ctx = Ctx {
        file,
        operation: name,
    };
    let request: Vec<RawRow> = raw
        .request
        .iter()
        .filter(|r| !COMMON_PARAMS.contains(&r.name.as_str()))
        .cloned()
        .collect();
    let request = super::rpc_names::unflatten(&request);
    let mut params = nest::request_params(&ctx, &request, diag);
    // Each top-level parameter's row line, found once (the names do not change below).
    let param_lines: Vec<(String, usize)> = params
        .iter()
        .map(|p| {
            let line = one_of::row_line(&request, &p.name).unwrap_or(raw.lines.0);
            (p.name.clone(), line)
        })
        .collect();
    let line_of = |param: &str| {
        param_lines
            .iter()
            .find(|(n, _)| n == param)
            .map_or(raw.lines.0, |(_, l)| *l)
    };
    let request_example: Vec<dwgen_spec::ExampleParam> = raw
        .request_example
        .as_ref()
        .map(|t| dwgen_spec::ExampleParam::from_url(&t.text))
        .unwrap_or_default();
    for (param, value) in super::defects::example_in_description(&mut params, &request_example) {
        diag.warn(
            file,
            line_of(&param),
            WarningKind::DocDefect,
            Some(name),
            format!(
                "request.{param}: the description began with the example `{value}` (the request example's value): moved to the example"
            ),
        );
    }
    for p in &mut params {
        if matches!(p.ty, Type::Object | Type::Array) && p.description.contains("JSON") {
            p.encoding = Encoding::Json;
        }
    }
    let texts: Vec<ParamText<'_>> = params
        .iter()
        .zip(&param_lines)
        .map(|(p, (_, line))| ParamText {
            name: &p.name,
            description: &p.description,
            line: *line,
        })
        .collect();
    let one_of = one_of::detect(file, name, &texts, diag);
    let json = parse_example(&ctx, raw.response_json.as_ref(), example::parse_json, diag);
    let xml = parse_example(&ctx, raw.response_xml.as_ref(), example::parse_xml, diag);
    let fields = nest::response_fields(&ctx, &raw.response, json.as_ref(), xml.as_ref(), diag);
    let mut errors: Vec<ErrorSpec> = raw
        .errors
        .iter()
        .map(|e| ErrorSpec {
            status: e.status,
            code: e.code.clone(),
            message: e.message.clone(),
            description: e.description.clone(),
        })
        .collect();
    errors.sort_by(|a, b| (a.status, &a.code).cmp(&(b.status, &b.code)));
    errors.dedup_by(|a, b| a.status == b.status && a.code == b.code);
    let response_json = raw.response_json.as_ref().and_then(|t| {
        let repaired = example::repaired_json(&t.text);
        if repaired.is_none() {
            diag.warn(
                file,
                t.line,
                WarningKind::BadExample,
                Some(name),
                "JSON response example is not valid JSON even after repair; not kept",
            );
        }
        repaired
    });
    Draft {
        name: name.to_owned(),
        file: file.to_owned(),
        layout,
        language: language.to_owned(),
        complete: raw.truncated.is_none(),
        version: version.map(str::to_owned),
        category_title: raw.category_title.clone(),
        description: raw.description.trim().to_owned(),
        params,
        param_lines,
        one_of,
        fields,
        errors,
        examples: Examples {
            request: request_example,
            response_json,
        },
        source: SourceRef {
            file: file.to_owned(),
            lines: [raw.lines.0, raw.lines.1],
        },
    }
}

impl Draft {
    /// The line of the top-level request parameter `name`'s row (the operation's first
    /// line where unknown).
    pub fn param_line(&self, name: &str) -> usize {
        self.param_lines
            .iter()
            .find(|(n, _)| n == name)
            .map_or(self.source.lines[0], |(_, l)| *l)
    }
}

fn parse_example(
    ctx: &Ctx<'_>,
    text: Option<&super::raw::RawText>,
    parse: fn(&str) -> Result<example::ExampleNode, String>,
    diag: &mut Diagnostics,
) -> Option<example::ExampleNode> {
    let text = text?;
    match parse(&text.text) {
        Ok(node) => Some(node),
        Err(e) => {
            diag.warn(
                ctx.file,
                text.line,
                WarningKind::BadExample,
                Some(ctx.operation),
                format!("response example cannot be read: {e}"),
            );
            None
        }
    }
}

/// The first sentence of a description (up to `。` or `. `), as the one-line summary.
pub fn summary(description: &str) -> String {
    let first = description.lines().next().unwrap_or("").trim();
    if let Some(i) = first.find('。') {
        return first[..i + '。'.len_utf8()].to_owned();
    }
    if let Some(i) = first.find(". ") {
        return first[..=i].to_owned();
    }
    first.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_is_the_first_sentence() {
        assert_eq!(
            summary("调用DeployFile接口，发布文件。调用后轮询。\n第二段"),
            "调用DeployFile接口，发布文件。"
        );
        assert_eq!(summary("Deploys a task. More."), "Deploys a task.");
        assert_eq!(summary("无句号"), "无句号");
        assert_eq!(summary(""), "");
    }
}
