//! Support modules of the generated crate that the generated items use: `src/de.rs`
//! (tolerant deserialization, from [`super::response`]) and `src/wire.rs` (RPC parameter
//! encoding and request building errors, from [`super::request`]).

use std::path::PathBuf;

use super::format::rust_file;
use super::{request, response, CodegenError, Files};
use crate::spec_io::Spec;

/// Writes `src/de.rs` and `src/wire.rs`.
pub fn emit(_spec: &Spec, files: &mut Files) -> Result<(), CodegenError> {
    let de = PathBuf::from("src/de.rs");
    files.insert(de.clone(), rust_file(&de, &response::de_module())?);
    let wire = PathBuf::from("src/wire.rs");
    files.insert(wire.clone(), rust_file(&wire, &request::wire_module())?);
    Ok(())
}
