//! The code generator: spec → files of the generated crate. It plans every type of the
//! crate first ([`crate::plan::TypeSpace`]), then renders, one emitter per kind of
//! output: [`request`] (request types, their builders and the `Operation` impl),
//! [`structs`] (nested request and response structs), [`response`] (response types),
//! [`enums`] (value sets), [`errors`] (error enums), [`shared_types`] (the shared module
//! `types`), [`operation`] (QPS tiers, API groups, the operation table), [`client`] (the
//! `DataWorks` trait giving the client one method per operation), [`paginate`] (paged
//! operations), [`waiters`] (the `DeployFile` → `GetDeployment` waiter), [`catalog`]
//! (the operations' documented facts as data, for the emulator), [`endpoints`] (the
//! service's hosts by region and network, from `spec/endpoints.yaml`), [`crate_files`]
//! (Cargo.toml, lib.rs, category modules) and [`examples`] (the generated example
//! tests). [`rust_type`] spells planned types in a module, [`docs`] turns text into
//! rustdoc and [`format`](mod@format) renders tokens with prettyplease.
//!
//! Fixed support code (wire encoding, tolerant decoding, error plumbing, pagination) is
//! hand-written in the runtime crate; the generated crate holds only what the spec
//! determines.
//!
//! The trait methods emitted for each operation's types (decoding, encoding, error
//! mapping, `Display`) are `#[inline]`: a non-generic function so marked is compiled in
//! the crates that call it, not in this one, so the generated crate does not compile
//! machine code for 202 operations' decoders that a program using five never runs
//! (about a fifth of the crate's build time; README, Performance).

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::{Ident, TokenStream};

use crate::naming;
use crate::plan::TypeSpace;
use dwgen_spec::Operation;
use dwgen_spec::Spec;

pub mod catalog;
pub mod client;
pub mod crate_files;
pub mod docs;
pub mod endpoints;
pub mod enums;
pub mod errors;
pub mod examples;
pub mod examples_request;
pub mod examples_response;
pub mod format;
pub mod operation;
pub mod paginate;
pub mod request;
pub mod response;
pub mod rust_type;
pub mod shared_types;
pub mod structs;
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
    /// Types could not be named without review (see `spec/type_names.yaml`).
    #[error("types need reviewed names:\n{}", .0.join("\n\n"))]
    Naming(Vec<String>),
    /// `spec/read_only.yaml` needs review (see [`crate::operation_kind`]).
    #[error("operation kinds need review:\n{}", .0.join("\n"))]
    OperationKinds(Vec<String>),
}

/// The Rust names of one operation's own items.
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
    /// The client method: `deploy_file`.
    pub method: Ident,
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
            method: id(client::method_name(op)),
        }
    }
}

/// One operation, with the plan: what the emitters of its module need.
#[derive(Clone, Copy)]
pub struct OpCx<'a> {
    /// The whole spec (service-level facts: tiers, categories, common errors).
    pub spec: &'a Spec,
    /// The crate's type space.
    pub space: &'a TypeSpace,
    /// The operation's index (in the spec and the plan).
    pub index: usize,
    /// The operation.
    pub op: &'a Operation,
}

impl<'a> OpCx<'a> {
    /// The context of operation `index`.
    pub fn new(spec: &'a Spec, space: &'a TypeSpace, index: usize) -> Self {
        OpCx {
            spec,
            space,
            index,
            op: &spec.operations[index],
        }
    }

    /// The context of the operation named `name`.
    pub fn named(spec: &'a Spec, space: &'a TypeSpace, name: &str) -> Option<Self> {
        let index = spec.operations.iter().position(|o| o.name == name)?;
        Some(OpCx::new(spec, space, index))
    }

    /// Its item names.
    pub fn names(&self) -> OpNames {
        OpNames::of(self.op)
    }

    /// Its plan.
    pub fn plan(&self) -> &'a crate::plan::OpPlan {
        &self.space.ops[self.index]
    }

    /// Where its module's names resolve.
    pub fn scope(&self) -> rust_type::Scope<'a> {
        rust_type::Scope::Op(self.space, self.index)
    }
}

/// Plans the crate's types, or the reviewed names it needs.
pub fn plan(spec: &Spec) -> Result<TypeSpace, CodegenError> {
    let space = TypeSpace::plan(spec);
    let blocking: Vec<String> = space
        .blocking()
        .into_iter()
        .map(|n| n.message.clone())
        .collect();
    if blocking.is_empty() {
        Ok(space)
    } else {
        Err(CodegenError::Naming(blocking))
    }
}

/// Generates the whole crate from a spec, formatting with prettyplease.
pub fn generate(spec: &Spec) -> Result<Files, CodegenError> {
    generate_with(spec, &format::Plain)
}

