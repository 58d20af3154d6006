//! The DataStudio state, through signed calls over loopback: what is created is what
//! is read back (as sent, in the documented shape: every 200 answer here is decoded
//! strictly), deployments progress as the spec's waiter expects and change files,
//! deployed files get nodes, smoke tests make DAGs whose instances list by `DagId`;
//! unknown and deleted ids get their not-found codes; workspaces are standard or
//! simple; seeds, the state dump and the reset; many clients at once.

mod support;

use dataworks_emulator::{codes, DeployOutcome, Emulator, Seed, WorkspaceMode};
use serde_json::{json, Value};
use support::{call, ok, Answer};

const P: &str = "10000";

async fn emulator() -> Emulator {
    Emulator::builder().quotas(false).start().await.unwrap()
}

async fn standard() -> Emulator {
    Emulator::builder()
        .quotas(false)
        .project(10000, WorkspaceMode::Standard)
        .deploy_pending_polls(1)
        .start()
        .await
        .unwrap()
}

/// Calls `action` and asserts a strictly decoding 200 answer.
async fn ok_call(emulator: &Emulator, action: &str, params: &[(&str, &str)]) -> Value {
    ok(call(emulator, action, params).await, action)
}

#[track_caller]
fn assert_code(answer: &Answer, code: codes::Code) {
    assert_eq!(
        (answer.status, answer.code()),
        (code.status, code.code),
        "{}",
        answer.text
    );
    support::assert_error_shape(&answer.body, &answer.text);
}

/// Creates a file in workspace `P` and returns its id.
async fn create_file(emulator: &Emulator, folder: &str, name: &str, content: &str) -> String {
    let body = ok_call(
        emulator,
        "CreateFile",
        &[
            ("ProjectId", P),
            ("FileFolderPath", folder),
            ("FileName", name),
            ("FileType", "10"),
            ("Content", content),
            ("InputList", "dw_project_root"),
        ],
    )
    .await;
    body["Data"]
        .as_i64()
        .expect("CreateFile's Data is the id")
        .to_string()
}

/// Polls GetDeployment until the deployment ends; returns the last answer's
/// `Data.Deployment` and the number of polls.
async fn wait(emulator: &Emulator, deployment: &str) -> (Value, u32) {
    for polls in 1..=10 {
        let body = ok_call(
            emulator,
            "GetDeployment",
            &[("ProjectId", P), ("DeploymentId", deployment)],
        )
        .await;
        let status = body["Data"]["Deployment"]["Status"].as_i64().unwrap();
        if status != 0 {
            return (body["Data"].clone(), polls);
        }
    }
    panic!("deployment {deployment} did not end within 10 polls");
}

async fn submit(emulator: &Emulator, file: &str) -> String {
    let body = ok_call(
        emulator,
        "SubmitFile",
        &[("ProjectId", P), ("FileId", file)],
    )
    .await;
    body["Data"].as_i64().unwrap().to_string()
}

async fn deploy(emulator: &Emulator, file: &str) -> String {
    let body = ok_call(
        emulator,
        "DeployFile",
        &[("ProjectId", P), ("FileId", file)],
    )
    .await;
    body["Data"].as_i64().unwrap().to_string()
}

async fn get_file(emulator: &Emulator, file: &str) -> Value {
    ok_call(emulator, "GetFile", &[("ProjectId", P), ("FileId", file)]).await["Data"].clone()
}

#[tokio::test]
async fn workflows_are_created_read_updated_listed_and_deleted() {
    let emulator = emulator().await;
    let created = ok_call(
        &emulator,
        "CreateBusiness",
        &[
            ("ProjectId", P),
            ("BusinessName", "sales"),
            ("Description", "the sales pipeline"),
            ("UseType", "NORMAL"),
        ],
    )
    .await;
    let id = created["BusinessId"].as_i64().unwrap().to_string();
    let got = ok_call(
        &emulator,
        "GetBusiness",
        &[("ProjectId", P), ("BusinessId", &id)],
    )
    .await;
    assert_eq!(
        got["Data"],
        json!({"BusinessId": id.parse::<i64>().unwrap(), "ProjectId": P, "Owner": "testid",
               "BusinessName": "sales", "Description": "the sales pipeline", "UseType": "NORMAL"}),
        "GetBusiness's ProjectId is a string in its model"
    );
    ok_call(
        &emulator,
        "UpdateBusiness",
        &[
            ("ProjectId", P),
            ("BusinessId", &id),
            ("Description", "renamed"),
            ("Owner", "42"),
        ],
    )
    .await;
    let got = ok_call(
        &emulator,
        "GetBusiness",
        &[("ProjectId", P), ("BusinessId", &id)],
    )
    .await;
    assert_eq!(
        (
            got["Data"]["Description"].as_str(),
            got["Data"]["Owner"].as_str()
        ),
        (Some("renamed"), Some("42"))
    );

    ok_call(
        &emulator,
        "CreateBusiness",
        &[("ProjectId", P), ("BusinessName", "marketing")],
    )
    .await;
    let twice = call(
        &emulator,
        "CreateBusiness",
        &[("ProjectId", P), ("BusinessName", "sales")],
    )
    .await;
    assert_code(&twice, codes::ALREADY_EXISTS);
    let listed = ok_call(
        &emulator,
        "ListBusiness",
        &[
            ("ProjectId", P),
            ("PageNumber", "1"),
            ("PageSize", "10"),
            ("Keyword", "sal"),
        ],
    )
    .await;
    assert_eq!(listed["Data"]["TotalCount"], 1);
    assert_eq!(listed["Data"]["Business"][0]["BusinessName"], "sales");
    assert_eq!(
        listed["Data"]["Business"][0]["ProjectId"], 10000,
        "an int64 in ListBusiness"
    );
    let page2 = ok_call(
        &emulator,
        "ListBusiness",
        &[("ProjectId", P), ("PageNumber", "2"), ("PageSize", "1")],
    )
    .await;
    assert_eq!(page2["Data"]["TotalCount"], 2);
    assert_eq!(page2["Data"]["Business"][0]["BusinessName"], "marketing");
    // Another workspace holds none of them.
    let other = ok_call(
        &emulator,
        "ListBusiness",
        &[
            ("ProjectId", "20000"),
            ("PageNumber", "1"),
            ("PageSize", "10"),
        ],
    )
    .await;
    assert_eq!(other["Data"]["TotalCount"], 0);
    assert_eq!(other["Data"]["Business"], json!([]));

    ok_call(
        &emulator,
        "DeleteBusiness",
        &[("ProjectId", P), ("BusinessId", &id)],
    )
    .await;
    for action in ["GetBusiness", "UpdateBusiness", "DeleteBusiness"] {
        let gone = call(&emulator, action, &[("ProjectId", P), ("BusinessId", &id)]).await;
        assert_code(&gone, codes::BUSINESS_NOT_FOUND);
        assert!(gone.message().contains(&id), "{}", gone.message());
    }
}

