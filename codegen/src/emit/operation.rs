//! Operation metadata emitters: the generated crate's `src/operation.rs` (`QpsTier` with
//! `qps()` / `daily_quota()` from `service.yaml`, `Category`, `HttpMethod`, the
//! `Operation` trait, `OperationInfo` and the `OPERATIONS` table of every operation), and
//! each operation's `impl Operation`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{CodegenError, Files, OpCx};
use crate::spec_io::Spec;

/// Writes `src/operation.rs`.
pub fn emit_shared(_spec: &Spec, files: &mut Files) -> Result<(), CodegenError> {
    let path = std::path::PathBuf::from("src/operation.rs");
    let tokens = quote! {
        //! Operations (being written).
        /// Tier.
        #[derive(Debug, Clone, Copy)]
        pub enum QpsTier {}
        /// Category.
        #[derive(Debug, Clone, Copy)]
        pub enum Category {}
        /// Method.
        #[derive(Debug, Clone, Copy)]
        pub enum HttpMethod {}
        /// Operation.
        pub trait Operation {}
        /// Info.
        #[derive(Debug, Clone, Copy)]
        pub struct OperationInfo;
        /// All operations.
        pub const OPERATIONS: &[OperationInfo] = &[];
    };
    files.insert(path.clone(), super::format::rust_file(&path, &tokens)?);
    Ok(())
}

/// `impl Operation for XRequest`.
pub fn emit_impl(_cx: &OpCx<'_>) -> TokenStream {
    quote! {}
}
