//! Response emitter: `XResponse` and its nested types (named after the docs' type names or
//! their path in the operation's module), every member `Option<T>` with
//! `#[serde(rename = "Wire")]`, tolerant of numbers sent as strings; `Serialize` only with
//! the `serialize` feature. Also the generated crate's `src/de.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::OpCx;

/// The response type tree for one operation.
pub fn emit(cx: &mut OpCx<'_>) -> TokenStream {
    let resp = &cx.names.response;
    quote! {
        /// Response (being written).
        #[derive(Debug, Clone, Default, serde::Deserialize)]
        pub struct #resp {}
    }
}

/// `src/de.rs` of the generated crate: tolerant deserializers.
pub fn de_module() -> TokenStream {
    quote! {
        //! Tolerant deserialization helpers (being written).
    }
}