/// Generates the whole crate from a spec, formatting Rust files with `fmt`.
///
/// The files are rendered on all cores, one job per operation module and per
/// crate-level file.
pub fn generate_with(spec: &Spec, fmt: &dyn format::RustFormatter) -> Result<Files, CodegenError> {
    crate::operation_kind::check(spec).map_err(CodegenError::OperationKinds)?;
    let space = plan(spec)?;
    let mut jobs = vec![
        Job::CrateFiles,
        Job::Errors,
        Job::OperationTable,
        Job::Client,
        Job::Waiters,
        Job::Endpoints,
        Job::Catalog,
        Job::SharedTypes,
        Job::RequestExamples,
        Job::ResponseExamples,
    ];
    jobs.extend((0..spec.operations.len()).map(Job::Operation));
    let mut files = Files::new();
    for rendered in render_all(&jobs, |job| job.render(spec, &space, fmt))? {
        files.extend(rendered);
    }
    Ok(files)
}

/// A generated file (or group of files), rendered on its own.
#[derive(Debug, Clone, Copy)]
enum Job {
    /// `Cargo.toml`, `src/lib.rs`, the category modules.
    CrateFiles,
    /// `src/error.rs`.
    Errors,
    /// `src/operation.rs`.
    OperationTable,
    /// `src/client.rs`.
    Client,
    /// `src/waiters.rs`.
    Waiters,
    /// `src/endpoints.rs`.
    Endpoints,
    /// `src/catalog.rs`.
    Catalog,
    /// An operation's module.
    Operation(usize),
    /// `src/types.rs`.
    SharedTypes,
    /// `tests/examples/mod.rs`, `tests/request_examples.rs`, `tests/emulator_calls.rs`.
    RequestExamples,
    /// `tests/response_examples.rs`.
    ResponseExamples,
}

impl Job {
    fn render(
        self,
        spec: &Spec,
        space: &TypeSpace,
        fmt: &dyn format::RustFormatter,
    ) -> Result<Files, CodegenError> {
        let mut files = Files::new();
        match self {
            Job::CrateFiles => crate_files::emit(spec, space, fmt, &mut files)?,
            Job::Errors => errors::emit_shared(spec, fmt, &mut files)?,
            Job::OperationTable => operation::emit_shared(spec, fmt, &mut files)?,
            Job::Client => client::emit(spec, fmt, &mut files)?,
            Job::Waiters => waiters::emit(spec, space, fmt, &mut files)?,
            Job::Endpoints => endpoints::emit(spec, fmt, &mut files)?,
            Job::Catalog => catalog::emit(spec, fmt, &mut files)?,
            Job::Operation(index) => {
                let cx = OpCx::new(spec, space, index);
                let path = crate_files::operation_path(cx.op);
                let text = fmt.format(&path, &operation_file(cx)?)?;
                files.insert(path, text);
            }
            Job::SharedTypes => files.extend([shared_types::render(spec, space, fmt)?]),
            Job::RequestExamples => files.extend(examples::request_files(spec, space, fmt)?),
            Job::ResponseExamples => files.extend([examples::response_file(spec, fmt)?]),
        }
        Ok(files)
    }
}

/// Runs `render` on every job, on as many threads as there are cores; the first error
/// wins.
fn render_all<T: Sync, R: Send>(
    jobs: &[T],
    render: impl Fn(&T) -> Result<R, CodegenError> + Sync,
) -> Result<Vec<R>, CodegenError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(jobs.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::with_capacity(jobs.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                let out = render(job);
                results
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push((i, out));
            });
        }
    });
    let mut results = results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// One operation's module: its docs, the shared types it re-exports, the request and
/// its builder, the response, the error enum, the paginator of a paged operation, and
/// the types only this operation uses.
pub fn operation_file(cx: OpCx<'_>) -> Result<TokenStream, CodegenError> {
    let module_doc = crate_files::operation_module_doc(cx);
    let reexports = shared_types::reexports(cx);
    let request = request::emit(cx);
    let response = response::emit(cx);
    let error = errors::emit_op(cx);
    let pages = paginate::emit_op(cx)?;
    let scope = cx.scope();
    let local = cx
        .space
        .local(cx.index)
        .into_iter()
        .map(|id| structs::type_def(cx.space, id, scope));
    Ok(quote::quote! {
        #module_doc
        #reexports
        #request
        #response
        #error
        #pages
        #(#local)*
    })
}

/// Spec values shared by the emitters' unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    use dwgen_spec::{Category, Service};

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
            pricing: None,
            sources: vec![],
        }
    }
}
