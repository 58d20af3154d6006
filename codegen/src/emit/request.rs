//! Request emitter: `XRequest` (every documented parameter; `Option<T>` when not
//! required), `XRequestBuilder` (fluent setters, `build()` rejects a missing required
//! parameter), and the RPC wire encoding (`Action` plus parameters by exact wire name,
//! arrays/objects flattened `Name.1`, `Name.1.Field`, or JSON-encoded where the spec says).
//! Also the generated crate's `src/wire.rs`.
//!
//! Emission has two steps: [`plan`] gives every parameter (and every member of a nested
//! object type) its Rust name and [`Shape`], claiming type names in the operation's
//! module; rendering turns the plan into items. The example-test emitter
//! ([`super::examples_request`]) plans the same way to learn the names it must call.
//!
//! Per-operation code stays small: the encoding logic lives in `src/wire.rs` (the
//! [`wire_module`]), and `to_params` is one `put` call per parameter.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::{enums, types, OpCx};
use crate::naming::{self, Namespace};
use crate::spec::{Encoding, EnumValue, Field, Param, Schema, Type};

/// Names of the request builder's own fields and methods that parameters must not take
/// (`build`, `send`, the `client` field, ... including those other emitters add:
/// `into_paginator`, `send_and_wait`), and associated functions a setter must not shadow
/// (`default`, called as `T::default()`).
const BUILDER_RESERVED: [&str; 7] = [
    "build",
    "default",
    "client",
    "bound",
    "send",
    "into_paginator",
    "send_and_wait",
];

/// Type names a nested type must not take: they would shadow the prelude (and the
/// `serde` path) the generated module relies on.
const PRELUDE_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Into",
    "From",
    "IntoIterator",
    "Iterator",
    "ToString",
    "ToOwned",
    "Send",
    "Sync",
    "Sized",
    "Copy",
    "Eq",
    "Ord",
    "PartialOrd",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "AsRef",
    "AsMut",
    "Extend",
];

/// The Rust shape of a parameter's (or member's) value.
#[derive(Debug, Clone)]
pub enum Shape {
    /// A scalar spec type, `any` included (`String`, `i64`, ..., `serde_json::Value`).
    Scalar(Type),
    /// A value-set enum emitted by [`super::enums`]: its name, and whether it is an
    /// integer enum (`From<i64>`, else `From<&str>`).
    Enum(Ident, bool),
    /// `Vec<T>`.
    Array(Box<Shape>),
    /// `BTreeMap<String, T>`.
    Map(Box<Shape>),
    /// A nested struct.
    Object(Box<Nested>),
}

/// A nested request type (an object parameter, or an array's object element).
#[derive(Debug, Clone)]
pub struct Nested {
    /// Its type name in the operation's module.
    pub ident: Ident,
    /// Its documentation text (may be empty).
    pub description: String,
    /// Where it sits in the request, as a wire path (`ApplyObject.N`).
    pub path: String,
    /// Its members, in spec order.
    pub members: Vec<Member>,
}

/// A request parameter, or a member of a nested request type, with its Rust names.
#[derive(Debug, Clone)]
pub struct Member {
    /// Exact wire name.
    pub wire: String,
    /// Field (and setter) name.
    pub field: Ident,
    /// Whether the request cannot be built without it (for a member of a nested type:
    /// without it in every value of that type).
    pub required: bool,
    /// Whether it travels as one JSON string (`encoding: json`; containers only).
    pub json: bool,
    /// Its value's type.
    pub shape: Shape,
    /// Documentation text.
    pub description: String,
    /// Example value as the docs write it.
    pub example: Option<String>,
}

/// A uniform view of the spec's three schema-carrying types (param, field, schema).
struct Node<'s> {
    ty: Type,
    description: &'s str,
    enum_values: &'s [EnumValue],
    fields: &'s [Field],
    items: Option<&'s Schema>,
    values: Option<&'s Schema>,
}

impl<'s> Node<'s> {
    fn param(p: &'s Param) -> Self {
        Node {
            ty: p.ty,
            description: &p.description,
            enum_values: &p.enum_values,
            fields: &p.fields,
            items: p.items.as_deref(),
            values: None,
        }
    }

    fn field(f: &'s Field) -> Self {
        Node {
            ty: f.ty,
            description: &f.description,
            enum_values: &f.enum_values,
            fields: &f.fields,
            items: f.items.as_deref(),
            values: f.values.as_deref(),
        }
    }

    fn schema(s: &'s Schema) -> Self {
        Node {
            ty: s.ty,
            description: &s.description,
            enum_values: &s.enum_values,
            fields: &s.fields,
            items: s.items.as_deref(),
            values: s.values.as_deref(),
        }
    }
}

