//! The generated crate's example tests, from the examples kept in the spec:
//! `tests/examples/mod.rs`, `tests/request_examples.rs` and `tests/emulator_calls.rs`
//! (every request example built through the generated request types, compared with
//! its URL and sent to the emulator, [`super::examples_request`]) and `tests/response_examples.rs` (every
//! JSON response example deserialized and re-serialized, [`super::examples_response`]).

use std::path::PathBuf;

use super::format::RustFormatter;
use super::{examples_request, examples_response, CodegenError};
use crate::plan::TypeSpace;
use dwgen_spec::Spec;

/// `tests/examples/mod.rs`, `tests/request_examples.rs` and `tests/emulator_calls.rs`,
/// with their contents.
pub fn request_files(
    spec: &Spec,
    space: &TypeSpace,
    fmt: &dyn RustFormatter,
) -> Result<Vec<(PathBuf, String)>, CodegenError> {
    let files = examples_request::emit(spec, space);
    [
        ("tests/examples/mod.rs", files.builders),
        ("tests/request_examples.rs", files.tests),
        ("tests/emulator_calls.rs", files.calls),
    ]
    .into_iter()
    .map(|(path, tokens)| {
        let path = PathBuf::from(path);
        let text = fmt.format(&path, &tokens)?;
        Ok((path, text))
    })
    .collect()
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
