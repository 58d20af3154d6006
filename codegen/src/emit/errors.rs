//! Error emitters: the generated crate's `src/error.rs` (`CommonError`, the errors the
//! documentation lists for every operation, with their table; the runtime's error
//! plumbing re-exported) and each operation's error enum (a variant per documented code,
//! `Common`, `Unknown`), which implements the runtime's `FromErrorMeta` so that the
//! client can classify errors into it, and its `ServiceError`.
//!
//! Per-operation code is kept small: the shared behaviour (accessors, `is_throttling`,
//! `is_retryable`) is the runtime's, as default methods of `ServiceError` and in
//! `ErrorMeta`; each operation adds a table of its documented errors and three small
//! matches.

use std::path::PathBuf;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::docs::sanitize;
use super::{CodegenError, Files, OpCx};
use crate::naming::{self, Namespace};
use dwgen_spec::ErrorSpec;
use dwgen_spec::Spec;

/// The variants every operation's error enum has besides the documented codes.
const FIXED_VARIANTS: [&str; 2] = ["Common", "Unknown"];

/// One documented error code after deduplication: the first entry (by status, then
/// code) gives the variant; later entries with the same code only add to its doc.
struct Documented<'a> {
    variant: Ident,
    first: &'a ErrorSpec,
    others: Vec<&'a ErrorSpec>,
}

/// Dedupes `errors` by code (keeping spec order) and names a variant for each code,
/// unique within the enum and distinct from `reserved`.
fn documented<'a>(errors: &'a [ErrorSpec], reserved: &[&str]) -> Vec<Documented<'a>> {
    let mut variants = Namespace::with_reserved(reserved.iter().copied());
    let mut out: Vec<Documented<'a>> = Vec::new();
    for e in errors {
        if let Some(d) = out.iter_mut().find(|d| d.first.code == e.code) {
            d.others.push(e);
            continue;
        }
        let name = variants.claim(&naming::error_variant_name(&e.code));
        out.push(Documented {
            variant: naming::ident(&name),
            first: e,
            others: Vec::new(),
        });
    }
    out
}

/// An error code as inline code in rustdoc (codes are ASCII words and dots; anything
/// else is escaped as text instead).
fn code_span(code: &str) -> String {
    if !code.is_empty() && code.chars().all(|c| c.is_ascii_graphic() && c != '`') {
        format!("`{code}`")
    } else {
        sanitize(code).join(" ")
    }
}