/// Names and shapes of the operation's parameters, in spec order. Claims the nested
/// types' and enums' names in `cx.types` and pushes the enums into `cx.items` (through
/// [`super::enums::emit`]); nested structs are rendered by [`emit`].
pub fn plan(cx: &mut OpCx<'_>) -> Vec<Member> {
    let op = cx.op;
    let owner = naming::type_name(&op.name);
    let mut fields = Namespace::with_reserved(BUILDER_RESERVED);
    op.request
        .params
        .iter()
        .map(|p| {
            let field = naming::ident(&fields.claim(&naming::field_name(&p.name)));
            let shape = shape_of(cx, &Node::param(p), &hints(&owner, &p.name), &p.name);
            Member {
                wire: p.name.clone(),
                field,
                required: p.required,
                json: p.encoding == Encoding::Json && !p.ty.is_scalar(),
                shape,
                description: p.description.clone(),
                example: p.example.clone(),
            }
        })
        .collect()
}

/// Preferred type names for a value named `wire` inside `owner`: `Wire`, then
/// `OwnerWire`; never a prelude name.
fn hints(owner: &str, wire: &str) -> Vec<String> {
    let own = naming::type_name(wire);
    [own.clone(), format!("{owner}{own}")]
        .into_iter()
        .filter(|h| !PRELUDE_TYPES.contains(&h.as_str()))
        .collect()
}

/// The shape of one value at wire path `path`; nested types and enums are named by the
/// first free name of `preferred`.
fn shape_of(cx: &mut OpCx<'_>, node: &Node<'_>, preferred: &[String], path: &str) -> Shape {
    if !node.enum_values.is_empty() && node.ty.is_scalar() {
        let ident = enums::emit(cx, preferred, node.enum_values, node.ty, node.description);
        return Shape::Enum(ident, integer_enum(node.enum_values, node.ty));
    }
    match node.ty {
        Type::Object if !node.fields.is_empty() => {
            let name = cx.types.claim_first(preferred);
            let mut names = Namespace::with_reserved(["default"]);
            let members = node
                .fields
                .iter()
                .map(|f| {
                    let field = naming::ident(&names.claim(&naming::field_name(&f.name)));
                    let shape = shape_of(
                        cx,
                        &Node::field(f),
                        &hints(&name, &f.name),
                        &format!("{path}.{}", f.name),
                    );
                    Member {
                        wire: f.name.clone(),
                        field,
                        required: f.required.unwrap_or(false),
                        json: false,
                        shape,
                        description: f.description.clone(),
                        example: f.example.clone(),
                    }
                })
                .collect();
            Shape::Object(Box::new(Nested {
                ident: naming::ident(&name),
                description: node.description.to_owned(),
                path: path.to_owned(),
                members,
            }))
        }
        Type::Array | Type::Map => {
            let inner = if node.ty == Type::Array {
                node.items
            } else {
                node.values
            };
            let shape = match inner {
                Some(s) => {
                    let mut inner_hints: Vec<String> = s
                        .type_name
                        .as_deref()
                        .map(naming::type_name)
                        .filter(|h| !PRELUDE_TYPES.contains(&h.as_str()))
                        .into_iter()
                        .collect();
                    inner_hints.extend(preferred.iter().cloned());
                    if let Some(first) = preferred.first() {
                        inner_hints.push(format!("{first}Item"));
                    }
                    let sub = if node.ty == Type::Array { "N" } else { "Key" };
                    shape_of(cx, &Node::schema(s), &inner_hints, &format!("{path}.{sub}"))
                }
                None => Shape::Scalar(Type::Any),
            };
            if node.ty == Type::Array {
                Shape::Array(Box::new(shape))
            } else {
                Shape::Map(Box::new(shape))
            }
        }
        Type::Object => Shape::Scalar(Type::Any),
        ty => Shape::Scalar(ty),
    }
}

/// Whether [`super::enums`] makes an integer enum of this value set: the type is an
/// integer and every distinct value parses as a distinct `i64` (the same rule as there).
pub fn integer_enum(values: &[EnumValue], ty: Type) -> bool {
    if !types::is_integer(ty) {
        return false;
    }
    let mut texts: Vec<&str> = Vec::new();
    for v in values {
        if !texts.contains(&v.value.as_str()) {
            texts.push(&v.value);
        }
    }
    let ints: Option<Vec<i64>> = texts.iter().map(|t| t.trim().parse().ok()).collect();
    ints.is_some_and(|is| is.iter().enumerate().all(|(k, i)| !is[..k].contains(i)))
}

/// Whether values of this shape contain a nested type with required members (which
/// `build()` then checks).
fn needs_check(shape: &Shape) -> bool {
    match shape {
        Shape::Scalar(_) | Shape::Enum(..) => false,
        Shape::Array(inner) | Shape::Map(inner) => needs_check(inner),
        Shape::Object(n) => n
            .members
            .iter()
            .any(|m| m.required || needs_check(&m.shape)),
    }
}

