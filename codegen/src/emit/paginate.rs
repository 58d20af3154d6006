//! Paginator emitter: for every paged operation, an `impl crate::paginate::Paged` on the
//! request (how to ask for page `n`, the page size asked for, and where a response keeps
//! its items and total count) and `into_paginator()` on the builder; and the generated
//! crate's `src/paginate.rs`, whose `Paginator` walks the pages with the runtime's
//! `Paginator` as a stream of pages or of items.
//!
//! An operation is paged when its request has integer `PageNumber` and `PageSize`
//! parameters and its response has exactly one object (the response itself or a nested
//! object) holding an integer `TotalCount` next to exactly one array (the items). The
//! access paths are found here, at generation time, from the spec ([`detect`]); the Rust
//! names along them come from what the request and response emitters named.

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use super::format::rust_file;
use super::request::Member;
use super::response::Emitted;
use super::{types, CodegenError, Files, OpCx};
use crate::spec::{Field, Operation, Type};
use crate::spec_io::Spec;

/// The request parameter holding the page number (1-based).
pub const PAGE_NUMBER: &str = "PageNumber";
/// The request parameter holding the page size.
pub const PAGE_SIZE: &str = "PageSize";
/// The response member holding the total number of items.
pub const TOTAL_COUNT: &str = "TotalCount";

/// Where a paged operation's response keeps its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    /// Wire names from the response down to the object holding the total count and the
    /// items; empty when the response holds them itself.
    pub object: Vec<String>,
    /// The wire name of the array member holding the items.
    pub items: String,
}

impl Paging {
    /// The items' path, dotted: `Data.Files`.
    pub fn items_path(&self) -> String {
        let mut parts = self.object.clone();
        parts.push(self.items.clone());
        parts.join(".")
    }
}

/// Whether a value of this type and value set is a plain integer.
fn plain_integer(ty: Type, has_values: bool) -> bool {
    types::is_integer(ty) && !has_values
}

/// How `op` pages, if it does; see the module docs for the rule.
pub fn detect(op: &Operation) -> Option<Paging> {
    let integer_param = |name: &str| {
        op.request
            .params
            .iter()
            .any(|p| p.name == name && plain_integer(p.ty, !p.enum_values.is_empty()))
    };
    if !integer_param(PAGE_NUMBER) || !integer_param(PAGE_SIZE) {
        return None;
    }
    let mut found = Vec::new();
    collect(&op.response.fields, &mut Vec::new(), &mut found);
    if found.len() == 1 {
        found.pop()
    } else {
        None
    }
}

/// Every object at or under `fields` (reached through object members) that holds an
/// integer `TotalCount` and exactly one array.
fn collect(fields: &[Field], path: &mut Vec<String>, found: &mut Vec<Paging>) {
    let total = fields
        .iter()
        .any(|f| f.name == TOTAL_COUNT && plain_integer(f.ty, !f.enum_values.is_empty()));
    let mut arrays: Vec<&str> = fields
        .iter()
        .filter(|f| f.ty == Type::Array)
        .map(|f| f.name.as_str())
        .collect();
    arrays.dedup();
    if let (true, [items]) = (total, arrays.as_slice()) {
        found.push(Paging {
            object: path.clone(),
            items: (*items).to_owned(),
        });
    }
    for f in fields {
        if f.ty == Type::Object && !f.fields.is_empty() {
            path.push(f.name.clone());
            collect(&f.fields, path, found);
            path.pop();
        }
    }
}

/// The paged operations of the spec, with their paging.
pub fn paged(spec: &Spec) -> Vec<(&Operation, Paging)> {
    spec.operations
        .iter()
        .filter_map(|op| detect(op).map(|p| (op, p)))
        .collect()
}

/// The response member `wire` of struct `parent`, as emitted.
fn member<'c>(emitted: &'c [Emitted], parent: &str, wire: &str) -> Option<&'c Emitted> {
    emitted
        .iter()
        .find(|e| e.parent == parent && e.wire == wire)
}

