//! The catalog emitter: the generated crate's `src/catalog.rs`, behind the non-default
//! `catalog` feature. It is the documentation's facts about every operation as plain
//! data, for programs that stand in for the service (the emulator in `emulator/`): the
//! action name, API group and QPS level, whether it only reads, each request parameter's wire name, type,
//! required flag and encoding, the one-of groups, the documented error table (status,
//! code, message), the response model (every member's wire name and type, nested, with
//! documented value sets), the documented JSON response example, where a paged
//! operation keeps its list, and the workflows the documentation describes (an
//! operation that starts work and the one polled for it). With it, such a program never
//! reads `spec/` at run time.

use std::path::PathBuf;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::examples_response::raw_string;
use super::format::RustFormatter;
use super::paginate::{self, TOTAL_COUNT};
use super::{CodegenError, Files};
use crate::naming;
use crate::operation_kind;
use dwgen_spec::overlays::waiters::segments;
use dwgen_spec::Spec;
use dwgen_spec::{Encoding, ErrorSpec, Operation, Param, Type};
use dwgen_spec::{EnumValue, Field, Schema};

/// Writes `src/catalog.rs`.
pub fn emit(spec: &Spec, fmt: &dyn RustFormatter, files: &mut Files) -> Result<(), CodegenError> {
    let path = PathBuf::from("src/catalog.rs");
    files.insert(path.clone(), fmt.format(&path, &tokens(spec))?);
    Ok(())
}

