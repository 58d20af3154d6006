//! Waiter emitter: the generated crate's `src/waiters.rs`. A waiter sends an operation
//! that starts asynchronous work, then polls another operation until a status in its
//! response says the work succeeded or failed, or a timeout passes. The documentation
//! says which operations pair up and what the status values mean only in prose, so the
//! pairs are the reviewed `spec/waiters.yaml` ([`dwgen_spec::overlays::waiters`]); the
//! operations give the names and types, and generation fails when an entry no longer
//! fits them.
//!
//! For each waiter: a method on the starting operation's builder when it holds a client
//! (e.g. `DeployFileRequestBuilder::send_and_wait(config)`) built on the runtime's
//! `wait_until`, and a typed error (the start call failed, it returned no id, a poll
//! failed, the work failed with the documented message, or the wait timed out). Both
//! operations' API group features gate it.

use std::path::PathBuf;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::docs::sanitize;
use super::rust_type::{is_integer, scalar};
use super::structs::field as field_ident;
use super::{CodegenError, Files, OpCx, OpNames};
use crate::naming;
use crate::plan::{Member, TypeKind, TypeRef, TypeSpace};
use dwgen_spec::overlays::waiters::{segments, Waiter};
use dwgen_spec::{Field, Operation, Spec, Type};

/// The waiters of `spec/waiters.yaml` whose operations are both in the spec, with them
/// (a spec without one of the operations has no such waiter).
pub fn applicable(spec: &Spec) -> Vec<(&Waiter, &Operation, &Operation)> {
    let find = |name: &str| spec.operations.iter().find(|o| o.name == name);
    spec.waiters
        .iter()
        .filter_map(|w| Some((w, find(&w.operation)?, find(&w.poll)?)))
        .collect()
}

