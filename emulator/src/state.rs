//! The state the documentation describes: workflows (each `DeployFile` starts a
//! deployment that `GetDeployment` reports as ready, then succeeded or failed) and
//! paged lists (`PageNumber`/`PageSize` over a fixed number of items, with a
//! consistent `TotalCount`).
//!
//! Both are driven by the generated catalog (`catalog::WORKFLOWS`, each operation's
//! `paging`), not by operation names written here.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;

use dataworks_public::catalog::{OperationSpec, PagingSpec, WorkflowSpec, WORKFLOWS};
use serde_json::{Map, Value};

use crate::config::DeployOutcome;

/// The message a failed run reports.
pub(crate) const FAILURE_MESSAGE: &str =
    "the emulator was started with deployments set to fail (deploy_outcome = failure)";

/// The page size used when a call gives none and the example shows none.
const DEFAULT_PAGE_SIZE: i64 = 10;

/// Runs started by a workflow's start operation.
pub(crate) struct Workflows {
    next_id: AtomicI64,
    runs: Mutex<HashMap<(usize, i64), u32>>,
    pending_polls: u32,
    outcome: DeployOutcome,
}

impl Workflows {
    pub fn new(pending_polls: u32, outcome: DeployOutcome) -> Self {
        Workflows {
            next_id: AtomicI64::new(1_000_001),
            runs: Mutex::new(HashMap::new()),
            pending_polls,
            outcome,
        }
    }

    /// Starts a run of workflow `flow`, returning its new id.
    fn start(&self, flow: usize) -> i64 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.runs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert((flow, id), self.pending_polls);
        id
    }

    /// The status of run `id` of `flow` for this poll, or `None` if no such run was
    /// started here.
    fn poll(&self, flow: usize, id: i64) -> Option<Status> {
        let mut runs = self.runs.lock().unwrap_or_else(|e| e.into_inner());
        let left = runs.get_mut(&(flow, id))?;
        if *left > 0 {
            *left -= 1;
            return Some(Status::Pending);
        }
        Some(match self.outcome {
            DeployOutcome::Success => Status::Success,
            DeployOutcome::Failure => Status::Failure,
        })
    }

    /// The answer body of a workflow's start or poll operation, or `None` when `op`
    /// takes part in no workflow (or the poll names a run not started here, which gets
    /// the documented example).
    pub fn answer(
        &self,
        op: &OperationSpec,
        params: &[(String, String)],
    ) -> Option<Map<String, Value>> {
        for (flow, spec) in WORKFLOWS.iter().enumerate() {
            if op.name == spec.start {
                let mut body = crate::answer::shaped_example(op);
                set(&mut body, spec.id, Value::from(self.start(flow)));
                return Some(body);
            }
            if op.name == spec.poll {
                let id = param(params, spec.id_param)?.parse::<i64>().ok()?;
                let status = self.poll(flow, id)?;
                let mut body = crate::answer::shaped_example(op);
                polled(&mut body, spec, status);
                return Some(body);
            }
        }
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Pending,
    Success,
    Failure,
}

fn polled(body: &mut Map<String, Value>, spec: &WorkflowSpec, status: Status) {
    let value = match status {
        Status::Pending => spec.pending.first(),
        Status::Success => spec.success.first(),
        Status::Failure => spec.failure.first(),
    };
    if let Some(value) = value {
        set(body, spec.status, Value::from(*value));
    }
    if status == Status::Failure && !spec.message.is_empty() {
        set(body, spec.message, Value::from(FAILURE_MESSAGE));
    }
}

/// The answer body of a paged operation, or `None` when `op` is not paged.
pub(crate) fn page(
    op: &OperationSpec,
    params: &[(String, String)],
    total: u32,
) -> Option<Map<String, Value>> {
    let paging: &PagingSpec = op.paging.as_ref()?;
    let mut body = crate::answer::shaped_example(op);
    let holder = object_at(&mut body, paging.object);
    let shown_size = holder.get("PageSize").and_then(Value::as_i64);
    let number = param(params, "PageNumber")
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(1);
    let size = param(params, "PageSize")
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|n| *n >= 1)
        .or(shown_size.filter(|n| *n >= 1))
        .unwrap_or(DEFAULT_PAGE_SIZE);
    let template = match holder.get(paging.items) {
        Some(Value::Array(items)) => items.first().cloned(),
        Some(one @ Value::Object(_)) => Some(one.clone()),
        _ => None,
    }
    .unwrap_or_else(|| Value::Object(Map::new()));
    let start = (number - 1).saturating_mul(size);
    let end = start.saturating_add(size).min(i64::from(total));
    let items: Vec<Value> = (start..end).map(|i| item(&template, i)).collect();
    holder.insert(paging.items.to_owned(), Value::Array(items));
    holder.insert(paging.total.to_owned(), Value::from(total));
    if holder.contains_key("PageNumber") {
        holder.insert("PageNumber".to_owned(), Value::from(number));
    }
    if holder.contains_key("PageSize") {
        holder.insert("PageSize".to_owned(), Value::from(size));
    }
    Some(body)
}

