//! Seeds: a fixture (YAML or JSON) of workspaces, workflows, folders and files the
//! emulator starts with ([`Seed`], `--seed FILE`, `EmulatorBuilder::seed`).
//!
//! ```yaml
//! workspaces:
//!   - ProjectId: 10000              # required
//!     ProjectIdentifier: dw_project # optional (default workspace_<ProjectId>)
//!     ProjectName: My project       # optional (default: the identifier)
//!     mode: standard                # standard | simple (default)
//!     workflows:                    # CreateBusiness parameters, and BusinessId to fix the id
//!       - BusinessName: sales
//!     folders:                      # CreateFolder parameters, and FolderId to fix the id
//!       - FolderPath: 业务流程/sales/MaxCompute
//!     files:                        # CreateFile parameters, FileId to fix the id, and
//!       - FileFolderPath: 业务流程/sales/MaxCompute  # state: created (default) |
//!         FileName: ods_orders                      # submitted | deployed
//!         FileType: 10
//!         InputList: dw_project_root
//!         Content: select * from orders;
//!         state: deployed
//! ```
//!
//! An entry is the parameters of the call that would create the object, checked as
//! that call is (documented names, required parameters, types); an entry the call would
//! refuse is refused, naming the file and the entry (`seed.yaml: workspaces[0].files[1]:
//! …`).

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use dataworks_public::catalog;
use serde::Deserialize;

use super::names::{member, op};
use crate::config::WorkspaceMode;

/// Why a seed was not read or not applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}: {message}")]
pub struct SeedError {
    source_name: String,
    message: String,
}

impl SeedError {
    fn new(source_name: &str, message: impl Into<String>) -> Self {
        SeedError {
            source_name: source_name.to_owned(),
            message: message.into(),
        }
    }

    /// Where the seed came from (its file, or what [`Seed::parse`] was given).
    pub fn source_name(&self) -> &str {
        &self.source_name
    }
}

/// What a workspace starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SeedWorkspace {
    pub id: i64,
    pub identifier: Option<String>,
    pub name: Option<String>,
    pub mode: WorkspaceMode,
    pub workflows: Vec<SeedEntry>,
    pub folders: Vec<SeedEntry>,
    pub files: Vec<SeedEntry>,
}

/// One object: the parameters of the call that creates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SeedEntry {
    /// `workspaces[0].files[1]`.
    pub at: String,
    pub params: Vec<(String, String)>,
    /// How far a file got: created, submitted or deployed.
    pub state: FileState,
}

/// How far a seeded file got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum FileState {
    #[default]
    Created,
    Submitted,
    Deployed,
}

/// A fixture of workspaces and what they hold, checked when read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seed {
    pub(crate) source_name: String,
    pub(crate) workspaces: Vec<SeedWorkspace>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeed {
    #[serde(default)]
    workspaces: Vec<RawWorkspace>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkspace {
    #[serde(rename = "ProjectId")]
    project_id: i64,
    #[serde(rename = "ProjectIdentifier", default)]
    identifier: Option<String>,
    #[serde(rename = "ProjectName", default)]
    name: Option<String>,
    #[serde(default)]
    mode: Option<WorkspaceMode>,
    #[serde(default)]
    workflows: Vec<BTreeMap<String, Scalar>>,
    #[serde(default)]
    folders: Vec<BTreeMap<String, Scalar>>,
    #[serde(default)]
    files: Vec<BTreeMap<String, Scalar>>,
}

/// A parameter's value as the fixture writes it.
#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Bool(b) => write!(f, "{b}"),
            Scalar::Int(n) => write!(f, "{n}"),
            Scalar::Float(x) => write!(f, "{x}"),
            Scalar::Text(s) => f.write_str(s),
        }
    }
}

/// The key of a seeded file saying how far it got.
const STATE: &str = "state";