#[tokio::test]
async fn folders_are_paths_made_with_their_parents_renamed_and_deleted_when_empty() {
    let emulator = emulator().await;
    let id = ok_call(
        &emulator,
        "CreateFolder",
        &[
            ("ProjectId", P),
            ("FolderPath", "业务流程/sales/MaxCompute"),
        ],
    )
    .await["Data"]
        .as_str()
        .unwrap()
        .to_owned();
    let by_id = ok_call(
        &emulator,
        "GetFolder",
        &[("ProjectId", P), ("FolderId", &id)],
    )
    .await;
    assert_eq!(
        by_id["Data"],
        json!({"FolderId": id, "FolderPath": "业务流程/sales/MaxCompute"})
    );
    let parent = ok_call(
        &emulator,
        "GetFolder",
        &[("ProjectId", P), ("FolderPath", "业务流程/sales")],
    )
    .await;
    let parent_id = parent["Data"]["FolderId"].as_str().unwrap().to_owned();
    assert_ne!(parent_id, id);
    let children = ok_call(
        &emulator,
        "ListFolders",
        &[
            ("ProjectId", P),
            ("ParentFolderPath", "业务流程/sales"),
            ("PageNumber", "1"),
            ("PageSize", "10"),
        ],
    )
    .await;
    assert_eq!(children["Data"]["TotalCount"], 1);
    assert_eq!(children["Data"]["Folders"][0]["FolderId"], id.as_str());
    let twice = call(
        &emulator,
        "CreateFolder",
        &[
            ("ProjectId", P),
            ("FolderPath", "/业务流程/sales/MaxCompute/"),
        ],
    )
    .await;
    assert_code(&twice, codes::ALREADY_EXISTS);

    ok_call(
        &emulator,
        "UpdateFolder",
        &[
            ("ProjectId", P),
            ("FolderId", &parent_id),
            ("FolderName", "revenue"),
        ],
    )
    .await;
    let moved = ok_call(
        &emulator,
        "GetFolder",
        &[("ProjectId", P), ("FolderId", &id)],
    )
    .await;
    assert_eq!(
        moved["Data"]["FolderPath"], "业务流程/revenue/MaxCompute",
        "children follow a rename"
    );

    let not_empty = call(
        &emulator,
        "DeleteFolder",
        &[("ProjectId", P), ("FolderId", &parent_id)],
    )
    .await;
    assert_code(&not_empty, codes::NOT_EMPTY);
    ok_call(
        &emulator,
        "DeleteFolder",
        &[("ProjectId", P), ("FolderId", &id)],
    )
    .await;
    ok_call(
        &emulator,
        "DeleteFolder",
        &[("ProjectId", P), ("FolderId", &parent_id)],
    )
    .await;
    for params in [
        [("ProjectId", P), ("FolderId", id.as_str())],
        [("ProjectId", P), ("FolderPath", "业务流程/revenue")],
    ] {
        assert_code(
            &call(&emulator, "GetFolder", &params).await,
            codes::FOLDER_NOT_FOUND,
        );
    }
    assert_code(
        &call(
            &emulator,
            "UpdateFolder",
            &[("ProjectId", P), ("FolderId", &id), ("FolderName", "x")],
        )
        .await,
        codes::FOLDER_NOT_FOUND,
    );
}

