//! The generated crate's frame: `Cargo.toml` (one feature per category, `reqwest`,
//! `serialize`, the runtime dependency), `src/lib.rs` (crate docs on calling the service,
//! builders, shared types, paging, waiting, tiers, errors and features; module tree,
//! re-exports of the runtime and the prelude), one `mod.rs` per category, and each
//! operation's path and module doc.

use std::fmt::Write as _;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::format::{toml_file, RustFormatter};
use super::{CodegenError, Files, OpCx};
use crate::naming;
use crate::operation_kind::OperationKind;
use crate::plan::TypeSpace;
use dwgen_spec::Operation;
use dwgen_spec::Spec;

/// The generated package's name.
pub const PACKAGE: &str = "dataworks-public";

/// `any(feature = "a", feature = "b", ...)`: whether any of these operations' API group
/// features is on (for `cfg_attr(not(..), allow(dead_code))` on helpers only they use).
pub fn any_feature<'o>(ops: impl IntoIterator<Item = &'o Operation>) -> TokenStream {
    let mut features: Vec<String> = ops
        .into_iter()
        .map(|op| naming::feature_name(&op.category))
        .collect();
    features.sort();
    features.dedup();
    quote! { any(#(feature = #features),*) }
}

/// `src/<category>/<operation>.rs`.
pub fn operation_path(op: &Operation) -> PathBuf {
    PathBuf::from(format!(
        "src/{}/{}.rs",
        naming::category_module(&op.category),
        naming::module_name(&op.name)
    ))
}

/// The operation module's inner doc: summary, description, tier and category, and the
/// shared types it re-exports. The documentation's text is sanitized; the generator's own
/// Markdown is not.
pub fn operation_module_doc(cx: OpCx<'_>) -> TokenStream {
    let op = cx.op;
    let mut lines: Vec<String> = Vec::new();
    let summary = super::docs::sanitize(&op.summary).join(" ");
    lines.push(format!("`{}`: {summary}", op.name));
    if op.description.trim() != op.summary.trim() && !op.description.trim().is_empty() {
        lines.push(String::new());
        lines.extend(super::docs::sanitize(&op.description));
    }
    lines.push(String::new());
    lines.push(match op.qps_tier {
        Some(t) => format!(
            "QPS level {t} (see [`crate::QpsTier`]), API group `{}`.",
            op.category
        ),
        None => format!(
            "The documentation gives no QPS level for this operation; API group `{}`.",
            op.category
        ),
    });
    if op.deprecated {
        lines.push(String::new());
        lines.push("Deprecated in the documentation.".to_owned());
    }
    let shared = cx.space.reexports(cx.index);
    if !shared.is_empty() {
        let names: Vec<String> = shared
            .iter()
            .map(|(id, local)| {
                let name = &cx.space.get(*id).name;
                if name == local {
                    format!("[`{local}`]")
                } else {
                    format!("[`{local}`] ([`crate::types::{name}`])")
                }
            })
            .collect();
        lines.push(String::new());
        lines.push(format!(
            "Types shared with other operations, re-exported from [`crate::types`]: {}.",
            names.join(", ")
        ));
    }
    let attrs = lines.iter().map(|l| {
        let l = format!(" {l}");
        quote! { #![doc = #l] }
    });
    quote! { #(#attrs)* }
}

/// Writes `Cargo.toml`, `src/lib.rs` and the category modules.
pub fn emit(
    spec: &Spec,
    space: &TypeSpace,
    fmt: &dyn RustFormatter,
    files: &mut Files,
) -> Result<(), CodegenError> {
    let categories = used_categories(spec)?;
    files.insert(PathBuf::from("Cargo.toml"), cargo_toml(&categories));
    let lib = lib_rs(spec, space, &categories);
    files.insert(
        PathBuf::from("src/lib.rs"),
        fmt.format(&PathBuf::from("src/lib.rs"), &lib)?,
    );
    for (id, title) in &categories {
        let path = PathBuf::from(format!("src/{}/mod.rs", naming::category_module(id)));
        let tokens = category_mod(spec, id, title);
        files.insert(path.clone(), fmt.format(&path, &tokens)?);
    }
    Ok(())
}

/// (id, title) of the categories that have operations, in `service.yaml` order.
fn used_categories(spec: &Spec) -> Result<Vec<(String, String)>, CodegenError> {
    for op in &spec.operations {
        if !spec.service.categories.iter().any(|c| c.id == op.category) {
            return Err(CodegenError::Spec(format!(
                "operation {} names unknown category `{}`",
                op.name, op.category
            )));
        }
    }
    Ok(spec
        .service
        .categories
        .iter()
        .filter(|c| spec.operations.iter().any(|o| o.category == c.id))
        .map(|c| (c.id.clone(), c.title.clone()))
        .collect())
}

fn cargo_toml(categories: &[(String, String)]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "[package]\nname = \"{PACKAGE}\"\nversion = \"0.1.0\"\nedition = \"2021\"\nrust-version = \"1.85\"\nlicense = \"Apache-2.0\"\npublish = false\ndescription = \"Rust bindings for the Alibaba Cloud DataWorks OpenAPI (dataworks-public 2020-05-18), generated from its documentation.\"\n"
    );
    let _ = writeln!(s, "[features]");
    let mut default: Vec<String> = categories
        .iter()
        .map(|(id, _)| format!("\"{}\"", naming::feature_name(id)))
        .collect();
    default.push("\"reqwest\"".to_owned());
    let _ = writeln!(s, "default = [{}]", default.join(", "));
    for (id, title) in categories {
        let _ = writeln!(s, "# {title}\n{} = []", naming::feature_name(id));
    }
    let _ = writeln!(
        s,
        "# The runtime's HTTP transport (reqwest with rustls). Without it, give the client a `Transport`.\nreqwest = [\"dataworks-runtime/reqwest\"]"
    );
    let _ = writeln!(
        s,
        "# Derive `Serialize` on response types (off by default: it doubles serde's compile time).\nserialize = []\n# The operations' documented facts as data (`catalog`), for programs that stand in for the service.\ncatalog = []\n# The runtime's Redis limiter backend: one quota shared by every process of an account (`runtime::RedisBackend`).\nredis = [\"dataworks-runtime/redis\"]\n"
    );
    let _ = writeln!(
        s,
        "[dependencies]\ndataworks-runtime = {{ path = \"../runtime\", version = \"0.1.0\", default-features = false }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n"
    );
    let _ = writeln!(
        s,
        "[dev-dependencies]\n# The example tests re-serialize responses.\n{PACKAGE} = {{ path = \".\", features = [\"serialize\"] }}\n# `tests/emulator_calls.rs` sends every request example to the local emulator.\ndataworks-emulator = {{ path = \"../emulator\", default-features = false }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}"
    );
    toml_file(&s)
}

fn lib_rs(spec: &Spec, space: &TypeSpace, categories: &[(String, String)]) -> TokenStream {
    let mut doc = String::from(
        "Rust bindings for the Alibaba Cloud DataWorks OpenAPI (`dataworks-public`, API version `2020-05-18`, RPC style), generated from its documentation by dwgen.\n",
    );
    doc.push_str("# Calling the service\nMake a [`Client`] (the hand-written runtime, [`runtime`]), then call any operation through the [`DataWorks`] trait (in the [`prelude`]): set the parameters on the builder it returns and `send()` it.\n```no_run\n# #[cfg(feature = \"data-development\")]\n# async fn demo() -> Result<(), Box<dyn std::error::Error>> {\nuse dataworks_public::prelude::*;\n\n// Credentials: the default chain (environment, RRSA, CLI or INI profile, ECS RAM role, credentials URI).\nlet client = Client::builder().region(\"cn-shanghai\").build()?;\nlet response = client.deploy_file().file_id(10000001).project_id(10000).send().await?;\nprintln!(\"deployment package {:?} (request {:?})\", response.data, response.request_id());\n# Ok(()) }\n```\n");
    doc.push_str("A call returns the operation's typed response, or an [`SdkError`] holding the operation's typed error (see Errors below) or what else went wrong (transport, an undecodable answer, credentials, a missing required parameter: `SdkError::Build`, nothing sent). Every response and every error gives the service's request id through [`RequestId::request_id`](runtime::RequestId) (in the prelude); the typed responses hold the operation's own members only, not the answer's envelope (`Success`, `ErrorCode`, ...), which the client reads. The client signs with ACS3-HMAC-SHA256 (V1 on request), paces calls by the operation's QPS level (on by default, see [`runtime::RateLimits`]), and retries with backoff (on by default, see [`runtime::RetryPolicy`]); both are set on the [`ClientBuilder`]. Every operation is retried after throttling and after a connection that could not be made; only read-only operations (`Operation::READ_ONLY`) and those with a client token (`Operation::CLIENT_TOKEN`, filled with a fresh UUID per call) are retried after a 5xx answer, a timeout or a lost connection too, which may have had an effect ([`runtime::retry`]).\n");
    doc.push_str("# Builders\nEach operation's request has a builder, `XRequestBuilder<C>`. `XRequest::builder()` gives one without a client (`C = ()`): it only builds a request value, which [`Client::call`] sends (every request implements [`Operation`]). The client's method (`client.x()`) gives one holding the client (`C = Client`), which also has `send()`; a builder without a client has no `send()`, so a request can never be sent without one. Setters follow one convention: `x(value)` sets a parameter (for a list, appends one item; for a map, inserts one entry) and `set_x(Option<T>)` replaces it or clears it. `build()` names the first required parameter that is not set, including required members of nested values.\n");
    let (_, _, shared) = space.counts();
    let _ = writeln!(
        doc,
        "# Types\nEach operation's module holds its request, builder, response and error, and the nested types only it uses. The {shared} types several operations use are defined once in [`types`] and re-exported by each operation's module under the name it gives them, so a value one operation returns can be passed to another. Value sets are enums with an `Unknown` fallback whose payload is opaque (read it with `as_str()` / `as_i64()`): a value documented later gets a variant of its own without changing which arm of a `match` runs for the values known today. Every response member is an `Option`, decoded tolerantly (numbers as strings, one object for a list, `\"\"` for absent) through the runtime's [`FromJson`](runtime::FromJson), from the same parse of the body that told success from error.\n"
    );
    let paged = super::paginate::paged(spec).len();
    let _ = writeln!(
        doc,
        "# Paging\n{paged} operations are paged (`PageNumber`, `PageSize`, and a `TotalCount` next to their list): their builders holding a client have `into_paginator()`, a stream of pages or of items ([`runtime::paginate::RequestPaginator`]).\n"
    );
    doc.push_str("# Waiting\n`DeployFile` starts an asynchronous deployment: `client.deploy_file()...send_and_wait(config)` deploys, then polls `GetDeployment` until the package succeeds or fails or the timeout passes ([`waiters`]).\n");
    let kinds: Vec<OperationKind> = spec
        .operations
        .iter()
        .map(|op| OperationKind::of(spec, op))
        .collect();
    let read_only = kinds.iter().filter(|k| k.read_only).count();
    let tokens = kinds
        .iter()
        .filter(|k| !k.read_only && k.client_token.is_some())
        .count();
    let _ = writeln!(
        doc,
        "# Operations\n[`OPERATIONS`] lists every operation's name, QPS level, API group and whether it only reads, for tools. {read_only} operations only read; {} are mutating, {tokens} of them with a client token.",
        spec.operations.len() - read_only
    );
    doc.push_str("# QPS tiers\nThe documentation puts every operation into a level ([`QpsTier`]); the service limits calls per account and region:\n");
    for t in &spec.service.qps_tiers {
        let daily = t
            .daily_calls
            .map(|d| format!(", at most {d} calls a day"))
            .unwrap_or_default();
        let _ = writeln!(doc, "- level {}: {} calls per second{daily}", t.tier, t.qps);
    }
    doc.push_str(
        "\nA few operations have no documented level; their `TIER` is `None` (not paced).\n",
    );
    if let Some(endpoints) = super::endpoints::crate_doc(spec) {
        doc.push_str(&endpoints);
    }
    doc.push_str("# Errors\nEach operation's error enum has a variant for every error code its documentation lists, a `Common` variant for the errors every operation can return ([`CommonError`]), and an `Unknown` variant for anything else, holding an opaque [`UnknownError`](runtime::UnknownError) whose status, code, message and request id are read through accessors. `is_throttling()` and `is_retryable()` ([`ServiceError`]) tell what a caller may retry. Errors print one level each and hand their cause out through `source()`, so a report (`anyhow`'s `{:#}`, [`DisplayErrorContext`](runtime::DisplayErrorContext)) prints every cause once.\n");
    if let Some(pricing) = &spec.service.pricing {
        doc.push_str("# Pricing\nThe documentation's price of OpenAPI calls ([`Edition`]): ");
        let editions: Vec<String> = pricing
            .editions
            .iter()
            .map(|e| {
                format!(
                    "{} free calls a month with `{}`",
                    e.free_calls_per_month, e.id
                )
            })
            .collect();
        let _ = writeln!(
            doc,
            "{}, then {} USD per {} calls. `ClientBuilder::pricing(Edition::X.pricing())` makes the client's usage meter estimate the cost ([`Client::usage`]).\n",
            editions.join(", "),
            pricing.usd_per_unit,
            pricing.calls_per_unit
        );
    }
    doc.push_str("# Compatibility\nThe public API follows semver: a documented value or error code added later is a new variant of a `#[non_exhaustive]` enum (compatible), a new response member a new field of a `#[non_exhaustive]` struct (compatible). Items marked `#[doc(hidden)]`, and the runtime's `__private` module the generated code calls, are not part of the public API. `cargo xtask spec-diff` classifies each spec change by these rules.\n");
    doc.push_str("# Features\nOne cargo feature per API group (all on by default), so a program that needs only some groups compiles only those:\n");
    for (id, title) in categories {
        let _ = writeln!(doc, "- `{}`: {title}", naming::feature_name(id));
    }
    doc.push_str("\nand `reqwest` (on by default), the runtime's HTTP transport (reqwest with rustls; without it, give the [`ClientBuilder`] a transport), `serialize`, which derives `Serialize` on response types, and `catalog`, the operations' documented facts as data (`catalog` module) for programs that stand in for the service, such as the emulator.\n");
    let doc_lines = doc.lines().map(|l| {
        let l = format!(" {l}");
        quote! { #![doc = #l] }
    });
    let mods = categories.iter().map(|(id, title)| {
        let feature = naming::feature_name(id);
        let module = naming::ident(&naming::category_module(id));
        let d = doc_attrs(&format!("{title} (`{id}`) operations."));
        quote! {
            #[cfg(feature = #feature)]
            #d
            pub mod #module;
        }
    });
    let endpoints = spec.endpoints.as_ref().map(|_| {
        quote! {
            pub mod endpoints;
            pub use endpoints::ENDPOINTS;
        }
    });
    let edition = spec
        .service
        .pricing
        .as_ref()
        .filter(|p| !p.editions.is_empty())
        .map(|_| quote! { pub use operation::Edition; });
    quote! {
        #(#doc_lines)*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        pub mod client;
        #endpoints
        pub mod error;
        pub mod operation;
        pub mod types;
        pub mod waiters;
        #[cfg(feature = "catalog")]
        pub mod catalog;

        /// The hand-written runtime: client, credentials, signing, transport, rate
        /// limiting, retries, wire encoding, decoding, pagination and waiting.
        pub use dataworks_runtime as runtime;
        pub use dataworks_runtime::{BuildError, Client, ClientBuilder, Credentials, Operation, Params, SdkError};
        pub use client::DataWorks;
        pub use error::{CommonError, ErrorMeta, FromErrorMeta, ServiceError};
        pub use operation::{Category, OperationInfo, QpsTier, API_VERSION, OPERATIONS};
        #edition

        /// What a program calling the service needs: `use dataworks_public::prelude::*;`.
        pub mod prelude {
            pub use crate::client::DataWorks;
            pub use dataworks_runtime::{Client, Operation, RequestId, SdkError, ServiceError};
        }

        #(#mods)*
    }
}

fn category_mod(spec: &Spec, id: &str, title: &str) -> TokenStream {
    let doc = format!("{title} (`{id}`): the operations of this API group.");
    let doc_lines = super::docs::sanitize(&doc).into_iter().map(|l| {
        let l = format!(" {l}");
        quote! { #![doc = #l] }
    });
    let ops = spec
        .operations
        .iter()
        .filter(|o| o.category == id)
        .map(|op| {
            let names = super::OpNames::of(op);
            let module = &names.module;
            let (req, builder, resp, err) = (
                &names.request,
                &names.builder,
                &names.response,
                &names.error,
            );
            quote! {
                pub mod #module;
                pub use #module::{#req, #builder, #resp, #err};
            }
        });
    quote! {
        #(#doc_lines)*
        #(#ops)*
    }
}
