//! What the DataStudio state holds: workspaces, each with its workflows, folders,
//! files (with their versions), deployments, scheduler nodes per environment, and
//! smoke-test runs with their instances; and the emulator-wide id counter.
//!
//! Objects are kept as the response model names their members ([`Record`]), so an
//! answer is a stored record shaped by the operation's model.

use std::collections::{BTreeMap, HashMap};

use super::call::text_of;

use dataworks_public::catalog::{OperationSpec, SchemaSpec};
use serde_json::{json, Value};

use super::call::{Call, Record};
use super::names::{member, value};
use crate::config::WorkspaceMode;
use crate::shape;

/// A scheduler environment (`ProjectEnv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Env {
    Dev,
    Prod,
}

impl Env {
    /// The environment a `ProjectEnv` value names.
    pub fn parse(text: &str) -> Option<Env> {
        match text.trim() {
            t if t.eq_ignore_ascii_case(value::DEV) => Some(Env::Dev),
            t if t.eq_ignore_ascii_case(value::PROD) => Some(Env::Prod),
            _ => None,
        }
    }

    /// Its wire name.
    pub fn name(self) -> &'static str {
        match self {
            Env::Dev => value::DEV,
            Env::Prod => value::PROD,
        }
    }
}

/// Settings of the deployments ([`crate::config::Settings`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct DeployRule {
    /// Polls of a new deployment that report it pending.
    pub pending_polls: u32,
    /// Whether deployments succeed.
    pub succeed: bool,
}

/// Everything the state holds.
#[derive(Debug, Clone)]
pub(crate) struct World {
    /// The next id handed out (numbers are unique across every kind of object).
    next_id: i64,
    pub workspaces: BTreeMap<i64, Workspace>,
    /// `ProjectIdentifier` → `ProjectId`.
    pub identifiers: HashMap<String, i64>,
    /// `NodeId` → the workspace holding the node (nodes are named without a workspace).
    pub node_homes: HashMap<i64, i64>,
    /// `InstanceId` → the workspace holding the instance.
    pub instance_homes: HashMap<i64, i64>,
    pub deploy: DeployRule,
    /// The mode of workspaces nobody configured.
    pub default_mode: WorkspaceMode,
}

/// The first id the emulator hands out.
const FIRST_ID: i64 = 1_000_001;

impl World {
    pub fn new(deploy: DeployRule) -> Self {
        World {
            next_id: FIRST_ID,
            workspaces: BTreeMap::new(),
            identifiers: HashMap::new(),
            node_homes: HashMap::new(),
            instance_homes: HashMap::new(),
            deploy,
            default_mode: WorkspaceMode::Simple,
        }
    }