#[tokio::test]
async fn files_keep_what_was_sent_and_list_by_folder_keyword_type_and_page() {
    let emulator = emulator().await;
    ok_call(
        &emulator,
        "CreateBusiness",
        &[("ProjectId", P), ("BusinessName", "sales")],
    )
    .await;
    let body = ok_call(
        &emulator,
        "CreateFile",
        &[
            ("ProjectId", P),
            ("FileFolderPath", "业务流程/sales/MaxCompute"),
            ("FileName", "probe_sql"),
            ("FileDescription", "a probe"),
            ("FileType", "10"),
            ("Content", "select 1;"),
            ("InputList", "dw_project_root"),
            ("RerunMode", "FAILURE_ALLOWED"),
            ("AutoRerunTimes", "3"),
            ("Stop", "false"),
            ("CronExpress", "00 05 00 * * ?"),
            ("AutoParsing", "true"),
            (
                "InputParameters",
                r#"[{"ValueSource":"p.parent:out","ParameterName":"in"}]"#,
            ),
        ],
    )
    .await;
    let id = body["Data"].as_i64().unwrap().to_string();
    let data = get_file(&emulator, &id).await;
    let file = &data["File"];
    assert_eq!(file["FileName"], "probe_sql");
    assert_eq!(file["Content"], "select 1;");
    assert_eq!(file["FileDescription"], "a probe");
    assert_eq!(file["FileType"], 10);
    assert_eq!(file["AutoParsing"], true);
    assert_eq!(file["Owner"], "testid", "the caller by default");
    assert_eq!(file["CommitStatus"], 0);
    assert_eq!(file["DeletedStatus"], "NORMAL");
    assert!(
        file.get("NodeId").is_none() && file.get("CurrentVersion").is_none(),
        "{file}"
    );
    let sales = ok_call(
        &emulator,
        "ListBusiness",
        &[("ProjectId", P), ("PageNumber", "1"), ("PageSize", "10")],
    )
    .await["Data"]["Business"][0]["BusinessId"]
        .clone();
    assert_eq!(file["BusinessId"], sales, "the workflow its path names");
    let folder = ok_call(
        &emulator,
        "GetFolder",
        &[
            ("ProjectId", P),
            ("FolderPath", "业务流程/sales/MaxCompute"),
        ],
    )
    .await;
    assert_eq!(file["FileFolderId"], folder["Data"]["FolderId"]);
    let config = &data["NodeConfiguration"];
    assert_eq!(config["RerunMode"], "FAILURE_ALLOWED");
    assert_eq!(config["AutoRerunTimes"], 3);
    assert_eq!(config["Stop"], false);
    assert_eq!(config["CronExpress"], "00 05 00 * * ?");
    assert_eq!(
        config["InputParameters"],
        json!([{"ValueSource": "p.parent:out", "ParameterName": "in"}])
    );

    ok_call(
        &emulator,
        "UpdateFile",
        &[
            ("ProjectId", P),
            ("FileId", &id),
            ("AutoRerunTimes", "5"),
            ("Content", "select 2;"),
        ],
    )
    .await;
    let data = get_file(&emulator, &id).await;
    assert_eq!(
        (
            data["File"]["Content"].as_str(),
            data["NodeConfiguration"]["AutoRerunTimes"].as_i64()
        ),
        (Some("select 2;"), Some(5))
    );
    assert_eq!(
        data["File"]["FileName"], "probe_sql",
        "an update keeps what it does not send"
    );

    let py = create_file(&emulator, "业务流程/sales/Python", "probe_py", "print(1)").await;
    let _other = create_file(
        &emulator,
        "业务流程/sales/MaxCompute",
        "ods_orders",
        "select 3;",
    )
    .await;
    let list = |extra: &'static [(&'static str, &'static str)]| {
        let emulator = &emulator;
        async move {
            let mut params = vec![("ProjectId", P), ("PageNumber", "1"), ("PageSize", "10")];
            params.extend_from_slice(extra);
            let body = ok_call(emulator, "ListFiles", &params).await;
            let names: Vec<String> = body["Data"]["Files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["FileName"].as_str().unwrap().to_owned())
                .collect();
            (body["Data"]["TotalCount"].as_i64().unwrap(), names)
        }
    };
    assert_eq!(
        list(&[]).await,
        (
            3,
            vec!["probe_sql".into(), "probe_py".into(), "ods_orders".into()]
        )
    );
    assert_eq!(list(&[("Keyword", "probe")]).await.0, 2);
    assert_eq!(
        list(&[("FileFolderPath", "业务流程/sales/MaxCompute")]).await,
        (2, vec!["probe_sql".into(), "ods_orders".into()])
    );
    assert_eq!(list(&[("FileTypes", "6,11")]).await.0, 0);
    assert_eq!(list(&[("FileTypes", "10,23")]).await.0, 3);
    assert_eq!(list(&[("FileFolderPath", "no/such/folder")]).await.0, 0);
    let page = ok_call(
        &emulator,
        "ListFiles",
        &[("ProjectId", P), ("PageNumber", "2"), ("PageSize", "2")],
    )
    .await;
    assert_eq!(page["Data"]["TotalCount"], 3);
    assert_eq!(page["Data"]["PageNumber"], 2);
    assert_eq!(page["Data"]["Files"].as_array().unwrap().len(), 1);
    assert_eq!(
        page["Data"]["Files"][0]["FileId"]
            .as_i64()
            .unwrap()
            .to_string(),
        _other
    );
    let twice = call(
        &emulator,
        "CreateFile",
        &[
            ("ProjectId", P),
            ("FileFolderPath", "业务流程/sales/Python"),
            ("FileName", "probe_py"),
            ("FileType", "6"),
            ("InputList", "x"),
        ],
    )
    .await;
    assert_code(&twice, codes::ALREADY_EXISTS);
    assert_ne!(py, id);
}

