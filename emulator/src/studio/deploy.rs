//! Deployments: `SubmitFile`, `DeployFile` and `DeleteFile` start one, `GetDeployment`
//! reports it. A deployment is pending for the configured number of polls, then ends
//! as configured, with the status values of the spec's waiter (`catalog::WORKFLOWS`,
//! the entry polled with GetDeployment); when it succeeds, it changes the file:
//!
//! | start | standard workspace | simple workspace |
//! |---|---|---|
//! | SubmitFile | commits a version (`COMMITTED`), node in DEV; from 0 (local) to 1 (DEV) | commits and deploys (`DEPLOYED`), node in PROD; from 0 to 2 (PROD) |
//! | DeployFile | deploys the latest committed version (`DEPLOYED`), node in PROD; from 1 to 2; refused before a committed version | commits the latest code if needed and deploys it; from 0 to 2 |
//! | DeleteFile | (the file is gone at once) its nodes leave the scheduler | the same |
//!
//! `CommitStatus` becomes 1 when a version holding the file's latest code is
//! committed. A failed deployment changes nothing (its version number stays unused).

use dataworks_public::catalog::{WorkflowSpec, WORKFLOWS};
use serde_json::Value;

use super::call::{body, int_of, text_of, Answer, Call, Record};
use super::files;
use super::model::{Deployment, Env, Kind, Node, Phase, Snapshot, Version, World};
use super::names::{member, op, path, value};
use crate::codes::{DEPLOYMENT_NOT_FOUND, FILE_NOT_COMMITTED};
use crate::config::WorkspaceMode;

/// The message of a failed deployment.
pub(crate) const FAILURE_MESSAGE: &str =
    "the emulator was started with deployments set to fail (deploy_outcome = failure)";

/// The spec's workflow polled with GetDeployment.
fn flow() -> &'static WorkflowSpec {
    WORKFLOWS
        .iter()
        .find(|w| w.poll == op::GET_DEPLOYMENT)
        .expect("the spec's waiters poll GetDeployment (checked by the names tests)")
}

pub(crate) fn submit(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let file = call.need_int(member::FILE_ID)?;
    if !world.workspace(project).files.contains_key(&file) {
        return Err(files::not_found(call, project, file));
    }
    let node = node_of(world, project, file);
    let mode = world.workspace(project).mode;
    let (kind, to) = match mode {
        WorkspaceMode::Standard => (Kind::Submit, value::TO_DEV),
        WorkspaceMode::Simple => (Kind::Deploy { commit: true }, value::TO_PROD),
    };
    let workspace = world.workspace(project);
    let f = workspace.files.get_mut(&file).expect("checked above");
    let version = f.next_version;
    f.next_version += 1;
    let snapshot = f.snapshot();
    let id = start(
        world,
        call,
        project,
        kind,
        file,
        Some(version),
        Some(node),
        value::FROM_LOCAL,
        to,
        Some(snapshot),
    );
    Ok(body(member::DATA, id))
}

pub(crate) fn deploy(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let file = files::named(world, call, project)?;
    let node = node_of(world, project, file);
    let mode = world.workspace(project).mode;
    let f = world
        .workspace(project)
        .files
        .get_mut(&file)
        .expect("named");
    let latest = f.versions.last();
    let (kind, version, from, snapshot) = match mode {
        WorkspaceMode::Standard => match latest {
            Some(v) => (
                Kind::Deploy { commit: false },
                int_of(&v.record, member::FILE_VERSION),
                value::FROM_DEV,
                None,
            ),
            None => {
                return Err(call.error(
                    FILE_NOT_COMMITTED,
                    format!(
                        "file {file} has no committed version: in a standard-mode workspace, \
                         submit it (SubmitFile) and wait until GetDeployment reports the \
                         submission done before deploying"
                    ),
                ))
            }
        },
        WorkspaceMode::Simple => match latest {
            Some(v) if v.snapshot.edit == f.edit => (
                Kind::Deploy { commit: false },
                int_of(&v.record, member::FILE_VERSION),
                value::FROM_LOCAL,
                None,
            ),
            _ => {
                let version = f.next_version;
                f.next_version += 1;
                (
                    Kind::Deploy { commit: true },
                    Some(version),
                    value::FROM_LOCAL,
                    Some(f.snapshot()),
                )
            }
        },
    };
    let id = start(
        world,
        call,
        project,
        kind,
        file,
        version,
        Some(node),
        from,
        value::TO_PROD,
        snapshot,
    );
    Ok(body(member::DATA, id))
}