impl Seed {
    /// Reads the seed file at `path` (YAML, or JSON, which YAML includes).
    ///
    /// # Errors
    ///
    /// [`SeedError`] naming the file and, for bad content, the line or the entry.
    pub fn load(path: impl AsRef<Path>) -> Result<Seed, SeedError> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| SeedError::new(&shown, format!("cannot read the seed: {e}")))?;
        Seed::parse(&shown, &text)
    }

    /// Reads a seed from `text` (YAML or JSON); `source_name` names it in errors.
    ///
    /// # Errors
    ///
    /// [`SeedError`] naming the line (syntax, types) or the entry (a parameter the
    /// creating call does not document, a required one missing, a bad value).
    pub fn parse(source_name: &str, text: &str) -> Result<Seed, SeedError> {
        let raw: RawSeed =
            serde_norway::from_str(text).map_err(|e| SeedError::new(source_name, e.to_string()))?;
        let mut workspaces = Vec::new();
        for (w, raw) in raw.workspaces.into_iter().enumerate() {
            let at = format!("workspaces[{w}]");
            let entries =
                |list: Vec<BTreeMap<String, Scalar>>, kind: &str, op_name: &str, id: &str| {
                    list.into_iter()
                        .enumerate()
                        .map(|(i, entry)| {
                            entry_of(
                                source_name,
                                &format!("{at}.{kind}[{i}]"),
                                op_name,
                                id,
                                entry,
                            )
                        })
                        .collect::<Result<Vec<_>, _>>()
                };
            workspaces.push(SeedWorkspace {
                id: raw.project_id,
                identifier: raw.identifier,
                name: raw.name,
                mode: raw.mode.unwrap_or_default(),
                workflows: entries(
                    raw.workflows,
                    "workflows",
                    op::CREATE_BUSINESS,
                    member::BUSINESS_ID,
                )?,
                folders: entries(raw.folders, "folders", op::CREATE_FOLDER, member::FOLDER_ID)?,
                files: entries(raw.files, "files", op::CREATE_FILE, member::FILE_ID)?,
            });
        }
        let mut ids: Vec<i64> = workspaces.iter().map(|w| w.id).collect();
        ids.sort_unstable();
        if let Some(twice) = ids.windows(2).find(|p| p[0] == p[1]) {
            return Err(SeedError::new(
                source_name,
                format!("the workspace ProjectId {} is seeded twice", twice[0]),
            ));
        }
        Ok(Seed {
            source_name: source_name.to_owned(),
            workspaces,
        })
    }

    /// Where the seed came from.
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// An error applying entry `at`.
    pub(crate) fn error(&self, at: &str, message: impl fmt::Display) -> SeedError {
        SeedError::new(&self.source_name, format!("{at}: {message}"))
    }
}

