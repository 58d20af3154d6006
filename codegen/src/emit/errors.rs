//! Error emitters: the generated crate's `src/error.rs` (`ErrorMeta`, the `ServiceError`
//! trait, `CommonError` for the errors every operation can return) and each operation's
//! error enum (a variant per documented code, `Common`, `Unknown`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{CodegenError, Files, OpCx};
use crate::spec_io::Spec;

/// Writes `src/error.rs`.
pub fn emit_shared(_spec: &Spec, files: &mut Files) -> Result<(), CodegenError> {
    let path = std::path::PathBuf::from("src/error.rs");
    let tokens = quote! {
        //! Errors (being written).
        /// Error metadata.
        #[derive(Debug, Clone)]
        pub struct ErrorMeta;
        /// Common errors.
        #[derive(Debug, Clone)]
        pub enum CommonError {}
        /// Service errors.
        pub trait ServiceError {}
    };
    files.insert(path.clone(), super::format::rust_file(&path, &tokens)?);
    Ok(())
}

/// One operation's error enum.
pub fn emit_op(cx: &mut OpCx<'_>) -> TokenStream {
    let err = &cx.names.error;
    quote! {
        /// Errors (being written).
        #[derive(Debug, Clone)]
        pub enum #err {}
    }
}
