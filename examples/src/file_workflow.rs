//! `file_workflow`: the file workflow of DataWorks' own OpenAPI examples, end to end,
//! checking at each step what the step should have done (as a test of one's
//! automation would):
//!
//! 1. `GetProject`: the workspace's environments (`EnvTypes`): with DEV it is a
//!    standard-mode workspace (submit, then deploy), else simple mode (PROD only).
//! 2. `CreateFile` (an ODPS SQL file), then `GetFile`: the name and code read back are
//!    the ones sent, and the latest code is not committed yet.
//! 3. Standard mode: `SubmitFile`, polling `GetDeployment` until the submission is
//!    done; the code is then committed and the file has a scheduler node.
//! 4. `DeployFile` with the generated waiter (`send_and_wait`: `GetDeployment` until
//!    done); the deployment names the file; the file is committed and has a node.
//! 5. `RunSmokeTest` of that node in PROD, then `ListInstances` for the DAG it
//!    returned (every instance is of that DAG and that node) and `GetInstanceLog` of the
//!    instance.
//! 6. `DeleteFile` (polling `GetDeployment` when it starts a deployment, as for a file
//!    that was submitted), then `GetFile`, which must fail: the file is gone.
//!
//! The smoke test runs before the deletion: it needs the file's node, which the
//! deletion takes out of the scheduler.

use std::fmt;
use std::time::Duration;

use dataworks_public::data_development::GetDeploymentRequest;
use dataworks_public::prelude::*;
use dataworks_public::runtime::waiter::{wait_until, Status, WaitConfig};

use super::{parse_id, Cli};

/// The arguments of `file_workflow`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    /// The project (workspace) id.
    pub project_id: i64,
    /// The name of the file to create (`probe_sql_<seconds since 1970>` by default).
    pub file_name: String,
    /// The folder to create it in.
    pub folder: String,
}

/// The folder the file is created in.
pub const FOLDER: &str = "业务流程/openapi_examples/MaxCompute";

/// The code of the file.
pub const CONTENT: &str = "select 1;";

/// The ODPS SQL file type (`FileType` 10, as CreateFile documents it).
pub const ODPS_SQL: i32 = 10;

/// The business date of the smoke test.
pub const BIZDATE: &str = "2024-01-01 00:00:00";

impl Cli for Args {
    const USAGE: &'static str = "\
usage: file_workflow PROJECT_ID [FILE_NAME]

Runs the file workflow against the workspace: creates an ODPS SQL file, reads it
back, submits it (standard-mode workspaces), deploys it and waits, runs a smoke test
of its node and reads the instance and its log, then deletes the file. Each step
checks what it should have done; the first surprise ends the run.

Exit codes: 0 every step did what it should, 1 a call failed or a step found
something else, 2 bad arguments.";

    fn parse(args: Vec<String>) -> Result<Self, String> {
        if let Some(option) = args.iter().find(|arg| arg.starts_with('-')) {
            return Err(format!("unknown option {option:?}"));
        }
        let (project, name) = match args.as_slice() {
            [project] => (project, None),
            [project, name] => (project, Some(name.clone())),
            _ => {
                return Err(format!(
                    "expected a project id and optionally a file name, got {} argument(s)",
                    args.len()
                ))
            }
        };
        let file_name = match name {
            Some(name) if !name.trim().is_empty() => name,
            Some(_) => return Err("the file name must not be blank".to_owned()),
            None => format!(
                "probe_sql_{}",
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs())
            ),
        };
        Ok(Args {
            project_id: parse_id("project id", project)?,
            file_name,
            folder: FOLDER.to_owned(),
        })
    }
}

/// The workspace's mode, as GetProject's `EnvTypes` tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// DEV and PROD: files are submitted, then deployed.
    Standard,
    /// PROD only.
    Simple,
}

/// What a run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The workspace's mode.
    pub mode: Mode,
    /// The file created.
    pub file_id: i64,
    /// The submission's deployment (standard mode).
    pub submission: Option<i64>,
    /// The file's scheduler node.
    pub node_id: i64,
    /// The smoke test's DAG.
    pub dag_id: i64,
    /// The smoke test's instance of the node.
    pub instance_id: i64,
    /// Its log.
    pub log: String,
    /// The deletion's deployment, if it started one.
    pub deletion: Option<i64>,
}

/// A step that failed or did not do what it should.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepError {
    /// The step (`CreateFile`, `GetFile after CreateFile`, …).
    pub step: &'static str,
    /// What went wrong.
    pub problem: String,
}

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.step, self.problem)
    }
}

