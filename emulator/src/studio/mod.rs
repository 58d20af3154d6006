//! The DataStudio state: what automation creates and reads back. Workflows, folders,
//! files with their versions, deployments (SubmitFile, DeployFile, DeleteFile, polled
//! with GetDeployment), scheduler nodes per environment, smoke-test runs and their
//! instances, per workspace (standard or simple mode, which GetProject reports).
//!
//! Stored values are returned as sent, shaped by each operation's response model;
//! ids are unique per emulator (one counter for every kind, kept across resets); an id
//! the workspace does not hold gets the operation's documented not-found code if its
//! error table has one, else an `Emulator.*NotFound` code ([`crate::codes`]).
//!
//! One lock guards the whole state, so every call sees and leaves it consistent: no
//! lost update, no id handed out twice. Calls hold it for microseconds and never across
//! an await.
//!
//! Modules: `names` (every operation, parameter and member name used, checked against
//! the catalog), `call` (one call, errors, pages), `model` (the stored objects),
//! `workflows`, `folders`, `files`, `deploy`, `schedule`, `seed`.

mod call;
mod deploy;
mod files;
mod folders;
mod model;
mod names;
mod schedule;
pub(crate) mod seed;
mod workflows;

use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use dataworks_public::catalog::{self, OperationSpec};
use serde_json::Value;
use time::UtcOffset;

use crate::config::{DeployOutcome, Settings, WorkspaceMode};
use call::{Answer, Call, Record};
use model::{DeployRule, World};
use names::{member, op, value};
use seed::FileState;
pub use seed::{Seed, SeedError};

/// The state and the state it starts from (after the seed), for resets.
pub(crate) struct Studio {
    world: Mutex<World>,
    initial: World,
    /// The service's time zone, for business dates (the quotas' day offset).
    offset: UtcOffset,
}

impl Studio {
    /// The state `settings` describe: configured workspaces, then the seed (run to
    /// completion: seeded deployments succeed at once). `account` is the user the seed's
    /// objects are created by.
    pub fn new(settings: &Settings, account: &str) -> Result<Studio, SeedError> {
        let mut world = World::new(DeployRule {
            pending_polls: settings.deploy_pending_polls,
            succeed: settings.deploy_outcome == DeployOutcome::Success,
        });
        for project in &settings.projects {
            world.add_workspace(project.id, None, None, project.mode);
        }
        if let Some(seed) = &settings.seed {
            apply(&mut world, seed, account)?;
        }
        Ok(Studio {
            initial: world.clone(),
            world: Mutex::new(world),
            offset: settings.quotas.day_offset,
        })
    }