/// `DeleteFile`: the file is gone at once; a file that was submitted also leaves the
/// scheduler through a deployment ("如果文件已经提交过，那么DeleteFile API会同时触发一个异步
/// 在调度系统删除的流程"), whose id is the answer's `DeploymentId` (absent otherwise: "如果该
/// 字段为空，则说明文件已经删除完毕").
pub(crate) fn delete(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let file = call.need_int(member::FILE_ID)?;
    let mode = world.workspace(project).mode;
    let Some(removed) = world.workspace(project).take_file(file) else {
        return Err(files::not_found(call, project, file));
    };
    let Some(node) = removed.node else {
        return Ok(Record::new());
    };
    let version = removed
        .versions
        .last()
        .and_then(|v| int_of(&v.record, member::FILE_VERSION));
    let to = match mode {
        WorkspaceMode::Standard => value::TO_DEV,
        WorkspaceMode::Simple => value::TO_PROD,
    };
    let id = start(
        world,
        call,
        project,
        Kind::Delete,
        file,
        version,
        Some(node),
        value::FROM_LOCAL,
        to,
        None,
    );
    Ok(body(member::DEPLOYMENT_ID, id))
}

/// The file's scheduler node id, given on its first submission.
fn node_of(world: &mut World, project: i64, file: i64) -> i64 {
    if let Some(node) = world.workspace(project).files[&file].node {
        return node;
    }
    let node = world.id();
    world.node_homes.insert(node, project);
    world
        .workspace(project)
        .files
        .get_mut(&file)
        .expect("exists")
        .node = Some(node);
    node
}

#[allow(clippy::too_many_arguments)]
fn start(
    world: &mut World,
    call: &Call<'_>,
    project: i64,
    kind: Kind,
    file: i64,
    version: Option<i64>,
    node: Option<i64>,
    from: i64,
    to: i64,
    snapshot: Option<Snapshot>,
) -> i64 {
    let id = world.id();
    let polls = world.deploy.pending_polls;
    let comment = call.text(member::COMMENT).map(str::to_owned);
    world.workspace(project).deployments.insert(
        id,
        Deployment {
            id,
            kind,
            file,
            version,
            node,
            comment,
            from,
            to,
            created_ms: call.now_ms,
            creator: call.account.to_owned(),
            polls_left: polls,
            phase: Phase::Pending,
            snapshot,
        },
    );
    id
}

pub(crate) fn get(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let id = call.need_int(member::DEPLOYMENT_ID)?;
    let succeed = world.deploy.succeed;
    let Some(deployment) = world.workspace(project).deployments.get_mut(&id) else {
        return Err(call.not_found(
            "Deployment",
            DEPLOYMENT_NOT_FOUND,
            format!("workspace {project} has no deployment (DeploymentId) {id}"),
        ));
    };
    if deployment.phase == Phase::Pending {
        if deployment.polls_left > 0 {
            deployment.polls_left -= 1;
        } else if succeed {
            deployment.phase = Phase::Succeeded;
            let done = deployment.clone();
            finish(world, project, &done, call.now_ms);
        } else {
            deployment.phase = Phase::Failed;
        }
    }
    let deployment = &world.workspace(project).deployments[&id];
    Ok(answer(deployment))
}

/// Ends seeded work at once: runs `start`'s deployment to success.
pub(crate) fn complete(world: &mut World, project: i64, id: i64, now_ms: i64) {
    let Some(deployment) = world.workspace(project).deployments.get_mut(&id) else {
        return;
    };
    deployment.phase = Phase::Succeeded;
    deployment.polls_left = 0;
    let done = deployment.clone();
    finish(world, project, &done, now_ms);
}