/// `#[doc]` attributes: `first` as given (already rustdoc-safe), then `text` sanitized.
fn doc_after(first: &str, text: &str) -> TokenStream {
    let mut lines = vec![first.to_owned()];
    if !text.trim().is_empty() {
        lines.push(String::new());
        lines.extend(sanitize(text));
    }
    let attrs = lines.iter().map(|l| {
        let l = format!(" {l}");
        quote! { #[doc = #l] }
    });
    quote! { #(#attrs)* }
}

/// The rustdoc of a documented error variant: `HTTP {status} {code}: {message}`, the
/// description, and any other status the docs list for the same code.
fn variant_doc(d: &Documented<'_>) -> TokenStream {
    let e = d.first;
    let title = format!(
        "HTTP {} {}: {}",
        e.status,
        code_span(&e.code),
        sanitize(&e.message).join(" ")
    );
    let mut text = e.description.clone();
    for o in &d.others {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&format!(
            "Also documented as HTTP {}: {}",
            o.status, o.message
        ));
        if !o.description.is_empty() {
            text.push_str(&format!(" ({})", o.description));
        }
    }
    doc_after(&title, &text)
}

/// `ErrorDoc::new(..)` expressions for a table of documented errors.
fn doc_table(docs: &[Documented<'_>]) -> Vec<TokenStream> {
    docs.iter()
        .map(|d| {
            let (code, status, message, description) = (
                &d.first.code,
                Literal::u16_unsuffixed(d.first.status),
                &d.first.message,
                &d.first.description,
            );
            quote! {
                dataworks_runtime::ErrorDoc::new(#code, #status, #message, #description)
            }
        })
        .collect()
}

/// Writes `src/error.rs`.
pub fn emit_shared(
    spec: &Spec,
    fmt: &dyn super::format::RustFormatter,
    files: &mut Files,
) -> Result<(), CodegenError> {
    let path = PathBuf::from("src/error.rs");
    let tokens = shared_tokens(spec);
    files.insert(path.clone(), fmt.format(&path, &tokens)?);
    Ok(())
}

/// The tokens of `src/error.rs`.
fn shared_tokens(spec: &Spec) -> TokenStream {
    let module_doc = [
        " Errors the service returns.",
        "",
        " A failed call answers with an HTTP status and a JSON body carrying `Code`, `Message`",
        " and `RequestId`; the client turns those into an [`ErrorMeta`] and each operation's",
        " error enum classifies it ([`FromErrorMeta::from_meta`]): a variant for every code the",
        " operation's documentation lists, `Common` for the errors every operation can return",
        " ([`CommonError`]), and `Unknown` for anything else: an opaque",
        " [`UnknownError`](dataworks_runtime::UnknownError) whose status, code, message and",
        " request id are read through its accessors (or [`ServiceError`] on the enum), so that a",
        " code documented later, which gets a variant of its own, cannot silently change which",
        " arm of a `match` runs. Every error gives its request id through",
        " [`RequestId`](dataworks_runtime::RequestId).",
    ]
    .map(|l| quote! { #![doc = #l] });
    let common = common_tokens(spec);
    quote! {
        #(#module_doc)*

        use std::fmt;

        pub use dataworks_runtime::{ErrorDoc, ErrorMeta, FromErrorMeta, ServiceError};

        #common
    }
}

/// `CommonError`, its table and impls.
fn common_tokens(spec: &Spec) -> TokenStream {
    let docs = documented(&spec.service.common_errors, &["Unknown"]);
    let table = doc_table(&docs);
    let variants = docs.iter().map(|d| {
        let v = &d.variant;
        let doc = variant_doc(d);
        quote! { #doc #v(ErrorMeta), }
    });
    let names: Vec<&Ident> = docs.iter().map(|d| &d.variant).collect();
    let codes: Vec<&str> = docs.iter().map(|d| d.first.code.as_str()).collect();
    let indices: Vec<Literal> = (0..docs.len()).map(Literal::usize_unsuffixed).collect();
    let list: String = docs
        .iter()
        .map(|d| code_span(&d.first.code))
        .collect::<Vec<_>>()
        .join(", ");
    let enum_doc = doc_after(
        &format!("The errors the documentation lists for (nearly) every operation: {list}."),
        "Every operation's error enum has a Common variant holding one of these.",
    );
    let documented_arm = (!names.is_empty()).then(|| quote! { #(CommonError::#names(m))|* => m, });
    let match_meta = if docs.is_empty() {
        quote! { Err(meta) }
    } else {
        quote! {
            match meta.code.as_str() {
                #(#codes => Ok(CommonError::#names(meta)),)*
                _ => Err(meta),
            }
        }
    };
    quote! {
        /// The documentation's table of [`CommonError`] codes.
        pub const COMMON_ERRORS: &[ErrorDoc] = &[#(#table),*];

        #enum_doc
        #[non_exhaustive]
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum CommonError {
            #(#variants)*
            /// A code that is not a common error: only [`FromErrorMeta::from_meta`] on
            /// `CommonError` itself gives this; the operations' error enums put such
            /// codes into their own variants or `Unknown`. Opaque: read it through its
            /// accessors.
            Unknown(dataworks_runtime::UnknownError),
        }

        impl CommonError {
            /// The common error for `meta`'s code, or `meta` back when its code is not one
            /// of the common codes.
            pub fn match_meta(meta: ErrorMeta) -> Result<CommonError, ErrorMeta> {
                #match_meta
            }
        }

        impl dataworks_runtime::__private::CommonErrors for CommonError {
            fn match_meta(meta: ErrorMeta) -> Result<Self, ErrorMeta> {
                CommonError::match_meta(meta)
            }
        }

        impl FromErrorMeta for CommonError {
            fn from_meta(meta: ErrorMeta) -> Self {
                CommonError::match_meta(meta).unwrap_or_else(|meta| {
                    CommonError::Unknown(dataworks_runtime::__private::unknown_error(meta))
                })
            }
        }

        impl ServiceError for CommonError {
            fn meta(&self) -> &ErrorMeta {
                match self {
                    #documented_arm
                    CommonError::Unknown(u) => u.meta(),
                }
            }

            fn documented(&self) -> Option<&'static ErrorDoc> {
                match self {
                    #(CommonError::#names(_) => Some(&COMMON_ERRORS[#indices]),)*
                    CommonError::Unknown(_) => None,
                }
            }
        }

        impl dataworks_runtime::RequestId for CommonError {
            fn request_id(&self) -> Option<&str> {
                self.meta().request_id.as_deref()
            }
        }

        impl fmt::Display for CommonError {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self.meta(), f)
            }
        }

        impl std::error::Error for CommonError {}
    }
}

/// One operation's error enum.
pub fn emit_op(cx: OpCx<'_>) -> TokenStream {
    let names = cx.names();
    let err = &names.error;
    let op_name = &cx.op.name;
    let docs = documented(&cx.op.errors, &FIXED_VARIANTS);
    let table = doc_table(&docs);
    let variants = docs.iter().map(|d| {
        let v = &d.variant;
        let doc = variant_doc(d);
        quote! { #doc #v(crate::ErrorMeta), }
    });
    let names: Vec<&Ident> = docs.iter().map(|d| &d.variant).collect();
    let codes: Vec<&str> = docs.iter().map(|d| d.first.code.as_str()).collect();
    let indices: Vec<Literal> = (0..docs.len()).map(Literal::usize_unsuffixed).collect();
    let enum_doc = doc_after(
        &format!(
            "An error of {}: one variant per error code its documentation lists, `Common` for the errors every operation can return, `Unknown` for anything else.",
            code_span(op_name)
        ),
        "",
    );
    let documented_arm = (!names.is_empty()).then(|| quote! { #(#err::#names(m))|* => m, });
    let fallback = quote! {
        dataworks_runtime::__private::common_or_unknown(meta, #err::Common, #err::Unknown)
    };
    let from_meta = if docs.is_empty() {
        fallback
    } else {
        quote! {
            match meta.code.as_str() {
                #(#codes => #err::#names(meta),)*
                _ => #fallback,
            }
        }
    };
    quote! {
        #enum_doc
        #[non_exhaustive]
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum #err {
            #(#variants)*
            /// One of the errors every operation can return.
            Common(crate::CommonError),
            /// A code the documentation does not list for this operation. Opaque: read its
            /// status, code, message and request id through its accessors (or
            /// [`ServiceError`](dataworks_runtime::ServiceError) on this enum); a code
            /// documented later gets a variant of its own.
            Unknown(dataworks_runtime::UnknownError),
        }

        impl #err {
            /// The documentation's table of this operation's error codes.
            pub const DOCUMENTED: &'static [dataworks_runtime::ErrorDoc] = &[#(#table),*];
        }

        impl dataworks_runtime::FromErrorMeta for #err {
            #[inline]
            fn from_meta(meta: crate::ErrorMeta) -> Self {
                #from_meta
            }
        }

        impl dataworks_runtime::ServiceError for #err {
            #[inline]
            fn meta(&self) -> &crate::ErrorMeta {
                match self {
                    #documented_arm
                    #err::Unknown(u) => u.meta(),
                    #err::Common(c) => dataworks_runtime::ServiceError::meta(c),
                }
            }

            #[inline]
            fn documented(&self) -> Option<&'static dataworks_runtime::ErrorDoc> {
                match self {
                    #(#err::#names(_) => Some(&Self::DOCUMENTED[#indices]),)*
                    #err::Common(c) => dataworks_runtime::ServiceError::documented(c),
                    #err::Unknown(_) => None,
                }
            }
        }

        impl dataworks_runtime::RequestId for #err {
            #[inline]
            fn request_id(&self) -> Option<&str> {
                dataworks_runtime::ServiceError::meta(self).request_id.as_deref()
            }
        }

        impl std::fmt::Display for #err {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(dataworks_runtime::ServiceError::meta(self), f)
            }
        }

        impl std::error::Error for #err {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dwgen_spec::{Category, Operation, QpsTier, Request, Response, Service};

    fn error(status: u16, code: &str, message: &str, description: &str) -> ErrorSpec {
        ErrorSpec {
            status,
            code: code.into(),
            message: message.into(),
            description: description.into(),
        }
    }

    fn spec(errors: Vec<ErrorSpec>) -> Spec {
        let service = Service {
            product: "dataworks-public".into(),
            api_version: "2020-05-18".into(),
            protocol: "rpc".into(),
            qps_tiers: vec![QpsTier {
                tier: 1,
                qps: 50,
                daily_calls: None,
            }],
            categories: vec![Category {
                id: "tenant".into(),
                title: "租户".into(),
            }],
            common_errors: vec![
                error(
                    403,
                    "Forbidden.Access",
                    "Access is forbidden.",
                    "禁止访问。",
                ),
                error(429, "Throttling.User", "Too frequent.", ""),
            ],
            pricing: None,
            sources: vec![],
        };
        let op = Operation {
            name: "DeployFile".into(),
            category: "tenant".into(),
            qps_tier: Some(1),
            summary: "发布文件。".into(),
            description: "发布文件。".into(),
            deprecated: false,
            request: Request::default(),
            response: Response::default(),
            errors,
            examples: Default::default(),
            sources: vec![],
        };
        Spec::new(service, vec![op])
    }

    fn render(tokens: &TokenStream) -> String {
        super::super::format::rust_file(std::path::Path::new("x.rs"), tokens).unwrap()
    }

    fn op_tokens(spec: &Spec) -> String {
        let space = crate::plan::TypeSpace::plan(spec);
        render(&emit_op(OpCx::new(spec, &space, 0)))
    }

    #[test]
    fn op_enum_has_a_variant_per_code_plus_common_and_unknown() {
        let s = spec(vec![
            error(
                400,
                "Invalid.User.NotInTenant",
                "Not in tenant.",
                "不在租户中。",
            ),
            error(
                403,
                "Invalid.User.NotInTenant",
                "Not in tenant!",
                "用户不在租户中。",
            ),
            error(500, "Unknown", "Odd code.", ""),
        ]);
        let out = op_tokens(&s);
        assert!(out.contains("pub enum DeployFileError {"), "{out}");
        assert!(out.contains("InvalidUserNotInTenant(crate::ErrorMeta),"));
        assert_eq!(
            out.matches("InvalidUserNotInTenant(crate::ErrorMeta)")
                .count(),
            1
        );
        assert!(out.contains("/// HTTP 400 `Invalid.User.NotInTenant`: Not in tenant."));
        assert!(out.contains("/// Also documented as HTTP 403: Not in tenant! (用户不在租户中。)"));
        // A code whose variant name is taken by a fixed variant gets a numbered one.
        assert!(out.contains("Unknown2(crate::ErrorMeta),"));
        assert!(out.contains("Common(crate::CommonError),"));
        assert!(
            out.contains("Unknown(dataworks_runtime::UnknownError),"),
            "opaque"
        );
        assert!(out.contains("impl dataworks_runtime::RequestId for DeployFileError {"));
        assert!(out.contains(
            "\"Invalid.User.NotInTenant\" => DeployFileError::InvalidUserNotInTenant(meta),"
        ));
        assert!(out.contains("\"Unknown\" => DeployFileError::Unknown2(meta),"));
        assert!(out.contains("Some(&Self::DOCUMENTED[1])"));
        assert!(out.contains("#[non_exhaustive]"));
        assert!(out.contains("impl dataworks_runtime::FromErrorMeta for DeployFileError {"));
        assert!(out.contains("impl dataworks_runtime::ServiceError for DeployFileError {"));
        assert!(
            out.contains(
                "dataworks_runtime::ErrorDoc::new(\n            \"Invalid.User.NotInTenant\","
            ) || out.contains("dataworks_runtime::ErrorDoc::new(\"Invalid.User.NotInTenant\""),
            "{out}"
        );
    }

    #[test]
    fn op_without_documented_errors_only_falls_back() {
        let out = op_tokens(&spec(vec![]));
        assert!(!out.contains("match meta.code"), "{out}");
        let flat: String = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(
            "dataworks_runtime::__private::common_or_unknown( meta, DeployFileError::Common, DeployFileError::Unknown, )"
        ), "{flat}");
        assert!(out.contains("pub const DOCUMENTED: &'static [dataworks_runtime::ErrorDoc] = &[];"));
    }

    #[test]
    fn shared_file_has_common_errors_and_the_trait() {
        let out = render(&shared_tokens(&spec(vec![])));
        assert!(
            out.contains(
                "pub use dataworks_runtime::{ErrorDoc, ErrorMeta, FromErrorMeta, ServiceError};"
            ),
            "{out}"
        );
        assert!(!out.contains("pub struct ErrorMeta"));
        assert!(
            !out.contains("pub trait ServiceError"),
            "the trait is the runtime's"
        );
        assert!(out.contains("impl FromErrorMeta for CommonError {"));
        assert!(out.contains("impl dataworks_runtime::__private::CommonErrors for CommonError {"));
        assert!(out.contains("pub enum CommonError {"));
        assert!(out.contains("/// HTTP 403 `Forbidden.Access`: Access is forbidden."));
        assert!(out.contains("ForbiddenAccess(ErrorMeta),"));
        assert!(out.contains("ThrottlingUser(ErrorMeta),"));
        assert!(out.contains("\"Throttling.User\" => Ok(CommonError::ThrottlingUser(meta)),"));
        assert!(
            out.contains("Unknown(dataworks_runtime::UnknownError),"),
            "opaque"
        );
        assert!(
            !out.contains("pub fn common_or_unknown"),
            "the plumbing is the runtime's, hidden"
        );
    }

    #[test]
    fn generated_files_parse() {
        let s = spec(vec![error(400, "A.B", "m", "d")]);
        let mut files = Files::new();
        emit_shared(&s, &crate::emit::format::Plain, &mut files).unwrap();
        assert!(files.contains_key(&PathBuf::from("src/error.rs")));
    }
}
