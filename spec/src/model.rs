//! The spec model: Rust types for the YAML contract under `spec/`
//! (`../shared/spec-contract.md`), written by the scraper and read by the code
//! generator and spec-diff. Field order here is the key order on disk.

use serde::{Deserialize, Serialize};

/// `spec/service.yaml`: the service as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    /// Product code, `dataworks-public`.
    pub product: String,
    /// API version, `2020-05-18`.
    pub api_version: String,
    /// Protocol style, `rpc`.
    pub protocol: String,
    /// The QPS tiers from the docs' 调用限制 table.
    pub qps_tiers: Vec<QpsTier>,
    /// The docs' API groups, in documentation order.
    pub categories: Vec<Category>,
    /// Errors listed for (nearly) every operation.
    pub common_errors: Vec<ErrorSpec>,
    /// The price of calls (the docs' 计费方式 table), where a document gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing: Option<Pricing>,
    /// Every documentation file read.
    pub sources: Vec<ServiceSource>,
}

/// What OpenAPI calls cost (the docs' 计费方式 table): each edition's free calls a month
/// per account and region, and the price of calls beyond them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pricing {
    /// The editions, in documentation order.
    pub editions: Vec<EditionPrice>,
    /// US dollars per `calls_per_unit` calls beyond the free quota (`0.05美元/万次`).
    pub usd_per_unit: f64,
    /// Calls per priced unit (`万次`: 10000).
    pub calls_per_unit: u64,
    /// Where the table is.
    pub source: SourceRef,
}

/// One edition's free quota.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditionPrice {
    /// Stable ASCII id (`enterprise`), used for names.
    pub id: String,
    /// The docs' title (`企业版`).
    pub title: String,
    /// Free calls a month per account and region (`100万次/月`: 1000000).
    pub free_calls_per_month: u64,
}

/// One QPS level (1级/2级/3级) and its limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QpsTier {
    /// The level: 1, 2 or 3.
    pub tier: u8,
    /// Calls per second per account and region.
    pub qps: u32,
    /// Calls per day per account and region, where the docs give a cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_calls: Option<u32>,
}

/// One API group of the documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// Stable ASCII id (module and feature name), e.g. `data-development`.
    pub id: String,
    /// The docs' title, e.g. `数据开发`.
    pub title: String,
}

/// A documentation file that was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceSource {
    /// File name within the docs directory.
    pub file: String,
    /// The layout the scraper recognised (`pdf-text`, `html`, or `page/` and the renderings
    /// of the page's parameter tables: `page/glued`, `page/one-line-rows+pipe`).
    pub layout: String,
    /// Language of the document (`zh-CN`, `en`, `zh-TW`).
    pub language: String,
    /// Date or version the document states, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// `spec/operations/<Name>.yaml`: one operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// Exact action name, e.g. `DeployFile`.
    pub name: String,
    /// A category id from `service.yaml`.
    pub category: String,
    /// 1, 2 or 3; `None` only where no document gives a level.
    pub qps_tier: Option<u8>,
    /// One line.
    pub summary: String,
    /// May be multi-line.
    pub description: String,
    /// Whether the docs mark the operation deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// Request parameters (without the common parameters).
    pub request: Request,
    /// Response members.
    pub response: Response,
    /// Documented error codes, by status then code.
    #[serde(default)]
    pub errors: Vec<ErrorSpec>,
    /// Request and response examples as the docs give them.
    #[serde(default, skip_serializing_if = "Examples::is_empty")]
    pub examples: Examples,
    /// Provenance: which documents and lines describe this operation.
    pub sources: Vec<SourceRef>,
}

