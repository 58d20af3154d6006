//! Rust types for the spec's scalar types, shared by the request and response emitters.

use proc_macro2::TokenStream;
use quote::quote;

use crate::spec::Type;

/// The Rust type of a scalar spec type (`string` → `String`, `int64` → `i64`, ...);
/// `any` is `serde_json::Value`. Containers (`object`, `array`, `map`) are built by the
/// emitters, which name their types; for them this returns `serde_json::Value`.
pub fn scalar(ty: Type) -> TokenStream {
    match ty {
        Type::String => quote! { String },
        Type::Int32 => quote! { i32 },
        Type::Int64 => quote! { i64 },
        Type::Float => quote! { f32 },
        Type::Double => quote! { f64 },
        Type::Boolean => quote! { bool },
        Type::Object | Type::Array | Type::Map | Type::Any => quote! { serde_json::Value },
    }
}

/// Whether the type is an integer (value-set enums of it use `Unknown(i64)`).
pub fn is_integer(ty: Type) -> bool {
    matches!(ty, Type::Int32 | Type::Int64)
}