/// One entry checked as `op_name` checks its parameters; `id` is the member fixing its
/// id.
fn entry_of(
    source_name: &str,
    at: &str,
    op_name: &str,
    id: &str,
    entry: BTreeMap<String, Scalar>,
) -> Result<SeedEntry, SeedError> {
    let op = catalog::find(op_name).expect("the family's operations are documented");
    let fail = |message: String| SeedError::new(source_name, format!("{at}: {message}"));
    let mut params = Vec::new();
    let mut state = FileState::Created;
    for (name, value) in entry {
        if name == STATE && op_name == op::CREATE_FILE {
            state = match value {
                Scalar::Text(t) => match t.as_str() {
                    "created" => FileState::Created,
                    "submitted" => FileState::Submitted,
                    "deployed" => FileState::Deployed,
                    _ => {
                        return Err(fail(format!(
                            "`{STATE}` is created, submitted or deployed, got `{t}`"
                        )))
                    }
                },
                other => {
                    return Err(fail(format!(
                        "`{STATE}` is created, submitted or deployed, got `{other}`"
                    )))
                }
            };
            continue;
        }
        if name == member::PROJECT_ID || name == member::PROJECT_IDENTIFIER {
            return Err(fail(format!(
                "`{name}` comes from the workspace; leave it out of the entry"
            )));
        }
        if name != id && !op.params.iter().any(|p| p.name == name) {
            let extra = if op_name == op::CREATE_FILE {
                format!(", {id} or {STATE}")
            } else {
                format!(" or {id}")
            };
            return Err(fail(format!(
                "`{name}` is not a parameter of {op_name} (an entry holds {op_name}'s parameters{extra})"
            )));
        }
        params.push((name, value.to_string()));
    }
    let mut checked = params.clone();
    checked.push((member::PROJECT_ID.to_owned(), "1".to_owned()));
    crate::validate::check(op, &checked).map_err(|r| fail(r.message))?;
    if let Some((_, value)) = params.iter().find(|(n, _)| n == id) {
        let numeric = op_name != op::CREATE_FOLDER;
        if numeric && value.parse::<i64>().map_or(true, |n| n < 1) {
            return Err(fail(format!(
                "`{id}` must be a positive integer, got `{value}`"
            )));
        }
        if value.trim().is_empty() {
            return Err(fail(format!("`{id}` must not be blank")));
        }
    }
    Ok(SeedEntry {
        at: at.to_owned(),
        params,
        state,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_reads_from_yaml_and_json_alike() {
        let yaml = "workspaces:\n- ProjectId: 7\n  mode: standard\n  files:\n  - FileFolderPath: a/b\n    FileName: f\n    FileType: 10\n    InputList: x\n    state: deployed\n";
        let json = r#"{"workspaces":[{"ProjectId":7,"mode":"standard","files":[{"FileFolderPath":"a/b","FileName":"f","FileType":10,"InputList":"x","state":"deployed"}]}]}"#;
        let a = Seed::parse("a.yaml", yaml).unwrap();
        let b = Seed::parse("a.yaml", json).unwrap();
        assert_eq!(a, b);
        let w = &a.workspaces[0];
        assert_eq!((w.id, w.mode), (7, WorkspaceMode::Standard));
        assert_eq!(w.files[0].state, FileState::Deployed);
        assert!(w.files[0]
            .params
            .contains(&("FileType".into(), "10".into())));
    }

    #[test]
    fn bad_seeds_name_the_file_and_the_line_or_the_entry() {
        let cases = [
            ("workspaces:\n- ProjectId: x\n", "line 2"),
            ("workspaces:\n- ProjectId: 1\n  mode: fancy\n", "line 3"),
            ("workspaces:\n- ProjectId: 1\n  colour: red\n", "colour"),
            (
                "workspaces:\n- ProjectId: 1\n  files:\n  - FileNme: x\n",
                "workspaces[0].files[0]: `FileNme` is not a parameter of CreateFile",
            ),
            (
                "workspaces:\n- ProjectId: 1\n  files:\n  - FileFolderPath: a\n    FileType: 10\n    InputList: x\n",
                "workspaces[0].files[0]: CreateFile: the required parameter `FileName` is missing",
            ),
            (
                "workspaces:\n- ProjectId: 1\n  files:\n  - FileFolderPath: a\n    FileName: f\n    FileType: ten\n    InputList: x\n",
                "the parameter `FileType` must be an integer",
            ),
            (
                "workspaces:\n- ProjectId: 1\n  files:\n  - FileFolderPath: a\n    FileName: f\n    FileType: 10\n    InputList: x\n    state: shipped\n",
                "`state` is created, submitted or deployed, got `shipped`",
            ),
            (
                "workspaces:\n- ProjectId: 1\n  workflows:\n  - BusinessName: a\n    BusinessId: 0\n",
                "`BusinessId` must be a positive integer",
            ),
            (
                "workspaces:\n- ProjectId: 1\n- ProjectId: 1\n",
                "ProjectId 1 is seeded twice",
            ),
            (
                "workspaces:\n- ProjectId: 1\n  folders:\n  - FolderPath: a\n    ProjectId: 2\n",
                "`ProjectId` comes from the workspace",
            ),
        ];
        for (text, needle) in cases {
            let err = Seed::parse("fixture.yaml", text).unwrap_err().to_string();
            assert!(err.starts_with("fixture.yaml: "), "{err}");
            assert!(err.contains(needle), "`{needle}` not in: {err}");
        }
    }

    #[test]
    fn a_missing_file_is_named() {
        let err = Seed::load("/nonexistent/seed.yaml").unwrap_err();
        assert_eq!(err.source_name(), "/nonexistent/seed.yaml");
        assert!(err.to_string().contains("cannot read the seed"), "{err}");
    }
}
