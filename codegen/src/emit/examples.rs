//! The generated crate's example tests, from the examples kept in the spec:
//! `tests/request_examples.rs` (every request example encoded through the generated
//! request types, [`super::examples_request`]) and `tests/response_examples.rs` (every
//! JSON response example deserialized and re-serialized, [`super::examples_response`]).

use std::path::PathBuf;

use super::format::RustFormatter;
use super::{examples_request, examples_response, CodegenError};
use crate::plan::TypeSpace;
use crate::spec_io::Spec;

/// `tests/request_examples.rs` and its contents.
pub fn request_file(
    spec: &Spec,
    space: &TypeSpace,
    fmt: &dyn RustFormatter,
) -> Result<(PathBuf, String), CodegenError> {
    let path = PathBuf::from("tests/request_examples.rs");
    let text = fmt.format(&path, &examples_request::emit(spec, space))?;
    Ok((path, text))
}

/// `tests/response_examples.rs` and its contents.
pub fn response_file(
    spec: &Spec,
    fmt: &dyn RustFormatter,
) -> Result<(PathBuf, String), CodegenError> {
    let path = PathBuf::from("tests/response_examples.rs");
    let text = fmt.format(&path, &examples_response::emit(spec))?;
    Ok((path, text))
}
