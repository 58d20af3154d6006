//! `spec/read_only.yaml`: reviewed exceptions to the read-only verb rule (an operation
//! only reads when its name starts with `Get`, `List`, `Check`, `Search`, `Query`,
//! `Scan` or `Top`), each with the documentation's words:
//!
//! ```yaml
//! - operation: CheckFileDeployment
//!   read_only: false
//!   why: Sends a file's deployment check result back to DataWorks ("将待发布文件的检查结果返回至DataWorks").
//! ```
//!
//! The rule itself and the checks of the entries against it are the generator's
//! (`codegen::operation_kind`).

use serde::{Deserialize, Serialize};

/// One reviewed exception to the verb rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadOnlyOverride {
    /// The operation's exact name.
    pub operation: String,
    /// Whether it only reads (the opposite of what the rule gives).
    pub read_only: bool,
    /// Why, in the documentation's words where they help.
    pub why: String,
}
