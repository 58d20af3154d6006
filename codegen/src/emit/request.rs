//! Request emitter: `XRequest` (every documented parameter; `Option<T>` when not
//! required; its rustdoc says whether it only reads and what that means for retries),
//! its `dataworks_runtime::Operation` impl (action name, version, QPS tier, API group,
//! whether it only reads and its client token ([`crate::operation_kind`]), response and
//! error types, and the RPC wire encoding: parameters by exact
//! wire name, arrays and objects flattened `Name.1`, `Name.1.Field`, or JSON-encoded
//! where the spec says), and `XRequestBuilder<C>`.
//!
//! The builder is generic over its client slot: `XRequest::builder()` gives
//! `XRequestBuilder<()>`, which only builds a request value; the client's method
//! (`client.x()`, trait `DataWorks`) gives `XRequestBuilder<Client>`, which also sends. A
//! builder that cannot send has no `send()`, and the setters exist once for both.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::{code_span, raw_doc, titled};
use super::structs::{field, member_doc_with, needs_validation, setters};
use super::OpCx;
use crate::operation_kind::OperationKind;
use crate::plan::{Member, OneOf, OpPlan, Side};

/// `` `FolderId`, `FolderPath` ``: a group's members as code spans.
fn spans(group: &OneOf) -> String {
    group
        .members
        .iter()
        .map(|m| code_span(m))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rustdoc paragraph of a member of one-of groups (empty for other members): which
/// group, that `build()` checks it, and what the documentation says beyond that.
fn group_doc(plan: &OpPlan, wire: &str) -> String {
    plan.groups_of(wire)
        .map(|g| {
            let mut text = format!(
                "At least one of {} must be set: `build()` fails when none is.",
                spans(g)
            );
            if let Some(note) = &g.note {
                text.push(' ');
                text.push_str(&super::docs::sanitize(note).join(" "));
            }
            text
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The request type, its `Operation` impl and its builder.
pub fn emit(cx: OpCx<'_>) -> TokenStream {
    let members = &cx.plan().request;
    let request = request_struct(cx, members);
    let operation = operation_impl(cx, members);
    let builder = builder(cx, members);
    quote! {
        #request
        #operation
        #builder
    }
}

/// The request's one line on retries: whether the operation only reads, and its client
/// token.
pub fn retry_doc(kind: OperationKind) -> String {
    let after = "a 5xx answer, a timeout or a lost connection";
    let see = "(see [`crate::runtime::retry`])";
    match (kind.read_only, kind.client_token) {
        (true, _) => {
            format!("Read-only: besides throttling, the client retries it after {after} {see}.")
        }
        (false, Some(token)) => format!(
            "Mutating, with a client token: the client sets `{token}` (unless given) to one fresh UUID for all attempts of a call, so it retries it after {after} too {see}."
        ),
        (false, None) => format!(
            "Mutating: the client retries it after throttling, but not after {after}, which may have had an effect {see}."
        ),
    }
}

/// The request struct and its `builder()`.
fn request_struct(cx: OpCx<'_>, members: &[Member]) -> TokenStream {
    let names = cx.names();
    let (req, builder) = (&names.request, &names.builder);
    let scope = cx.scope();
    let docs = titled(&format!("The request of `{}`.", cx.op.name), &cx.op.summary);
    let how = format!(
        " Build one with [`{req}::builder`], or call the operation through the client (`client.{}()`).",
        names.method
    );
    let retries = format!(" {}", retry_doc(OperationKind::of(cx.spec, cx.op)));
    let fields = members.iter().map(|m| {
        let (f, ty) = (field(m), scope.tokens(&m.ty));
        let doc = member_doc_with(m, Side::Request, &group_doc(cx.plan(), &m.wire));
        let ty = if m.required {
            ty
        } else {
            quote! { Option<#ty> }
        };
        quote! {
            #doc
            pub #f: #ty,
        }
    });
    quote! {
        #docs
        #[doc = ""]
        #[doc = #how]
        #[doc = ""]
        #[doc = #retries]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #req {
            #(#fields)*
        }

        impl #req {
            /// A builder for this request, which builds a request value (to send it with
            /// [`Client::call`](dataworks_runtime::Client::call)); the client's method for
            /// this operation gives one that also sends.
            pub fn builder() -> #builder {
                #builder::with_client(())
            }
        }
    }
}

/// `impl dataworks_runtime::Operation for XRequest`.
fn operation_impl(cx: OpCx<'_>, members: &[Member]) -> TokenStream {
    let names = cx.names();
    let (req, resp, err) = (&names.request, &names.response, &names.error);
    let action = &cx.op.name;
    let category = &cx.op.category;
    let tier = match cx.op.qps_tier {
        Some(t) => {
            let v = super::operation::tier_variant(t);
            quote! { Some(crate::QpsTier::#v.tier()) }
        }
        None => quote! { None },
    };
    let kind = OperationKind::of(cx.spec, cx.op);
    let endpoints = super::endpoints::operation_const(cx.spec);
    let read_only = kind.read_only;
    let client_token = match kind.client_token {
        Some(token) => quote! { Some(#token) },
        None => quote! { None },
    };
    let puts = members.iter().map(|m| {
        let (f, wire) = (field(m), &m.wire);
        match (m.json, m.required) {
            (true, true) => {
                quote! { dataworks_runtime::__private::put_json(&mut out, #wire, Some(&self.#f)); }
            }
            (true, false) => {
                quote! { dataworks_runtime::__private::put_json(&mut out, #wire, self.#f.as_ref()); }
            }
            (false, _) => quote! { dataworks_runtime::__private::put(&mut out, #wire, &self.#f); },
        }
    });
    let out_decl = if members.is_empty() {
        quote! { let out = dataworks_runtime::Params::new(); }
    } else {
        quote! { let mut out = dataworks_runtime::Params::new(); }
    };
    quote! {
        impl dataworks_runtime::Operation for #req {
            const NAME: &'static str = #action;
            const VERSION: &'static str = crate::API_VERSION;
            const TIER: Option<dataworks_runtime::Tier> = #tier;
            const CATEGORY: &'static str = #category;
            const ENDPOINTS: Option<&'static dataworks_runtime::endpoint::EndpointRules> = #endpoints;
            const READ_ONLY: bool = #read_only;
            const CLIENT_TOKEN: Option<&'static str> = #client_token;
            type Response = #resp;
            type Error = #err;
            #[inline]
            fn params(&self) -> dataworks_runtime::Params {
                #out_decl
                #(#puts)*
                out
            }
        }
    }
}

/// The builder: struct, setters, `build()`, and `send()` when it holds a client.
fn builder(cx: OpCx<'_>, members: &[Member]) -> TokenStream {
    let names = cx.names();
    let (req, builder, resp, err) = (
        &names.request,
        &names.builder,
        &names.response,
        &names.error,
    );
    let scope = cx.scope();
    let docs = builder_doc(cx, req);
    let fields = members.iter().map(|m| {
        let (f, ty) = (field(m), scope.tokens(&m.ty));
        quote! { #f: Option<#ty>, }
    });
    let nones = members.iter().map(|m| {
        let f = field(m);
        quote! { #f: None, }
    });
    let setters = members
        .iter()
        .map(|m| setters(m, scope, Side::Request, &group_doc(cx.plan(), &m.wire)));
    let build = build_fn(cx, members, req);
    let send_doc = " Builds the request and sends it with the client this builder came from: paced by the operation's QPS level, signed, retried. A missing required parameter fails with [`SdkError::Build`](dataworks_runtime::SdkError::Build) before anything is sent.";
    quote! {
        #docs
        #[derive(Debug, Clone)]
        pub struct #builder<C = ()> {
            pub(crate) client: C,
            #(#fields)*
        }

        impl<C> #builder<C> {
            /// A builder with no parameter set, holding `client` (`()` for none).
            pub(crate) fn with_client(client: C) -> Self {
                Self {
                    client,
                    #(#nones)*
                }
            }

            #(#setters)*

            #build
        }

        impl Default for #builder {
            #[inline]
            fn default() -> Self {
                Self::with_client(())
            }
        }

        impl #builder<dataworks_runtime::Client> {
            #[doc = #send_doc]
            pub async fn send(self) -> Result<#resp, dataworks_runtime::SdkError<#err>> {
                let client = self.client.clone();
                let request = self.build()?;
                client.call(&request).await
            }

            /// Overrides the client's settings for this call only (operation and attempt
            /// timeouts, retry policy, pacing), leaving the client as it is; see
            /// [`CallOverrides`](dataworks_runtime::CallOverrides).
            pub fn customize(mut self, overrides: dataworks_runtime::CallOverrides) -> Self {
                self.client = self.client.customized(overrides);
                self
            }
        }
    }
}

/// The builder's rustdoc: what it is, where it comes from, the setter convention.
fn builder_doc(cx: OpCx<'_>, req: &Ident) -> TokenStream {
    let method = cx.names().method;
    let mut lines = vec![
        format!("Builds a [`{req}`]."),
        String::new(),
        format!("From [`{req}::builder`] (`C = ()`) it builds a request value; from the client (`client.{method}()`, trait [`DataWorks`](crate::DataWorks)) it holds the client (`C = Client`) and also sends it."),
        String::new(),
        "Setters: `x(value)` sets a parameter (for a list, appends one item; for a map, inserts one entry); `set_x(Option<T>)` replaces it or clears it.".to_owned(),
    ];
    for g in &cx.plan().one_of {
        lines.push(String::new());
        lines.push(format!(
            "At least one of {} must be set (the documentation says so); `build()` fails when none is.",
            spans(g)
        ));
    }
    raw_doc(&lines)
}

/// `build()`: required parameters unwrapped (naming the first missing one), nested
/// values validated.
fn build_fn(cx: OpCx<'_>, members: &[Member], req: &Ident) -> TokenStream {
    let req_name = req.to_string();
    let inits = members.iter().map(|m| {
        let (f, wire) = (field(m), &m.wire);
        if m.required {
            quote! { #f: dataworks_runtime::__private::required(self.#f, #req_name, #wire)?, }
        } else {
            quote! { #f: self.#f, }
        }
    });
    let checks: Vec<TokenStream> = members
        .iter()
        .filter(|m| needs_validation(cx.space, &m.ty))
        .map(|m| {
            let (f, wire) = (field(m), &m.wire);
            quote! { dataworks_runtime::__private::nested(&request.#f, #wire) }
        })
        .collect();
    let groups: Vec<TokenStream> = cx
        .plan()
        .one_of
        .iter()
        .map(|g| {
            let wires = &g.members;
            let set = g.members.iter().map(|w| {
                let m = members.iter().find(|m| &m.wire == w);
                match m {
                    Some(m) if m.required => quote! { true },
                    Some(m) => {
                        let f = field(m);
                        quote! { request.#f.is_some() }
                    }
                    None => quote! { false },
                }
            });
            quote! {
                dataworks_runtime::__private::one_of(#req_name, &[#(#wires),*], &[#(#set),*])?;
            }
        })
        .collect();
    let required: Vec<String> = members
        .iter()
        .filter(|m| m.required)
        .map(|m| code_span(&m.wire))
        .collect();
    let mut sentences = Vec::new();
    if !required.is_empty() {
        sentences.push(format!(
            "A [`BuildError`](dataworks_runtime::BuildError) naming the first required parameter that is not set: {}.",
            required.join(", ")
        ));
    }
    if !checks.is_empty() {
        sentences.push(
            "A [`BuildError`](dataworks_runtime::BuildError) naming a required member of a nested value that is not set.".to_owned(),
        );
    }
    for g in &cx.plan().one_of {
        sentences.push(format!(
            "A [`BuildError`](dataworks_runtime::BuildError) naming the group when none of {} is set.",
            spans(g)
        ));
    }
    if sentences.is_empty() {
        sentences.push("Never fails: the request has no required parameter.".to_owned());
    }
    let errors = format!(" {}", sentences.join(" "));
    let check = (!checks.is_empty()).then(|| {
        quote! { dataworks_runtime::__private::check(#req_name, [#(#checks),*])?; }
    });
    let body = if checks.is_empty() && groups.is_empty() {
        quote! { Ok(#req { #(#inits)* }) }
    } else {
        quote! {
            let request = #req { #(#inits)* };
            #check
            #(#groups)*
            Ok(request)
        }
    };
    quote! {
        /// Builds the request.
        ///
        /// # Errors
        ///
        #[doc = #errors]
        pub fn build(self) -> Result<#req, dataworks_runtime::BuildError> {
            #body
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::plan::TypeSpace;
    use dwgen_spec::Spec;
    use dwgen_spec::{Encoding, Field, Operation, Param, Schema, Type};

    fn param(name: &str, ty: Type, required: bool) -> Param {
        Param {
            description: format!("The {name}."),
            ..Param::new(name, ty, required)
        }
    }

    fn member(name: &str, ty: Type, required: Option<bool>) -> Field {
        Field {
            required,
            ..Field::new(name, ty)
        }
    }

    /// `PutThing`: required and optional scalars, a keyword name, a name that collides
    /// with `build()`, a list, a flat object, a JSON-encoded object and a list of objects.
    fn spec() -> Spec {
        let mut file_id = param("FileId", Type::Int64, true);
        file_id.example = Some("10000001".into());
        let mut tags = param("Tags", Type::Array, false);
        tags.items = Some(Box::new(Schema::of(Type::String)));
        let mut owner = param("Owner", Type::Object, false);
        owner.fields = vec![
            member("Id", Type::Int64, Some(true)),
            member("Type", Type::String, None),
        ];
        let mut spec_param = param("Spec", Type::Object, false);
        spec_param.encoding = Encoding::Json;
        spec_param.fields = vec![member("Size", Type::Int32, None)];
        let mut columns = param("Columns", Type::Array, false);
        let mut column = Schema::of(Type::Object);
        column.fields = vec![member("Name", Type::String, Some(true))];
        columns.items = Some(Box::new(column));
        let mut op = Operation::new("PutThing", "data-development");
        op.qps_tier = Some(3);
        op.summary = "Puts a thing.".into();
        op.request.params = vec![
            file_id,
            param("Comment", Type::String, false),
            param("Type", Type::String, false),
            param("Build", Type::Boolean, false),
            tags,
            owner,
            spec_param,
            columns,
        ];
        Spec::new(
            crate::emit::test_support::service("data-development", "数据开发"),
            vec![op],
        )
    }

    /// The request's tokens and the module's own types, rendered without whitespace so
    /// that assertions do not depend on line wrapping.
    fn emitted() -> (String, String) {
        let spec = spec();
        let space = TypeSpace::plan(&spec);
        let cx = OpCx::new(&spec, &space, 0);
        let scope = cx.scope();
        let local = space
            .local(0)
            .into_iter()
            .map(|id| super::super::structs::type_def(&space, id, scope));
        let items = quote! { #(#local)* };
        let render = |t: &TokenStream| {
            let text = super::super::format::rust_file(Path::new("t.rs"), t).expect("parses");
            text.split_whitespace().collect::<String>()
        };
        (render(&emit(cx)), render(&items))
    }

    fn assert_has(haystack: &str, needle: &str) {
        let needle: String = needle.split_whitespace().collect();
        assert!(
            haystack.contains(&needle),
            "missing `{needle}` in:\n{haystack}"
        );
    }

    #[test]
    fn the_request_has_every_parameter_and_encodes_it_by_wire_name() {
        let (request, _) = emitted();
        assert_has(&request, "#[non_exhaustive] pub struct PutThingRequest {");
        assert_has(&request, "pub file_id: i64,");
        assert_has(&request, "pub comment: Option<String>,");
        assert_has(&request, "pub r#type: Option<String>,");
        assert_has(&request, "pub build2: Option<bool>,");
        assert_has(&request, "pub tags: Option<Vec<String>>,");
        assert_has(&request, "pub columns: Option<Vec<Column>>,");
        assert_has(
            &request,
            "/// Required. Wire name: `FileId`. Example: `10000001`.",
        );
        assert_has(
            &request,
            r#"impl dataworks_runtime::Operation for PutThingRequest {
                const NAME: &'static str = "PutThing";
                const VERSION: &'static str = crate::API_VERSION;
                const TIER: Option<dataworks_runtime::Tier> = Some(crate::QpsTier::Level3.tier());
                const CATEGORY: &'static str = "data-development";
                const ENDPOINTS: Option<&'static dataworks_runtime::endpoint::EndpointRules> = None;
                const READ_ONLY: bool = false;
                const CLIENT_TOKEN: Option<&'static str> = None;
                type Response = PutThingResponse;
                type Error = PutThingError;"#,
        );
        assert_has(
            &request,
            r#"dataworks_runtime::__private::put(&mut out, "FileId", &self.file_id);"#,
        );
        assert_has(
            &request,
            r#"dataworks_runtime::__private::put(&mut out, "Build", &self.build2);"#,
        );
        assert_has(
            &request,
            r#"dataworks_runtime::__private::put_json(&mut out, "Spec", self.spec.as_ref());"#,
        );
    }

    #[test]
    fn the_builder_is_generic_over_its_client_and_only_sends_with_one() {
        let (request, _) = emitted();
        assert_has(
            &request,
            "pub struct PutThingRequestBuilder<C = ()> { pub(crate) client: C,",
        );
        assert_has(&request, "impl<C> PutThingRequestBuilder<C> {");
        assert_has(
            &request,
            "pub fn builder() -> PutThingRequestBuilder { PutThingRequestBuilder::with_client(()) }",
        );
        assert_has(
            &request,
            "impl PutThingRequestBuilder<dataworks_runtime::Client> {",
        );
        assert_has(
            &request,
            "pub async fn send(self,) -> Result<PutThingResponse, dataworks_runtime::SdkError<PutThingError>> { let client = self.client.clone(); let request = self.build()?; client.call(&request).await }",
        );
        assert_eq!(request.matches("pubasyncfnsend").count(), 1);
        assert_has(
            &request,
            "pub fn customize(mut self, overrides: dataworks_runtime::CallOverrides) -> Self { self.client = self.client.customized(overrides); self }",
        );
    }

    #[test]
    fn every_parameter_gets_a_setter_pair_and_lists_append() {
        let (request, _) = emitted();
        assert_has(
            &request,
            "pub fn file_id(mut self, value: i64) -> Self { self.file_id = Some(value); self }",
        );
        assert_has(
            &request,
            "pub fn set_file_id(mut self, value: Option<i64>) -> Self { self.file_id = value; self }",
        );
        assert_has(&request, "pub fn comment(mut self, value: impl Into<String>) -> Self { self.comment = Some(value.into()); self }");
        assert_has(
            &request,
            "pub fn tags(mut self, item: impl Into<String>) -> Self { self.tags.get_or_insert_with(Vec::new).push(item.into()); self }",
        );
        assert_has(
            &request,
            "pub fn set_tags(mut self, value: Option<Vec<String>>) -> Self",
        );
        assert_has(
            &request,
            "/// Appends one item; [`Self::set_tags`] replaces the whole list.",
        );
        assert_has(&request, "pub fn columns(mut self, item: Column) -> Self");
    }

    #[test]
    fn build_names_the_missing_parameter_and_validates_nested_values() {
        let (request, _) = emitted();
        assert_has(
            &request,
            "pub fn build(self) -> Result<PutThingRequest, dataworks_runtime::BuildError> {",
        );
        assert_has(
            &request,
            r#"file_id: dataworks_runtime::__private::required(self.file_id, "PutThingRequest", "FileId",)?,"#,
        );
        assert_has(&request, "comment: self.comment,");
        assert_has(
            &request,
            r#"dataworks_runtime::__private::check("PutThingRequest", [dataworks_runtime::__private::nested(&request.owner, "Owner"), dataworks_runtime::__private::nested(&request.columns, "Columns"),],)?;"#,
        );
        assert_has(
            &request,
            "the first required parameter that is not set: `FileId`.",
        );
    }

    #[test]
    fn nested_request_types_have_setters_encoding_and_validation() {
        let (_, items) = emitted();
        assert_has(
            &items,
            "#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)] #[non_exhaustive] pub struct Owner {",
        );
        assert_has(
            &items,
            r#"#[serde(rename = "Id", skip_serializing_if = "Option::is_none")] pub id: Option<i64>,"#,
        );
        assert_has(
            &items,
            "pub fn set_id(mut self, value: Option<i64>) -> Self",
        );
        assert_has(
            &items,
            "impl dataworks_runtime::__private::Encode for Owner {",
        );
        assert_has(
            &items,
            r#"dataworks_runtime::__private::put_member(out, name, "Id", &self.id);"#,
        );
        assert_has(
            &items,
            r#"impl dataworks_runtime::__private::Validate for Owner { #[inline] fn missing(&self) -> Option<String> { dataworks_runtime::__private::first_missing([dataworks_runtime::__private::require(&self.id, "Id"),]) } }"#,
        );
        // A list's element: the singular of its name.
        assert_has(&items, "pub struct Column {");
        // A JSON-encoded object without required members: no Validate.
        assert!(!items.contains("ValidateforSpec"), "{items}");
    }

    #[test]
    fn one_of_groups_are_checked_by_build_and_documented() {
        let mut spec = spec();
        let op = &mut spec.operations[0];
        op.request.params.push(param("NodeId", Type::Int64, false));
        op.request.params[0].required = false;
        op.request.one_of = vec![vec!["FileId".into(), "NodeId".into()]];
        op.request.one_of_notes = vec![dwgen_spec::OneOfNote {
            group: vec!["FileId".into(), "NodeId".into()],
            note: "如果同时配置，则以FileId为准。".into(),
        }];
        let space = TypeSpace::plan(&spec);
        assert!(space.notes.is_empty(), "{:?}", space.notes);
        let text =
            super::super::format::rust_file(Path::new("t.rs"), &emit(OpCx::new(&spec, &space, 0)))
                .expect("parses");
        let squashed: String = text.split_whitespace().collect();
        assert_has(
            &squashed,
            r#"dataworks_runtime::__private::one_of("PutThingRequest", &["FileId", "NodeId"], &[request.file_id.is_some(), request.node_id.is_some()],)?;"#,
        );
        assert_has(&squashed, "pub file_id: Option<i64>,");
        assert!(
            text.contains("/// At least one of `FileId`, `NodeId` must be set: `build()` fails when none is. 如果同时配置，则以FileId为准。"),
            "{text}"
        );
        assert!(text.contains("/// At least one of `FileId`, `NodeId` must be set (the documentation says so); `build()` fails when none is."));
        assert!(text.contains("naming the group when none of `FileId`, `NodeId` is set."));
        // A group naming a parameter the request does not have stops planning.
        spec.operations[0].request.one_of = vec![vec!["FileId".into(), "Nope".into()]];
        assert!(TypeSpace::plan(&spec).blocking()[0]
            .message
            .contains("Nope"));
    }
    #[test]
    fn the_operation_says_whether_it_reads_and_its_client_token() {
        let render = |spec: &Spec| {
            let space = TypeSpace::plan(spec);
            super::super::format::rust_file(Path::new("t.rs"), &emit(OpCx::new(spec, &space, 0)))
                .expect("parses")
        };
        // PutThing: mutating, no token.
        let text = render(&spec());
        assert!(text.contains("/// Mutating: the client retries it after throttling, but not after a 5xx answer, a timeout or a lost connection, which may have had an effect (see [`crate::runtime::retry`])."), "{text}");
        // With a ClientToken parameter.
        let mut with_token = spec();
        with_token.operations[0]
            .request
            .params
            .push(param("ClientToken", Type::String, false));
        let text = render(&with_token);
        let squashed: String = text.split_whitespace().collect();
        assert_has(
            &squashed,
            r#"const READ_ONLY: bool = false; const CLIENT_TOKEN: Option<&'static str> = Some("ClientToken");"#,
        );
        assert!(
            text.contains(
                "/// Mutating, with a client token: the client sets `ClientToken` (unless given)"
            ),
            "{text}"
        );
        // Overridden to read-only.
        let mut read = spec();
        read.read_only = vec![crate::operation_kind::ReadOnlyOverride {
            operation: "PutThing".into(),
            read_only: true,
            why: "It only puts a thing in a reply.".into(),
        }];
        let text = render(&read);
        let squashed: String = text.split_whitespace().collect();
        assert_has(
            &squashed,
            "const READ_ONLY: bool = true; const CLIENT_TOKEN: Option<&'static str> = None;",
        );
        assert!(text.contains("/// Read-only: besides throttling, the client retries it after a 5xx answer, a timeout or a lost connection (see [`crate::runtime::retry`])."), "{text}");
    }
}
