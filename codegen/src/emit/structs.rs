//! Struct emitter: the nested structs of requests and responses (and the members and
//! setters the request emitter shares with them).
//!
//! - A request struct (a nested parameter object) has `Option` fields with
//!   `#[serde(rename)]` (it travels flattened through the runtime's `Encode`, or as JSON
//!   where the documentation says), a setter pair per member, and, where members are
//!   required, a `Validate` impl that the request's `build()` checks.
//! - A response struct has `Option` fields, decodes tolerantly through the runtime's
//!   `FromJson` (the only decoding path: no serde `Deserialize`), and derives
//!   `Serialize` only with the `serialize` feature. An operation's response (the root)
//!   also keeps the answer's request id in a hidden field, read through the runtime's
//!   `RequestId` trait.
//!
//! Setters follow one convention (aws-sdk-rust's): `x(value)` sets a member, and for a
//! list appends one item (for a map inserts one entry); `set_x(Option<T>)` replaces the
//! whole value or clears it.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::{code_span, doc_attrs};
use super::enums;
use super::rust_type::Scope;
use crate::naming;
use crate::plan::{Member, Side, TypeId, TypeKind, TypeRef, TypeSpace};
use dwgen_spec::Type;

/// The definition of planned type `id`, spelled in `scope`.
pub fn type_def(space: &TypeSpace, id: TypeId, scope: Scope<'_>) -> TokenStream {
    let t = space.get(id);
    let name = scope.name(id);
    match &t.kind {
        TypeKind::Enum { integer, variants } => {
            let uses = enums::Uses {
                request: t.sites.iter().any(|s| s.side == Side::Request),
                response: t.sites.iter().any(|s| s.side == Side::Response),
            };
            enums::tokens(&name, *integer, variants, &t.doc, uses)
        }
        TypeKind::Struct {
            side: Side::Request,
            members,
        } => request_struct(&name, &type_doc(&t.doc, &name), members, scope),
        TypeKind::Struct {
            side: Side::Response,
            members,
        } => response_struct(
            &name,
            doc_attrs(&type_doc(&t.doc, &name)),
            members,
            scope,
            false,
        ),
    }
}

/// A type's documentation, or a fallback naming it.
fn type_doc(doc: &str, name: &Ident) -> String {
    if doc.trim().is_empty() {
        format!("A {name} value.")
    } else {
        doc.to_owned()
    }
}

/// A member's rustdoc: its description (or a fallback), then for requests whether it is
/// required and its wire name, for both its example.
pub fn member_doc(m: &Member, side: Side) -> TokenStream {
    member_doc_with(m, side, "")
}

