//! The generated crate's example tests, from the examples kept in the spec:
//! `tests/request_examples.rs` (every request example encoded through the generated
//! request types, [`super::examples_request`]) and `tests/response_examples.rs` (every
//! JSON response example deserialized and re-serialized, [`super::examples_response`]).

use std::path::PathBuf;

use super::format::rust_file;
use super::{examples_request, examples_response, CodegenError, Files};
use crate::plan::TypeSpace;
use crate::spec_io::Spec;

/// Writes the example test files.
pub fn emit(spec: &Spec, space: &TypeSpace, files: &mut Files) -> Result<(), CodegenError> {
    let req = PathBuf::from("tests/request_examples.rs");
    files.insert(
        req.clone(),
        rust_file(&req, &examples_request::emit(spec, space))?,
    );
    let resp = PathBuf::from("tests/response_examples.rs");
    files.insert(
        resp.clone(),
        rust_file(&resp, &examples_response::emit(spec))?,
    );
    Ok(())
}