#[tokio::test]
async fn a_standard_workspace_submits_to_dev_then_deploys_to_prod() {
    let emulator = standard().await;
    let project = ok_call(&emulator, "GetProject", &[("ProjectId", P)]).await;
    assert_eq!(project["Data"]["EnvTypes"], json!(["DEV", "PROD"]));
    assert_eq!(project["Data"]["ProjectMode"], 3);
    assert_eq!(project["Data"]["ProjectId"], 10000);

    let file = create_file(&emulator, "a/b", "probe_sql", "select 1;").await;
    let early = call(
        &emulator,
        "DeployFile",
        &[("ProjectId", P), ("FileId", &file)],
    )
    .await;
    assert_code(&early, codes::FILE_NOT_COMMITTED);

    let submitted = submit(&emulator, &file).await;
    let (data, polls) = wait(&emulator, &submitted).await;
    assert_eq!(
        polls, 2,
        "pending for one poll (deploy_pending_polls(1)), then done"
    );
    assert_eq!(data["Deployment"]["Status"], 1);
    assert_eq!(
        (
            data["Deployment"]["FromEnvironment"].as_i64(),
            data["Deployment"]["ToEnvironment"].as_i64()
        ),
        (Some(0), Some(1))
    );
    assert_eq!(
        data["DeployedItems"],
        json!([{"FileId": file.parse::<i64>().unwrap(), "FileVersion": 1, "Status": 1}])
    );
    let got = get_file(&emulator, &file).await;
    assert_eq!(
        (
            got["File"]["CommitStatus"].as_i64(),
            got["File"]["CurrentVersion"].as_i64()
        ),
        (Some(1), Some(1))
    );
    let node = got["File"]["NodeId"]
        .as_i64()
        .expect("a submitted file has a node")
        .to_string();
    let dev = ok_call(
        &emulator,
        "GetNode",
        &[("NodeId", &node), ("ProjectEnv", "DEV")],
    )
    .await;
    assert_eq!(dev["Data"]["NodeName"], "probe_sql");
    assert_eq!(dev["Data"]["ProjectId"], 10000);
    assert_code(
        &call(
            &emulator,
            "GetNode",
            &[("NodeId", &node), ("ProjectEnv", "PROD")],
        )
        .await,
        codes::NODE_NOT_FOUND,
    );

    let deployed = deploy(&emulator, &file).await;
    let (data, _) = wait(&emulator, &deployed).await;
    assert_eq!(
        (
            data["Deployment"]["FromEnvironment"].as_i64(),
            data["Deployment"]["ToEnvironment"].as_i64()
        ),
        (Some(1), Some(2))
    );
    let prod = ok_call(
        &emulator,
        "GetNode",
        &[("NodeId", &node), ("ProjectEnv", "PROD")],
    )
    .await;
    assert_eq!(prod["Data"]["NodeId"].as_i64().unwrap().to_string(), node);
    let by_node = ok_call(&emulator, "GetFile", &[("ProjectId", P), ("NodeId", &node)]).await;
    assert_eq!(by_node["Data"]["File"]["FileName"], "probe_sql");
    let nodes = ok_call(
        &emulator,
        "ListNodes",
        &[
            ("ProjectId", P),
            ("ProjectEnv", "PROD"),
            ("PageNumber", "1"),
            ("PageSize", "10"),
        ],
    )
    .await;
    assert_eq!(nodes["Data"]["TotalCount"], 1);
    assert_eq!(nodes["Data"]["Nodes"][0]["NodeName"], "probe_sql");

    // An edit is not committed until submitted again; production keeps version 1.
    ok_call(
        &emulator,
        "UpdateFile",
        &[
            ("ProjectId", P),
            ("FileId", &file),
            ("AutoRerunTimes", "1"),
            ("Content", "select 2;"),
        ],
    )
    .await;
    assert_eq!(get_file(&emulator, &file).await["File"]["CommitStatus"], 0);
    let again = submit(&emulator, &file).await;
    wait(&emulator, &again).await;
    let versions = ok_call(
        &emulator,
        "ListFileVersions",
        &[
            ("ProjectId", P),
            ("FileId", &file),
            ("PageNumber", "1"),
            ("PageSize", "10"),
        ],
    )
    .await;
    assert_eq!(versions["Data"]["TotalCount"], 2);
    let v = &versions["Data"]["FileVersions"];
    assert_eq!(
        (
            v[0]["FileVersion"].as_i64(),
            v[0]["ChangeType"].as_str(),
            v[0]["Status"].as_str(),
            v[0]["FileContent"].as_str(),
            v[0]["IsCurrentProd"].as_bool()
        ),
        (
            Some(2),
            Some("UPDATE"),
            Some("COMMITTED"),
            Some("select 2;"),
            Some(false)
        )
    );
    assert_eq!(
        (
            v[1]["FileVersion"].as_i64(),
            v[1]["ChangeType"].as_str(),
            v[1]["Status"].as_str(),
            v[1]["FileContent"].as_str(),
            v[1]["IsCurrentProd"].as_bool()
        ),
        (
            Some(1),
            Some("CREATE"),
            Some("DEPLOYED"),
            Some("select 1;"),
            Some(true)
        )
    );
    let one = ok_call(
        &emulator,
        "GetFileVersion",
        &[("ProjectId", P), ("FileId", &file), ("FileVersion", "1")],
    )
    .await;
    assert_eq!(one["Data"]["FileVersion"], 1);
    assert_code(
        &call(
            &emulator,
            "GetFileVersion",
            &[("ProjectId", P), ("FileId", &file), ("FileVersion", "3")],
        )
        .await,
        codes::FILE_VERSION_NOT_FOUND,
    );
}