/// [`member_doc`] with a generator-written paragraph (`extra`, rustdoc-safe) after the
/// status line, when not empty.
pub fn member_doc_with(m: &Member, side: Side, extra: &str) -> TokenStream {
    let description = if m.description.trim().is_empty() {
        format!("The {} member.", m.wire)
    } else {
        m.description.clone()
    };
    let text = doc_attrs(&description);
    let example = m
        .example
        .as_deref()
        .filter(|e| !e.trim().is_empty())
        .map(|e| format!(" Example: {}.", code_span(e)))
        .unwrap_or_default();
    let line = match side {
        Side::Request => {
            let status = match (m.required, m.required_stated) {
                (true, _) => "Required.",
                (false, true) => "Optional.",
                (false, false) => {
                    "Optional (no document states whether it is required, so it is not enforced)."
                }
            };
            format!(" {status} Wire name: {}.{example}", code_span(&m.wire))
        }
        Side::Response => format!(" Wire name: {}.{example}", code_span(&m.wire)),
    };
    let extra = (!extra.is_empty()).then(|| {
        let extra = format!(" {extra}");
        quote! { #[doc = ""] #[doc = #extra] }
    });
    quote! {
        #text
        #[doc = ""]
        #[doc = #line]
        #extra
    }
}

/// The field identifier of a member.
pub fn field(m: &Member) -> Ident {
    naming::ident(&m.field)
}

/// How a setter takes one value of type `ty`: the argument type, and the expression
/// turning `arg` into the stored value.
fn setter_arg(ty: &TypeRef, scope: Scope<'_>, arg: &Ident) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::Scalar(Type::String) => (quote! { impl Into<String> }, quote! { #arg.into() }),
        TypeRef::Scalar(Type::Object | Type::Array | Type::Map | Type::Any) => (
            quote! { impl Into<serde_json::Value> },
            quote! { #arg.into() },
        ),
        TypeRef::Named(id) if matches!(scope.space().get(*id).kind, TypeKind::Enum { .. }) => {
            let name = scope.name(*id);
            (quote! { impl Into<#name> }, quote! { #arg.into() })
        }
        // Numbers and booleans are taken as they are, so a literal too large for `i32`
        // still infers as the parameter's type; structs and nested lists likewise.
        other => (scope.tokens(other), quote! { #arg }),
    }
}

/// The setter pair of a member stored as `Option<T>` in `self`: `x(..)` and `set_x(..)`;
/// `extra` is a rustdoc paragraph for the member's docs (may be empty).
pub fn setters(m: &Member, scope: Scope<'_>, side: Side, extra: &str) -> TokenStream {
    let f = field(m);
    let set = naming::ident(&format!("set_{}", m.field.trim_start_matches("r#")));
    let doc = member_doc_with(m, side, extra);
    let allow = lint_allowance(&m.field);
    let full = scope.tokens(&m.ty);
    let value = naming::ident("value");
    let set_link = format!("[`Self::{set}`]");
    let one = match &m.ty {
        TypeRef::List(item) => {
            let item_id = naming::ident("item");
            let (arg, expr) = setter_arg(item, scope, &item_id);
            let note = format!(" Appends one item; {set_link} replaces the whole list.");
            quote! {
                #doc
                #[doc = ""]
                #[doc = #note]
                #allow
                pub fn #f(mut self, item: #arg) -> Self {
                    self.#f.get_or_insert_with(Vec::new).push(#expr);
                    self
                }
            }
        }
        TypeRef::Map(entry) => {
            let (arg, expr) = setter_arg(entry, scope, &value);
            let note = format!(" Inserts one entry; {set_link} replaces the whole map.");
            quote! {
                #doc
                #[doc = ""]
                #[doc = #note]
                #allow
                pub fn #f(mut self, key: impl Into<String>, value: #arg) -> Self {
                    self.#f.get_or_insert_with(Default::default).insert(key.into(), #expr);
                    self
                }
            }
        }
        single => {
            let (arg, expr) = setter_arg(single, scope, &value);
            quote! {
                #doc
                #allow
                pub fn #f(mut self, value: #arg) -> Self {
                    self.#f = Some(#expr);
                    self
                }
            }
        }
    };
    let set_doc = format!(" Sets or clears [`{f}`](Self::{f}) (`None` clears it).");
    quote! {
        #one
        #[doc = #set_doc]
        pub fn #set(mut self, value: Option<#full>) -> Self {
            self.#f = value;
            self
        }
    }
}

/// A clippy allowance for setter names that look like conversions or operator methods
/// (`is_view(self, ..)`, `add(self, ..)`), whose conventions do not apply to setters.
pub fn lint_allowance(name: &str) -> TokenStream {
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

/// Whether values of `ty` hold a nested request struct with required members (which
/// `build()` then checks through `Validate`).
pub fn needs_validation(space: &TypeSpace, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Scalar(_) => false,
        TypeRef::List(inner) | TypeRef::Map(inner) => needs_validation(space, inner),
        TypeRef::Named(id) => match &space.get(*id).kind {
            TypeKind::Struct {
                side: Side::Request,
                members,
            } => members
                .iter()
                .any(|m| m.required || needs_validation(space, &m.ty)),
            _ => false,
        },
    }
}

/// The `Validate` expressions for members of a nested request struct read from `owner`
/// (`self`): a required member's presence, a member holding values to validate.
fn validations(space: &TypeSpace, members: &[Member]) -> Vec<TokenStream> {
    members
        .iter()
        .filter_map(|m| {
            let (f, wire) = (field(m), &m.wire);
            if m.required {
                Some(quote! { dataworks_runtime::__private::require(&self.#f, #wire) })
            } else if needs_validation(space, &m.ty) {
                Some(quote! { dataworks_runtime::__private::nested(&self.#f, #wire) })
            } else {
                None
            }
        })
        .collect()
}

/// A nested request struct: fields, setters, wire encoding and validation.
fn request_struct(name: &Ident, doc: &str, members: &[Member], scope: Scope<'_>) -> TokenStream {
    let docs = doc_attrs(doc);
    let how = format!(
        " Build one from `{name}::default()` with its setters; the request's `build()` checks its required members."
    );
    let docs = quote! { #docs #[doc = ""] #[doc = #how] };
    let fields = members.iter().map(|m| {
        let (f, wire, ty) = (field(m), &m.wire, scope.tokens(&m.ty));
        let doc = member_doc(m, Side::Request);
        quote! {
            #doc
            #[serde(rename = #wire, skip_serializing_if = "Option::is_none")]
            pub #f: Option<#ty>,
        }
    });
    let setters = members.iter().map(|m| setters(m, scope, Side::Request, ""));
    let puts = members.iter().map(|m| {
        let (f, wire) = (field(m), &m.wire);
        quote! { dataworks_runtime::__private::put_member(out, name, #wire, &self.#f); }
    });
    let checks = validations(scope.space(), members);
    let validate = if checks.is_empty() {
        quote! {}
    } else {
        quote! {
            impl dataworks_runtime::__private::Validate for #name {
                #[inline]
                fn missing(&self) -> Option<String> {
                    dataworks_runtime::__private::first_missing([#(#checks),*])
                }
            }
        }
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #(#setters)*
        }

        impl dataworks_runtime::__private::Encode for #name {
            #[inline]
            fn encode(&self, name: &str, out: &mut dataworks_runtime::Params) {
                #(#puts)*
            }
        }

        #validate
    }
}

/// A response struct (nested, or an operation's response when `root`) with its doc
/// attributes: fields, tolerant decoding; the root also keeps the request id.
pub fn response_struct(
    name: &Ident,
    docs: TokenStream,
    members: &[Member],
    scope: Scope<'_>,
    root: bool,
) -> TokenStream {
    let fields = members.iter().map(|m| {
        let (f, wire, ty) = (field(m), &m.wire, scope.tokens(&m.ty));
        let doc = member_doc(m, Side::Response);
        quote! {
            #doc
            #[cfg_attr(feature = "serialize", serde(rename = #wire, skip_serializing_if = "Option::is_none"))]
            pub #f: Option<#ty>,
        }
    });
    let (id_field, id_take, id_impl) = if root {
        (
            quote! {
                /// The answer's request id (`RequestId`): read it with
                /// [`RequestId::request_id`](dataworks_runtime::RequestId::request_id).
                #[cfg_attr(feature = "serialize", serde(skip))]
                _request_id: Option<String>,
            },
            quote! { _request_id: object.take("RequestId")?, },
            quote! {
                impl dataworks_runtime::RequestId for #name {
                    #[inline]
                    fn request_id(&self) -> Option<&str> {
                        self._request_id.as_deref()
                    }
                }
            },
        )
    } else {
        (quote! {}, quote! {}, quote! {})
    };
    let body = if members.is_empty() && !root {
        quote! {
            Ok(dataworks_runtime::__private::Object::new(value)?.map(|_| Self {}))
        }
    } else {
        let takes = members.iter().map(|m| {
            let (f, wire) = (field(m), &m.wire);
            quote! { #f: object.take(#wire)?, }
        });
        quote! {
            let Some(mut object) = dataworks_runtime::__private::Object::new(value)? else {
                return Ok(None);
            };
            Ok(Some(Self { #(#takes)* #id_take }))
        }
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Default)]
        #[cfg_attr(feature = "serialize", derive(serde::Serialize))]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #id_field
        }

        impl dataworks_runtime::FromJson for #name {
            #[inline]
            fn from_json(value: serde_json::Value) -> Result<Option<Self>, dataworks_runtime::DecodeError> {
                #body
            }
        }

        #id_impl
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::TypeSpace;
    use dwgen_spec::Spec;
    use dwgen_spec::{Field, Operation};

    fn render(tokens: &TokenStream) -> String {
        super::super::format::rust_file(std::path::Path::new("t.rs"), tokens)
            .expect("parses")
            .split_whitespace()
            .collect()
    }

    #[test]
    fn request_member_docs_say_required_optional_or_unstated() {
        let member = |required: bool, required_stated: bool| Member {
            wire: "Verbose".into(),
            field: "verbose".into(),
            required,
            required_stated,
            json: false,
            ty: crate::plan::TypeRef::Scalar(Type::Boolean),
            description: "Whether to say more.".into(),
            example: None,
            item_type_name: None,
        };
        let doc = |m: &Member| member_doc(m, Side::Request).to_string();
        assert!(doc(&member(true, true)).contains(" Required. Wire name"));
        assert!(doc(&member(false, true)).contains(" Optional. Wire name"));
        let unstated = doc(&member(false, false));
        assert!(
            unstated.contains(
                " Optional (no document states whether it is required, so it is not enforced). Wire name"
            ),
            "{unstated}"
        );
    }

    #[test]
    fn response_structs_take_their_members_by_wire_name() {
        let mut op = Operation::new("GetThing", "tenant");
        op.response.fields = vec![
            Field::new("RequestId", Type::String),
            Field {
                fields: vec![Field::new("Type", Type::Int64)],
                ..Field::new("Data", Type::Object)
            },
        ];
        let spec = Spec::new(
            crate::emit::test_support::service("tenant", "租户"),
            vec![op],
        );
        let space = TypeSpace::plan(&spec);
        let scope = Scope::Op(&space, 0);
        let members = &space.ops[0].response;
        let root = render(&response_struct(
            &naming::ident("GetThingResponse"),
            quote! {},
            members,
            scope,
            true,
        ));
        let expect = |needle: &str| {
            let needle: String = needle.split_whitespace().collect();
            assert!(root.contains(&needle), "missing `{needle}` in {root}");
        };
        expect(
            r#"#[cfg_attr(feature = "serialize", serde(rename = "Data", skip_serializing_if = "Option::is_none"))] pub data: Option<Data>,"#,
        );
        expect("impl dataworks_runtime::FromJson for GetThingResponse {");
        expect("let Some(mut object) = dataworks_runtime::__private::Object::new(value)? else { return Ok(None); };");
        // The envelope is not a member: the request id is kept hidden, behind RequestId.
        assert!(!root.contains("pubrequest_id"), "{root}");
        expect(r#"_request_id: object.take("RequestId")?,"#);
        expect("impl dataworks_runtime::RequestId for GetThingResponse {");
        assert!(
            !root.contains("Deserialize"),
            "decoding goes through FromJson only"
        );
        let nested = render(&type_def(&space, space.local(0)[0], scope));
        assert!(
            nested.contains(r#"r#type:object.take("Type")?,"#),
            "{nested}"
        );
        let empty = render(&response_struct(
            &naming::ident("Empty"),
            quote! {},
            &[],
            scope,
            false,
        ));
        assert!(
            empty.contains("Ok(dataworks_runtime::__private::Object::new(value)?.map(|_|Self{}))"),
            "{empty}"
        );
    }
}
