//! Folders: `CreateFolder`, `UpdateFolder`, `GetFolder`, `ListFolders`,
//! `DeleteFolder`. A folder is its path; creating one (or a file in one) makes its
//! missing parents, as `mkdir -p` does.

use serde_json::Value;

use super::call::{body, Answer, Call};
use super::model::{normal_path, Folder, World};
use super::names::member;
use crate::codes::{ALREADY_EXISTS, FOLDER_NOT_FOUND, INVALID_PARAMETER, NOT_EMPTY};
use crate::rejection::Rejection;

pub(crate) fn create(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let path = checked_path(call, member::FOLDER_PATH)?;
    if world.workspace(project).folder_at(&path).is_some() {
        return Err(call.error(
            ALREADY_EXISTS,
            format!("workspace {project} already has the folder `{path}`"),
        ));
    }
    let id = ensure(world, project, &path, None)?;
    Ok(body(member::DATA, id))
}

/// The call's path parameter `name`, normalised; blank is refused.
fn checked_path(call: &Call<'_>, name: &str) -> Result<String, Rejection> {
    let path = normal_path(call.need_text(name)?);
    if path.is_empty() {
        return Err(call.error(
            INVALID_PARAMETER,
            format!("the parameter `{name}` names no folder"),
        ));
    }
    Ok(path)
}

/// The id of the folder at `path` in workspace `project`, made (with its missing
/// parents) if needed; `id` fixes the id of the folder itself when it is made.
pub(crate) fn ensure(
    world: &mut World,
    project: i64,
    path: &str,
    id: Option<&str>,
) -> Result<String, Rejection> {
    let path = normal_path(path);
    let segments: Vec<&str> = path.split('/').collect();
    let mut made = String::new();
    for depth in 1..=segments.len() {
        let prefix = segments[..depth].join("/");
        if let Some(folder) = world.workspace(project).folder_at(&prefix) {
            made = folder.id.clone();
            continue;
        }
        let fixed = (depth == segments.len()).then_some(id).flatten();
        let folder_id = match fixed {
            Some(fixed) => fixed.to_owned(),
            None => loop {
                let candidate = format!("{:x}", world.id());
                if !world.workspace(project).folders.contains_key(&candidate) {
                    break candidate;
                }
            },
        };
        let workspace = world.workspace(project);
        if workspace.folders.contains_key(&folder_id) {
            return Err(Rejection::new(
                ALREADY_EXISTS,
                format!("workspace {project} already has folder {folder_id}"),
            ));
        }
        workspace.add_folder(Folder {
            id: folder_id.clone(),
            path: prefix,
        });
        made = folder_id;
    }
    Ok(made)
}

fn not_found(call: &Call<'_>, project: i64, what: String) -> Rejection {
    call.not_found(
        "Folder",
        FOLDER_NOT_FOUND,
        format!("workspace {project} has no folder {what}"),
    )
}

pub(crate) fn update(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let id = call.need_text(member::FOLDER_ID)?;
    let name = call.need_text(member::FOLDER_NAME)?.trim();
    if name.contains('/') {
        return Err(call.error(
            INVALID_PARAMETER,
            format!(
                "the parameter `{}` is one folder name, without `/`",
                member::FOLDER_NAME
            ),
        ));
    }
    let workspace = world.workspace(project);
    let old = match workspace.folders.get(id) {
        Some(folder) => folder.path.clone(),
        None => return Err(not_found(call, project, format!("(FolderId) `{id}`"))),
    };
    let new = match old.rsplit_once('/') {
        Some((parent, _)) => format!("{parent}/{name}"),
        None => name.to_owned(),
    };
    if new != old && workspace.folder_at(&new).is_some() {
        return Err(call.error(
            ALREADY_EXISTS,
            format!("workspace {project} already has the folder `{new}`"),
        ));
    }
    let below = format!("{old}/");
    for folder in workspace.folders.values_mut() {
        if folder.path == old {
            folder.path.clone_from(&new);
        } else if let Some(rest) = folder.path.strip_prefix(&below) {
            folder.path = format!("{new}/{rest}");
        }
    }
    workspace.reindex_folders();
    Ok(super::call::Record::new())
}

pub(crate) fn get(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let workspace = world.workspace(project);
    let folder = match (call.text(member::FOLDER_ID), call.text(member::FOLDER_PATH)) {
        (Some(id), _) => workspace
            .folders
            .get(id)
            .ok_or_else(|| not_found(call, project, format!("(FolderId) `{id}`")))?,
        (None, Some(path)) => workspace
            .folder_at(path)
            .ok_or_else(|| not_found(call, project, format!("at `{path}`")))?,
        (None, None) => {
            return Err(call.error(
                crate::codes::MISSING_PARAMETER,
                "needs one of FolderId, FolderPath (none is set)".into(),
            ))
        }
    };
    Ok(body(member::DATA, Value::Object(folder.record())))
}

pub(crate) fn list(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let parent = normal_path(call.param(member::PARENT_FOLDER_PATH).unwrap_or(""));
    let items = world
        .workspace(project)
        .folders
        .values()
        .filter(|f| match f.path.rsplit_once('/') {
            Some((up, _)) => up == parent,
            None => parent.is_empty(),
        })
        .map(Folder::record)
        .collect();
    call.page(items)
}

pub(crate) fn delete(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let id = call.need_text(member::FOLDER_ID)?;
    let workspace = world.workspace(project);
    let path = match workspace.folders.get(id) {
        Some(folder) => folder.path.clone(),
        None => return Err(not_found(call, project, format!("(FolderId) `{id}`"))),
    };
    let below = format!("{path}/");
    let folders = workspace
        .folders
        .values()
        .filter(|f| f.path.starts_with(&below))
        .count();
    let files = workspace.files.values().filter(|f| f.folder == id).count();
    if folders + files > 0 {
        return Err(call.error(
            NOT_EMPTY,
            format!("folder `{path}` still holds {folders} folder(s) and {files} file(s)"),
        ));
    }
    workspace.remove_folder(id);
    Ok(super::call::Record::new())
}

/// The path of folder `id` of workspace `project`.
pub(crate) fn path_of(world: &World, project: i64, id: &str) -> Option<String> {
    Some(
        world
            .workspaces
            .get(&project)?
            .folders
            .get(id)?
            .path
            .clone(),
    )
}
