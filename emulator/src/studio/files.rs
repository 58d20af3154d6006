//! Files and their versions: `CreateFile`, `UpdateFile`, `GetFile`, `ListFiles`,
//! `ListFileVersions`, `GetFileVersion`. (`SubmitFile`, `DeployFile` and `DeleteFile`
//! start deployments: [`super::deploy`].)
//!
//! A file keeps what its create and update calls sent, under the names GetFile answers
//! with: a parameter named like a member of GetFile's `Data.File` or
//! `Data.NodeConfiguration` is stored there, converted to the member's type.

use dataworks_public::catalog::{self, SchemaSpec};
use serde_json::Value;

use super::call::{body, int_of, text_of, Answer, Call, Record};
use super::model::{apply_params, normal_path, File, World};
use super::names::{member, op, path, value};
use super::{folders, workflows};
use crate::codes::{ALREADY_EXISTS, FILE_NOT_FOUND, FILE_VERSION_NOT_FOUND, NODE_NOT_FOUND};
use crate::rejection::Rejection;

/// GetFile's `Data.File` object.
pub(crate) fn file_schema() -> &'static SchemaSpec {
    catalog::find(op::GET_FILE)
        .and_then(|o| o.response_at(path::FILE))
        .expect("GetFile has Data.File (checked by the names tests)")
}

/// GetFile's `Data.NodeConfiguration` object.
pub(crate) fn config_schema() -> &'static SchemaSpec {
    catalog::find(op::GET_FILE)
        .and_then(|o| o.response_at(path::NODE_CONFIGURATION))
        .expect("GetFile has Data.NodeConfiguration (checked by the names tests)")
}

/// Parameters the file operations handle themselves.
const MANAGED: &[&str] = &[
    member::PROJECT_ID,
    member::PROJECT_IDENTIFIER,
    member::FILE_ID,
    member::FILE_FOLDER_PATH,
    member::NODE_ID,
];

pub(crate) fn create(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let id = world.id();
    insert(world, call, project, id)?;
    Ok(body(member::DATA, id))
}

/// Adds file `id` to workspace `project` from the call's parameters.
pub(crate) fn insert(
    world: &mut World,
    call: &Call<'_>,
    project: i64,
    id: i64,
) -> Result<(), Rejection> {
    let folder_path = normal_path(call.need_text(member::FILE_FOLDER_PATH)?);
    let name = call.need_text(member::FILE_NAME)?;
    if world.workspace(project).files.contains_key(&id) {
        return Err(call.error(
            ALREADY_EXISTS,
            format!("workspace {project} already has file {id}"),
        ));
    }
    unique_name(world, call, project, &folder_path, name, None)?;
    let folder = folders::ensure(world, project, &folder_path, None)?;
    let mut record = Record::new();
    record.insert(member::FILE_ID.to_owned(), Value::from(id));
    // "如果该参数为空，则默认使用调用者的阿里云用户ID" (CreateFile `Owner`).
    record.insert(member::OWNER.to_owned(), Value::from(call.account));
    record.insert(member::CREATE_USER.to_owned(), Value::from(call.account));
    record.insert(member::CREATE_TIME.to_owned(), Value::from(call.now_ms));
    record.insert(
        member::DELETED_STATUS.to_owned(),
        Value::from(value::NOT_DELETED),
    );
    let mut config = Record::new();
    let mut file = File {
        id,
        record: Record::new(),
        config: Record::new(),
        folder: String::new(),
        edit: 0,
        versions: Vec::new(),
        next_version: 1,
        node: None,
    };
    apply_params(call, file_schema(), &mut record, MANAGED);
    apply_params(call, config_schema(), &mut config, MANAGED);
    file.record = record;
    file.config = config;
    placed(world, project, &mut file, folder, &folder_path);
    edited(&mut file, call);
    world.workspace(project).add_file(file);
    Ok(())
}

/// Refuses a second file named `name` in the folder at `folder_path`.
fn unique_name(
    world: &mut World,
    call: &Call<'_>,
    project: i64,
    folder_path: &str,
    name: &str,
    except: Option<i64>,
) -> Result<(), Rejection> {
    let Some(folder) = world
        .workspace(project)
        .folder_at(folder_path)
        .map(|f| f.id.clone())
    else {
        return Ok(());
    };
    let taken = world
        .workspace(project)
        .file_named(&folder, name)
        .is_some_and(|id| Some(id) != except);
    if taken {
        return Err(call.error(
            ALREADY_EXISTS,
            format!("the folder `{folder_path}` of workspace {project} already has a file named `{name}`"),
        ));
    }
    Ok(())
}

/// Puts `file` in `folder` (at `path`), with the workflow the path names.
fn placed(world: &World, project: i64, file: &mut File, folder: String, path: &str) {
    file.record.insert(
        member::FILE_FOLDER_ID.to_owned(),
        Value::from(folder.clone()),
    );
    file.folder = folder;
    match workflows::of_path(world, project, path) {
        Some(business) => {
            file.record
                .insert(member::BUSINESS_ID.to_owned(), Value::from(business));
            // `BizId`: "该字段已废弃，请使用BusinessId字段" (the same id).
            file.record
                .insert(member::BIZ_ID.to_owned(), Value::from(business));
        }
        None => {
            file.record.remove(member::BUSINESS_ID);
            file.record.remove(member::BIZ_ID);
        }
    }
}

/// Records an edit: the latest code is not committed.
fn edited(file: &mut File, call: &Call<'_>) {
    file.edit += 1;
    let record = &mut file.record;
    record.insert(member::LAST_EDIT_USER.to_owned(), Value::from(call.account));
    record.insert(member::LAST_EDIT_TIME.to_owned(), Value::from(call.now_ms));
    record.insert(
        member::COMMIT_STATUS.to_owned(),
        Value::from(value::UNCOMMITTED),
    );
}