    fn lock(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The answer to a call of `op` if the state answers it (`None`: `op` is not one
    /// of the family).
    pub fn answer(
        &self,
        op: &'static OperationSpec,
        params: &[(String, String)],
        account: &str,
    ) -> Option<Answer> {
        let handler = handler(op.name)?;
        let call = Call {
            op,
            params,
            account,
            now_ms: now_ms(),
        };
        let mut world = self.lock();
        Some(handler(&mut world, &call, self.offset))
    }

    /// The state as JSON.
    pub fn dump(&self) -> Value {
        model::dump(&self.lock())
    }

    /// Back to the start (the configured workspaces and the seed); ids handed out
    /// before are never handed out again.
    pub fn reset(&self) {
        let mut world = self.lock();
        let counter = world.counter();
        *world = self.initial.clone();
        world.advance_to(counter);
    }
}

type Handler = fn(&mut World, &Call<'_>, UtcOffset) -> Answer;

/// The state's handler of operation `name`.
fn handler(name: &str) -> Option<Handler> {
    macro_rules! plain {
        ($f:path) => {
            |w: &mut World, c: &Call<'_>, _: UtcOffset| $f(w, c)
        };
    }
    let handler: Handler = match name {
        op::CREATE_BUSINESS => plain!(workflows::create),
        op::UPDATE_BUSINESS => plain!(workflows::update),
        op::GET_BUSINESS => plain!(workflows::get),
        op::LIST_BUSINESS => plain!(workflows::list),
        op::DELETE_BUSINESS => plain!(workflows::delete),
        op::CREATE_FOLDER => plain!(folders::create),
        op::UPDATE_FOLDER => plain!(folders::update),
        op::GET_FOLDER => plain!(folders::get),
        op::LIST_FOLDERS => plain!(folders::list),
        op::DELETE_FOLDER => plain!(folders::delete),
        op::CREATE_FILE => plain!(files::create),
        op::UPDATE_FILE => plain!(files::update),
        op::GET_FILE => plain!(files::get),
        op::LIST_FILES => plain!(files::list),
        op::LIST_FILE_VERSIONS => plain!(files::versions),
        op::GET_FILE_VERSION => plain!(files::version),
        op::DELETE_FILE => plain!(deploy::delete),
        op::SUBMIT_FILE => plain!(deploy::submit),
        op::DEPLOY_FILE => plain!(deploy::deploy),
        op::GET_DEPLOYMENT => plain!(deploy::get),
        op::GET_NODE => plain!(schedule::get_node),
        op::LIST_NODES => plain!(schedule::list_nodes),
        op::RUN_SMOKE_TEST => schedule::run_smoke_test,
        op::LIST_INSTANCES => schedule::list_instances,
        op::GET_INSTANCE => plain!(schedule::get_instance),
        op::GET_INSTANCE_LOG => plain!(schedule::get_instance_log),
        op::GET_PROJECT => plain!(project),
        _ => return None,
    };
    Some(handler)
}

/// Whether the state answers `name`.
#[cfg(test)]
fn answers(name: &str) -> bool {
    handler(name).is_some()
}

/// `GetProject`: the documented example, with the workspace's id, identifier, name,
/// mode (`ProjectMode`) and environments (`EnvTypes`).
fn project(world: &mut World, call: &Call<'_>) -> Answer {
    let id = call.need_int(member::PROJECT_ID)?;
    let workspace = world.workspace(id);
    let mut body = crate::answer::example(call.op);
    let data = body
        .entry(member::DATA.to_owned())
        .or_insert_with(|| Value::Object(Record::new()));
    if !data.is_object() {
        *data = Value::Object(Record::new());
    }
    let data = data.as_object_mut().expect("an object");
    let mode = match workspace.mode {
        WorkspaceMode::Standard => value::STANDARD_MODE,
        WorkspaceMode::Simple => value::SIMPLE_MODE,
    };
    let envs: Vec<Value> = workspace
        .envs()
        .iter()
        .map(|e| Value::from(e.name()))
        .collect();
    data.insert(member::PROJECT_ID.to_owned(), Value::from(workspace.id));
    data.insert(
        member::PROJECT_IDENTIFIER.to_owned(),
        Value::from(workspace.identifier.clone()),
    );
    data.insert(
        member::PROJECT_NAME.to_owned(),
        Value::from(workspace.name.clone()),
    );
    data.insert(member::PROJECT_MODE.to_owned(), Value::from(mode));
    data.insert(member::ENV_TYPES.to_owned(), Value::Array(envs));
    Ok(body)
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Applies `seed` to `world`, as the calls creating its objects would.
fn apply(world: &mut World, seed: &Seed, account: &str) -> Result<(), SeedError> {
    let now = now_ms();
    let find = |name: &str| catalog::find(name).expect("the family's operations are documented");
    for w in &seed.workspaces {
        let taken = w
            .identifier
            .as_ref()
            .and_then(|identifier| world.identifiers.get(identifier))
            .filter(|id| **id != w.id);
        if let Some(other) = taken {
            return Err(seed.error(
                &format!("the workspace with ProjectId {}", w.id),
                format!("its ProjectIdentifier is workspace {other}'s too"),
            ));
        }
        world.add_workspace(w.id, w.identifier.clone(), w.name.clone(), w.mode);
        let project = w.id;
        let with_project = |params: &[(String, String)]| {
            let mut all = params.to_vec();
            all.push((member::PROJECT_ID.to_owned(), project.to_string()));
            all
        };
        for entry in &w.workflows {
            let params = with_project(&entry.params);
            let call = Call {
                op: find(op::CREATE_BUSINESS),
                params: &params,
                account,
                now_ms: now,
            };
            let id = match call
                .int(member::BUSINESS_ID)
                .map_err(|r| seed.error(&entry.at, r.message))?
            {
                Some(id) => {
                    world.reserve(id);
                    id
                }
                None => world.id(),
            };
            let name = call
                .need_text(member::BUSINESS_NAME)
                .map_err(|r| seed.error(&entry.at, r.message))?;
            workflows::insert(world, &call, project, id, name)
                .map_err(|r| seed.error(&entry.at, r.message))?;
        }
        for entry in &w.folders {
            let params = with_project(&entry.params);
            let call = Call {
                op: find(op::CREATE_FOLDER),
                params: &params,
                account,
                now_ms: now,
            };
            let path = model::normal_path(
                call.need_text(member::FOLDER_PATH)
                    .map_err(|r| seed.error(&entry.at, r.message))?,
            );
            if world.workspace(project).folder_at(&path).is_some() {
                return Err(seed.error(&entry.at, format!("the folder `{path}` is seeded twice")));
            }
            folders::ensure(world, project, &path, call.text(member::FOLDER_ID))
                .map_err(|r| seed.error(&entry.at, r.message))?;
        }
        for entry in &w.files {
            let params = with_project(&entry.params);
            let call = Call {
                op: find(op::CREATE_FILE),
                params: &params,
                account,
                now_ms: now,
            };
            let id = match call
                .int(member::FILE_ID)
                .map_err(|r| seed.error(&entry.at, r.message))?
            {
                Some(id) => {
                    world.reserve(id);
                    id
                }
                None => world.id(),
            };
            files::insert(world, &call, project, id)
                .map_err(|r| seed.error(&entry.at, r.message))?;
            let file = [
                (member::PROJECT_ID.to_owned(), project.to_string()),
                (member::FILE_ID.to_owned(), id.to_string()),
            ];
            let mut steps = Vec::new();
            match (entry.state, w.mode) {
                (FileState::Created, _) => {}
                (FileState::Submitted, _) => steps.push(op::SUBMIT_FILE),
                (FileState::Deployed, WorkspaceMode::Standard) => {
                    steps.extend([op::SUBMIT_FILE, op::DEPLOY_FILE]);
                }
                (FileState::Deployed, WorkspaceMode::Simple) => steps.push(op::DEPLOY_FILE),
            }
            for step in steps {
                let call = Call {
                    op: find(step),
                    params: &file,
                    account,
                    now_ms: now,
                };
                let started = match step {
                    op::SUBMIT_FILE => deploy::submit(world, &call),
                    _ => deploy::deploy(world, &call),
                }
                .map_err(|r| seed.error(&entry.at, r.message))?;
                if let Some(deployment) = call::int_of(&started, member::DATA) {
                    deploy::complete(world, project, deployment, now);
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_answers_exactly_the_family() {
        for name in op::ALL {
            assert!(answers(name), "{name}");
        }
        let others = catalog::OPERATIONS
            .iter()
            .filter(|o| answers(o.name))
            .count();
        assert_eq!(others, op::ALL.len());
    }
}
