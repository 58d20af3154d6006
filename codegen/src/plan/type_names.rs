//! `spec/type_names.yaml`: reviewed names for shared types whose sites compete for a
//! name (several value sets called `Status`) or do not say one. Hand-written, like
//! `spec/errata.yaml`; read with the spec.
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
//! values. Listing every site keeps the name when one of the operations goes away. An
//! entry whose sites are different types (the documentation split a shape in two), or
//! that matches no site, stops generation until it is reviewed.

pub use dwgen_spec::overlays::type_names::{is_type_name, TypeName};

use super::{Side, Site, TypeSpace};

/// A site as `type_names.yaml` writes it: `GetDeployment response Data.Deployment.Status`.
pub fn site_label(space: &TypeSpace, site: &Site) -> String {
    let side = match site.side {
        Side::Request => "request",
        Side::Response => "response",
    };
    format!("{} {side} {}", space.ops[site.op].name, site.path)
}
