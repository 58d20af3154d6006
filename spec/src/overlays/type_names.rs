//! `spec/type_names.yaml`: reviewed names for shared types whose sites compete for a
//! name (several value sets called `Status`) or do not say one.
//!
//! ```yaml
//! - name: DeploymentStatus
//!   at:
//!     - GetDeployment response Data.Deployment.Status
//!   why: Several shared value sets are called Status; this one is a deployment's.
//! ```
//!
//! `at` lists sites of the type as `<Operation> <request|response> <wire path>`, with
//! `[]` for a list's elements (`ListFiles response Data.Files[]`) and `{}` for a map's
//! values. Listing every site keeps the name when one of the operations goes away. The
//! generator checks each entry against its type space (an entry whose sites are
//! different types, or that matches no site, stops generation).

use serde::{Deserialize, Serialize};

/// One reviewed name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeName {
    /// The type's name in the shared module (UpperCamelCase).
    pub name: String,
    /// Sites of the type (see the module docs for the form).
    pub at: Vec<String>,
    /// Why this name.
    pub why: String,
}

/// Whether `name` is a valid UpperCamelCase type name.
pub fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}
