//! Paginator emitter: for every paged operation, an `impl dataworks_runtime::paginate::Paged`
//! on the request (how to ask for page `n`, the page size asked for, and where a
//! response keeps its items and total count) and `into_paginator()` on the builder that
//! holds a client, which gives the runtime's `RequestPaginator`: a stream of pages or of
//! items.
//!
//! An operation is paged when its request has integer `PageNumber` and `PageSize`
//! parameters and its response has exactly one object (the response itself or a nested
//! object) holding an integer `TotalCount` next to exactly one array (the items). The
//! access paths are found here, at generation time, from the spec ([`detect`]); the Rust
//! names along them come from what the request and response emitters named.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_type::is_integer;
use super::structs::field;
use super::{CodegenError, OpCx};
use crate::plan::{Member, TypeRef};
use dwgen_spec::Spec;
use dwgen_spec::{Field, Operation, Type};

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
    is_integer(ty) && !has_values
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

/// The member named `wire` of `members`.
fn member<'m>(members: &'m [Member], wire: &str) -> Option<&'m Member> {
    members.iter().find(|m| m.wire == wire)
}

/// Sets the page number: `Some(..)` unless the parameter is required.
fn set_number(m: &Member) -> TokenStream {
    let f = field(m);
    if m.required {
        quote! { self.#f = dataworks_runtime::paginate::PageInt::from_page(number); }
    } else {
        quote! { self.#f = Some(dataworks_runtime::paginate::PageInt::from_page(number)); }
    }
}

/// Reads the page size asked for.
fn get_size(m: &Member) -> TokenStream {
    let f = field(m);
    if m.required {
        quote! { dataworks_runtime::paginate::PageInt::to_page(self.#f) }
    } else {
        quote! { self.#f.and_then(dataworks_runtime::paginate::PageInt::to_page) }
    }
}

/// The operation's `Paged` impl and `into_paginator()`, when it is paged.
///
/// # Errors
/// A spec error when the paging the spec shows cannot be followed through the planned
/// types (a generator bug, never silently skipped).
pub fn emit_op(cx: OpCx<'_>) -> Result<TokenStream, CodegenError> {
    let Some(paging) = detect(cx.op) else {
        return Ok(quote! {});
    };
    render(cx, &paging).ok_or_else(|| {
        CodegenError::Spec(format!(
            "{}: paged at `{}`, but the planned types do not lead there",
            cx.op.name,
            paging.items_path()
        ))
    })
}

fn render(cx: OpCx<'_>, paging: &Paging) -> Option<TokenStream> {
    let plan = cx.plan();
    let (number, size) = (
        member(&plan.request, PAGE_NUMBER)?,
        member(&plan.request, PAGE_SIZE)?,
    );
    let mut members: &[Member] = &plan.response;
    let mut steps = Vec::new();
    for wire in &paging.object {
        let m = member(members, wire)?;
        steps.push(field(m));
        let TypeRef::Named(id) = &m.ty else {
            return None;
        };
        members = cx.space.members(*id);
    }
    let items = member(members, &paging.items)?;
    let total = member(members, TOTAL_COUNT)?;
    let TypeRef::List(item) = &items.ty else {
        return None;
    };
    let item_ty = cx.scope().tokens(item);
    let (items, total) = (field(items), field(total));
    let names = cx.names();
    let (req, builder, resp) = (&names.request, &names.builder, &names.response);
    let (set_number, get_size) = (set_number(number), get_size(size));
    let path = paging.items_path();
    let doc = [
        format!(
            " Walks every page of this request (`{PAGE_NUMBER}` 1, 2, ... until `{TOTAL_COUNT}`"
        ),
        " items are seen) with the client this builder holds: a stream of pages or of".to_owned(),
        format!(" the items at `{path}`. Pin the stream (`std::pin::pin!`) to poll it."),
    ];
    Some(quote! {
        impl dataworks_runtime::paginate::Paged for #req {
            type Item = #item_ty;
            #[inline]
            fn set_page_number(&mut self, number: u32) {
                #set_number
            }
            #[inline]
            fn page_size(&self) -> Option<u32> {
                #get_size
            }
            #[inline]
            fn into_page(response: #resp) -> (Vec<Self::Item>, Option<u64>) {
                #(let response = response.#steps.unwrap_or_default();)*
                (response.#items.unwrap_or_default(), dataworks_runtime::paginate::total(response.#total))
            }
        }

        impl #builder<dataworks_runtime::Client> {
            #(#[doc = #doc])*
            pub fn into_paginator(self) -> dataworks_runtime::paginate::RequestPaginator<#req> {
                let client = self.client.clone();
                dataworks_runtime::paginate::RequestPaginator::new(client, self.build())
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use dwgen_spec::{Param, Request, Response, Schema};

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
            request: Request {
                params,
                ..Request::default()
            },
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
        Spec::new(
            crate::emit::test_support::service("tenant", "租户"),
            vec![operation],
        )
    }

    #[test]
    fn paged_request_gets_an_impl_and_the_builder_a_paginator() {
        let s = spec(op(paging_params(), listing()));
        let space = crate::plan::TypeSpace::plan(&s);
        let cx = OpCx::new(&s, &space, 0);
        let tokens = emit_op(cx).expect("paged");
        let out =
            super::super::format::rust_file(std::path::Path::new("x.rs"), &tokens).expect("parses");
        let flat: String = out.split_whitespace().collect();
        let has = |needle: &str| {
            let needle: String = needle.split_whitespace().collect();
            assert!(flat.contains(&needle), "missing `{needle}` in:\n{out}");
        };
        has("impl dataworks_runtime::paginate::Paged for ListThingsRequest { type Item = Thing;");
        has("self.page_number = Some(dataworks_runtime::paginate::PageInt::from_page(number));");
        has("self.page_size.and_then(dataworks_runtime::paginate::PageInt::to_page)");
        has("let response = response.data.unwrap_or_default();");
        has("(response.things.unwrap_or_default(), dataworks_runtime::paginate::total(response.total_count),)");
        has("impl ListThingsRequestBuilder<dataworks_runtime::Client> {");
        has("pub fn into_paginator(self,) -> dataworks_runtime::paginate::RequestPaginator<ListThingsRequest> {");
        let unpaged = spec(op(vec![], listing()));
        let space = crate::plan::TypeSpace::plan(&unpaged);
        assert!(emit_op(OpCx::new(&unpaged, &space, 0))
            .expect("ok")
            .is_empty());
    }
}
