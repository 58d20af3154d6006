//! Workflows (the API's "business"): `CreateBusiness`, `UpdateBusiness`,
//! `GetBusiness`, `ListBusiness`, `DeleteBusiness`.

use dataworks_public::catalog;
use serde_json::Value;

use super::call::{body, has_text, int_of, text_of, Answer, Call};
use super::model::{apply_params, World};
use super::names::{member, op, value};
use crate::codes::{ALREADY_EXISTS, BUSINESS_NOT_FOUND, NOT_EMPTY};
use crate::rejection::Rejection;

/// The members a workflow record has (GetBusiness's `Data`).
fn schema() -> &'static catalog::SchemaSpec {
    catalog::find(op::GET_BUSINESS)
        .and_then(|o| o.response_at(&[member::DATA]))
        .expect("GetBusiness has Data (checked by the names tests)")
}

pub(crate) fn create(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let name = call.need_text(member::BUSINESS_NAME)?;
    let id = world.id();
    insert(world, call, project, id, name)?;
    Ok(body(member::BUSINESS_ID, id))
}

/// Adds workflow `id` named `name` to workspace `project` with the call's parameters.
pub(crate) fn insert(
    world: &mut World,
    call: &Call<'_>,
    project: i64,
    id: i64,
    name: &str,
) -> Result<(), Rejection> {
    let workspace = world.workspace(project);
    if workspace
        .businesses
        .values()
        .any(|b| has_text(b, member::BUSINESS_NAME, name))
    {
        return Err(call.error(
            ALREADY_EXISTS,
            format!("workspace {project} already has a workflow named `{name}`"),
        ));
    }
    if workspace.businesses.contains_key(&id) {
        return Err(call.error(
            ALREADY_EXISTS,
            format!("workspace {project} already has workflow {id}"),
        ));
    }
    let mut record = super::call::Record::new();
    record.insert(member::BUSINESS_ID.to_owned(), Value::from(id));
    record.insert(member::PROJECT_ID.to_owned(), Value::from(project));
    // "如果该参数为空，则默认使用调用者的阿里云账号ID" (CreateBusiness `Owner`).
    record.insert(member::OWNER.to_owned(), Value::from(call.account));
    apply_params(
        call,
        schema(),
        &mut record,
        &[member::PROJECT_ID, member::BUSINESS_ID],
    );
    workspace.businesses.insert(id, record);
    Ok(())
}

fn not_found(call: &Call<'_>, project: i64, id: i64) -> Rejection {
    call.not_found(
        "Business",
        BUSINESS_NOT_FOUND,
        format!("workspace {project} has no workflow (BusinessId) {id}"),
    )
}

pub(crate) fn update(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let id = call.need_int(member::BUSINESS_ID)?;
    let workspace = world.workspace(project);
    if !workspace.businesses.contains_key(&id) {
        return Err(not_found(call, project, id));
    }
    if let Some(name) = call.text(member::BUSINESS_NAME) {
        let taken = workspace
            .businesses
            .iter()
            .any(|(other, b)| *other != id && has_text(b, member::BUSINESS_NAME, name));
        if taken {
            return Err(call.error(
                ALREADY_EXISTS,
                format!("workspace {project} already has a workflow named `{name}`"),
            ));
        }
    }
    let record = workspace.businesses.get_mut(&id).expect("checked above");
    apply_params(
        call,
        schema(),
        record,
        &[member::PROJECT_ID, member::BUSINESS_ID],
    );
    Ok(super::call::Record::new())
}

pub(crate) fn get(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let id = call.need_int(member::BUSINESS_ID)?;
    let record = world
        .workspace(project)
        .businesses
        .get(&id)
        .cloned()
        .ok_or_else(|| not_found(call, project, id))?;
    Ok(body(member::DATA, Value::Object(record)))
}

pub(crate) fn list(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let keyword = call.text(member::KEYWORD);
    let items = world
        .workspace(project)
        .businesses
        .values()
        .filter(|b| {
            keyword.is_none_or(|k| text_of(b, member::BUSINESS_NAME).is_some_and(|n| n.contains(k)))
        })
        .cloned()
        .collect();
    call.page(items)
}

pub(crate) fn delete(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let id = call.need_int(member::BUSINESS_ID)?;
    let workspace = world.workspace(project);
    if !workspace.businesses.contains_key(&id) {
        return Err(not_found(call, project, id));
    }
    let files = workspace
        .files
        .values()
        .filter(|f| int_of(&f.record, member::BUSINESS_ID) == Some(id))
        .count();
    if files > 0 {
        return Err(call.error(
            NOT_EMPTY,
            format!("workflow {id} still holds {files} file(s); delete them first"),
        ));
    }
    workspace.businesses.remove(&id);
    Ok(super::call::Record::new())
}

/// The workflow a folder path belongs to: `业务流程/<workflow name>/…` names the
/// workflow of that name in the workspace, if it exists.
pub(crate) fn of_path(world: &World, project: i64, path: &str) -> Option<i64> {
    let mut segments = path.split('/').map(str::trim).filter(|s| !s.is_empty());
    if segments.next()? != value::WORKFLOW_ROOT {
        return None;
    }
    let name = segments.next()?;
    world
        .workspaces
        .get(&project)?
        .businesses
        .iter()
        .find(|(_, b)| has_text(b, member::BUSINESS_NAME, name))
        .map(|(id, _)| *id)
}