/// The request side of an operation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Request {
    /// Parameters in documentation order.
    #[serde(default)]
    pub params: Vec<Param>,
    /// Groups of parameters of which at least one must be set, as the descriptions state
    /// it (`该参数与FileId参数配置一个即可`), each by its members' wire names in parameter
    /// order. A member of a group is not itself required.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub one_of: Vec<Vec<String>>,
    /// What the documentation says about a group beyond "one of": which member wins
    /// when several are set (`如果同时配置…则系统会以RevokeUserId参数的配置为准`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub one_of_notes: Vec<OneOfNote>,
}

/// A sentence of the documentation about a one-of group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneOfNote {
    /// The group's members (as in `one_of`).
    pub group: Vec<String>,
    /// The sentence.
    pub note: String,
}

/// The response side of an operation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Response {
    /// The top-level JSON object's members, `RequestId` included.
    #[serde(default)]
    pub fields: Vec<Field>,
}

/// A request parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param {
    /// Exact wire name.
    pub name: String,
    /// Wire type.
    #[serde(rename = "type")]
    pub ty: Type,
    /// Whether the docs mark it required (`false` where no document states it; see
    /// `required_stated`).
    pub required: bool,
    /// Whether a document states `required`. `false` where none does (the renderings
    /// that print no required value): `required` is then `false`, the parameter treated
    /// as optional. Omitted from the YAML when stated.
    #[serde(default = "stated", skip_serializing_if = "is_stated")]
    pub required_stated: bool,
    /// Documentation text.
    #[serde(default)]
    pub description: String,
    /// Example value as written in the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// How an object/array parameter travels: flattened (`Name.1.Field`, the default)
    /// or as one JSON string.
    #[serde(default, skip_serializing_if = "Encoding::is_flat")]
    pub encoding: Encoding,
    /// Documented value set.
    #[serde(default, rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<EnumValue>,
    /// For `object`: its members.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// For `array`: the element schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Schema>>,
}

/// A response member (or a member of an object parameter).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Exact wire name.
    pub name: String,
    /// Wire type.
    #[serde(rename = "type")]
    pub ty: Type,
    /// For members of request parameters only: whether the docs mark the member required
    /// within its parent (an extra key; response members never carry it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Documentation text.
    #[serde(default)]
    pub description: String,
    /// Example value as written in the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Documented value set.
    #[serde(default, rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<EnumValue>,
    /// For `object`: its members.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// For `array`: the element schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Schema>>,
    /// For `map`: the value schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Box<Schema>>,
}

/// An anonymous schema: an array's element or a map's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    /// Wire type.
    #[serde(rename = "type")]
    pub ty: Type,
    /// The docs' name for this shape (`Array of DeployedItem` gives `DeployedItem`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_name: Option<String>,
    /// Documentation text, where the docs describe the element itself.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Documented value set.
    #[serde(default, rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<EnumValue>,
    /// For `object`: its members.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// For `array`: the element schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Schema>>,
    /// For `map`: the value schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Box<Schema>>,
}

/// The default of `required_stated`: a document states it.
fn stated() -> bool {
    true
}

/// Whether `required_stated` is the default (a document states it).
fn is_stated(stated: &bool) -> bool {
    *stated
}

impl Param {
    /// A parameter with the given name, type and required flag and nothing else set.
    pub fn new(name: impl Into<String>, ty: Type, required: bool) -> Self {
        Param {
            name: name.into(),
            ty,
            required,
            required_stated: true,
            description: String::new(),
            example: None,
            encoding: Encoding::Flat,
            enum_values: Vec::new(),
            fields: Vec::new(),
            items: None,
        }
    }
}

impl Field {
    /// A field with the given name and type and nothing else set.
    pub fn new(name: impl Into<String>, ty: Type) -> Self {
        Field {
            name: name.into(),
            ty,
            required: None,
            description: String::new(),
            example: None,
            enum_values: Vec::new(),
            fields: Vec::new(),
            items: None,
            values: None,
        }
    }
}