#[tokio::test]
async fn a_simple_workspace_deploys_without_a_submission() {
    let emulator = emulator().await;
    let project = ok_call(&emulator, "GetProject", &[("ProjectId", "27")]).await;
    assert_eq!(project["Data"]["EnvTypes"], json!(["PROD"]));
    assert_eq!(project["Data"]["ProjectMode"], 2);
    assert_eq!(project["Data"]["ProjectIdentifier"], "workspace_27");

    let file = create_file(&emulator, "f", "probe_sql", "select 1;").await;
    let deployed = deploy(&emulator, &file).await;
    let (data, polls) = wait(&emulator, &deployed).await;
    assert_eq!(polls, 3, "pending for two polls by default");
    assert_eq!(
        (
            data["Deployment"]["FromEnvironment"].as_i64(),
            data["Deployment"]["ToEnvironment"].as_i64()
        ),
        (Some(0), Some(2))
    );
    let got = get_file(&emulator, &file).await;
    assert_eq!(got["File"]["CommitStatus"], 1);
    let node = got["File"]["NodeId"].as_i64().unwrap().to_string();
    ok_call(
        &emulator,
        "GetNode",
        &[("NodeId", &node), ("ProjectEnv", "PROD")],
    )
    .await;
    assert_code(
        &call(
            &emulator,
            "GetNode",
            &[("NodeId", &node), ("ProjectEnv", "DEV")],
        )
        .await,
        codes::NODE_NOT_FOUND,
    );
    let version = ok_call(
        &emulator,
        "GetFileVersion",
        &[("ProjectId", P), ("FileId", &file), ("FileVersion", "1")],
    )
    .await;
    assert_eq!(
        (
            version["Data"]["Status"].as_str(),
            version["Data"]["IsCurrentProd"].as_bool()
        ),
        (Some("DEPLOYED"), Some(true))
    );
    // A submission in a simple workspace goes to production too.
    let second = create_file(&emulator, "f", "probe_2", "select 2;").await;
    let submitted = submit(&emulator, &second).await;
    let (data, _) = wait(&emulator, &submitted).await;
    assert_eq!(data["Deployment"]["ToEnvironment"], 2);
    let node = get_file(&emulator, &second).await["File"]["NodeId"]
        .as_i64()
        .unwrap()
        .to_string();
    ok_call(
        &emulator,
        "GetNode",
        &[("NodeId", &node), ("ProjectEnv", "PROD")],
    )
    .await;
}

#[tokio::test]
async fn a_failed_deployment_changes_nothing() {
    let emulator = Emulator::builder()
        .quotas(false)
        .deploy_outcome(DeployOutcome::Failure)
        .deploy_pending_polls(0)
        .start()
        .await
        .unwrap();
    let file = create_file(&emulator, "f", "probe_sql", "select 1;").await;
    let deployed = deploy(&emulator, &file).await;
    let (data, polls) = wait(&emulator, &deployed).await;
    assert_eq!(polls, 1);
    assert_eq!(data["Deployment"]["Status"], 2);
    assert!(data["Deployment"]["ErrorMessage"]
        .as_str()
        .unwrap()
        .contains("fail"));
    assert_eq!(data["DeployedItems"][0]["Status"], 2);
    let got = get_file(&emulator, &file).await;
    assert_eq!(got["File"]["CommitStatus"], 0);
    assert!(got["File"].get("CurrentVersion").is_none());
    let versions = ok_call(
        &emulator,
        "ListFileVersions",
        &[("ProjectId", P), ("FileId", &file)],
    )
    .await;
    assert_eq!(versions["Data"]["TotalCount"], 0);
    let nodes = ok_call(
        &emulator,
        "ListNodes",
        &[("ProjectId", P), ("ProjectEnv", "PROD")],
    )
    .await;
    assert_eq!(nodes["Data"]["TotalCount"], 0);
}

#[tokio::test]
async fn deleting_a_file_removes_it_and_takes_its_node_out_of_the_scheduler() {
    let emulator = emulator().await;
    let never = create_file(&emulator, "f", "draft", "select 0;").await;
    let gone = ok_call(
        &emulator,
        "DeleteFile",
        &[("ProjectId", P), ("FileId", &never)],
    )
    .await;
    assert!(
        gone.get("DeploymentId").is_none(),
        "a file never submitted is deleted at once: {gone}"
    );

    let file = create_file(&emulator, "f", "probe_sql", "select 1;").await;
    let deployed = deploy(&emulator, &file).await;
    wait(&emulator, &deployed).await;
    let node = get_file(&emulator, &file).await["File"]["NodeId"]
        .as_i64()
        .unwrap()
        .to_string();
    let deleted = ok_call(
        &emulator,
        "DeleteFile",
        &[("ProjectId", P), ("FileId", &file)],
    )
    .await;
    let deployment = deleted["DeploymentId"]
        .as_i64()
        .expect("a deployment takes the node out")
        .to_string();
    for action in [
        "GetFile",
        "UpdateFile",
        "DeleteFile",
        "SubmitFile",
        "DeployFile",
    ] {
        let answer = call(
            &emulator,
            action,
            &[("ProjectId", P), ("FileId", &file), ("AutoRerunTimes", "1")],
        )
        .await;
        assert_code(&answer, codes::FILE_NOT_FOUND);
    }
    let listed = ok_call(&emulator, "ListFiles", &[("ProjectId", P)]).await;
    assert_eq!(listed["Data"]["TotalCount"], 0);
    // The node stays until the deletion's deployment is done.
    ok_call(
        &emulator,
        "GetNode",
        &[("NodeId", &node), ("ProjectEnv", "PROD")],
    )
    .await;
    let (data, _) = wait(&emulator, &deployment).await;
    assert_eq!(data["Deployment"]["Status"], 1);
    assert_code(
        &call(
            &emulator,
            "GetNode",
            &[("NodeId", &node), ("ProjectEnv", "PROD")],
        )
        .await,
        codes::NODE_NOT_FOUND,
    );
}

