//! `tests/request_examples.rs`: for every operation whose documentation has a request
//! example URL, a test that builds the request with the example's values through the
//! generated builder and compares `to_params()` with the URL's parameters.

use proc_macro2::TokenStream;
use quote::quote;

use crate::spec_io::Spec;

/// The test file's tokens.
pub fn emit(_spec: &Spec) -> TokenStream {
    quote! {
        //! Request examples (being written).
    }
}