impl Operation {
    /// An operation with the given name and category id and nothing else set (no
    /// tier, parameters, fields, errors or sources).
    pub fn new(name: impl Into<String>, category: impl Into<String>) -> Self {
        Operation {
            name: name.into(),
            category: category.into(),
            qps_tier: None,
            summary: String::new(),
            description: String::new(),
            deprecated: false,
            request: Request::default(),
            response: Response::default(),
            errors: Vec::new(),
            examples: Examples::default(),
            sources: Vec::new(),
        }
    }
}

impl Schema {
    /// A schema of the given type with nothing else set.
    pub fn of(ty: Type) -> Self {
        Schema {
            ty,
            type_name: None,
            description: String::new(),
            enum_values: Vec::new(),
            fields: Vec::new(),
            items: None,
            values: None,
        }
    }
}

/// The spec's types (see the contract's "Types").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Type {
    /// UTF-8 text.
    String,
    /// Docs' `Integer`.
    Int32,
    /// Docs' `Long`.
    Int64,
    /// Docs' `Float`.
    Float,
    /// Docs' `Double`.
    Double,
    /// Docs' `Boolean`.
    Boolean,
    /// An object with `fields`.
    Object,
    /// An array with `items`.
    Array,
    /// A map with `values`.
    Map,
    /// Untyped JSON.
    Any,
}

impl Type {
    /// The spelling used in the YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            Type::String => "string",
            Type::Int32 => "int32",
            Type::Int64 => "int64",
            Type::Float => "float",
            Type::Double => "double",
            Type::Boolean => "boolean",
            Type::Object => "object",
            Type::Array => "array",
            Type::Map => "map",
            Type::Any => "any",
        }
    }

    /// Whether values of this type are JSON scalars.
    pub fn is_scalar(self) -> bool {
        !matches!(self, Type::Object | Type::Array | Type::Map | Type::Any)
    }
}

/// How an object or array request parameter is put on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// RPC flattening: `Name.1`, `Name.1.Field`.
    #[default]
    Flat,
    /// One parameter holding a JSON string.
    Json,
}

impl Encoding {
    /// Whether this is the default flattened encoding (not written to YAML).
    pub fn is_flat(&self) -> bool {
        *self == Encoding::Flat
    }
}

/// One documented value of a value set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumValue {
    /// The wire value, as text.
    pub value: String,
    /// What the docs say it means (may be empty).
    #[serde(default)]
    pub description: String,
    /// The docs' symbolic name where one is given (`UNPUBLISHED(0)` gives `UNPUBLISHED`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The reviewed English name from spec/value_names.yaml, where the documentation gives
    /// only a Chinese label (`0（就绪）` named `Ready`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A documented error code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorSpec {
    /// HTTP status.
    pub status: u16,
    /// Error code, e.g. `Forbidden.Access`.
    pub code: String,
    /// The service's message.
    pub message: String,
    /// The docs' description (may be empty).
    #[serde(default)]
    pub description: String,
}

/// Request and response examples kept for tests of the generated types.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Examples {
    /// The request example's parameters, in the documentation's order, as its example
    /// URL (`http(s)://[Endpoint]/?Action=X&Name=Value...`) gives them: `Action`
    /// included, the common-parameters placeholder (`&公共请求参数`) left out, values as
    /// written (a value may span lines). Empty when the documentation gives none.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "request_example"
    )]
    pub request: Vec<ExampleParam>,
    /// The JSON response example, as the docs print it (repaired of page breaks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_json: Option<String>,
}

impl Examples {
    /// Whether no example is kept.
    pub fn is_empty(&self) -> bool {
        self.request.is_empty() && self.response_json.is_none()
    }
}

/// One parameter of a request example: a wire name (`Columns.1.ColumnName` for a
/// flattened member) and its value as the documentation writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExampleParam {
    /// The wire name as given.
    pub name: String,
    /// The value as given (not decoded).
    pub value: String,
}