/// GetDeployment's body for `deployment`.
fn answer(deployment: &Deployment) -> Record {
    let flow = flow();
    let status = match deployment.phase {
        Phase::Pending => flow.pending.first(),
        Phase::Succeeded => flow.success.first(),
        Phase::Failed => flow.failure.first(),
    }
    .copied();
    let mut package = Record::new();
    if let Some(status) = status {
        package.insert(member::STATUS.to_owned(), Value::from(status));
    }
    package.insert(
        member::FROM_ENVIRONMENT.to_owned(),
        Value::from(deployment.from),
    );
    package.insert(
        member::TO_ENVIRONMENT.to_owned(),
        Value::from(deployment.to),
    );
    package.insert(
        member::CREATE_TIME.to_owned(),
        Value::from(deployment.created_ms),
    );
    package.insert(
        member::EXECUTE_TIME.to_owned(),
        Value::from(deployment.created_ms),
    );
    package.insert(
        member::CREATOR_ID.to_owned(),
        Value::from(deployment.creator.clone()),
    );
    package.insert(
        member::HANDLER_ID.to_owned(),
        Value::from(deployment.creator.clone()),
    );
    let mut item = Record::new();
    item.insert(member::FILE_ID.to_owned(), Value::from(deployment.file));
    if let Some(version) = deployment.version {
        item.insert(member::FILE_VERSION.to_owned(), Value::from(version));
    }
    if let Some(status) = status {
        // DeployedItems' `Status` uses the same numbers: "UNPUBLISHED(0) … SUCCESS(1) … ERROR(2)".
        item.insert(member::STATUS.to_owned(), Value::from(status));
    }
    let mut body = Record::new();
    set(&mut body, path::DEPLOYMENT, Value::Object(package));
    set(
        &mut body,
        path::DEPLOYED_ITEMS,
        Value::Array(vec![Value::Object(item)]),
    );
    if deployment.phase == Phase::Failed {
        set(&mut body, flow.message, Value::from(FAILURE_MESSAGE));
    }
    body
}

/// Sets `path` under `body` (objects made on the way).
fn set(body: &mut Record, path: &[&str], value: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut here = body;
    for name in parents {
        let slot = here
            .entry((*name).to_owned())
            .or_insert_with(|| Value::Object(Record::new()));
        if !slot.is_object() {
            *slot = Value::Object(Record::new());
        }
        here = slot.as_object_mut().expect("an object");
    }
    here.insert((*last).to_owned(), value);
}

/// Applies a successful deployment.
fn finish(world: &mut World, project: i64, done: &Deployment, now_ms: i64) {
    match done.kind {
        Kind::Submit => {
            if let Some(version) = commit(world, project, done, value::VERSION_COMMITTED, now_ms) {
                place_node(world, project, done, &version.snapshot, Env::Dev);
            }
        }
        Kind::Deploy { commit: true } => {
            if let Some(version) = commit(world, project, done, value::VERSION_DEPLOYED, now_ms) {
                current_in_prod(world, project, done);
                place_node(world, project, done, &version.snapshot, Env::Prod);
            }
        }
        Kind::Deploy { commit: false } => {
            let snapshot = {
                let workspace = world.workspace(project);
                let Some(file) = workspace.files.get_mut(&done.file) else {
                    return;
                };
                let Some(number) = done.version else {
                    return;
                };
                let Some(version) = file
                    .versions
                    .iter_mut()
                    .find(|v| int_of(&v.record, member::FILE_VERSION) == Some(number))
                else {
                    return;
                };
                version.record.insert(
                    member::STATUS.to_owned(),
                    Value::from(value::VERSION_DEPLOYED),
                );
                version.snapshot.clone()
            };
            current_in_prod(world, project, done);
            place_node(world, project, done, &snapshot, Env::Prod);
        }
        Kind::Delete => {
            if let Some(node) = done.node {
                let workspace = world.workspace(project);
                workspace.nodes.remove(&(Env::Dev, node));
                workspace.nodes.remove(&(Env::Prod, node));
            }
        }
    }
}

