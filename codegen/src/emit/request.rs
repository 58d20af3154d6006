//! Request emitter: `XRequest` (every documented parameter; `Option<T>` when not
//! required), `XRequestBuilder` (fluent setters, `build()` rejects a missing required
//! parameter), and the RPC wire encoding (`Action` plus parameters by exact wire name,
//! arrays/objects flattened `Name.1`, `Name.1.Field`, or JSON-encoded where the spec says).
//! Also the generated crate's `src/wire.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::OpCx;

/// The request type, its builder and its encoding, for one operation.
pub fn emit(cx: &mut OpCx<'_>) -> TokenStream {
    let req = &cx.names.request;
    let builder = &cx.names.builder;
    quote! {
        /// Request (being written).
        #[derive(Debug, Clone, Default)]
        pub struct #req {}
        /// Builder (being written).
        #[derive(Debug, Clone, Default)]
        pub struct #builder {}
    }
}

/// `src/wire.rs` of the generated crate: `Params`, `BuildError`, encoding helpers.
pub fn wire_module() -> TokenStream {
    quote! {
        //! RPC parameter encoding (being written).
        /// Encoded parameters.
        pub type Params = Vec<(String, String)>;
        /// A request could not be built.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct BuildError;
    }
}
