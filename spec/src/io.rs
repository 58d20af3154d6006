//! Reading a spec directory from disk (the scraper's files and the reviewed overlays)
//! and rendering spec values as YAML text.

use std::path::{Path, PathBuf};

use crate::error::SpecError;
use crate::model::{Operation, Service};
use crate::overlays::endpoints::Endpoints;
use crate::overlays::read_only::ReadOnlyOverride;
use crate::overlays::type_names::TypeName;
use crate::overlays::waiters::Waiter;

/// A whole spec: `service.yaml` plus every `operations/<Name>.yaml`, sorted by name,
/// the reviewed names of shared types (`type_names.yaml`, optional), the reviewed
/// exceptions to the read-only verb rule (`read_only.yaml`, optional), the reviewed
/// waiters (`waiters.yaml`, optional) and the reviewed endpoints (`endpoints.yaml`,
/// optional).
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// `service.yaml`.
    pub service: Service,
    /// The operations, sorted by name.
    pub operations: Vec<Operation>,
    /// `type_names.yaml`: reviewed names of shared types (empty when the file is absent).
    pub type_names: Vec<TypeName>,
    /// `read_only.yaml`: reviewed exceptions to the read-only verb rule (empty when the
    /// file is absent).
    pub read_only: Vec<ReadOnlyOverride>,
    /// `waiters.yaml`: reviewed pairs of an operation that starts asynchronous work and
    /// the operation that polls it (empty when the file is absent).
    pub waiters: Vec<Waiter>,
    /// `endpoints.yaml`: the service's hosts by region and network (`None` when the
    /// file is absent: the generated client then needs an explicit endpoint).
    pub endpoints: Option<Endpoints>,
}

/// The file of reviewed shared type names, in the spec directory.
pub const TYPE_NAMES_FILE: &str = "type_names.yaml";

/// The file of reviewed exceptions to the read-only verb rule, in the spec directory.
pub const READ_ONLY_FILE: &str = "read_only.yaml";

/// The file of reviewed waiters, in the spec directory.
pub const WAITERS_FILE: &str = "waiters.yaml";

/// The file of reviewed endpoints, in the spec directory.
pub const ENDPOINTS_FILE: &str = "endpoints.yaml";

impl Spec {
    /// A spec of these operations (sorted by name), without reviewed type names or
    /// read-only overrides.
    pub fn new(service: Service, mut operations: Vec<Operation>) -> Self {
        operations.sort_by(|a, b| a.name.cmp(&b.name));
        Spec {
            service,
            operations,
            type_names: Vec::new(),
            read_only: Vec::new(),
            waiters: Vec::new(),
            endpoints: None,
        }
    }
}

/// Renders a value as spec YAML (the one serializer every spec file goes through).
pub fn to_yaml<T: serde::Serialize>(value: &T) -> String {
    serde_norway::to_string(value).expect("spec types always serialize")
}

fn read(path: &Path) -> Result<String, SpecError> {
    std::fs::read_to_string(path).map_err(|source| SpecError::Io {
        path: path.to_owned(),
        source,
    })
}

fn parse<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, SpecError> {
    serde_norway::from_str(&read(path)?).map_err(|source| SpecError::Yaml {
        path: path.to_owned(),
        source,
    })
}

/// Parses an optional list file (empty when the file is absent).
fn parse_optional<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, SpecError> {
    if path.exists() {
        parse(path)
    } else {
        Ok(Vec::new())
    }
}

/// Parses operation files (on all cores; the YAML parse is most of loading a spec),
/// in the order given, checking that each file is named after its operation.
fn parse_operations(paths: &[PathBuf]) -> Result<Vec<Operation>, SpecError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, paths.len().max(1));
    let chunk = paths.len().div_ceil(threads).max(1);
    let parsed: Vec<Result<Vec<Operation>, SpecError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|p| parse_operation(p)).collect()))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut operations = Vec::with_capacity(paths.len());
    for part in parsed {
        operations.extend(part?);
    }
    Ok(operations)
}

fn parse_operation(path: &Path) -> Result<Operation, SpecError> {
    let op: Operation = parse(path)?;
    if path.file_stem().and_then(|s| s.to_str()) != Some(op.name.as_str()) {
        return Err(SpecError::NameMismatch {
            path: path.to_owned(),
            name: op.name,
        });
    }
    Ok(op)
}

/// Reads `dir/service.yaml` and every `dir/operations/*.yaml`.
pub fn load(dir: &Path) -> Result<Spec, SpecError> {
    let service: Service = parse(&dir.join("service.yaml"))?;
    let ops_dir = dir.join("operations");
    let entries = std::fs::read_dir(&ops_dir).map_err(|source| SpecError::Io {
        path: ops_dir.clone(),
        source,
    })?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| SpecError::Io {
            path: ops_dir.clone(),
            source,
        })?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "yaml") {
            paths.push(path);
        }
    }
    paths.sort();
    let operations = parse_operations(&paths)?;
    Ok(Spec {
        service,
        operations,
        type_names: parse_optional(&dir.join(TYPE_NAMES_FILE))?,
        read_only: parse_optional(&dir.join(READ_ONLY_FILE))?,
        waiters: parse_optional(&dir.join(WAITERS_FILE))?,
        endpoints: parse_endpoints(&dir.join(ENDPOINTS_FILE))?,
    })
}

/// Reads and checks the endpoints file, if there is one.
fn parse_endpoints(path: &Path) -> Result<Option<Endpoints>, SpecError> {
    if !path.exists() {
        return Ok(None);
    }
    let endpoints: Endpoints = parse(path)?;
    endpoints.check().map_err(|message| SpecError::Invalid {
        path: path.to_owned(),
        message,
    })?;
    Ok(Some(endpoints))
}