#[tokio::test]
async fn a_smoke_test_runs_a_dag_whose_instances_list_by_its_dag_id() {
    let emulator = emulator().await;
    let file = create_file(&emulator, "f", "probe_sql", "select 1;").await;
    let deployed = deploy(&emulator, &file).await;
    wait(&emulator, &deployed).await;
    let node = get_file(&emulator, &file).await["File"]["NodeId"]
        .as_i64()
        .unwrap()
        .to_string();
    let run = |name: &'static str| {
        let (emulator, node) = (&emulator, node.clone());
        async move {
            let body = ok_call(
                emulator,
                "RunSmokeTest",
                &[
                    ("ProjectEnv", "PROD"),
                    ("Bizdate", "2020-05-26 00:00:00"),
                    ("Name", name),
                    ("NodeId", &node),
                ],
            )
            .await;
            body["Data"].as_i64().unwrap().to_string()
        }
    };
    let first = run("smoke-1").await;
    let second = run("smoke-2").await;
    assert_ne!(first, second);
    let list = |dag: String| {
        let (emulator, node) = (&emulator, node.clone());
        async move {
            ok_call(
                emulator,
                "ListInstances",
                &[
                    ("ProjectEnv", "PROD"),
                    ("ProjectId", P),
                    ("NodeId", &node),
                    ("DagId", &dag),
                    ("PageNumber", "1"),
                    ("PageSize", "10"),
                ],
            )
            .await["Data"]
                .clone()
        }
    };
    let listed = list(first.clone()).await;
    assert_eq!(listed["TotalCount"], 1);
    let instance = &listed["Instances"][0];
    assert_eq!(instance["DagId"].as_i64().unwrap().to_string(), first);
    assert_eq!(instance["NodeId"].as_i64().unwrap().to_string(), node);
    assert_eq!(instance["Status"], "SUCCESS");
    assert_eq!(instance["DagType"], "SMOKE_TEST");
    assert_eq!(instance["NodeName"], "probe_sql");
    assert_eq!(
        instance["Bizdate"], 1590422400000_i64,
        "2020-05-26 00:00:00 UTC+8"
    );
    let id = instance["InstanceId"].as_i64().unwrap().to_string();
    assert_eq!(
        list(second.clone()).await["Instances"][0]["DagId"]
            .as_i64()
            .unwrap()
            .to_string(),
        second
    );

    let got = ok_call(
        &emulator,
        "GetInstance",
        &[("InstanceId", &id), ("ProjectEnv", "PROD")],
    )
    .await;
    assert_eq!(got["Data"]["DagId"].as_i64().unwrap().to_string(), first);
    let log = ok_call(
        &emulator,
        "GetInstanceLog",
        &[("InstanceId", &id), ("ProjectEnv", "PROD")],
    )
    .await;
    let log = log["Data"].as_str().unwrap();
    assert!(
        log.contains("select 1;") && log.contains("smoke-1") && log.contains("SUCCESS"),
        "{log}"
    );

    assert_code(
        &call(
            &emulator,
            "GetInstance",
            &[("InstanceId", &id), ("ProjectEnv", "DEV")],
        )
        .await,
        codes::INSTANCE_NOT_FOUND,
    );
    assert_code(
        &call(
            &emulator,
            "GetInstanceLog",
            &[("InstanceId", "5"), ("ProjectEnv", "PROD")],
        )
        .await,
        codes::INSTANCE_NOT_FOUND,
    );
    let unknown = call(
        &emulator,
        "RunSmokeTest",
        &[
            ("ProjectEnv", "PROD"),
            ("Bizdate", "2020-05-26 00:00:00"),
            ("Name", "x"),
            ("NodeId", "5"),
        ],
    )
    .await;
    assert_code(&unknown, codes::NODE_NOT_FOUND);
    let bad_date = call(
        &emulator,
        "RunSmokeTest",
        &[
            ("ProjectEnv", "PROD"),
            ("Bizdate", "26/05/2020"),
            ("Name", "x"),
            ("NodeId", &node),
        ],
    )
    .await;
    assert_code(&bad_date, codes::INVALID_PARAMETER);
}