/// The `cfg` predicate enabling both operations.
fn gate(start: &Operation, poll: &Operation) -> TokenStream {
    let (a, b) = (
        naming::feature_name(&start.category),
        naming::feature_name(&poll.category),
    );
    if a == b {
        quote! { feature = #a }
    } else {
        quote! { all(feature = #a, feature = #b) }
    }
}

/// An error for a table entry that does not fit the spec.
fn misfit(w: &Waiter, what: String) -> CodegenError {
    CodegenError::Spec(format!(
        "spec/waiters.yaml: waiter {} -> {}: {what} (review the entry)",
        w.operation, w.poll
    ))
}

/// A response path resolved: the fields along it, the spec's description of its end and
/// its planned type.
struct Path<'a> {
    fields: Vec<Ident>,
    end: &'a Field,
    ty: TypeRef,
}

impl Path<'_> {
    /// `root.a.as_ref().and_then(|v| v.b.as_ref())...`: an `Option<&T>` of the end.
    fn read(&self, root: &TokenStream) -> TokenStream {
        let (first, rest) = match self.fields.split_first() {
            Some(split) => split,
            None => return quote! { None },
        };
        quote! { #root.#first.as_ref() #(.and_then(|v| v.#rest.as_ref()))* }
    }

    /// Whether the end is an integer: `Some(true)` for an integer value-set enum,
    /// `Some(false)` for a plain integer.
    fn integer(&self, space: &TypeSpace) -> Option<bool> {
        match &self.ty {
            TypeRef::Scalar(t) if is_integer(*t) => Some(false),
            TypeRef::Named(id) => match space.get(*id).kind {
                TypeKind::Enum { integer: true, .. } => Some(true),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Resolves a wire path in `cx`'s response.
fn resolve<'a>(w: &Waiter, cx: OpCx<'a>, path: &str) -> Result<Path<'a>, CodegenError> {
    let path = segments(path);
    let mut fields: &'a [Field] = &cx.op.response.fields;
    let mut members: &'a [Member] = &cx.plan().response;
    let mut idents = Vec::new();
    let mut end = None;
    for (i, wire) in path.iter().enumerate() {
        let missing = || {
            misfit(
                w,
                format!("{} has no response member `{}`", cx.op.name, path.join(".")),
            )
        };
        let field = fields
            .iter()
            .find(|f| f.name == *wire)
            .ok_or_else(missing)?;
        let member = members
            .iter()
            .find(|m| m.wire == *wire)
            .ok_or_else(missing)?;
        idents.push(field_ident(member));
        if i + 1 < path.len() {
            let TypeRef::Named(id) = &member.ty else {
                return Err(missing());
            };
            fields = &field.fields;
            members = cx.space.members(*id);
        }
        end = Some((field, member.ty.clone()));
    }
    let (end, ty) = end.ok_or_else(|| misfit(w, "an empty path".to_owned()))?;
    Ok(Path {
        fields: idents,
        end,
        ty,
    })
}

/// A request parameter of `cx`'s operation, which must be a plain scalar.
fn scalar_param<'c>(
    w: &Waiter,
    cx: OpCx<'c>,
    wire: &str,
) -> Result<(&'c Member, Type), CodegenError> {
    let m = cx
        .plan()
        .request
        .iter()
        .find(|m| m.wire == wire)
        .ok_or_else(|| misfit(w, format!("{} has no parameter `{wire}`", cx.op.name)))?;
    match m.ty {
        TypeRef::Scalar(ty) if ty != Type::Any => Ok((m, ty)),
        _ => Err(misfit(
            w,
            format!("{}'s `{wire}` is not a plain scalar", cx.op.name),
        )),
    }
}

/// `1`, or `(1 | 3)`, as a pattern.
fn pattern(values: &[i64]) -> TokenStream {
    let literals = values.iter().map(|v| Literal::i64_unsuffixed(*v));
    if values.len() == 1 {
        quote! { #(#literals)* }
    } else {
        quote! { (#(#literals)|*) }
    }
}

/// `0 (就绪)`: values with the documented meaning, for the docs.
fn described(values: &[i64], field: &Field) -> String {
    let words: Vec<String> = values
        .iter()
        .map(|v| {
            let text = v.to_string();
            match field.enum_values.iter().find(|e| e.value.trim() == text) {
                Some(e) if !e.description.trim().is_empty() => {
                    format!("{text} ({})", sanitize(&e.description).join(" "))
                }
                _ => text,
            }
        })
        .collect();
    words.join(", ")
}

/// Writes `src/waiters.rs`.
pub fn emit(
    spec: &Spec,
    space: &TypeSpace,
    fmt: &dyn super::format::RustFormatter,
    files: &mut Files,
) -> Result<(), CodegenError> {
    let mut modules = Vec::new();
    let mut doc = vec![
        " Waiters: methods that send an operation starting asynchronous work, then poll the"
            .to_owned(),
        " operation that reports on it until the work succeeds or fails, or a timeout passes"
            .to_owned(),
        " (the runtime's `wait_until`: `tokio::time`, so tests can pause the clock). Each has"
            .to_owned(),
        " its own error type. The pairs come from the documentation's prose:".to_owned(),
        String::new(),
    ];
    for (w, start, poll) in applicable(spec) {
        modules.push(waiter(spec, space, w, start, poll)?);
        doc.push(format!(
            " - `{}RequestBuilder::{}` (with the `{}` feature): `{}`, then `{}` until `{}` says done; errors: `{}`.",
            naming::type_name(&start.name),
            w.method,
            naming::feature_name(&start.category),
            start.name,
            poll.name,
            w.status,
            w.error
        ));
    }
    let path = PathBuf::from("src/waiters.rs");
    let tokens = quote! {
        #(#![doc = #doc])*

        pub use dataworks_runtime::waiter::WaitConfig;

        #(#modules)*
    };
    files.insert(path.clone(), fmt.format(&path, &tokens)?);
    Ok(())
}

/// A waiter checked against the spec: the names and the generated reads rendering needs.
struct Checked<'s> {
    w: &'s Waiter,
    start: &'s Operation,
    poll: &'s Operation,
    /// The poll's setter for the id, and the id's type.
    id_setter: Ident,
    id_ty: Type,
    /// `Option<&id>` from `started`; `Option<i64>` status and `Option<&String>` message
    /// from `response`; the start response's request id (`Option<String>`).
    read_id: TokenStream,
    read_status: TokenStream,
    read_message: TokenStream,
    start_request_id: TokenStream,
    /// Statements copying the carried parameters from `request` onto the `poll` builder.
    carry: Vec<TokenStream>,
    /// The status member, for the docs (its documented values).
    status: Field,
}

/// Checks the waiter's paths and parameters against the spec (see the module docs).
fn check<'s>(
    spec: &'s Spec,
    space: &'s TypeSpace,
    w: &'s Waiter,
    start: &'s Operation,
    poll: &'s Operation,
) -> Result<Checked<'s>, CodegenError> {
    let op = |o: &Operation| {
        OpCx::named(spec, space, &o.name)
            .ok_or_else(|| misfit(w, format!("{} is not in the spec", o.name)))
    };
    let (s, p) = (op(start)?, op(poll)?);
    let id = resolve(w, s, &w.id)?;
    let (id_param, id_ty) = scalar_param(w, p, &w.id_param)?;
    if id.ty != TypeRef::Scalar(id_ty) || !is_integer(id_ty) {
        let what = format!(
            "the id `{}` and `{}` differ or are not integers",
            w.id, w.id_param
        );
        return Err(misfit(w, what));
    }
    let status = resolve(w, p, &w.status)?;
    let to_i64 = match status.integer(space) {
        Some(true) => quote! { .map(|s| s.as_i64()) },
        Some(false) => quote! { .map(|s| i64::from(*s)) },
        None => return Err(misfit(w, format!("`{}` is not an integer", w.status))),
    };
    let message = resolve(w, p, &w.message)?;
    if message.ty != TypeRef::Scalar(Type::String) {
        return Err(misfit(w, format!("`{}` is not a string", w.message)));
    }
    let read_status = status.read(&quote! { response });
    Ok(Checked {
        w,
        start,
        poll,
        id_setter: field_ident(id_param),
        id_ty,
        read_id: id.read(&quote! { started }),
        read_status: quote! { #read_status #to_i64 },
        read_message: message.read(&quote! { response }),
        start_request_id: request_id(),
        carry: carry(w, s, p)?,
        status: status.end.clone(),
    })
}

/// The start response's request id, as an `Option<String>` (every response has one,
/// behind the runtime's `RequestId`).
fn request_id() -> TokenStream {
    quote! { dataworks_runtime::RequestId::request_id(&started).map(str::to_owned) }
}

/// The statements carrying parameters over; fails when a parameter does not fit, or the
/// poll has a required parameter that neither the id nor a required carried one gives.
fn carry(w: &Waiter, s: OpCx<'_>, p: OpCx<'_>) -> Result<Vec<TokenStream>, CodegenError> {
    let mut out = Vec::new();
    let mut given = vec![w.id_param.as_str()];
    for wire in &w.carried {
        let (from, from_ty) = scalar_param(w, s, wire)?;
        let (to, to_ty) = scalar_param(w, p, wire)?;
        if from_ty != to_ty {
            return Err(misfit(w, format!("`{wire}` has different types")));
        }
        let (f, setter) = (field_ident(from), field_ident(to));
        out.push(if from.required {
            given.push(wire);
            quote! { poll = poll.#setter(request.#f); }
        } else {
            quote! { if let Some(value) = request.#f { poll = poll.#setter(value); } }
        });
    }
    match p
        .plan()
        .request
        .iter()
        .find(|m| m.required && !given.contains(&m.wire.as_str()))
    {
        Some(m) => Err(misfit(
            w,
            format!("{}'s required `{}` is not given", p.op.name, m.wire),
        )),
        None => Ok(out),
    }
}

/// One waiter's module (gated) and the re-export of its error.
fn waiter(
    spec: &Spec,
    space: &TypeSpace,
    w: &Waiter,
    start: &Operation,
    poll: &Operation,
) -> Result<TokenStream, CodegenError> {
    let c = check(spec, space, w, start, poll)?;
    let module = naming::ident(&naming::module_name(&start.name));
    let gate = gate(start, poll);
    let (sn, pn) = (OpNames::of(start), OpNames::of(poll));
    let (s_cat, p_cat) = (
        naming::ident(&naming::category_module(&start.category)),
        naming::ident(&naming::category_module(&poll.category)),
    );
    let (builder, s_err) = (&sn.builder, &sn.error);
    let (p_req, p_resp, p_err) = (&pn.request, &pn.response, &pn.error);
    let error = naming::ident(&w.error);
    let error_items = error_items(&c);
    let method = method(&c);
    let (read_status, success, failure) =
        (&c.read_status, pattern(&w.success), pattern(&w.failure));
    Ok(quote! {
        #[cfg(#gate)]
        pub use #module::#error;

        #[cfg(#gate)]
        mod #module {
            use std::fmt;
            use std::time::Duration;

            use dataworks_runtime::waiter::{self, Status, WaitConfig, WaitError};
            use dataworks_runtime::SdkError;

            use crate::#s_cat::{#builder, #s_err};
            use crate::#p_cat::{#p_req, #p_resp, #p_err};

            #error_items

            /// What one poll's response says.
            fn outcome(response: #p_resp) -> Status<Result<#p_resp, (i64, #p_resp)>> {
                let status = #read_status;
                match status {
                    Some(#success) => Status::Ready(Ok(response)),
                    Some(status @ #failure) => Status::Ready(Err((status, response))),
                    _ => Status::Pending,
                }
            }

            impl #builder<dataworks_runtime::Client> {
                #method
            }
        }
    })
}

/// The error enum, its `Display` and its `Error` impl.
fn error_items(c: &Checked<'_>) -> TokenStream {
    let (w, start_name, poll_name) = (c.w, &c.start.name, &c.poll.name);
    let (sn, pn) = (OpNames::of(c.start), OpNames::of(c.poll));
    let (builder, s_err, p_resp, p_err) = (&sn.builder, &sn.error, &pn.response, &pn.error);
    let (error, method) = (naming::ident(&w.error), naming::ident(&w.method));
    let id_rust = scalar(c.id_ty);
    let (id_path, status_path, message_path) = (&w.id, &w.status, &w.message);
    let link = format!(
        "crate::{}::{builder}::{method}",
        naming::category_module(&c.start.category)
    );
    let doc = format!(
        " Why [`{builder}::{method}`]({link}) did not return a finished `{poll_name}` response."
    );
    let doc_start = format!(" The `{start_name}` call failed; nothing is being waited for.");
    let doc_no_id = format!(
        " `{start_name}` succeeded but its response has no `{id_path}`, the id to poll with."
    );
    let doc_poll = format!(" A `{poll_name}` call failed; the work may still be running.");
    let doc_failed = format!(
        " `{poll_name}` reports failure: `{status_path}` is {}.",
        described(&w.failure, &c.status)
    );
    let doc_message = format!(" `{message_path}`, the documented failure message.");
    let doc_timeout = format!(" `{poll_name}` reported neither success nor failure within the timeout; the work may still finish.");
    let text_start = format!("{start_name} failed");
    let text_no_id =
        format!("{start_name} answered without `{id_path}`, the id to poll {poll_name} with");
    let text_poll = format!("polling {poll_name} failed");
    let text_failed =
        format!("{poll_name} reports failure (`{status_path}` = {{status}}): {{message}}");
    let text_timeout = format!(
        "{poll_name} ({} {{id}}) reported neither success nor failure within {{secs:.1}} s ({{polls}} polls); the work may still finish",
        w.id_param
    );
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        #[derive(Debug)]
        pub enum #error {
            #[doc = #doc_start]
            Start(SdkError<#s_err>),
            #[doc = #doc_no_id]
            MissingId {
                /// The request id of the start call's response.
                request_id: Option<String>,
            },
            #[doc = #doc_poll]
            Poll(SdkError<#p_err>),
            #[doc = #doc_failed]
            Failed {
                /// The status value.
                status: i64,
                #[doc = #doc_message]
                message: Option<String>,
                /// The whole response.
                response: Box<#p_resp>,
            },
            #[doc = #doc_timeout]
            TimedOut {
                /// The id polled with.
                id: #id_rust,
                /// The timeout.
                timeout: Duration,
                /// How many polls were started.
                polls: u32,
            },
        }

        impl fmt::Display for #error {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    #error::Start(_) => f.write_str(#text_start),
                    #error::MissingId { request_id } => {
                        f.write_str(#text_no_id)?;
                        match request_id {
                            Some(id) => write!(f, " (request id {id})"),
                            None => Ok(()),
                        }
                    }
                    #error::Poll(_) => f.write_str(#text_poll),
                    #error::Failed { status, message, .. } => {
                        let message = message.as_deref().unwrap_or("no error message");
                        write!(f, #text_failed)
                    }
                    #error::TimedOut { id, timeout, polls } => {
                        let secs = timeout.as_secs_f64();
                        write!(f, #text_timeout)
                    }
                }
            }
        }

        impl std::error::Error for #error {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    #error::Start(e) => Some(e),
                    #error::Poll(e) => Some(e),
                    _ => None,
                }
            }
        }
    }
}

