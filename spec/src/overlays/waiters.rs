//! `spec/waiters.yaml`: operations that start asynchronous work, and the operation
//! that reports on it. The documentation says which operations pair up, where the id
//! travels and what the status values mean only in prose, so each pair is a reviewed
//! entry quoting that prose:
//!
//! ```yaml
//! - operation: DeployFile            # starts the work
//!   poll: GetDeployment              # reports on it
//!   method: send_and_wait            # the starting builder's method (generated)
//!   error: DeployWaitError           # the waiter's error type (generated)
//!   id: Data                         # where the start's response has the work's id
//!   id_param: DeploymentId           # the poll's parameter taking that id
//!   carried: [ProjectId, ProjectIdentifier]  # passed from the start's request to the poll
//!   status: Data.Deployment.Status   # where the poll's response has the status (an integer)
//!   success: [1]
//!   failure: [2]
//!   pending: [0]                     # documentation only: any other value keeps polling
//!   message: Data.Deployment.ErrorMessage   # the failure's message
//!   evidence:
//!   - file: 000_6069f49566e5de16.txt
//!     line: 1
//!     quote: 调用DeployFile接口后,您需要通过DeployFile返回的Data参数继续调用GetDeployment接口,…
//! ```
//!
//! Paths are wire names from the top of the response, joined by `.`. The generator
//! checks every entry against the spec (the operations exist, the paths resolve, the id
//! and the poll's parameter are integers of one type, the status is an integer, the
//! message is a string) and stops on a misfit; it emits each waiter as a method of the
//! starting builder and lists it in the catalog, from which the emulator runs the
//! workflow. Both therefore follow this file and nothing else.

use serde::{Deserialize, Serialize};

/// One waiter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiter {
    /// The operation that starts the work; its builder gets the method.
    pub operation: String,
    /// The operation polled.
    pub poll: String,
    /// The builder method's name (snake_case).
    pub method: String,
    /// The waiter's error type's name (UpperCamelCase).
    pub error: String,
    /// Where the start's response has the id of the work.
    pub id: String,
    /// The poll's parameter that takes the id.
    pub id_param: String,
    /// Parameters the poll takes as the start's request had them.
    #[serde(default)]
    pub carried: Vec<String>,
    /// Where the poll's response has the status (an integer).
    pub status: String,
    /// Status values meaning success.
    pub success: Vec<i64>,
    /// Status values meaning failure.
    pub failure: Vec<i64>,
    /// Status values meaning "not yet" (documentation only: every value that is not a
    /// success or a failure keeps the waiter polling).
    #[serde(default)]
    pub pending: Vec<i64>,
    /// Where the poll's response has the failure's message.
    pub message: String,
    /// What the documents say, with their source.
    pub evidence: Vec<Evidence>,
}

/// A sentence of the documentation an entry rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The document's file name.
    pub file: String,
    /// The 1-based line the sentence is on.
    pub line: usize,
    /// The sentence, verbatim.
    pub quote: String,
}

/// The wire names along a dotted path (`Data.Deployment.Status`).
pub fn segments(path: &str) -> Vec<&str> {
    path.split('.').filter(|s| !s.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_reads_and_unknown_keys_are_refused() {
        let yaml = "- operation: DeployFile\n  poll: GetDeployment\n  method: send_and_wait\n  error: DeployWaitError\n  id: Data\n  id_param: DeploymentId\n  status: Data.Deployment.Status\n  success: [1]\n  failure: [2]\n  message: Data.Deployment.ErrorMessage\n  evidence:\n  - {file: a.txt, line: 1, quote: q}\n";
        let waiters: Vec<Waiter> = serde_norway::from_str(yaml).expect("valid");
        assert_eq!(waiters[0].poll, "GetDeployment");
        assert!(waiters[0].carried.is_empty() && waiters[0].pending.is_empty());
        assert_eq!(
            segments(&waiters[0].status),
            ["Data", "Deployment", "Status"]
        );
        let extra = format!("{yaml}  surprise: 1\n");
        assert!(serde_norway::from_str::<Vec<Waiter>>(&extra).is_err());
    }
}
