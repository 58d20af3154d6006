//! Request emitter: `XRequest` (every documented parameter; `Option<T>` when not
//! required), its `dataworks_runtime::Operation` impl (action name, version, QPS tier,
//! API group, response and error types, and the RPC wire encoding: parameters by exact
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
use super::structs::{field, member_doc, needs_validation, setters};
use super::OpCx;
use crate::plan::{Member, Side};

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
    let fields = members.iter().map(|m| {
        let (f, ty) = (field(m), scope.tokens(&m.ty));
        let doc = member_doc(m, Side::Request);
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
            let t = proc_macro2::Literal::u8_unsuffixed(t);
            quote! { Some(#t) }
        }
        None => quote! { None },
    };
    let puts = members.iter().map(|m| {
        let (f, wire) = (field(m), &m.wire);
        match (m.json, m.required) {
            (true, true) => quote! { dataworks_runtime::wire::put_json(&mut out, #wire, Some(&self.#f)); },
            (true, false) => quote! { dataworks_runtime::wire::put_json(&mut out, #wire, self.#f.as_ref()); },
            (false, _) => quote! { dataworks_runtime::wire::put(&mut out, #wire, &self.#f); },
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
            const TIER: Option<u8> = #tier;
            const CATEGORY: &'static str = #category;
            type Response = #resp;
            type Error = #err;
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
    let (req, builder, resp, err) = (&names.request, &names.builder, &names.response, &names.error);
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
    let setters = members.iter().map(|m| setters(m, scope, Side::Request));
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
        }
    }
}

/// The builder's rustdoc: what it is, where it comes from, the setter convention.
fn builder_doc(cx: OpCx<'_>, req: &Ident) -> TokenStream {
    let method = cx.names().method;
    let lines = [
        format!("Builds a [`{req}`]."),
        String::new(),
        format!("From [`{req}::builder`] (`C = ()`) it builds a request value; from the client (`client.{method}()`, trait [`DataWorks`](crate::DataWorks)) it holds the client (`C = Client`) and also sends it."),
        String::new(),
        "Setters: `x(value)` sets a parameter (for a list, appends one item; for a map, inserts one entry); `set_x(Option<T>)` replaces it or clears it.".to_owned(),
    ];
    raw_doc(&lines)
}

/// `build()`: required parameters unwrapped (naming the first missing one), nested
/// values validated.
fn build_fn(cx: OpCx<'_>, members: &[Member], req: &Ident) -> TokenStream {
    let req_name = req.to_string();
    let inits = members.iter().map(|m| {
        let (f, wire) = (field(m), &m.wire);
        if m.required {
            quote! { #f: dataworks_runtime::wire::required(self.#f, #req_name, #wire)?, }
        } else {
            quote! { #f: self.#f, }
        }
    });
    let checks: Vec<TokenStream> = members
        .iter()
        .filter(|m| needs_validation(cx.space, &m.ty))
        .map(|m| {
            let (f, wire) = (field(m), &m.wire);
            quote! { dataworks_runtime::wire::nested(&request.#f, #wire) }
        })
        .collect();
    let required: Vec<String> = members
        .iter()
        .filter(|m| m.required)
        .map(|m| code_span(&m.wire))
        .collect();
    let errors = if required.is_empty() && checks.is_empty() {
        " Never fails: the request has no required parameter.".to_owned()
    } else if required.is_empty() {
        " A [`BuildError`](dataworks_runtime::BuildError) naming a required member of a nested value that is not set.".to_owned()
    } else {
        format!(
            " A [`BuildError`](dataworks_runtime::BuildError) naming the first required parameter that is not set: {}.",
            required.join(", ")
        )
    };
    let body = if checks.is_empty() {
        quote! { Ok(#req { #(#inits)* }) }
    } else {
        quote! {
            let request = #req { #(#inits)* };
            dataworks_runtime::wire::check(#req_name, [#(#checks),*])?;
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