/// The builder method.
fn method(c: &Checked<'_>) -> TokenStream {
    let pn = OpNames::of(c.poll);
    let (p_req, p_resp, p_err) = (&pn.request, &pn.response, &pn.error);
    let (error, method) = (naming::ident(&c.w.error), naming::ident(&c.w.method));
    let (id_setter, read_id, read_message) = (&c.id_setter, &c.read_id, &c.read_message);
    let (start_request_id, carry) = (&c.start_request_id, &c.carry);
    let doc = method_doc(c);
    quote! {
        #(#[doc = #doc])*
        pub async fn #method(self, config: WaitConfig) -> Result<#p_resp, #error> {
            let client = self.client.clone();
            let request = self.build().map_err(|e| #error::Start(e.into()))?;
            let started = client.call(&request).await.map_err(#error::Start)?;
            let id = #read_id.copied().ok_or_else(|| #error::MissingId {
                request_id: #start_request_id,
            })?;
            let mut poll = #p_req::builder().#id_setter(id);
            #(#carry)*
            let poll = poll.build().map_err(|e| #error::Poll(e.into()))?;
            let (client, poll) = (&client, &poll);
            let result = waiter::wait_until(config, move || async move {
                Ok::<_, SdkError<#p_err>>(outcome(client.call(poll).await?))
            })
            .await;
            match result {
                Ok(Ok(response)) => Ok(response),
                Ok(Err((status, response))) => Err(#error::Failed {
                    status,
                    message: #read_message.cloned(),
                    response: Box::new(response),
                }),
                Err(WaitError::Poll(e)) => Err(#error::Poll(e)),
                Err(WaitError::TimedOut { timeout, polls }) => {
                    Err(#error::TimedOut { id, timeout, polls })
                }
            }
        }
    }
}

/// The builder method's doc lines: what it does, the documents' evidence, the errors.
fn method_doc(c: &Checked<'_>) -> Vec<String> {
    let (w, start_name, poll_name) = (c.w, &c.start.name, &c.poll.name);
    let error = &w.error;
    let (id_path, status_path, message_path) = (&w.id, &w.status, &w.message);
    let carried: Vec<String> = w.carried.iter().map(|c| format!("`{c}`")).collect();
    let mut lines = vec![
        format!("Sends `{start_name}`, then polls `{poll_name}` until the work it started finishes."),
        String::new(),
        format!(
            "`{poll_name}` gets `{}` from the `{id_path}` of `{start_name}`'s response and {} from this request. It is called every `config.interval` until `{status_path}` says success, {}: it returns that response; or failure, {}: [`{error}::Failed`] with `{message_path}`; or until `config.timeout` has passed: [`{error}::TimedOut`]. Any other value, such as {}, or none, keeps it polling.",
            w.id_param,
            carried.join(", "),
            described(&w.success, &c.status),
            described(&w.failure, &c.status),
            described(&w.pending, &c.status),
        ),
        String::new(),
        "From the documentation:".to_owned(),
    ];
    for e in &w.evidence {
        let quoted = format!("{} ({}, line {})", e.quote, e.file, e.line);
        lines.extend(sanitize(&quoted).into_iter().map(|l| format!("> {l}")));
        lines.push(String::new());
    }
    lines.extend([
        "# Errors".to_owned(),
        String::new(),
        format!("[`{error}`]: see its variants."),
    ]);
    lines
        .into_iter()
        .map(|l| if l.is_empty() { l } else { format!(" {l}") })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn checked_in() -> Spec {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        dwgen_spec::load(&dir).expect("the checked-in spec loads")
    }

    #[test]
    fn the_deploy_waiter_fits_the_spec() {
        let spec = checked_in();
        let space = TypeSpace::plan(&spec);
        let mut files = Files::new();
        emit(&spec, &space, &crate::emit::format::Plain, &mut files).expect("waiters fit the spec");
        let out = &files[&PathBuf::from("src/waiters.rs")];
        let flat: String = out.split_whitespace().collect();
        let has = |needle: &str| {
            let needle: String = needle.split_whitespace().collect();
            assert!(flat.contains(&needle), "missing `{needle}` in:\n{out}");
        };
        has("#[cfg(feature = \"data-development\")] mod deploy_file {");
        has("pub use deploy_file::DeployWaitError;");
        has("let mut poll = GetDeploymentRequest::builder().deployment_id(id);");
        has("if let Some(value) = request.project_id { poll = poll.project_id(value); }");
        has("Some(1) => Status::Ready(Ok(response)),");
        has("Some(status @ 2) => Status::Ready(Err((status, response))),");
        has(".map(|s| s.as_i64())");
        has("started.data.as_ref().copied()");
        has("> 发布包当前的状态,包括0(就绪)、1(成功)和2(失败)。");
        has("Any other value, such as 0 (就绪), or none, keeps it polling.");
    }

    #[test]
    fn a_path_that_no_longer_fits_is_a_spec_error() {
        let mut spec = checked_in();
        let poll = spec
            .operations
            .iter_mut()
            .find(|o| o.name == "GetDeployment")
            .expect("GetDeployment");
        poll.response.fields.retain(|f| f.name != "Data");
        let space = TypeSpace::plan(&spec);
        let err = emit(
            &spec,
            &space,
            &crate::emit::format::Plain,
            &mut Files::new(),
        )
        .expect_err("no Data");
        assert!(err.to_string().contains("Data.Deployment.Status"), "{err}");
        // Without the operations, there is no waiter (and no error).
        let mut spec = checked_in();
        spec.operations.retain(|o| o.name != "DeployFile");
        assert!(applicable(&spec).is_empty());
        let space = TypeSpace::plan(&spec);
        emit(
            &spec,
            &space,
            &crate::emit::format::Plain,
            &mut Files::new(),
        )
        .expect("nothing to check");
    }
}