impl std::error::Error for StepError {}

fn fail(step: &'static str, problem: impl fmt::Display) -> StepError {
    StepError {
        step,
        problem: problem.to_string(),
    }
}

/// `Err` unless `got` is `expected`.
fn expect<T: PartialEq + fmt::Debug>(
    step: &'static str,
    what: &str,
    got: T,
    expected: T,
) -> Result<(), StepError> {
    if got == expected {
        Ok(())
    } else {
        Err(fail(
            step,
            format!("{what} is {got:?}, expected {expected:?}"),
        ))
    }
}

/// Runs the workflow with `client` in workspace `args.project_id`, waiting for
/// deployments as `wait` says.
///
/// # Errors
///
/// The first step that failed or found something other than it should.
pub async fn run(client: &Client, args: &Args, wait: WaitConfig) -> Result<Report, StepError> {
    let project = args.project_id;

    // 1. The workspace's mode.
    let step = "GetProject";
    let workspace = client
        .get_project()
        .project_id(project)
        .send()
        .await
        .map_err(|e| fail(step, e))?;
    let envs = workspace
        .data
        .and_then(|d| d.env_types)
        .ok_or_else(|| fail(step, "no EnvTypes"))?;
    if !envs.iter().any(|e| e == "PROD") {
        return Err(fail(step, format!("EnvTypes {envs:?} has no PROD")));
    }
    let mode = if envs.iter().any(|e| e == "DEV") {
        Mode::Standard
    } else {
        Mode::Simple
    };

    // 2. Create the file and read it back.
    let step = "CreateFile";
    let created = client
        .create_file()
        .project_id(project)
        .file_folder_path(&args.folder)
        .file_name(&args.file_name)
        .file_type(ODPS_SQL)
        .content(CONTENT)
        .input_list(format!("{project}_root"))
        .send()
        .await
        .map_err(|e| fail(step, e))?;
    let file_id = created
        .data
        .ok_or_else(|| fail(step, "no file id (Data)"))?;

    let step = "GetFile after CreateFile";
    let file = get_file(client, project, file_id, step).await?;
    expect(
        step,
        "FileName",
        file.file_name.as_deref(),
        Some(args.file_name.as_str()),
    )?;
    expect(step, "Content", file.content.as_deref(), Some(CONTENT))?;
    expect(step, "FileType", file.file_type, Some(ODPS_SQL))?;
    expect(step, "CommitStatus", committed(&file), Some(false))?;

    // 3. Standard mode: submit to DEV and wait.
    let submission = match mode {
        Mode::Simple => None,
        Mode::Standard => {
            let step = "SubmitFile";
            let submitted = client
                .submit_file()
                .project_id(project)
                .file_id(file_id)
                .comment("submitted by the file_workflow example")
                .send()
                .await
                .map_err(|e| fail(step, e))?;
            let id = submitted
                .data
                .ok_or_else(|| fail(step, "no deployment id (Data)"))?;
            await_deployment(client, project, id, wait, "GetDeployment after SubmitFile").await?;
            let step = "GetFile after SubmitFile";
            let file = get_file(client, project, file_id, step).await?;
            expect(step, "CommitStatus", committed(&file), Some(true))?;
            Some(id)
        }
    };

    // 4. Deploy to production with the generated waiter.
    let step = "DeployFile";
    let done = client
        .deploy_file()
        .project_id(project)
        .file_id(file_id)
        .comment("deployed by the file_workflow example")
        .send_and_wait(wait)
        .await
        .map_err(|e| fail(step, e))?;
    let data = done
        .data
        .ok_or_else(|| fail(step, "GetDeployment answered without Data"))?;
    let items = data.deployed_items.unwrap_or_default();
    if !items.iter().any(|item| item.file_id == Some(file_id)) {
        return Err(fail(
            step,
            format!("the deployment's items do not name file {file_id}: {items:?}"),
        ));
    }
    let step = "GetFile after DeployFile";
    let file = get_file(client, project, file_id, step).await?;
    expect(step, "CommitStatus", committed(&file), Some(true))?;
    let node_id = file
        .node_id
        .ok_or_else(|| fail(step, "a deployed file has no NodeId"))?;

    // 5. A smoke test of the node, its instances and the log.
    let step = "RunSmokeTest";
    let smoke = client
        .run_smoke_test()
        .project_env("PROD")
        .bizdate(BIZDATE)
        .name(format!("{}_smoke", args.file_name))
        .node_id(node_id)
        .send()
        .await
        .map_err(|e| fail(step, e))?;
    let dag_id = smoke.data.ok_or_else(|| fail(step, "no DAG id (Data)"))?;

    let step = "ListInstances";
    let listed = client
        .list_instances()
        .project_env("PROD")
        .project_id(project)
        .node_id(node_id)
        .dag_id(dag_id)
        .page_number(1)
        .page_size(10)
        .send()
        .await
        .map_err(|e| fail(step, e))?;
    let instances = listed.data.and_then(|d| d.instances).unwrap_or_default();
    let Some(first) = instances.first() else {
        return Err(fail(step, format!("DAG {dag_id} has no instance")));
    };
    for instance in &instances {
        expect(step, "an instance's DagId", instance.dag_id, Some(dag_id))?;
        expect(
            step,
            "an instance's NodeId",
            instance.node_id,
            Some(node_id),
        )?;
    }
    let instance_id = first
        .instance_id
        .ok_or_else(|| fail(step, "an instance has no InstanceId"))?;

    let step = "GetInstanceLog";
    let log = client
        .get_instance_log()
        .instance_id(instance_id)
        .project_env("PROD")
        .send()
        .await
        .map_err(|e| fail(step, e))?
        .data
        .ok_or_else(|| fail(step, "no log (Data)"))?;

    // 6. Delete the file; it is gone.
    let step = "DeleteFile";
    let deleted = client
        .delete_file()
        .project_id(project)
        .file_id(file_id)
        .send()
        .await
        .map_err(|e| fail(step, e))?;
    // "如果该字段为空，则说明文件已经删除完毕" (DeleteFile's DeploymentId).
    let deletion = deleted.deployment_id;
    if let Some(id) = deletion {
        await_deployment(client, project, id, wait, "GetDeployment after DeleteFile").await?;
    }
    let step = "GetFile after DeleteFile";
    match client
        .get_file()
        .project_id(project)
        .file_id(file_id)
        .send()
        .await
    {
        Err(SdkError::Service(_)) => {}
        Ok(_) => return Err(fail(step, format!("file {file_id} is still there"))),
        Err(e) => return Err(fail(step, e)),
    }

    Ok(Report {
        mode,
        file_id,
        submission,
        node_id,
        dag_id,
        instance_id,
        log,
        deletion,
    })
}