/// Adds the deployment's version to its file (if the file still exists), returning it.
fn commit(
    world: &mut World,
    project: i64,
    done: &Deployment,
    status: &str,
    now_ms: i64,
) -> Option<Version> {
    let snapshot = done.snapshot.clone()?;
    let number = done.version?;
    let workspace = world.workspace(project);
    let file = workspace.files.get_mut(&done.file)?;
    let mut record = Record::new();
    record.insert(member::FILE_VERSION.to_owned(), Value::from(number));
    let change = if file.versions.is_empty() {
        value::CHANGE_CREATE
    } else {
        value::CHANGE_UPDATE
    };
    record.insert(member::CHANGE_TYPE.to_owned(), Value::from(change));
    record.insert(member::STATUS.to_owned(), Value::from(status));
    if let Some(comment) = &done.comment {
        record.insert(member::COMMENT.to_owned(), Value::from(comment.clone()));
    }
    record.insert(member::COMMIT_TIME.to_owned(), Value::from(now_ms));
    record.insert(
        member::COMMIT_USER.to_owned(),
        Value::from(done.creator.clone()),
    );
    for (from, to) in [
        (member::CONTENT, member::FILE_CONTENT),
        (member::FILE_NAME, member::FILE_NAME),
        (member::USE_TYPE, member::USE_TYPE),
    ] {
        if let Some(v) = snapshot.record.get(from) {
            record.insert(to.to_owned(), v.clone());
        }
    }
    if let Some(node) = done.node {
        record.insert(member::NODE_ID.to_owned(), Value::from(node));
    }
    record.insert(member::IS_CURRENT_PROD.to_owned(), Value::Bool(false));
    let version = Version { record, snapshot };
    // Versions stay in number order even when deployments finish out of order.
    let at = file
        .versions
        .iter()
        .position(|v| int_of(&v.record, member::FILE_VERSION).is_some_and(|n| n > number))
        .unwrap_or(file.versions.len());
    file.versions.insert(at, version.clone());
    let latest = file
        .versions
        .last()
        .and_then(|v| int_of(&v.record, member::FILE_VERSION));
    file.record
        .insert(member::CURRENT_VERSION.to_owned(), Value::from(latest));
    if version.snapshot.edit == file.edit {
        file.record.insert(
            member::COMMIT_STATUS.to_owned(),
            Value::from(value::COMMITTED),
        );
    }
    if let Some(node) = done.node {
        file.record
            .insert(member::NODE_ID.to_owned(), Value::from(node));
    }
    Some(version)
}

/// Marks the deployment's version as the one in production.
fn current_in_prod(world: &mut World, project: i64, done: &Deployment) {
    let workspace = world.workspace(project);
    let Some(file) = workspace.files.get_mut(&done.file) else {
        return;
    };
    for version in &mut file.versions {
        let current = int_of(&version.record, member::FILE_VERSION) == done.version;
        version
            .record
            .insert(member::IS_CURRENT_PROD.to_owned(), Value::Bool(current));
    }
}

/// Puts the file's node into `env` as `snapshot` describes it (GetNode's members).
fn place_node(world: &mut World, project: i64, done: &Deployment, snapshot: &Snapshot, env: Env) {
    let Some(node) = done.node else {
        return;
    };
    let file = &snapshot.record;
    let config = &snapshot.config;
    let mut record = Record::new();
    record.insert(member::NODE_ID.to_owned(), Value::from(node));
    record.insert(member::FILE_ID.to_owned(), Value::from(done.file));
    record.insert(member::PROJECT_ID.to_owned(), Value::from(project));
    let copies = [
        (file, member::FILE_NAME, member::NODE_NAME),
        (file, member::OWNER, member::OWNER_ID),
        (file, member::FILE_DESCRIPTION, member::DESCRIPTION),
        (file, member::CONNECTION_NAME, member::CONNECTION),
        (file, member::BUSINESS_ID, member::BUSINESS_ID),
        (file, member::BUSINESS_ID, member::RELATED_FLOW_ID),
        (config, member::CRON_EXPRESS, member::CRON_EXPRESS),
        (config, member::SCHEDULER_TYPE, member::SCHEDULER_TYPE),
        (config, member::PARA_VALUE, member::PARAM_VALUES),
    ];
    for (source, from, to) in copies {
        if let Some(v) = source.get(from) {
            record.insert(to.to_owned(), v.clone());
        }
    }
    let content = text_of(file, member::CONTENT).map(str::to_owned);
    world.node_homes.insert(node, project);
    world
        .workspace(project)
        .nodes
        .insert((env, node), Node { record, content });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_makes_the_objects_on_the_way() {
        let mut body = Record::new();
        set(
            &mut body,
            &["Data", "Deployment", "ErrorMessage"],
            Value::from("x"),
        );
        assert_eq!(body["Data"]["Deployment"]["ErrorMessage"], "x");
    }
}