/// `WireType::X` for a spec type.
fn wire_type(ty: Type) -> TokenStream {
    let v = naming::ident(&naming::variant_name(ty.as_str()));
    quote! { WireType::#v }
}

fn param(p: &Param) -> TokenStream {
    let (name, ty, required) = (&p.name, wire_type(p.ty), p.required);
    let json = p.encoding == Encoding::Json && !p.ty.is_scalar();
    let values = p.enum_values.iter().map(|v| v.value.as_str());
    quote! {
        ParamSpec {
            name: #name,
            ty: #ty,
            required: #required,
            json: #json,
            values: &[#(#values),*],
        }
    }
}

/// The documented value set's wire values.
fn value_set(values: &[EnumValue]) -> TokenStream {
    let values = values.iter().map(|v| v.value.as_str());
    quote! { &[#(#values),*] }
}

/// `SchemaSpec { .. }` of a value of type `ty` with the given parts.
fn schema_parts(
    ty: Type,
    enum_values: &[EnumValue],
    fields: &[Field],
    items: Option<&Schema>,
    values: Option<&Schema>,
) -> TokenStream {
    let ty = wire_type(ty);
    let set = value_set(enum_values);
    let fields = fields.iter().map(field);
    let nested = |s: Option<&Schema>| match s {
        Some(s) => {
            let s = schema(s);
            quote! { Some(&#s) }
        }
        None => quote! { None },
    };
    let (items, values) = (nested(items), nested(values));
    quote! {
        SchemaSpec {
            ty: #ty,
            value_set: #set,
            fields: &[#(#fields),*],
            items: #items,
            values: #values,
        }
    }
}

/// An anonymous schema (an array's element, a map's value).
fn schema(s: &Schema) -> TokenStream {
    schema_parts(
        s.ty,
        &s.enum_values,
        &s.fields,
        s.items.as_deref(),
        s.values.as_deref(),
    )
}

/// A response member.
fn field(f: &Field) -> TokenStream {
    let name = &f.name;
    let schema = schema_parts(
        f.ty,
        &f.enum_values,
        &f.fields,
        f.items.as_deref(),
        f.values.as_deref(),
    );
    quote! { FieldSpec { name: #name, schema: #schema } }
}

/// A documented error.
fn error(e: &ErrorSpec) -> TokenStream {
    let status = Literal::u16_unsuffixed(e.status);
    let (code, message) = (&e.code, &e.message);
    quote! { ErrorSpec { status: #status, code: #code, message: #message } }
}

fn operation(spec: &Spec, op: &Operation) -> TokenStream {
    let (name, category) = (&op.name, &op.category);
    let read_only = operation_kind::read_only(spec, &op.name);
    let tier = match op.qps_tier {
        Some(t) => {
            let t = Literal::u8_unsuffixed(t);
            quote! { Some(#t) }
        }
        None => quote! { None },
    };
    let params = op.request.params.iter().map(param);
    let one_of = op.request.one_of.iter().map(|g| quote! { &[#(#g),*] });
    let errors = op.errors.iter().map(error);
    let response = op.response.fields.iter().map(field);
    let example = match op.examples.response_json.as_deref() {
        Some(json) => {
            let lit = raw_string(json);
            quote! { Some(#lit) }
        }
        None => quote! { None },
    };
    // The documented request example's own parameters (`Action` is the operation).
    let request_example = op
        .examples
        .request
        .iter()
        .filter(|p| p.name != "Action")
        .map(|p| {
            let (name, value) = (&p.name, &p.value);
            quote! { (#name, #value) }
        });
    let paging = match paginate::detect(op) {
        Some(p) => {
            let (object, items) = (&p.object, &p.items);
            quote! {
                Some(PagingSpec {
                    object: &[#(#object),*],
                    items: #items,
                    total: #TOTAL_COUNT,
                })
            }
        }
        None => quote! { None },
    };
    quote! {
        OperationSpec {
            name: #name,
            category: #category,
            tier: #tier,
            read_only: #read_only,
            params: &[#(#params),*],
            one_of: &[#(#one_of),*],
            errors: &[#(#errors),*],
            response: &[#(#response),*],
            response_example: #example,
            request_example: &[#(#request_example),*],
            paging: #paging,
        }
    }
}

fn tokens(spec: &Spec) -> TokenStream {
    let mut ops: Vec<&Operation> = spec.operations.iter().collect();
    ops.sort_by(|a, b| a.name.cmp(&b.name));
    let count = ops.len();
    let rows = ops.iter().map(|op| operation(spec, op));
    let types = [
        Type::String,
        Type::Int32,
        Type::Int64,
        Type::Float,
        Type::Double,
        Type::Boolean,
        Type::Object,
        Type::Array,
        Type::Map,
        Type::Any,
    ];
    let variants = types.iter().map(|t| {
        let v = naming::ident(&naming::variant_name(t.as_str()));
        let doc = format!(" `{}` in the spec.", t.as_str());
        quote! { #[doc = #doc] #v, }
    });
    let workflows = super::waiters::applicable(spec)
        .into_iter()
        .map(|(w, _, _)| {
            let (start, poll, id_param) = (&w.operation, &w.poll, &w.id_param);
            let (id, status, message) =
                (segments(&w.id), segments(&w.status), segments(&w.message));
            let (success, failure, pending) = (&w.success, &w.failure, &w.pending);
            let carried = &w.carried;
            quote! {
                WorkflowSpec {
                    start: #start,
                    id: &[#(#id),*],
                    poll: #poll,
                    id_param: #id_param,
                    carried: &[#(#carried),*],
                    status: &[#(#status),*],
                    success: &[#(#success),*],
                    failure: &[#(#failure),*],
                    pending: &[#(#pending),*],
                    message: &[#(#message),*],
                }
            }
        });
    let doc = format!(" Every operation of the service ({count}), sorted by name.");
    quote! {
        //! The documentation's facts about every operation, as data, for programs that
        //! stand in for the service (such as an emulator for tests): request parameters
        //! with their types, required flags and encodings, one-of groups, the documented
        //! error table, the response model, the documented JSON response example,
        //! paging, and the workflows the documentation describes. Behind the `catalog`
        //! feature; nothing else in the crate uses it.

        /// A request parameter's or response member's type in the spec.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum WireType {
            #(#variants)*
        }

        /// A request parameter (without the common parameters such as `Action`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct ParamSpec {
            /// Exact wire name.
            pub name: &'static str,
            /// Its type; an object or array travels flattened (`Name.1.Field`) unless `json`.
            pub ty: WireType,
            /// Whether the documentation marks it required.
            pub required: bool,
            /// Whether it travels as one JSON string.
            pub json: bool,
            /// The documented value set's wire values, if any.
            pub values: &'static [&'static str],
        }

        /// The shape of a response value: its type and, for an object, an array or a
        /// map, the shapes inside.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct SchemaSpec {
            /// Its type.
            pub ty: WireType,
            /// The documented value set's wire values, if any.
            pub value_set: &'static [&'static str],
            /// For an object: its members, in documentation order.
            pub fields: &'static [FieldSpec],
            /// For an array: the element's shape.
            pub items: Option<&'static SchemaSpec>,
            /// For a map: the value's shape.
            pub values: Option<&'static SchemaSpec>,
        }

        /// A member of a response object.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct FieldSpec {
            /// Exact wire name.
            pub name: &'static str,
            /// Its shape.
            pub schema: SchemaSpec,
        }

        impl SchemaSpec {
            /// The member named `name` of this object.
            pub fn field(&self, name: &str) -> Option<&'static SchemaSpec> {
                self.fields.iter().find(|f| f.name == name).map(|f| &f.schema)
            }
        }

        /// An error the documentation lists for an operation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct ErrorSpec {
            /// HTTP status.
            pub status: u16,
            /// The error code, e.g. `Invalid.Tenant.ProjectNotExists`.
            pub code: &'static str,
            /// The service's message.
            pub message: &'static str,
        }

        /// Where a paged operation's response keeps its page.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct PagingSpec {
            /// Wire names from the response down to the object holding the list and the
            /// total (empty: the response itself).
            pub object: &'static [&'static str],
            /// The list's wire name.
            pub items: &'static str,
            /// The total count's wire name.
            pub total: &'static str,
        }

        /// One operation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct OperationSpec {
            /// The exact action name.
            pub name: &'static str,
            /// The API group (category id).
            pub category: &'static str,
            /// The documented QPS level.
            pub tier: Option<u8>,
            /// Whether it only reads (by its verb, or a reviewed exception): it changes
            /// nothing in the service.
            pub read_only: bool,
            /// The request parameters, in documentation order.
            pub params: &'static [ParamSpec],
            /// Groups of parameters of which at least one must be set.
            pub one_of: &'static [&'static [&'static str]],
            /// The errors its documentation lists, by status then code.
            pub errors: &'static [ErrorSpec],
            /// The response model: the top-level JSON object's members (`RequestId`
            /// included), in documentation order.
            pub response: &'static [FieldSpec],
            /// The documented JSON response example.
            pub response_example: Option<&'static str>,
            /// The documented request example's parameters (wire name, value as
            /// written), `Action` left out; empty when the documentation gives none.
            pub request_example: &'static [(&'static str, &'static str)],
            /// Where the page is, for a paged operation.
            pub paging: Option<PagingSpec>,
        }

        /// A workflow the documentation describes: `start` begins asynchronous work and
        /// returns an id; `poll`, given that id, reports a status until it is done.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct WorkflowSpec {
            /// The operation that starts the work.
            pub start: &'static str,
            /// Where its response holds the id (wire names from the top).
            pub id: &'static [&'static str],
            /// The operation polled.
            pub poll: &'static str,
            /// The poll's parameter taking the id.
            pub id_param: &'static str,
            /// Parameters the poll takes as the start had them.
            pub carried: &'static [&'static str],
            /// Where the poll's response holds the status.
            pub status: &'static [&'static str],
            /// Status values meaning success.
            pub success: &'static [i64],
            /// Status values meaning failure.
            pub failure: &'static [i64],
            /// Status values meaning "not yet".
            pub pending: &'static [i64],
            /// Where the poll's response holds a failure's message.
            pub message: &'static [&'static str],
        }

        #[doc = #doc]
        pub static OPERATIONS: &[OperationSpec] = &[#(#rows),*];

        /// The workflows the documentation describes.
        pub static WORKFLOWS: &[WorkflowSpec] = &[#(#workflows),*];

        impl OperationSpec {
            /// Whether `params` make the documentation's own request example: every
            /// parameter of the example given, with the example's value (other
            /// parameters, such as the common ones, may come too).
            pub fn is_documented_example(&self, params: &[(String, String)]) -> bool {
                !self.request_example.is_empty()
                    && self.request_example.iter().all(|(name, value)| {
                        params.iter().any(|(n, v)| n == name && v == value)
                    })
            }

            /// The shape at `path` (wire names from the top of the response), if the
            /// model has it; an array's element is reached through the array's name.
            pub fn response_at(&self, path: &[&str]) -> Option<&'static SchemaSpec> {
                let (first, rest) = path.split_first()?;
                let mut here = &self.response.iter().find(|f| f.name == *first)?.schema;
                for name in rest {
                    let object = match here.items {
                        Some(items) => items,
                        None => here,
                    };
                    here = object.field(name)?;
                }
                Some(here)
            }
        }

        /// The operation named `name` (exact action name).
        pub fn find(name: &str) -> Option<&'static OperationSpec> {
            OPERATIONS
                .binary_search_by(|o| o.name.cmp(name))
                .ok()
                .map(|i| &OPERATIONS[i])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dwgen_spec::{Field, Schema};

    #[test]
    fn operations_carry_parameters_groups_examples_and_paging() {
        let mut op = Operation::new("ListThings", "tenant");
        op.qps_tier = Some(1);
        op.request.params = vec![
            Param::new("PageNumber", Type::Int32, false),
            Param::new("PageSize", Type::Int32, false),
            Param::new("A", Type::String, false),
            Param::new("B", Type::Int64, true),
        ];
        op.request.one_of = vec![vec!["A".into(), "B".into()]];
        let mut item = Schema::of(Type::Object);
        let mut kind = Field::new("Kind", Type::String);
        kind.enum_values = ["A", "B"]
            .map(|v| dwgen_spec::EnumValue {
                value: v.into(),
                description: String::new(),
                label: None,
                name: None,
            })
            .to_vec();
        item.fields = vec![Field::new("Name", Type::String), kind];
        op.errors = vec![ErrorSpec {
            status: 404,
            code: "Thing.NotExist".into(),
            message: "No such thing.".into(),
            description: String::new(),
        }];
        op.response.fields = vec![
            Field::new("TotalCount", Type::Int32),
            Field {
                items: Some(Box::new(item)),
                ..Field::new("Things", Type::Array)
            },
        ];
        op.examples.response_json = Some(r#"{"TotalCount": 1, "Things": [{"Name": "x"}]}"#.into());
        let spec = Spec::new(
            crate::emit::test_support::service("tenant", "租户"),
            vec![op],
        );
        let text = super::super::format::rust_file(std::path::Path::new("c.rs"), &tokens(&spec))
            .expect("parses");
        let flat: String = text.split_whitespace().collect();
        for needle in [
            r#"name: "B", ty: WireType::Int64, required: true, json: false, values: &[],"#,
            r#"one_of: &[&["A", "B"]],"#,
            r##"response_example: Some(r#"{"TotalCount": 1, "Things": [{"Name": "x"}]}"#),"##,
            r#"paging: Some(PagingSpec { object: &[], items: "Things", total: "TotalCount", }),"#,
            r#"tier: Some(1), read_only: true,"#,
            r#"errors: &[ErrorSpec { status: 404, code: "Thing.NotExist", message: "No such thing.", }, ],"#,
            r#"FieldSpec { name: "TotalCount", schema: SchemaSpec { ty: WireType::Int32, value_set: &[], fields: &[], items: None, values: None, }, },"#,
            r#"FieldSpec { name: "Things", schema: SchemaSpec { ty: WireType::Array, value_set: &[], fields: &[], items: Some(&SchemaSpec { ty: WireType::Object, value_set: &[],"#,
            r#"FieldSpec { name: "Kind", schema: SchemaSpec { ty: WireType::String, value_set: &["A", "B"],"#,
        ] {
            let needle: String = needle.split_whitespace().collect();
            assert!(flat.contains(&needle), "missing `{needle}` in {text}");
        }
    }
}
