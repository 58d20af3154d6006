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
    /// Every documentation file read.
    pub sources: Vec<ServiceSource>,
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
    /// The request example URL (`http(s)://[Endpoint]/?Action=...`), one parameter per line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// The JSON response example, as the docs print it (repaired of page breaks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_json: Option<String>,
}

impl Examples {
    /// Whether no example is kept.
    pub fn is_empty(&self) -> bool {
        self.request.is_none() && self.response_json.is_none()
    }
}

/// Provenance of an operation: a document and a line range in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// File name within the docs directory.
    pub file: String,
    /// First and last line (1-based, inclusive).
    pub lines: [usize; 2],
}