/// The file's `Data.File`, from `GetFile`.
async fn get_file(
    client: &Client,
    project: i64,
    file_id: i64,
    step: &'static str,
) -> Result<dataworks_public::data_development::get_file::File, StepError> {
    client
        .get_file()
        .project_id(project)
        .file_id(file_id)
        .send()
        .await
        .map_err(|e| fail(step, e))?
        .data
        .and_then(|d| d.file)
        .ok_or_else(|| fail(step, "no Data.File"))
}

/// Whether the file's latest code is committed (`CommitStatus`).
fn committed(file: &dataworks_public::data_development::get_file::File) -> Option<bool> {
    use dataworks_public::types::CommitStatus;
    file.commit_status
        .as_ref()
        .map(|s| *s == CommitStatus::Committed)
}

/// Polls `GetDeployment` for `id` until it is done; a failure is an error.
async fn await_deployment(
    client: &Client,
    project: i64,
    id: i64,
    wait: WaitConfig,
    step: &'static str,
) -> Result<(), StepError> {
    use dataworks_public::data_development::get_deployment::Status as Deployment;
    let poll = GetDeploymentRequest::builder()
        .project_id(project)
        .deployment_id(id)
        .build()
        .map_err(|e| fail(step, e))?;
    let (client, poll) = (client, &poll);
    let status = wait_until(wait, move || async move {
        let response = client.call(poll).await?;
        let status = response
            .data
            .and_then(|d| d.deployment)
            .and_then(|d| d.status);
        Ok::<_, SdkError<_>>(match status {
            Some(Deployment::Ready) | None => Status::Pending,
            Some(done) => Status::Ready(done),
        })
    })
    .await
    .map_err(|e| fail(step, e))?;
    expect(step, "the deployment's status", status, Deployment::Success)
}

/// How `file_workflow` polls: every 2 s for at most 10 minutes.
pub const WAIT: WaitConfig = WaitConfig::new(Duration::from_secs(2), Duration::from_secs(600));