/// Sets the page number: `Some(..)` unless the parameter is required.
fn set_number(m: &Member) -> TokenStream {
    let f = &m.field;
    if m.required {
        quote! { self.#f = crate::paginate::PageInt::from_page(number); }
    } else {
        quote! { self.#f = Some(crate::paginate::PageInt::from_page(number)); }
    }
}

/// Reads the page size asked for.
fn get_size(m: &Member) -> TokenStream {
    let f = &m.field;
    if m.required {
        quote! { crate::paginate::PageInt::to_page(self.#f) }
    } else {
        quote! { self.#f.and_then(crate::paginate::PageInt::to_page) }
    }
}

/// The operation's `Paged` impl and `into_paginator()`, when it is paged (after its
/// request and response are emitted into `cx`).
pub fn emit_op(cx: &OpCx<'_>) -> TokenStream {
    let Some(paging) = detect(cx.op) else {
        return quote! {};
    };
    render(cx, &paging).unwrap_or_default()
}

fn render(cx: &OpCx<'_>, paging: &Paging) -> Option<TokenStream> {
    let param = |wire: &str| cx.request_members.iter().find(|m| m.wire == wire);
    let (number, size) = (param(PAGE_NUMBER)?, param(PAGE_SIZE)?);
    let mut parent = cx.names.response.to_string();
    let mut steps = Vec::new();
    for wire in &paging.object {
        let m = member(&cx.response_members, &parent, wire)?;
        steps.push(m.field.clone());
        parent = m.ty.to_string();
    }
    let items = member(&cx.response_members, &parent, &paging.items)?;
    let total = member(&cx.response_members, &parent, TOTAL_COUNT)?;
    let (item_ty, items, total) = (items.element.clone()?, &items.field, &total.field);
    let (req, builder) = (&cx.names.request, &cx.names.builder);
    let (set_number, get_size) = (set_number(number), get_size(size));
    let path = paging.items_path();
    let doc = [
        format!(
            " Walks every page of this request (`{PAGE_NUMBER}` 1, 2, ... until `{TOTAL_COUNT}`"
        ),
        " items are seen) with the client this builder came from: a stream of pages or of"
            .to_owned(),
        format!(" the items at `{path}`. Pin the stream (`std::pin::pin!`) to poll it."),
    ];
    Some(quote! {
        impl crate::paginate::Paged for #req {
            type Item = #item_ty;
            fn set_page_number(&mut self, number: u32) {
                #set_number
            }
            fn page_size(&self) -> Option<u32> {
                #get_size
            }
            fn into_page(output: Self::Output) -> (Vec<Self::Item>, Option<u64>) {
                #(let output = output.#steps.unwrap_or_default();)*
                (output.#items.unwrap_or_default(), crate::paginate::total(output.#total))
            }
        }

        impl #builder {
            #(#[doc = #doc])*
            pub fn into_paginator(mut self) -> crate::paginate::Paginator<#req> {
                crate::paginate::Paginator::new(self.client.take(), self.build())
            }
        }
    })
}

/// Writes `src/paginate.rs`.
pub fn emit_shared(spec: &Spec, files: &mut Files) -> Result<(), CodegenError> {
    let path = PathBuf::from("src/paginate.rs");
    files.insert(path.clone(), rust_file(&path, &shared_tokens(spec))?);
    Ok(())
}

/// The tokens of `src/paginate.rs`.
fn shared_tokens(spec: &Spec) -> TokenStream {
    let paged = paged(spec);
    let mut doc = vec![
        " Paged operations: a request whose documentation has `PageNumber` and `PageSize`"
            .to_owned(),
        " parameters and a `TotalCount` next to the list of items implements [`Paged`], and"
            .to_owned(),
        " its builder's `into_paginator()` gives a [`Paginator`]: the pages (fetched one at a"
            .to_owned(),
        " time, `PageNumber` 1, 2, ...) or their items as a stream, until `TotalCount` items are"
            .to_owned(),
        " seen, a page is shorter than the `PageSize` asked for, a page is empty, or a call"
            .to_owned(),
        " fails. Each page is one call through the client (paced, signed and retried).".to_owned(),
        String::new(),
        format!(" Paged operations ({}):", paged.len()),
    ];
    doc.extend(
        paged
            .iter()
            .map(|(op, p)| format!(" - `{}` (items at `{}`)", op.name, p.items_path())),
    );
    let any = super::crate_files::any_feature(paged.iter().map(|(op, _)| *op));
    quote! {
        #(#![doc = #doc])*
        // The crate-private helpers are unused when no paged operation's feature is on.
        #![cfg_attr(not(#any), allow(dead_code))]

        use dataworks_runtime::{Client, RpcCall, SdkError};
        use futures_core::Stream;

        pub use dataworks_runtime::paginate::{Page, PageError};

        /// A paged request (generated for the operations listed in the module docs).
        pub trait Paged: RpcCall + Clone {
            /// One item of a page.
            type Item;
            /// Asks for page `number` (1-based).
            fn set_page_number(&mut self, number: u32);
            /// The page size asked for, if set.
            fn page_size(&self) -> Option<u32>;
            /// A response's items and total count.
            fn into_page(output: Self::Output) -> (Vec<Self::Item>, Option<u64>);
        }

        /// The integer types of page numbers, page sizes and total counts.
        pub(crate) trait PageInt: Copy {
            /// A page number as this type (saturating).
            fn from_page(number: u32) -> Self;
            /// A page size of this type, when it fits.
            fn to_page(self) -> Option<u32>;
            /// A total count of this type, when it is not negative.
            fn to_total(self) -> Option<u64>;
        }

        impl PageInt for i32 {
            fn from_page(number: u32) -> Self {
                i32::try_from(number).unwrap_or(i32::MAX)
            }
            fn to_page(self) -> Option<u32> {
                u32::try_from(self).ok()
            }
            fn to_total(self) -> Option<u64> {
                u64::try_from(self).ok()
            }
        }

        impl PageInt for i64 {
            fn from_page(number: u32) -> Self {
                i64::from(number)
            }
            fn to_page(self) -> Option<u32> {
                u32::try_from(self).ok()
            }
            fn to_total(self) -> Option<u64> {
                u64::try_from(self).ok()
            }
        }

        /// A response's total count, when it has a usable one.
        pub(crate) fn total<T: PageInt>(value: Option<T>) -> Option<u64> {
            value.and_then(PageInt::to_total)
        }

        /// The pages of a paged request; see the module docs. Made by a builder's
        /// `into_paginator()`; nothing is sent until a stream is polled.
        #[must_use = "a paginator does nothing until its `pages()` or `items()` stream is polled"]
        #[derive(Debug, Clone)]
        pub struct Paginator<R> {
            client: Option<Client>,
            request: Result<R, crate::BuildError>,
            max_pages: u32,
        }

        impl<R: Paged> Paginator<R> {
            /// A paginator sending `request` (or failing with its build error) with `client`.
            pub(crate) fn new(client: Option<Client>, request: Result<R, crate::BuildError>) -> Self {
                Paginator {
                    client,
                    request,
                    max_pages: dataworks_runtime::paginate::DEFAULT_MAX_PAGES,
                }
            }

            /// The most pages to fetch (default
            /// [`DEFAULT_MAX_PAGES`](dataworks_runtime::paginate::DEFAULT_MAX_PAGES)); more
            /// ends the walk with [`PageError::TooManyPages`].
            pub fn max_pages(mut self, max: u32) -> Self {
                self.max_pages = max;
                self
            }

            /// The pages, in order. A call that fails ends the stream with
            /// [`PageError::Fetch`]; a missing client or required parameter fails the first
            /// page with [`SdkError::Build`] (nothing is sent).
            pub fn pages(self) -> impl Stream<Item = Result<Page<R::Item>, PageError<SdkError<R::Error>>>> {
                let page_size = self.request.as_ref().ok().and_then(Paged::page_size);
                let Paginator { client, request, max_pages } = self;
                let fetch = move |number| fetch(client.clone(), request.clone(), number);
                let mut paginator = dataworks_runtime::paginate::Paginator::new(fetch).max_pages(max_pages);
                if let Some(size) = page_size {
                    paginator = paginator.page_size(size);
                }
                paginator.pages()
            }

            /// The items of all pages, in order; errors as for [`Self::pages`].
            pub fn items(self) -> impl Stream<Item = Result<R::Item, PageError<SdkError<R::Error>>>> {
                let page_size = self.request.as_ref().ok().and_then(Paged::page_size);
                let Paginator { client, request, max_pages } = self;
                let fetch = move |number| fetch(client.clone(), request.clone(), number);
                let mut paginator = dataworks_runtime::paginate::Paginator::new(fetch).max_pages(max_pages);
                if let Some(size) = page_size {
                    paginator = paginator.page_size(size);
                }
                paginator.items()
            }
        }

        /// Fetches page `number`: its items and the total count.
        async fn fetch<R: Paged>(
            client: Option<Client>,
            request: Result<R, crate::BuildError>,
            number: u32,
        ) -> Result<(Vec<R::Item>, Option<u64>), SdkError<R::Error>> {
            let (client, mut request) = crate::client::bound(client, request)?;
            request.set_page_number(number);
            Ok(R::into_page(client.call(&request).await?))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{Param, Request, Response, Schema};

    fn field(name: &str, ty: Type) -> Field {
        Field::new(name, ty)
    }

    fn object(name: &str, fields: Vec<Field>) -> Field {
        Field {
            fields,
            ..field(name, Type::Object)
        }
    }

    fn array(name: &str, element: &str) -> Field {
        let mut item = Schema::of(Type::Object);
        item.type_name = Some(element.into());
        item.fields = vec![field("Name", Type::String)];
        Field {
            items: Some(Box::new(item)),
            ..field(name, Type::Array)
        }
    }

    fn param(name: &str, ty: Type, required: bool) -> Param {
        Param::new(name, ty, required)
    }

    fn op(params: Vec<Param>, fields: Vec<Field>) -> Operation {
        Operation {
            name: "ListThings".into(),
            category: "tenant".into(),
            qps_tier: Some(1),
            summary: "列出。".into(),
            description: String::new(),
            deprecated: false,
            request: Request { params },
            response: Response { fields },
            errors: vec![],
            examples: Default::default(),
            sources: vec![],
        }
    }

    fn paging_params() -> Vec<Param> {
        vec![
            param("ProjectId", Type::Int64, true),
            param("PageNumber", Type::Int32, false),
            param("PageSize", Type::Int32, false),
        ]
    }

    fn listing() -> Vec<Field> {
        vec![
            field("RequestId", Type::String),
            object(
                "Data",
                vec![
                    field("PageNumber", Type::Int32),
                    field("TotalCount", Type::Int64),
                    array("Things", "Thing"),
                ],
            ),
        ]
    }

    #[test]
    fn finds_the_object_with_the_total_and_its_one_array() {
        let paging = detect(&op(paging_params(), listing())).expect("paged");
        assert_eq!(
            paging,
            Paging {
                object: vec!["Data".into()],
                items: "Things".into()
            }
        );
        assert_eq!(paging.items_path(), "Data.Things");
        // At the top level, and two levels down.
        let top = vec![field("TotalCount", Type::Int32), array("Items", "Item")];
        let paging = detect(&op(paging_params(), top)).expect("paged");
        assert_eq!((paging.object.len(), paging.items.as_str()), (0, "Items"));
        let deep = vec![object("Result", vec![object("Page", listing())])];
        let paging = detect(&op(paging_params(), deep)).expect("paged");
        assert_eq!(paging.items_path(), "Result.Page.Data.Things");
    }

    #[test]
    fn not_paged_without_the_parameters_a_total_or_a_single_array() {
        let only_number = vec![param("PageNumber", Type::Int32, false)];
        assert_eq!(detect(&op(only_number, listing())), None);
        let text_number = vec![
            param("PageNumber", Type::String, false),
            param("PageSize", Type::Int32, false),
        ];
        assert_eq!(detect(&op(text_number, listing())), None);
        let two_arrays = vec![object(
            "Data",
            vec![
                field("TotalCount", Type::Int32),
                array("A", "A"),
                array("B", "B"),
            ],
        )];
        assert_eq!(detect(&op(paging_params(), two_arrays)), None);
        let text_total = vec![object(
            "Data",
            vec![field("TotalCount", Type::String), array("A", "A")],
        )];
        assert_eq!(detect(&op(paging_params(), text_total)), None);
        let no_total = vec![object("Data", vec![array("A", "A")])];
        assert_eq!(detect(&op(paging_params(), no_total)), None);
        // Two objects that both qualify: ambiguous, so none.
        let twice = vec![object("X", listing()), object("Y", listing())];
        assert_eq!(detect(&op(paging_params(), twice)), None);
    }

    fn spec(operation: Operation) -> Spec {
        Spec {
            service: crate::emit::test_support::service("tenant", "租户"),
            operations: vec![operation],
        }
    }

    #[test]
    fn paged_request_gets_an_impl_and_the_builder_a_paginator() {
        let s = spec(op(paging_params(), listing()));
        let cx = OpCx::named(&s, &s.operations[0]);
        let out = rust_file(std::path::Path::new("x.rs"), &emit_op(&cx)).expect("parses");
        let flat: String = out.split_whitespace().collect();
        let has = |needle: &str| {
            let needle: String = needle.split_whitespace().collect();
            assert!(flat.contains(&needle), "missing `{needle}` in:\n{out}");
        };
        has("impl crate::paginate::Paged for ListThingsRequest { type Item = Thing;");
        has("self.page_number = Some(crate::paginate::PageInt::from_page(number));");
        has("self.page_size.and_then(crate::paginate::PageInt::to_page)");
        has("let output = output.data.unwrap_or_default();");
        has("(output.things.unwrap_or_default(), crate::paginate::total(output.total_count))");
        has("pub fn into_paginator(mut self) -> crate::paginate::Paginator<ListThingsRequest> {");
        has("crate::paginate::Paginator::new(self.client.take(), self.build())");
        let unpaged = spec(op(vec![], listing()));
        let cx = OpCx::named(&unpaged, &unpaged.operations[0]);
        assert!(emit_op(&cx).is_empty());
    }

    #[test]
    fn shared_module_lists_the_paged_operations() {
        let s = spec(op(paging_params(), listing()));
        let out =
            rust_file(std::path::Path::new("src/paginate.rs"), &shared_tokens(&s)).expect("parses");
        assert!(
            out.contains("//! Paged operations (1):\n//! - `ListThings` (items at `Data.Things`)"),
            "{out}"
        );
        assert!(out.contains("pub trait Paged: RpcCall + Clone {"));
        assert!(out.contains("pub struct Paginator<R> {"));
    }
}