    /// A new id, never handed out before by this emulator.
    pub fn id(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Keeps the counter above `id` (an id a seed gave).
    pub fn reserve(&mut self, id: i64) {
        if id >= self.next_id {
            self.next_id = id.saturating_add(1);
        }
    }

    /// The counter, kept across a reset so ids stay unique.
    pub fn counter(&self) -> i64 {
        self.next_id
    }

    /// Moves the counter to `next` if it is ahead.
    pub fn advance_to(&mut self, next: i64) {
        self.next_id = self.next_id.max(next);
    }

    /// The workspace `id`, made (in the default mode) if it does not exist yet: every
    /// project id names a workspace.
    pub fn workspace(&mut self, id: i64) -> &mut Workspace {
        if !self.workspaces.contains_key(&id) {
            self.add_workspace(id, None, None, self.default_mode);
        }
        self.workspaces.get_mut(&id).expect("just made")
    }

    /// Adds (or reconfigures) workspace `id`.
    pub fn add_workspace(
        &mut self,
        id: i64,
        identifier: Option<String>,
        name: Option<String>,
        mode: WorkspaceMode,
    ) -> &mut Workspace {
        let identifier = identifier.unwrap_or_else(|| format!("workspace_{id}"));
        if let Some(old) = self.workspaces.get(&id) {
            self.identifiers.remove(&old.identifier);
        }
        self.identifiers.insert(identifier.clone(), id);
        let workspace = self
            .workspaces
            .entry(id)
            .or_insert_with(|| Workspace::new(id, String::new(), WorkspaceMode::Simple));
        workspace.name = name.unwrap_or_else(|| identifier.clone());
        workspace.identifier = identifier;
        workspace.mode = mode;
        workspace
    }

    /// The workspace a call names (`ProjectId`, else `ProjectIdentifier`); a new
    /// identifier makes a new workspace with a new id.
    pub fn workspace_of(&mut self, call: &Call<'_>) -> Result<i64, crate::rejection::Rejection> {
        if let Some(id) = call.int(member::PROJECT_ID)? {
            self.workspace(id);
            return Ok(id);
        }
        match call.text(member::PROJECT_IDENTIFIER) {
            Some(identifier) => match self.identifiers.get(identifier) {
                Some(id) => Ok(*id),
                None => {
                    let id = self.id();
                    let mode = self.default_mode;
                    self.add_workspace(id, Some(identifier.to_owned()), None, mode);
                    Ok(id)
                }
            },
            None => Err(call.error(
                crate::codes::MISSING_PARAMETER,
                format!(
                    "needs one of {}, {} (none is set)",
                    member::PROJECT_ID,
                    member::PROJECT_IDENTIFIER
                ),
            )),
        }
    }
}

/// A workspace (project) and what it holds.
#[derive(Debug, Clone)]
pub(crate) struct Workspace {
    pub id: i64,
    pub identifier: String,
    pub name: String,
    pub mode: WorkspaceMode,
    /// Workflows by `BusinessId`.
    pub businesses: BTreeMap<i64, Record>,
    /// Folders by `FolderId` (add and remove through the methods, which keep the
    /// path index).
    pub folders: BTreeMap<String, Folder>,
    /// Folder path → `FolderId`.
    folder_paths: HashMap<String, String>,
    /// Files (not deleted) by `FileId` (add and remove through the methods).
    pub files: BTreeMap<i64, File>,
    /// (`FolderId`, `FileName`) → `FileId`.
    file_names: HashMap<(String, String), i64>,
    /// Deployments by id.
    pub deployments: BTreeMap<i64, Deployment>,
    /// Scheduler nodes by environment and `NodeId`.
    pub nodes: BTreeMap<(Env, i64), Node>,
    /// Smoke-test runs by `DagId`.
    pub dags: BTreeMap<i64, Record>,
    /// Instances by `InstanceId`.
    pub instances: BTreeMap<i64, Instance>,
}

impl Workspace {
    fn new(id: i64, identifier: String, mode: WorkspaceMode) -> Self {
        Workspace {
            id,
            name: identifier.clone(),
            identifier,
            mode,
            businesses: BTreeMap::new(),
            folders: BTreeMap::new(),
            folder_paths: HashMap::new(),
            files: BTreeMap::new(),
            file_names: HashMap::new(),
            deployments: BTreeMap::new(),
            nodes: BTreeMap::new(),
            dags: BTreeMap::new(),
            instances: BTreeMap::new(),
        }
    }

    /// The environments of its mode (GetProject's `EnvTypes`: "简单模式只有生产环境（PROD）。
    /// 标准模式包含开发环境（DEV）和生产环境（PROD）。").
    pub fn envs(&self) -> &'static [Env] {
        match self.mode {
            WorkspaceMode::Standard => &[Env::Dev, Env::Prod],
            WorkspaceMode::Simple => &[Env::Prod],
        }
    }

    /// The folder at `path` (compared without leading or trailing `/`).
    pub fn folder_at(&self, path: &str) -> Option<&Folder> {
        self.folders.get(self.folder_paths.get(&normal_path(path))?)
    }

    /// Adds `folder`.
    pub fn add_folder(&mut self, folder: Folder) {
        self.folder_paths
            .insert(folder.path.clone(), folder.id.clone());
        self.folders.insert(folder.id.clone(), folder);
    }

    /// Removes folder `id`.
    pub fn remove_folder(&mut self, id: &str) {
        if let Some(folder) = self.folders.remove(id) {
            self.folder_paths.remove(&folder.path);
        }
    }