/// "No such file" for `call`.
pub(crate) fn not_found(call: &Call<'_>, project: i64, id: i64) -> Rejection {
    call.not_found(
        "File",
        FILE_NOT_FOUND,
        format!("workspace {project} has no file (FileId) {id}"),
    )
}

/// The id of the file the call names by `FileId`, else by `NodeId` (the file's
/// scheduler node).
pub(crate) fn named(world: &mut World, call: &Call<'_>, project: i64) -> Result<i64, Rejection> {
    if let Some(id) = call.int(member::FILE_ID)? {
        return if world.workspace(project).files.contains_key(&id) {
            Ok(id)
        } else {
            Err(not_found(call, project, id))
        };
    }
    let node = call.need_int(member::NODE_ID)?;
    world
        .workspace(project)
        .files
        .values()
        .find(|f| f.node == Some(node))
        .map(|f| f.id)
        .ok_or_else(|| {
            call.not_found(
                "Node",
                NODE_NOT_FOUND,
                format!("workspace {project} has no file with node (NodeId) {node}"),
            )
        })
}

pub(crate) fn update(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let id = call.need_int(member::FILE_ID)?;
    let Some(file) = world.workspace(project).files.get(&id) else {
        return Err(not_found(call, project, id));
    };
    let current_folder = file.folder.clone();
    let current_name = text_of(&file.record, member::FILE_NAME)
        .unwrap_or("")
        .to_owned();
    let folder_path = match call.text(member::FILE_FOLDER_PATH) {
        Some(path) => normal_path(path),
        None => folders::path_of(world, project, &current_folder).unwrap_or_default(),
    };
    let name = call
        .text(member::FILE_NAME)
        .unwrap_or(&current_name)
        .to_owned();
    unique_name(world, call, project, &folder_path, &name, Some(id))?;
    let folder = match call.text(member::FILE_FOLDER_PATH) {
        Some(_) => Some(folders::ensure(world, project, &folder_path, None)?),
        None => None,
    };
    let mut file = world
        .workspace(project)
        .take_file(id)
        .expect("checked above");
    apply_params(call, file_schema(), &mut file.record, MANAGED);
    apply_params(call, config_schema(), &mut file.config, MANAGED);
    if let Some(folder) = folder {
        placed(world, project, &mut file, folder, &folder_path);
    }
    edited(&mut file, call);
    world.workspace(project).add_file(file);
    Ok(Record::new())
}

pub(crate) fn get(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let id = named(world, call, project)?;
    let file = &world.workspace(project).files[&id];
    let mut data = Record::new();
    data.insert(member::FILE.to_owned(), Value::Object(file.record.clone()));
    data.insert(
        member::NODE_CONFIGURATION.to_owned(),
        Value::Object(file.config.clone()),
    );
    Ok(body(member::DATA, Value::Object(data)))
}

pub(crate) fn list(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let folder = match call.text(member::FILE_FOLDER_PATH) {
        Some(path) => match world.workspace(project).folder_at(path) {
            Some(folder) => Some(folder.id.clone()),
            // No such folder: no file is in it.
            None => return call.page(Vec::new()),
        },
        None => None,
    };
    let keyword = call.text(member::KEYWORD);
    let types: Option<Vec<i64>> = call
        .text(member::FILE_TYPES)
        .map(|t| t.split(',').filter_map(|s| s.trim().parse().ok()).collect());
    let use_type = call.text(member::USE_TYPE);
    let owner = call.text(member::OWNER);
    let node = call.int(member::NODE_ID)?;
    let items = world
        .workspace(project)
        .files
        .values()
        .filter(|f| folder.as_ref().is_none_or(|id| &f.folder == id))
        .filter(|f| {
            keyword.is_none_or(|k| {
                text_of(&f.record, member::FILE_NAME).is_some_and(|n| n.contains(k))
            })
        })
        .filter(|f| {
            types.as_ref().is_none_or(|types| {
                int_of(&f.record, member::FILE_TYPE).is_some_and(|t| types.contains(&t))
            })
        })
        .filter(|f| use_type.is_none_or(|u| text_of(&f.record, member::USE_TYPE) == Some(u)))
        .filter(|f| owner.is_none_or(|o| text_of(&f.record, member::OWNER) == Some(o)))
        .filter(|f| node.is_none_or(|n| f.node == Some(n)))
        .map(|f| f.record.clone())
        .collect();
    call.page(items)
}

pub(crate) fn versions(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let id = call.need_int(member::FILE_ID)?;
    let Some(file) = world.workspace(project).files.get(&id) else {
        return Err(not_found(call, project, id));
    };
    // Newest first, as a history is read.
    let items = file
        .versions
        .iter()
        .rev()
        .map(|v| v.record.clone())
        .collect();
    call.page(items)
}

pub(crate) fn version(world: &mut World, call: &Call<'_>) -> Answer {
    let project = world.workspace_of(call)?;
    let id = call.need_int(member::FILE_ID)?;
    let number = call.need_int(member::FILE_VERSION)?;
    let Some(file) = world.workspace(project).files.get(&id) else {
        return Err(not_found(call, project, id));
    };
    let version = file.version(number).ok_or_else(|| {
        call.not_found(
            "FileVersion",
            FILE_VERSION_NOT_FOUND,
            format!("file {id} of workspace {project} has no version {number}"),
        )
    })?;
    Ok(body(member::DATA, Value::Object(version.record.clone())))
}