#[tokio::test]
async fn unknown_ids_get_their_not_found_codes() {
    let emulator = emulator().await;
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], codes::Code);
    let cases: &[Case] = &[
        (
            "GetBusiness",
            &[("ProjectId", P), ("BusinessId", "1")],
            codes::BUSINESS_NOT_FOUND,
        ),
        (
            "GetFolder",
            &[("ProjectId", P), ("FolderId", "abc")],
            codes::FOLDER_NOT_FOUND,
        ),
        (
            "DeleteFolder",
            &[("ProjectId", P), ("FolderId", "abc")],
            codes::FOLDER_NOT_FOUND,
        ),
        (
            "GetFile",
            &[("ProjectId", P), ("FileId", "1")],
            codes::FILE_NOT_FOUND,
        ),
        (
            "GetFile",
            &[("ProjectId", P), ("NodeId", "1")],
            codes::NODE_NOT_FOUND,
        ),
        (
            "ListFileVersions",
            &[("ProjectId", P), ("FileId", "1")],
            codes::FILE_NOT_FOUND,
        ),
        (
            "GetFileVersion",
            &[("ProjectId", P), ("FileId", "1"), ("FileVersion", "1")],
            codes::FILE_NOT_FOUND,
        ),
        (
            "DeployFile",
            &[("ProjectId", P), ("NodeId", "1")],
            codes::NODE_NOT_FOUND,
        ),
        (
            "GetDeployment",
            &[("ProjectId", P), ("DeploymentId", "1")],
            codes::DEPLOYMENT_NOT_FOUND,
        ),
        (
            "GetNode",
            &[("NodeId", "1"), ("ProjectEnv", "PROD")],
            codes::NODE_NOT_FOUND,
        ),
        (
            "GetInstance",
            &[("InstanceId", "1"), ("ProjectEnv", "PROD")],
            codes::INSTANCE_NOT_FOUND,
        ),
    ];
    for (action, params, code) in cases {
        let answer = call(&emulator, action, params).await;
        assert_code(&answer, *code);
        assert!(answer.message().starts_with(action), "{}", answer.message());
    }
    let stats = emulator.stats();
    assert_eq!(stats.rejected as usize, cases.len());
    assert_eq!(stats.actions["GetFile"].rejected, 2);
    assert_eq!(stats.rejections["Emulator.FileNotFound"], 3);
    // A deployment of another workspace is not this one's.
    let file = create_file(&emulator, "f", "a", "select 1;").await;
    let deployment = deploy(&emulator, &file).await;
    let elsewhere = call(
        &emulator,
        "GetDeployment",
        &[("ProjectId", "20000"), ("DeploymentId", &deployment)],
    )
    .await;
    assert_code(&elsewhere, codes::DEPLOYMENT_NOT_FOUND);
}

#[tokio::test]
async fn workspaces_are_named_by_id_or_identifier() {
    let seed = Seed::parse(
        "inline",
        "workspaces:\n- ProjectId: 500\n  ProjectIdentifier: dw_project\n  mode: standard\n",
    )
    .unwrap();
    let emulator = Emulator::builder()
        .quotas(false)
        .seed(seed)
        .start()
        .await
        .unwrap();
    let body = ok_call(
        &emulator,
        "CreateFile",
        &[
            ("ProjectIdentifier", "dw_project"),
            ("FileFolderPath", "f"),
            ("FileName", "a"),
            ("FileType", "10"),
            ("InputList", "x"),
        ],
    )
    .await;
    let id = body["Data"].as_i64().unwrap().to_string();
    let got = ok_call(
        &emulator,
        "GetFile",
        &[("ProjectId", "500"), ("FileId", &id)],
    )
    .await;
    assert_eq!(got["Data"]["File"]["FileName"], "a");
    let project = ok_call(&emulator, "GetProject", &[("ProjectId", "500")]).await;
    assert_eq!(project["Data"]["ProjectIdentifier"], "dw_project");
    assert_eq!(project["Data"]["EnvTypes"], json!(["DEV", "PROD"]));
    assert_code(
        &call(&emulator, "GetFile", &[("ProjectId", P), ("FileId", &id)]).await,
        codes::FILE_NOT_FOUND,
    );
}

const SEED: &str = r#"
workspaces:
  - ProjectId: 10000
    ProjectIdentifier: dw_project
    mode: standard
    workflows:
      - BusinessName: sales
        BusinessId: 77
    folders:
      - FolderPath: 业务流程/sales/MaxCompute
        FolderId: f00d
    files:
      - FileFolderPath: 业务流程/sales/MaxCompute
        FileName: ods_orders
        FileId: 88
        FileType: 10
        InputList: dw_project_root
        Content: select * from orders;
        state: deployed
      - FileFolderPath: 业务流程/sales/MaxCompute
        FileName: draft
        FileType: 10
        InputList: dw_project_root
"#;