    /// Rebuilds the path index (after folders moved).
    pub fn reindex_folders(&mut self) {
        self.folder_paths = self
            .folders
            .values()
            .map(|f| (f.path.clone(), f.id.clone()))
            .collect();
    }

    /// Adds (or puts back) `file`.
    pub fn add_file(&mut self, file: File) {
        if let Some(name) = text_of(&file.record, member::FILE_NAME) {
            self.file_names
                .insert((file.folder.clone(), name.to_owned()), file.id);
        }
        self.files.insert(file.id, file);
    }

    /// Takes file `id` out.
    pub fn take_file(&mut self, id: i64) -> Option<File> {
        let file = self.files.remove(&id)?;
        if let Some(name) = text_of(&file.record, member::FILE_NAME) {
            self.file_names
                .remove(&(file.folder.clone(), name.to_owned()));
        }
        Some(file)
    }

    /// The file named `name` in folder `folder`.
    pub fn file_named(&self, folder: &str, name: &str) -> Option<i64> {
        self.file_names
            .get(&(folder.to_owned(), name.to_owned()))
            .copied()
    }
}

/// A folder path without leading and trailing `/` and without empty segments.
pub(crate) fn normal_path(path: &str) -> String {
    path.split('/')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

/// A folder.
#[derive(Debug, Clone)]
pub(crate) struct Folder {
    pub id: String,
    pub path: String,
}

impl Folder {
    pub fn record(&self) -> Record {
        let mut record = Record::new();
        record.insert(member::FOLDER_ID.to_owned(), Value::from(self.id.clone()));
        record.insert(
            member::FOLDER_PATH.to_owned(),
            Value::from(self.path.clone()),
        );
        record
    }
}

/// A file's content and settings at one moment.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    /// GetFile's `Data.File` members (and `FileId`).
    pub record: Record,
    /// GetFile's `Data.NodeConfiguration` members.
    pub config: Record,
    /// The file's edit count when taken.
    pub edit: u64,
}

/// A file of DataStudio.
#[derive(Debug, Clone)]
pub(crate) struct File {
    pub id: i64,
    /// GetFile's `Data.File` members (and `FileId`).
    pub record: Record,
    /// GetFile's `Data.NodeConfiguration` members.
    pub config: Record,
    /// The folder it is in.
    pub folder: String,
    /// Edits so far (create and each update).
    pub edit: u64,
    /// Committed versions, oldest first.
    pub versions: Vec<Version>,
    /// The number the next version gets.
    pub next_version: i64,
    /// The scheduler node, from its first submit on.
    pub node: Option<i64>,
}

impl File {
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            record: self.record.clone(),
            config: self.config.clone(),
            edit: self.edit,
        }
    }

    pub fn version(&self, number: i64) -> Option<&Version> {
        self.versions
            .iter()
            .find(|v| super::call::int_of(&v.record, member::FILE_VERSION) == Some(number))
    }
}

/// A committed version of a file.
#[derive(Debug, Clone)]
pub(crate) struct Version {
    /// The version's members (ListFileVersions' items).
    pub record: Record,
    pub snapshot: Snapshot,
}

/// What a deployment does when it succeeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Commit a version (standard mode: to the development environment).
    Submit,
    /// Put a version into production (committing it first when `commit`).
    Deploy { commit: bool },
    /// Take a deleted file's nodes out of the scheduler.
    Delete,
}

/// Where a deployment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    Pending,
    Succeeded,
    Failed,
}

/// A deployment package (SubmitFile, DeployFile, DeleteFile).
#[derive(Debug, Clone)]
pub(crate) struct Deployment {
    pub id: i64,
    pub kind: Kind,
    pub file: i64,
    pub version: Option<i64>,
    pub node: Option<i64>,
    pub comment: Option<String>,
    pub from: i64,
    pub to: i64,
    pub created_ms: i64,
    pub creator: String,
    pub polls_left: u32,
    pub phase: Phase,
    pub snapshot: Option<Snapshot>,
}