/// Item number `index` (0-based over all pages): the template with each integer `…Id`
/// member offset by `index`, so items differ from one another.
fn item(template: &Value, index: i64) -> Value {
    let mut item = template.clone();
    if let Value::Object(map) = &mut item {
        for (name, value) in map.iter_mut() {
            if let Some(base) = value.as_i64().filter(|_| name.ends_with("Id")) {
                *value = Value::from(base.saturating_add(index));
            }
        }
    }
    item
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The object at `path` under `body` (the body itself for an empty path), made where
/// the example lacks it (an example that disagrees with the documented structure).
fn object_at<'a>(body: &'a mut Map<String, Value>, path: &[&str]) -> &'a mut Map<String, Value> {
    let mut here = body;
    for name in path {
        let slot = here
            .entry((*name).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        here = slot.as_object_mut().expect("just made an object");
    }
    here
}

/// Sets `path` under `body` to `value`, making the objects on the way.
fn set(body: &mut Map<String, Value>, path: &[&str], value: Value) {
    if let Some((last, parents)) = path.split_last() {
        object_at(body, parents).insert((*last).to_owned(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dataworks_public::catalog;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn status(body: &Map<String, Value>) -> i64 {
        body["Data"]["Deployment"]["Status"].as_i64().unwrap()
    }

    #[test]
    fn deployments_are_pending_then_end_as_configured() {
        let deploy = catalog::find("DeployFile").unwrap();
        let get = catalog::find("GetDeployment").unwrap();
        for (outcome, end) in [(DeployOutcome::Success, 1), (DeployOutcome::Failure, 2)] {
            let flows = Workflows::new(2, outcome);
            let first = flows.answer(deploy, &[]).unwrap()["Data"].as_i64().unwrap();
            let second = flows.answer(deploy, &[]).unwrap()["Data"].as_i64().unwrap();
            assert_ne!(first, second, "each DeployFile is a new deployment");
            let id = first.to_string();
            let poll = || {
                flows
                    .answer(get, &params(&[("DeploymentId", &id)]))
                    .unwrap()
            };
            assert_eq!(status(&poll()), 0);
            assert_eq!(status(&poll()), 0);
            let done = poll();
            assert_eq!(status(&done), end);
            assert_eq!(status(&poll()), end, "the end state stays");
            let message = &done["Data"]["Deployment"]["ErrorMessage"];
            assert_eq!(
                message == FAILURE_MESSAGE,
                outcome == DeployOutcome::Failure
            );
            // The other deployment has its own count.
            let other = flows
                .answer(get, &params(&[("DeploymentId", &second.to_string())]))
                .unwrap();
            assert_eq!(status(&other), 0);
        }
    }

    #[test]
    fn unknown_runs_get_the_documented_example() {
        let flows = Workflows::new(2, DeployOutcome::Success);
        let get = catalog::find("GetDeployment").unwrap();
        assert!(flows
            .answer(get, &params(&[("DeploymentId", "5")]))
            .is_none());
        assert!(flows
            .answer(catalog::find("ListFiles").unwrap(), &[])
            .is_none());
    }

    #[test]
    fn pages_cover_the_items_once_with_a_consistent_total() {
        let list = catalog::find("ListFiles").unwrap();
        let mut ids = Vec::new();
        for number in 1..=4 {
            let page = page(
                list,
                &params(&[("PageNumber", &number.to_string()), ("PageSize", "10")]),
                23,
            )
            .unwrap();
            assert_eq!(page["Data"]["TotalCount"], 23);
            assert_eq!(page["Data"]["PageNumber"], number);
            let files = page["Data"]["Files"].as_array().unwrap();
            assert_eq!(files.len(), [10, 10, 3, 0][number as usize - 1]);
            ids.extend(files.iter().map(|f| f["FileId"].as_i64().unwrap()));
        }
        let mut distinct = ids.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 23, "{ids:?}");
        assert!(page(catalog::find("GetDeployment").unwrap(), &[], 5).is_none());
    }

    #[test]
    fn every_paged_operation_pages() {
        for op in catalog::OPERATIONS.iter().filter(|op| op.paging.is_some()) {
            let body = page(op, &params(&[("PageNumber", "2"), ("PageSize", "3")]), 7)
                .expect("a paged operation pages");
            let paging = op.paging.unwrap();
            let mut holder = &Value::Object(body);
            for name in paging.object {
                holder = &holder[*name];
            }
            assert_eq!(holder[paging.total], 7, "{}", op.name);
            assert_eq!(
                holder[paging.items].as_array().unwrap().len(),
                3,
                "{}",
                op.name
            );
        }
    }
}