impl ExampleParam {
    /// The parameters of a request example URL as the documentation prints it
    /// (`http(s)://[Endpoint]/?Action=X`, then one `&Name=Value` a line, ending with a
    /// `&公共请求参数` placeholder), in order. The scraper reads examples with it; specs
    /// written before examples were structured stored that text, and reading one
    /// converts it the same way.
    ///
    /// Rules: the first line's query (after `?`) may hold several `&`-separated
    /// parameters; a later line starting with `&` starts a parameter; any other line
    /// continues the previous parameter's value (a value that spans lines, such as SQL);
    /// a part naming the common parameters without a value (`公共请求参数`,
    /// `<公共请求参数>`) is left out; a part without `=` has an empty value. Nothing is
    /// decoded.
    pub fn from_url(url: &str) -> Vec<ExampleParam> {
        let mut params: Vec<ExampleParam> = Vec::new();
        for (i, line) in url.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            let parts: Vec<&str> = if i == 0 {
                match line.split_once('?') {
                    Some((_, query)) => query.split('&').collect(),
                    None => Vec::new(),
                }
            } else if let Some(rest) = line.strip_prefix('&') {
                vec![rest]
            } else {
                if let Some(last) = params.last_mut() {
                    last.value.push('\n');
                    last.value.push_str(line);
                }
                continue;
            };
            for part in parts {
                if part.contains("公共请求参数") && !part.contains('=') {
                    continue;
                }
                let (name, value) = part.split_once('=').unwrap_or((part, ""));
                params.push(ExampleParam {
                    name: name.to_owned(),
                    value: value.to_owned(),
                });
            }
        }
        params
    }
}

/// `examples.request`: the parameters, or (a spec written before they were structured)
/// the example URL's text, converted by [`ExampleParam::from_url`].
fn request_example<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<ExampleParam>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Params(Vec<ExampleParam>),
        Url(String),
    }
    Ok(match Stored::deserialize(deserializer)? {
        Stored::Params(params) => params,
        Stored::Url(url) => ExampleParam::from_url(&url),
    })
}

/// Provenance of an operation: a document and a line range in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// File name within the docs directory.
    pub file: String,
    /// First and last line (1-based, inclusive).
    pub lines: [usize; 2],
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(params: &[ExampleParam]) -> Vec<(&str, &str)> {
        params
            .iter()
            .map(|p| (p.name.as_str(), p.value.as_str()))
            .collect()
    }

    #[test]
    fn example_urls_read_one_parameter_a_line_without_the_placeholder() {
        let params = ExampleParam::from_url(
            "http(s)://[Endpoint]/?Action=DeployFile\n&ProjectId=10000\n&Comment=a=b\n&Sql=select 1\nfrom t\n&<公共请求参数>\n&公共请求参数",
        );
        assert_eq!(
            pairs(&params),
            [
                ("Action", "DeployFile"),
                ("ProjectId", "10000"),
                ("Comment", "a=b"),
                ("Sql", "select 1\nfrom t"),
            ]
        );
        let one_line = ExampleParam::from_url("https://x/?Action=A&B=1&Flag\r\n&C=");
        assert_eq!(
            pairs(&one_line),
            [("Action", "A"), ("B", "1"), ("Flag", ""), ("C", "")]
        );
        assert!(ExampleParam::from_url("no query here\ncontinued").is_empty());
        assert!(ExampleParam::from_url("").is_empty());
    }

    #[test]
    fn a_spec_of_either_form_reads() {
        let structured: Examples =
            serde_norway::from_str("request:\n- name: Action\n  value: GetFile\n").unwrap();
        let legacy: Examples = serde_norway::from_str(
            "request: |-\n  http(s)://[Endpoint]/?Action=GetFile\n  &公共请求参数\n",
        )
        .unwrap();
        assert_eq!(structured, legacy);
        assert_eq!(pairs(&structured.request), [("Action", "GetFile")]);
        let none: Examples = serde_norway::from_str("response_json: '{}'\n").unwrap();
        assert!(none.request.is_empty());
    }
}
