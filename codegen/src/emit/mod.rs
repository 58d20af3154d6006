//! The code generator: spec → files of the generated crate. One emitter per kind of
//! output: [`request`] (request types, builders with `send()`, wire encoding),
//! [`response`] (response type trees), [`enums`] (value sets), [`errors`] (error enums),
//! [`operation`] (QPS tiers, the `Operation` trait, the operation table, and each
//! request's `RpcCall` impl for the runtime's client), [`client`] (the `DataWorks` trait
//! giving the client one method per operation), [`paginate`] (paginators of the paged
//! operations), [`waiters`] (the `DeployFile` → `GetDeployment` waiter), [`support`]
//! (helpers the generated code uses), [`crate_files`] (Cargo.toml, lib.rs, category
//! modules), [`examples`] (the generated example tests) and [`example_program`] (the
//! example program). [`docs`] turns text into rustdoc and [`format`](mod@format) renders
//! tokens with prettyplease and the generated-file header.

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::{Ident, TokenStream};

use crate::naming::{self, Namespace};
use crate::spec::Operation;
use crate::spec_io::Spec;

pub mod client;
pub mod crate_files;
pub mod docs;
pub mod enums;
pub mod errors;
pub mod example_program;
pub mod examples;
pub mod examples_request;
pub mod examples_response;
pub mod format;
pub mod operation;
pub mod paginate;
pub mod request;
pub mod response;
pub mod support;
pub mod types;
pub mod waiters;

/// Generated files: path relative to the crate root → contents.
pub type Files = BTreeMap<PathBuf, String>;

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    /// The generated tokens did not parse as a Rust file (a generator bug).
    #[error("generated code for {file} does not parse: {message}")]
    Unparsable {
        /// The file being generated.
        file: String,
        /// The parser's message.
        message: String,
    },
    /// The spec is inconsistent (e.g. an operation names an unknown category).
    #[error("spec error: {0}")]
    Spec(String),
}

/// The Rust names of one operation's items.
#[derive(Debug, Clone)]
pub struct OpNames {
    /// The module (file) name: `deploy_file`.
    pub module: Ident,
    /// `DeployFileRequest`.
    pub request: Ident,
    /// `DeployFileRequestBuilder`.
    pub builder: Ident,
    /// `DeployFileResponse`.
    pub response: Ident,
    /// `DeployFileError`.
    pub error: Ident,
}

impl OpNames {
    /// The names for an operation.
    pub fn of(op: &Operation) -> Self {
        let base = naming::type_name(&op.name);
        let id = |s: String| naming::ident(&s);
        OpNames {
            module: id(naming::module_name(&op.name)),
            request: id(format!("{base}Request")),
            builder: id(format!("{base}RequestBuilder")),
            response: id(format!("{base}Response")),
            error: id(format!("{base}Error")),
        }
    }
}

/// Everything an emitter needs for one operation, and where it puts extra items.
pub struct OpCx<'a> {
    /// The whole spec (service-level facts: tiers, categories, common errors).
    pub spec: &'a Spec,
    /// The operation.
    pub op: &'a Operation,
    /// Its item names.
    pub names: OpNames,
    /// Type names taken in the operation's module.
    pub types: Namespace,
    /// Extra items (nested structs, enums) emitted into the module, in order.
    pub items: Vec<TokenStream>,
    /// The request's parameters as [`request::emit`] named them.
    pub request_members: Vec<request::Member>,
    /// The response structs' members as [`response::emit`] named them.
    pub response_members: Vec<response::Emitted>,
}

impl<'a> OpCx<'a> {
    /// A context for `op`, with the operation's own type names reserved.
    pub fn new(spec: &'a Spec, op: &'a Operation) -> Self {
        let names = OpNames::of(op);
        let reserved = [
            &names.request,
            &names.builder,
            &names.response,
            &names.error,
        ]
        .map(|i| i.to_string());
        OpCx {
            spec,
            op,
            types: Namespace::with_reserved(reserved.iter().map(String::as_str)),
            names,
            items: Vec::new(),
            request_members: Vec::new(),
            response_members: Vec::new(),
        }
    }

    /// A context for `op` after its request and response are emitted (tokens dropped):
    /// the names emitters of other files need (waiters, the example program).
    pub fn named(spec: &'a Spec, op: &'a Operation) -> Self {
        let mut cx = OpCx::new(spec, op);
        let _ = request::emit(&mut cx);
        let _ = response::emit(&mut cx);
        cx
    }
}

/// Generates the whole crate from a spec.
pub fn generate(spec: &Spec) -> Result<Files, CodegenError> {
    let mut files = Files::new();
    crate_files::emit(spec, &mut files)?;
    support::emit(spec, &mut files)?;
    errors::emit_shared(spec, &mut files)?;
    operation::emit_shared(spec, &mut files)?;
    client::emit(spec, &mut files)?;
    paginate::emit_shared(spec, &mut files)?;
    waiters::emit(spec, &mut files)?;
    for op in &spec.operations {
        let path = crate_files::operation_path(op);
        let tokens = operation_file(spec, op);
        files.insert(path.clone(), format::rust_file(&path, &tokens)?);
    }
    examples::emit(spec, &mut files)?;
    example_program::emit(spec, &mut files)?;
    Ok(files)
}

/// One operation's module: request, response, errors, the `Operation` and `RpcCall`
/// impls, the paginator of a paged operation, and the nested types and enums they need.
pub fn operation_file(spec: &Spec, op: &Operation) -> TokenStream {
    let mut cx = OpCx::new(spec, op);
    let module_doc = crate_files::operation_module_doc(op);
    let request = request::emit(&mut cx);
    let response = response::emit(&mut cx);
    let error = errors::emit_op(&mut cx);
    let imp = operation::emit_impl(&cx);
    let pages = paginate::emit_op(&cx);
    let items = std::mem::take(&mut cx.items);
    quote::quote! {
        #module_doc
        #request
        #response
        #error
        #imp
        #pages
        #(#items)*
    }
}

/// Spec values shared by the emitters' unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use crate::spec::{Category, Service};

    /// A minimal `service.yaml`: no tiers or common errors, one category.
    pub(crate) fn service(category_id: &str, title: &str) -> Service {
        Service {
            product: "dataworks-public".into(),
            api_version: "2020-05-18".into(),
            protocol: "rpc".into(),
            qps_tiers: vec![],
            categories: vec![Category {
                id: category_id.into(),
                title: title.into(),
            }],
            common_errors: vec![],
            sources: vec![],
        }
    }
}