/// A scheduler node: a file's deployed (or, in the development environment,
/// submitted) version.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// GetNode's `Data` members (and `FileId`).
    pub record: Record,
    /// The code it runs.
    pub content: Option<String>,
}

/// An instance of a node in a smoke-test run.
#[derive(Debug, Clone)]
pub(crate) struct Instance {
    pub env: Env,
    /// GetInstance's `Data` members (and `OwnerId`).
    pub record: Record,
    /// What GetInstanceLog returns.
    pub log: String,
}

/// Sets the members of `target` that parameters of `call` name: each parameter of the
/// operation whose wire name is a member of `schema`'s object, converted to the
/// member's type (a parameter whose value does not fit is not stored). Parameters in
/// `skip` are left to the caller.
pub(crate) fn apply_params(
    call: &Call<'_>,
    schema: &SchemaSpec,
    target: &mut Record,
    skip: &[&str],
) -> Vec<String> {
    let mut set = Vec::new();
    for (name, text) in call.params {
        if skip.contains(&name.as_str()) || !documented(call.op, name) {
            continue;
        }
        if let Some(field) = schema.field(name) {
            if let Some(value) = shape::shape(&Value::String(text.clone()), field) {
                target.insert(name.clone(), value);
                set.push(name.clone());
            }
        }
    }
    set
}

fn documented(op: &OperationSpec, name: &str) -> bool {
    op.params.iter().any(|p| p.name == name)
}

/// The state as JSON (`GET /_emulator/state`).
pub(crate) fn dump(world: &World) -> Value {
    let workspaces: Vec<Value> = world
        .workspaces
        .values()
        .map(|w| {
            let files: Vec<Value> = w
                .files
                .values()
                .map(|f| {
                    let mut record = f.record.clone();
                    record.insert(
                        member::NODE_CONFIGURATION.to_owned(),
                        Value::Object(f.config.clone()),
                    );
                    record.insert(
                        member::FILE_VERSIONS.to_owned(),
                        Value::Array(
                            f.versions
                                .iter()
                                .map(|v| Value::Object(v.record.clone()))
                                .collect(),
                        ),
                    );
                    Value::Object(record)
                })
                .collect();
            let deployments: Vec<Value> = w
                .deployments
                .values()
                .map(|d| {
                    json!({
                        "DeploymentId": d.id,
                        "Kind": format!("{:?}", d.kind),
                        "FileId": d.file,
                        "FileVersion": d.version,
                        "NodeId": d.node,
                        "Phase": format!("{:?}", d.phase),
                        "PollsLeft": d.polls_left,
                        "FromEnvironment": d.from,
                        "ToEnvironment": d.to,
                    })
                })
                .collect();
            let mut nodes = serde_json::Map::new();
            for env in [Env::Dev, Env::Prod] {
                let list: Vec<Value> = w
                    .nodes
                    .iter()
                    .filter(|((e, _), _)| *e == env)
                    .map(|(_, n)| Value::Object(n.record.clone()))
                    .collect();
                nodes.insert(env.name().to_owned(), Value::Array(list));
            }
            let instances: Vec<Value> = w
                .instances
                .values()
                .map(|i| {
                    let mut record = i.record.clone();
                    record.insert(member::PROJECT_ENV.to_owned(), Value::from(i.env.name()));
                    record.insert("Log".to_owned(), Value::from(i.log.clone()));
                    Value::Object(record)
                })
                .collect();
            json!({
                "ProjectId": w.id,
                "ProjectIdentifier": w.identifier,
                "ProjectName": w.name,
                "Mode": w.mode.name(),
                "EnvTypes": w.envs().iter().map(|e| e.name()).collect::<Vec<_>>(),
                "Businesses": w.businesses.values().cloned().map(Value::Object).collect::<Vec<_>>(),
                "Folders": w.folders.values().map(|f| Value::Object(f.record())).collect::<Vec<_>>(),
                "Files": files,
                "Deployments": deployments,
                "Nodes": nodes,
                "Dags": w.dags.values().cloned().map(Value::Object).collect::<Vec<_>>(),
                "Instances": instances,
            })
        })
        .collect();
    json!({ "NextId": world.counter(), "Workspaces": workspaces })
}