#[tokio::test]
async fn a_seed_starts_the_state_and_a_reset_returns_to_it() {
    let seed = Seed::parse("seed.yaml", SEED).unwrap();
    let emulator = Emulator::builder()
        .quotas(false)
        .seed(seed)
        .start()
        .await
        .unwrap();
    let file = get_file(&emulator, "88").await;
    assert_eq!(file["File"]["Content"], "select * from orders;");
    assert_eq!(file["File"]["BusinessId"], 77);
    assert_eq!(file["File"]["FileFolderId"], "f00d");
    assert_eq!(
        (
            file["File"]["CommitStatus"].as_i64(),
            file["File"]["CurrentVersion"].as_i64()
        ),
        (Some(1), Some(1))
    );
    let node = file["File"]["NodeId"].as_i64().unwrap().to_string();
    ok_call(
        &emulator,
        "GetNode",
        &[("NodeId", &node), ("ProjectEnv", "PROD")],
    )
    .await;
    ok_call(
        &emulator,
        "GetNode",
        &[("NodeId", &node), ("ProjectEnv", "DEV")],
    )
    .await;
    let listed = ok_call(&emulator, "ListFiles", &[("ProjectId", P)]).await;
    assert_eq!(listed["Data"]["TotalCount"], 2);

    // Change everything, then reset.
    let added = create_file(&emulator, "x", "added", "select 1;").await;
    ok_call(
        &emulator,
        "DeleteFile",
        &[("ProjectId", P), ("FileId", "88")],
    )
    .await;
    ok_call(
        &emulator,
        "UpdateBusiness",
        &[
            ("ProjectId", P),
            ("BusinessId", "77"),
            ("Description", "changed"),
        ],
    )
    .await;
    let dump = support::get_json(emulator.addr(), dataworks_emulator::STATE_PATH).await;
    let files: Vec<&str> = dump["Workspaces"][0]["Files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["FileName"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["draft", "added"]);
    assert_eq!(dump["Workspaces"][0]["Mode"], "standard");
    assert_eq!(dump, emulator.state_dump());

    let reset = support::post_json(emulator.addr(), dataworks_emulator::RESET_PATH).await;
    let files: Vec<&str> = reset["Workspaces"][0]["Files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["FileName"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["ods_orders", "draft"]);
    get_file(&emulator, "88").await;
    assert_code(
        &call(
            &emulator,
            "GetFile",
            &[("ProjectId", P), ("FileId", &added)],
        )
        .await,
        codes::FILE_NOT_FOUND,
    );
    let business = ok_call(
        &emulator,
        "GetBusiness",
        &[("ProjectId", P), ("BusinessId", "77")],
    )
    .await;
    assert!(business["Data"].get("Description").is_none());
    // Ids handed out before the reset are not handed out again.
    let after = create_file(&emulator, "x", "added", "select 1;").await;
    assert!(after.parse::<i64>().unwrap() > added.parse::<i64>().unwrap());
    emulator.reset_state();
    assert_eq!(
        emulator.state_dump()["Workspaces"][0]["Files"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn a_seed_that_does_not_apply_stops_the_start() {
    let twice =
        "workspaces:\n- ProjectId: 1\n  workflows:\n  - BusinessName: a\n  - BusinessName: a\n";
    let err = Emulator::builder()
        .seed(Seed::parse("s.yaml", twice).unwrap())
        .start()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("s.yaml: workspaces[0].workflows[1]: ")
            && err.contains("already has a workflow named `a`"),
        "{err}"
    );
    let ids = "workspaces:\n- ProjectId: 1\n  files:\n  - {FileFolderPath: a, FileName: x, FileType: 10, InputList: i, FileId: 5}\n  - {FileFolderPath: a, FileName: y, FileType: 10, InputList: i, FileId: 5}\n";
    let err = Emulator::builder()
        .seed(Seed::parse("s.yaml", ids).unwrap())
        .start()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("workspaces[0].files[1]") && err.contains("already has file 5"),
        "{err}"
    );
}

#[tokio::test]
async fn without_state_every_operation_answers_its_example() {
    let emulator = Emulator::builder()
        .quotas(false)
        .state(false)
        .start()
        .await
        .unwrap();
    let got = ok_call(&emulator, "GetFile", &[("ProjectId", P), ("FileId", "1")]).await;
    assert_eq!(got["Data"]["File"]["FileName"], "ods_user_info_d");
    let dump = support::get_json(emulator.addr(), dataworks_emulator::STATE_PATH).await;
    assert_eq!(dump, json!({"state": "off"}));
}

/// Many clients create and change at once: every id is distinct, nothing is lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_clients_lose_no_update_and_share_no_id() {
    const CLIENTS: usize = 8;
    const EACH: usize = 12;
    let emulator = std::sync::Arc::new(emulator().await);
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let emulator = emulator.clone();
        tasks.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for i in 0..EACH {
                let name = format!("file_{client}_{i}");
                ids.push(create_file(&emulator, "load", &name, &name).await);
            }
            ids
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        ids.extend(task.await.unwrap());
    }
    let mut distinct = ids.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), CLIENTS * EACH, "an id handed out twice");
    let listed = ok_call(
        &emulator,
        "ListFiles",
        &[("ProjectId", P), ("PageSize", "100")],
    )
    .await;
    assert_eq!(listed["Data"]["TotalCount"], (CLIENTS * EACH) as i64);
    for id in ids.iter().step_by(7) {
        let file = get_file(&emulator, id).await;
        assert_eq!(
            file["File"]["FileName"], file["File"]["Content"],
            "stored as sent"
        );
    }

    // Concurrent submissions of one file: each its own version, none lost.
    let file = ids[0].clone();
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let (emulator, file) = (emulator.clone(), file.clone());
        tasks.push(tokio::spawn(async move {
            let deployment = submit(&emulator, &file).await;
            wait(&emulator, &deployment).await;
            deployment
        }));
    }
    let mut deployments = Vec::new();
    for task in tasks {
        deployments.push(task.await.unwrap());
    }
    deployments.sort_unstable();
    deployments.dedup();
    assert_eq!(deployments.len(), CLIENTS);
    let versions = ok_call(
        &emulator,
        "ListFileVersions",
        &[("ProjectId", P), ("FileId", &file), ("PageSize", "100")],
    )
    .await;
    let mut numbers: Vec<i64> = versions["Data"]["FileVersions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["FileVersion"].as_i64().unwrap())
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=CLIENTS as i64).collect::<Vec<_>>());
    assert_eq!(
        get_file(&emulator, &file).await["File"]["CurrentVersion"],
        CLIENTS as i64
    );
}