/// The Rust type of a shape.
pub fn rust_type(shape: &Shape) -> TokenStream {
    match shape {
        Shape::Scalar(ty) => types::scalar(*ty),
        Shape::Enum(ident, _) => quote! { #ident },
        Shape::Array(inner) => {
            let t = rust_type(inner);
            quote! { Vec<#t> }
        }
        Shape::Map(inner) => {
            let t = rust_type(inner);
            quote! { std::collections::BTreeMap<String, #t> }
        }
        Shape::Object(n) => {
            let ident = &n.ident;
            quote! { #ident }
        }
    }
}

/// How a setter takes an argument of this shape: the argument type, and whether the
/// value goes through `Into` (`impl Into<T>`) or is taken as it is.
fn setter_arg(shape: &Shape) -> (TokenStream, bool) {
    match shape {
        Shape::Scalar(Type::String) => (quote! { impl Into<String> }, true),
        Shape::Scalar(Type::Any) => (quote! { impl Into<serde_json::Value> }, true),
        Shape::Enum(ident, _) => (quote! { impl Into<#ident> }, true),
        // Numbers, booleans: taken as they are, so a literal too large for `i32`
        // still infers as the parameter's type.
        _ => (rust_type(shape), false),
    }
}

/// A setter: `pub fn name(mut self, value: ..) -> Self`, storing `Some(value)`.
fn setter(m: &Member) -> TokenStream {
    let f = &m.field;
    let doc = member_doc(m, "Sets the");
    let (arg, value) = match &m.shape {
        Shape::Array(inner) => match setter_arg(inner) {
            (item, true) => (
                quote! { impl IntoIterator<Item = #item> },
                quote! { value.into_iter().map(Into::into).collect() },
            ),
            (item, false) => (
                quote! { impl IntoIterator<Item = #item> },
                quote! { value.into_iter().collect() },
            ),
        },
        shape => match setter_arg(shape) {
            (arg, true) => (arg, quote! { value.into() }),
            (arg, false) => (arg, quote! { value }),
        },
    };
    let allow = lint_allowance(&f.to_string());
    quote! {
        #doc
        #allow
        pub fn #f(mut self, value: #arg) -> Self {
            self.#f = Some(#value);
            self
        }
    }
}

/// A clippy allowance for setter names that look like conversions or operator methods
/// (`is_view(self, ..)`, `add(self, ..)`), whose conventions do not apply to setters.
fn lint_allowance(name: &str) -> TokenStream {
    let name = name.trim_start_matches("r#");
    let conversion = ["as_", "from_", "into_", "is_", "to_"]
        .iter()
        .any(|p| name.starts_with(p));
    let operator = [
        "add",
        "sub",
        "mul",
        "div",
        "rem",
        "shl",
        "shr",
        "bitand",
        "bitor",
        "bitxor",
        "neg",
        "not",
        "next",
        "from_iter",
        "from_str",
        "hash",
        "eq",
        "cmp",
        "deref",
        "drop",
        "index",
    ]
    .contains(&name);
    match (conversion, operator) {
        (true, true) => {
            quote! { #[allow(clippy::wrong_self_convention, clippy::should_implement_trait)] }
        }
        (true, false) => quote! { #[allow(clippy::wrong_self_convention)] },
        (false, true) => quote! { #[allow(clippy::should_implement_trait)] },
        (false, false) => quote! {},
    }
}

/// Doc attributes for a member: its description, then whether it is required, its wire
/// name and its example. `lead` prefixes a fallback sentence when there is no description.
fn member_doc(m: &Member, lead: &str) -> TokenStream {
    let description = if m.description.trim().is_empty() {
        format!("{lead} {} parameter.", m.wire)
    } else {
        m.description.clone()
    };
    let text = doc_attrs(&description);
    let status = if m.required { "Required." } else { "Optional." };
    let mut line = format!(" {status} Wire name: {}.", code_span(&m.wire));
    if let Some(example) = m.example.as_deref().filter(|e| !e.trim().is_empty()) {
        line.push_str(&format!(" Example: {}.", code_span(example)));
    }
    quote! {
        #text
        #[doc = ""]
        #[doc = #line]
    }
}

/// Doc attributes from lines that are already rustdoc-safe (generator-written text).
fn raw_doc(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote! { #[doc = #l] }
    });
    quote! { #(#attrs)* }
}

/// `text` as a Markdown code span (one line, backticks fenced by a longer run), or as
/// escaped text when it spans lines.
fn code_span(text: &str) -> String {
    if text.contains(['\n', '\r']) {
        return super::docs::sanitize(text).join(" ");
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A struct field declaration; `serde` adds the rename (and skip) for JSON encoding.
fn field_decl(m: &Member, optional: bool, serde: bool) -> TokenStream {
    let f = &m.field;
    let doc = member_doc(m, "The");
    let ty = rust_type(&m.shape);
    let ty = if optional {
        quote! { Option<#ty> }
    } else {
        ty
    };
    let wire = &m.wire;
    let attr = match (serde, optional) {
        (false, _) => quote! {},
        (true, true) => {
            quote! { #[serde(rename = #wire, skip_serializing_if = "Option::is_none")] }
        }
        (true, false) => quote! { #[serde(rename = #wire)] },
    };
    quote! {
        #doc
        #attr
        pub #f: #ty,
    }
}

/// Renders the nested types and `Encode` impls reachable from `members` into `out`;
/// `json` says whether they are JSON-encoded (derive `Serialize`) or flattened (implement
/// `crate::wire::Encode`). `encoded` dedupes the enums' `Encode` impls.
fn render_nested(
    members: &[Member],
    json: bool,
    encoded: &mut BTreeSet<String>,
    out: &mut Vec<TokenStream>,
) {
    for m in members {
        render_shape(&m.shape, json || m.json, encoded, out);
    }
}

fn render_shape(
    shape: &Shape,
    json: bool,
    encoded: &mut BTreeSet<String>,
    out: &mut Vec<TokenStream>,
) {
    match shape {
        Shape::Scalar(_) => {}
        Shape::Enum(ident, _) => {
            if !json && encoded.insert(ident.to_string()) {
                out.push(quote! {
                    impl crate::wire::Encode for #ident {
                        fn encode(&self, name: &str, out: &mut crate::wire::Params) {
                            crate::wire::put_text(out, name, self);
                        }
                    }
                });
            }
        }
        Shape::Array(inner) | Shape::Map(inner) => render_shape(inner, json, encoded, out),
        Shape::Object(n) => {
            out.push(nested_struct(n, json));
            render_nested(&n.members, json, encoded, out);
        }
    }
}

/// A nested type: a `#[non_exhaustive]` struct of optional members that is its own
/// builder (`Column::default().column_name("id")`), plus its encoding.
fn nested_struct(n: &Nested, json: bool) -> TokenStream {
    let ident = &n.ident;
    let doc = if n.description.trim().is_empty() {
        raw_doc(&[format!("The value at `{}` in the request.", n.path)])
    } else {
        doc_attrs(&n.description)
    };
    let fields = n.members.iter().map(|m| field_decl(m, true, json));
    let setters = n.members.iter().map(setter);
    let derive = if json {
        quote! { #[derive(Debug, Clone, PartialEq, Default, serde::Serialize)] }
    } else {
        quote! { #[derive(Debug, Clone, PartialEq, Default)] }
    };
    let encode = if json {
        quote! {}
    } else {
        let puts = n.members.iter().map(|m| {
            let (wire, f) = (&m.wire, &m.field);
            quote! { crate::wire::put_member(out, name, #wire, &self.#f); }
        });
        quote! {
            impl crate::wire::Encode for #ident {
                fn encode(&self, name: &str, out: &mut crate::wire::Params) {
                    #(#puts)*
                }
            }
        }
    };
    let validate = if n
        .members
        .iter()
        .any(|m| m.required || needs_check(&m.shape))
    {
        let checks = n.members.iter().filter_map(|m| {
            let f = &m.field;
            if m.required {
                let path = format!("{}.{}", n.path, m.wire);
                Some(quote! { self.#f.is_none().then_some(#path), })
            } else if needs_check(&m.shape) {
                Some(quote! { crate::wire::Validate::missing(&self.#f), })
            } else {
                None
            }
        });
        quote! {
            impl crate::wire::Validate for #ident {
                fn missing(&self) -> Option<&'static str> {
                    crate::wire::first_missing(&[#(#checks)*])
                }
            }
        }
    } else {
        quote! {}
    };
    quote! {
        #doc
        #derive
        #[non_exhaustive]
        pub struct #ident {
            #(#fields)*
        }

        impl #ident {
            #(#setters)*
        }

        #encode
        #validate
    }
}

/// The request type, its builder and its encoding, for one operation.
pub fn emit(cx: &mut OpCx<'_>) -> TokenStream {
    let members = plan(cx);
    cx.request_members = members.clone();
    let mut nested = Vec::new();
    render_nested(&members, false, &mut BTreeSet::new(), &mut nested);
    cx.items.extend(nested);

    let op = cx.op;
    let (req, builder) = (&cx.names.request, &cx.names.builder);
    let req_name = req.to_string();
    let action = &op.name;

    let summary = doc_attrs(&op.summary);
    let req_doc = raw_doc(&[format!("The request of `{action}`."), String::new()]);
    let req_doc_end = raw_doc(&[
        String::new(),
        format!("Build one with [`{req_name}::builder`]; [`{req_name}::to_params`] gives its wire encoding."),
    ]);
    let (resp, err) = (&cx.names.response, &cx.names.error);
    let method = super::client::method_name(op);
    let builder_doc = raw_doc(&[
        format!("Builder of [`{req_name}`]: one setter per parameter, then [`send`](Self::send)"),
        format!("(from a client: [`client.{method}()`](crate::client::DataWorks::{method})) or"),
        "[`build`](Self::build).".to_owned(),
    ]);
    let fields = members.iter().map(|m| field_decl(m, !m.required, false));
    let builder_fields = members.iter().map(|m| {
        let (f, ty) = (&m.field, rust_type(&m.shape));
        quote! { #f: Option<#ty>, }
    });
    let setters = members.iter().map(setter);
    let takes = members.iter().map(|m| {
        let (f, wire) = (&m.field, &m.wire);
        if m.required {
            quote! { #f: crate::wire::required(self.#f, #req_name, #wire)?, }
        } else {
            quote! { #f: self.#f, }
        }
    });
    let puts = members.iter().map(|m| {
        let (f, wire) = (&m.field, &m.wire);
        match (m.json, m.required) {
            (true, true) => quote! { crate::wire::put_json(&mut out, #wire, Some(&self.#f)); },
            (true, false) => quote! { crate::wire::put_json(&mut out, #wire, self.#f.as_ref()); },
            (false, _) => quote! { crate::wire::put(&mut out, #wire, &self.#f); },
        }
    });
    let checked: Vec<&Ident> = members
        .iter()
        .filter(|m| needs_check(&m.shape))
        .map(|m| &m.field)
        .collect();
    let build_body = if checked.is_empty() {
        quote! {
            Ok(#req {
                #(#takes)*
            })
        }
    } else {
        quote! {
            let request = #req {
                #(#takes)*
            };
            crate::wire::check(#req_name, &[#(crate::wire::Validate::missing(&request.#checked)),*])?;
            Ok(request)
        }
    };
    let required: Vec<&str> = members
        .iter()
        .filter(|m| m.required)
        .map(|m| m.wire.as_str())
        .collect();
    let errors = if required.is_empty() && checked.is_empty() {
        "Never fails: the request has no required parameter.".to_owned()
    } else {
        let names: Vec<String> = required.iter().map(|r| code_span(r)).collect();
        let nested = if checked.is_empty() {
            ""
        } else {
            " (a required member of a nested value is named by its path, `Name.N.Member`)"
        };
        let list = if names.is_empty() {
            String::new()
        } else {
            format!(": {}", names.join(", "))
        };
        format!(
            "[`BuildError`](crate::wire::BuildError) naming the first required parameter that is not set{list}{nested}."
        )
    };
    let build_doc = raw_doc(&[
        "Builds the request.".to_owned(),
        String::new(),
        "# Errors".to_owned(),
        String::new(),
        errors,
    ]);
    let params_doc = raw_doc(&[
        format!(
            "The request's parameters in RPC encoding: `Action={action}` first, then every set"
        ),
        "parameter by its wire name, in documentation order. The common parameters".to_owned(),
        "(`Version`, the signature, ...) are the client's to add.".to_owned(),
    ]);
    quote! {
        #req_doc
        #summary
        #req_doc_end
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #req {
            #(#fields)*
        }

        impl #req {
            /// A builder for this request.
            pub fn builder() -> #builder {
                Default::default()
            }

            #params_doc
            pub fn to_params(&self) -> crate::wire::Params {
                let mut out = crate::wire::action(#action);
                #(#puts)*
                out
            }
        }

        #builder_doc
        #[derive(Debug, Clone, Default)]
        pub struct #builder {
            pub(crate) client: Option<dataworks_runtime::Client>,
            #(#builder_fields)*
        }

        impl #builder {
            pub(crate) fn bound(client: &dataworks_runtime::Client) -> Self {
                Self { client: Some(client.clone()), ..Self::default() }
            }

            /// Builds the request and sends it with the client this builder came from.
            ///
            /// # Errors
            ///
            /// [`SdkError::Build`](dataworks_runtime::SdkError::Build), with nothing sent, when
            /// the builder was not made by a client or a required parameter is missing;
            /// otherwise what [`Client::call`](dataworks_runtime::Client::call) returns.
            pub async fn send(mut self) -> Result<#resp, dataworks_runtime::SdkError<#err>> {
                crate::client::send(self.client.take(), self.build()).await
            }

            #(#setters)*

            #build_doc
            pub fn build(self) -> Result<#req, crate::wire::BuildError> {
                #build_body
            }
        }
    }
}

/// `src/wire.rs` of the generated crate: `Params`, `BuildError`, encoding helpers.
pub fn wire_module() -> TokenStream {
    quote! {
        //! RPC request encoding: [`Params`] (a request's parameters as name/value pairs),
        //! [`BuildError`] (a builder's `build()` found a required parameter unset), and the
        //! [`Encode`] trait and helpers behind every request's `to_params()`: scalars as
        //! their wire text, arrays flattened 1-based (`Name.1`, `Name.2`), objects member by
        //! member (`Name.Field`, `Name.1.Field`), or one JSON string where the documentation
        //! says a parameter takes JSON.

        use std::collections::BTreeMap;
        use std::fmt;

        /// A request's parameters as (wire name, wire text) pairs, in encoding order.
        pub type Params = Vec<(String, String)>;

        /// A request builder's `build()` found a required parameter unset.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct BuildError {
            /// The request type, e.g. `DeployFileRequest`.
            pub request: &'static str,
            /// The missing parameter's wire name, e.g. `FileId`; for a required member of
            /// a nested value, its path with `N` for array indices (`Columns.N.ColumnName`).
            pub parameter: &'static str,
        }

        impl fmt::Display for BuildError {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    "{}: missing required parameter `{}`",
                    self.request, self.parameter
                )
            }
        }

        impl std::error::Error for BuildError {}

        /// The value of a required parameter, or the [`BuildError`] naming it.
        pub fn required<T>(
            value: Option<T>,
            request: &'static str,
            parameter: &'static str,
        ) -> Result<T, BuildError> {
            value.ok_or(BuildError { request, parameter })
        }

        /// Required members of nested request values: the first one not set, by its path.
        pub trait Validate {
            /// The path of the first required member that is not set, if any.
            fn missing(&self) -> Option<&'static str>;
        }

        impl<T: Validate> Validate for Option<T> {
            fn missing(&self) -> Option<&'static str> {
                self.as_ref().and_then(Validate::missing)
            }
        }

        impl<T: Validate> Validate for Vec<T> {
            fn missing(&self) -> Option<&'static str> {
                self.iter().find_map(Validate::missing)
            }
        }

        impl<T: Validate> Validate for BTreeMap<String, T> {
            fn missing(&self) -> Option<&'static str> {
                self.values().find_map(Validate::missing)
            }
        }

        /// The first path in `missing` that is set.
        pub fn first_missing(missing: &[Option<&'static str>]) -> Option<&'static str> {
            missing.iter().flatten().next().copied()
        }

        /// The [`BuildError`] for the first path in `missing` that is set, if any.
        pub fn check(request: &'static str, missing: &[Option<&'static str>]) -> Result<(), BuildError> {
            match first_missing(missing) {
                Some(parameter) => Err(BuildError { request, parameter }),
                None => Ok(()),
            }
        }

        /// New parameters holding only `Action=<name>`.
        pub fn action(name: &str) -> Params {
            vec![(String::from("Action"), String::from(name))]
        }

        /// The parameters without the leading `Action` (which the client sends itself).
        pub fn without_action(mut params: Params) -> Params {
            if params.first().is_some_and(|(name, _)| name == "Action") {
                params.remove(0);
            }
            params
        }

        /// A value that can be put on the wire as RPC parameters under a name.
        ///
        /// Scalars give one `name=text` pair (booleans as `true` / `false`, numbers in
        /// their shortest exact form, value-set enums as their wire value); `None` gives
        /// nothing; a `Vec` gives `name.1`, `name.2`, ...; a map gives `name.key`; an
        /// object gives `name.Member` for every member that is set.
        pub trait Encode {
            /// Appends this value's parameters under `name` to `out`.
            fn encode(&self, name: &str, out: &mut Params);
        }

        /// Appends `value`'s parameters under `name`.
        pub fn put<T: Encode + ?Sized>(out: &mut Params, name: &str, value: &T) {
            value.encode(name, out);
        }

        /// Appends the parameters of an object's member `member` under `prefix.member`.
        pub fn put_member<T: Encode + ?Sized>(
            out: &mut Params,
            prefix: &str,
            member: &str,
            value: &T,
        ) {
            value.encode(&format!("{prefix}.{member}"), out);
        }

        /// Appends `name=<value's Display text>`.
        pub fn put_text<T: fmt::Display + ?Sized>(out: &mut Params, name: &str, value: &T) {
            out.push((String::from(name), value.to_string()));
        }

        /// Appends `name=<value as a JSON string>` when `value` is set.
        pub fn put_json<T: serde::Serialize + ?Sized>(
            out: &mut Params,
            name: &str,
            value: Option<&T>,
        ) {
            if let Some(value) = value {
                // Request types hold strings, numbers, booleans, JSON values, value-set
                // enums, vectors, string-keyed maps and structs of them: none can fail.
                let text = serde_json::to_string(value)
                    .expect("request values always serialize to JSON");
                out.push((String::from(name), text));
            }
        }

        macro_rules! encode_as_text {
            ($($t:ty),*) => {
                $(impl Encode for $t {
                    fn encode(&self, name: &str, out: &mut Params) {
                        put_text(out, name, self);
                    }
                })*
            };
        }

        encode_as_text!(str, String, i32, i64, f32, f64, bool);

        /// A JSON value: a string as its text, `null` as nothing, anything else as JSON.
        impl Encode for serde_json::Value {
            fn encode(&self, name: &str, out: &mut Params) {
                match self {
                    serde_json::Value::Null => {}
                    serde_json::Value::String(s) => put_text(out, name, s),
                    other => put_text(out, name, other),
                }
            }
        }

        impl<T: Encode> Encode for Option<T> {
            fn encode(&self, name: &str, out: &mut Params) {
                if let Some(value) = self {
                    value.encode(name, out);
                }
            }
        }

        impl<T: Encode> Encode for Vec<T> {
            fn encode(&self, name: &str, out: &mut Params) {
                for (i, value) in self.iter().enumerate() {
                    value.encode(&format!("{name}.{}", i + 1), out);
                }
            }
        }

        impl<T: Encode> Encode for BTreeMap<String, T> {
            fn encode(&self, name: &str, out: &mut Params) {
                for (key, value) in self {
                    value.encode(&format!("{name}.{key}"), out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::spec::{Operation, Request, Response};
    use crate::spec_io::Spec;

    fn param(name: &str, ty: Type, required: bool) -> Param {
        Param {
            description: format!("The {name}."),
            ..Param::new(name, ty, required)
        }
    }

    fn field(name: &str, ty: Type, required: Option<bool>) -> Field {
        Field {
            required,
            ..Field::new(name, ty)
        }
    }

    /// `PutThing`: required and optional scalars, a keyword name, a name that collides
    /// with `build()`, an array, a flat object and a JSON-encoded object.
    fn spec() -> Spec {
        let mut file_id = param("FileId", Type::Int64, true);
        file_id.example = Some("10000001".into());
        let mut tags = param("Tags", Type::Array, false);
        tags.items = Some(Box::new(Schema::of(Type::String)));
        let mut owner = param("Owner", Type::Object, false);
        owner.fields = vec![
            field("Id", Type::Int64, Some(true)),
            field("Type", Type::String, None),
        ];
        let mut spec_param = param("Spec", Type::Object, false);
        spec_param.encoding = Encoding::Json;
        spec_param.fields = vec![field("Size", Type::Int32, None)];
        let mut columns = param("Columns", Type::Array, false);
        let mut column = Schema::of(Type::Object);
        column.type_name = Some("Column".into());
        column.fields = vec![field("Name", Type::String, Some(true))];
        columns.items = Some(Box::new(column));
        let op = Operation {
            name: "PutThing".into(),
            category: "data-development".into(),
            qps_tier: Some(3),
            summary: "Puts a thing.".into(),
            description: "Puts a thing.".into(),
            deprecated: false,
            request: Request {
                params: vec![
                    file_id,
                    param("Comment", Type::String, false),
                    param("Type", Type::String, false),
                    param("Build", Type::Boolean, false),
                    tags,
                    owner,
                    spec_param,
                    columns,
                ],
            },
            response: Response::default(),
            errors: vec![],
            examples: Default::default(),
            sources: vec![],
        };
        Spec {
            service: crate::emit::test_support::service("data-development", "数据开发"),
            operations: vec![op],
        }
    }

    /// The request's tokens and the module's extra items, rendered; whitespace removed
    /// so that assertions do not depend on line wrapping.
    fn emitted() -> (String, String) {
        let spec = spec();
        let mut cx = OpCx::new(&spec, &spec.operations[0]);
        let request = emit(&mut cx);
        let items = std::mem::take(&mut cx.items);
        let render = |t: &TokenStream| {
            let text = super::super::format::rust_file(Path::new("t.rs"), t).expect("parses");
            text.split_whitespace().collect::<String>()
        };
        (render(&request), render(&quote! { #(#items)* }))
    }

    fn squash(s: &str) -> String {
        s.split_whitespace().collect()
    }

    fn assert_has(haystack: &str, needle: &str) {
        assert!(
            haystack.contains(&squash(needle)),
            "missing `{needle}` in:\n{haystack}"
        );
    }

    #[test]
    fn request_struct_has_every_parameter() {
        let (request, _) = emitted();
        assert_has(&request, "#[non_exhaustive] pub struct PutThingRequest {");
        assert_has(&request, "pub file_id: i64,");
        assert_has(&request, "pub comment: Option<String>,");
        assert_has(&request, "pub r#type: Option<String>,");
        assert_has(&request, "pub build2: Option<bool>,");
        assert_has(&request, "pub tags: Option<Vec<String>>,");
        assert_has(&request, "pub owner: Option<Owner>,");
        assert_has(&request, "pub spec: Option<Spec>,");
        assert_has(&request, "pub columns: Option<Vec<Column>>,");
        assert_has(
            &request,
            "/// Required. Wire name: `FileId`. Example: `10000001`.",
        );
        assert_has(&request, "/// Optional. Wire name: `Comment`.");
    }

    #[test]
    fn to_params_puts_action_first_then_every_parameter_by_wire_name() {
        let (request, _) = emitted();
        assert_has(
            &request,
            r#"pub fn to_params(&self) -> crate::wire::Params {
                let mut out = crate::wire::action("PutThing");
                crate::wire::put(&mut out, "FileId", &self.file_id);
                crate::wire::put(&mut out, "Comment", &self.comment);
                crate::wire::put(&mut out, "Type", &self.r#type);
                crate::wire::put(&mut out, "Build", &self.build2);
                crate::wire::put(&mut out, "Tags", &self.tags);
                crate::wire::put(&mut out, "Owner", &self.owner);
                crate::wire::put_json(&mut out, "Spec", self.spec.as_ref());
                crate::wire::put(&mut out, "Columns", &self.columns);
                out
            }"#,
        );
    }

    #[test]
    fn builder_has_a_setter_per_parameter_and_checks_required_ones() {
        let (request, _) = emitted();
        assert_has(
            &request,
            "#[derive(Debug, Clone, Default)] pub struct PutThingRequestBuilder {",
        );
        assert_has(
            &request,
            "pub fn file_id(mut self, value: i64) -> Self { self.file_id = Some(value); self }",
        );
        assert_has(&request, "pub fn comment(mut self, value: impl Into<String>) -> Self { self.comment = Some(value.into()); self }");
        assert_has(
            &request,
            "pub fn r#type(mut self, value: impl Into<String>) -> Self",
        );
        assert_has(&request, "pub fn build2(mut self, value: bool) -> Self");
        assert_has(
            &request,
            "pub fn tags(mut self, value: impl IntoIterator<Item = impl Into<String>>) -> Self { self.tags = Some(value.into_iter().map(Into::into).collect()); self }",
        );
        assert_has(&request, "pub fn owner(mut self, value: Owner) -> Self");
        assert_has(
            &request,
            "pub fn columns(mut self, value: impl IntoIterator<Item = Column>) -> Self",
        );
        assert_has(
            &request,
            "pub fn build(self) -> Result<PutThingRequest, crate::wire::BuildError> {",
        );
        assert_has(
            &request,
            r#"file_id: crate::wire::required(self.file_id, "PutThingRequest", "FileId")?,"#,
        );
        assert_has(&request, "comment: self.comment,");
        assert_has(
            &request,
            r#"crate::wire::check("PutThingRequest", &[crate::wire::Validate::missing(&request.owner), crate::wire::Validate::missing(&request.columns),],)?;"#,
        );
    }

    #[test]
    fn nested_types_encode_flat_or_as_json() {
        let (_, items) = emitted();
        // A flat object: its own builder, encoded member by member, validated.
        assert_has(
            &items,
            "#[derive(Debug, Clone, PartialEq, Default)] #[non_exhaustive] pub struct Owner {",
        );
        assert_has(&items, "pub id: Option<i64>,");
        assert_has(
            &items,
            "pub fn r#type(mut self, value: impl Into<String>) -> Self",
        );
        assert_has(&items, "impl crate::wire::Encode for Owner {");
        assert_has(
            &items,
            r#"crate::wire::put_member(out, name, "Id", &self.id);"#,
        );
        assert_has(
            &items,
            r#"crate::wire::first_missing(&[self.id.is_none().then_some("Owner.Id")])"#,
        );
        // An array's element type takes the docs' name; its required member's path has `N`.
        assert_has(&items, "pub struct Column {");
        assert_has(&items, r#"self.name.is_none().then_some("Columns.N.Name")"#);
        // A JSON-encoded object: serde with the wire names, no flat encoding.
        assert_has(&items, "#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)] #[non_exhaustive] pub struct Spec {");
        assert_has(
            &items,
            r#"#[serde(rename = "Size", skip_serializing_if = "Option::is_none")] pub size: Option<i32>,"#,
        );
        assert!(!items.contains("implcrate::wire::EncodeforSpec"), "{items}");
    }

    #[test]
    fn wire_module_parses_and_names_the_missing_parameter() {
        let text = super::super::format::rust_file(Path::new("src/wire.rs"), &wire_module())
            .expect("parses");
        assert!(text.contains("pub type Params = Vec<(String, String)>;"));
        assert!(text.contains("\"{}: missing required parameter `{}`\""));
        assert!(text.contains("pub trait Encode {"));
        assert!(text.contains("pub fn put_json<"));
    }

    #[test]
    fn setters_named_like_conversions_allow_the_lint() {
        assert!(lint_allowance("is_view")
            .to_string()
            .contains("wrong_self_convention"));
        assert!(lint_allowance("add")
            .to_string()
            .contains("should_implement_trait"));
        assert!(lint_allowance("project_id").is_empty());
    }

    #[test]
    fn code_spans_fence_backticks() {
        assert_eq!(code_span("10000"), "`10000`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`a"), "`` `a ``");
    }

    #[test]
    fn integer_enums_follow_the_enum_emitters_rule() {
        let v = |s: &str| EnumValue {
            value: s.into(),
            description: String::new(),
            label: None,
        };
        assert!(integer_enum(&[v("0"), v("1")], Type::Int32));
        assert!(integer_enum(&[v("1"), v("1")], Type::Int32));
        assert!(!integer_enum(&[v("1"), v("01")], Type::Int32));
        assert!(!integer_enum(&[v("0"), v("x")], Type::Int64));
        assert!(!integer_enum(&[v("0")], Type::String));
    }
}
