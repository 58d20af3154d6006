//! Every answer is shaped as the service sends it: all 202 operations, called with
//! parameters that pass the checks, decode with the strict decoder derived from the
//! spec (`support::strict`: arrays are arrays, integers integers, no unknown member,
//! the success envelope without `ErrorCode`/`ErrorMessage`). The documented examples
//! as written (what the emulator used to send) do not.

mod support;

use dataworks_emulator::Emulator;
use dataworks_public::catalog;
use support::{call, completed, pairs, strict, valid_params};

/// Calls every operation once and returns the problems of each answer that does not
/// decode strictly (or is not a 200).
async fn problems_of_every_answer(emulator: &Emulator) -> Vec<String> {
    let mut failures = Vec::new();
    for op in catalog::OPERATIONS {
        let params = valid_params(op);
        let answer = call(emulator, op.name, &pairs(&params)).await;
        if answer.status != 200 {
            failures.push(format!(
                "{}: status {}: {}",
                op.name, answer.status, answer.text
            ));
            continue;
        }
        let problems = strict::success_problems(op.name, &answer.body);
        if !problems.is_empty() {
            failures.push(format!("{}:\n    {}", op.name, problems.join("\n    ")));
        }
    }
    failures
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_of_the_202_operations_decodes_strictly() {
    let emulator = Emulator::builder()
        .quotas(false)
        .state(false)
        .start()
        .await
        .unwrap();
    assert_eq!(catalog::OPERATIONS.len(), strict::operations().len());
    assert_eq!(catalog::OPERATIONS.len(), 202);
    let failures = problems_of_every_answer(&emulator).await;
    assert!(
        failures.is_empty(),
        "{} of 202 answers do not decode strictly:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(emulator.stats().accepted, 202);
}

/// The operations answered from the DataStudio state (`tests/studio.rs` decodes
/// their answers strictly).
const FAMILY: &[&str] = &[
    "CreateBusiness",
    "UpdateBusiness",
    "GetBusiness",
    "ListBusiness",
    "DeleteBusiness",
    "CreateFolder",
    "UpdateFolder",
    "GetFolder",
    "ListFolders",
    "DeleteFolder",
    "CreateFile",
    "UpdateFile",
    "GetFile",
    "ListFiles",
    "ListFileVersions",
    "GetFileVersion",
    "DeleteFile",
    "SubmitFile",
    "DeployFile",
    "GetDeployment",
    "GetNode",
    "ListNodes",
    "RunSmokeTest",
    "ListInstances",
    "GetInstance",
    "GetInstanceLog",
    "GetProject",
];

/// With the DataStudio state on (the default), every operation outside the family
/// answers exactly as without it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_outside_the_datastudio_family_are_the_same_with_state_on() {
    let on = Emulator::builder().quotas(false).start().await.unwrap();
    let off = Emulator::builder()
        .quotas(false)
        .state(false)
        .start()
        .await
        .unwrap();
    let strip = |mut v: serde_json::Value| {
        v.as_object_mut().unwrap().remove("RequestId");
        v
    };
    let mut compared = 0;
    for op in catalog::OPERATIONS
        .iter()
        .filter(|op| !FAMILY.contains(&op.name))
    {
        let params = valid_params(op);
        let a = call(&on, op.name, &pairs(&params)).await;
        let b = call(&off, op.name, &pairs(&params)).await;
        assert_eq!((a.status, b.status), (200, 200), "{}: {}", op.name, a.text);
        assert_eq!(strip(a.body), strip(b.body), "{}", op.name);
        compared += 1;
    }
    assert_eq!(compared, 202 - FAMILY.len());
}

/// The negative control: the documented examples as the documentation writes them
/// (what the emulator answered before, with a fresh `RequestId`) fail the strict
/// decoder, among them the operations a user found undecodable with the official SDK.
#[test]
fn the_documented_examples_as_written_do_not_decode_strictly() {
    let mut failing = Vec::new();
    for op in catalog::OPERATIONS {
        let Some(text) = op.response_example else {
            continue;
        };
        let mut body: serde_json::Value = serde_json::from_str(text).unwrap();
        if let Some(object) = body.as_object_mut() {
            object.insert("RequestId".into(), "ID".into());
        }
        if !strict::success_problems(op.name, &body).is_empty() {
            failing.push(op.name);
        }
    }
    for name in [
        "GetDeployment",
        "GetFile",
        "ListDags",
        "GetMetaTableColumn",
        "ListResourceGroups",
        "ListProjectMembers",
        "GetMigrationProcess",
        "TopTenErrorTimesInstance",
    ] {
        assert!(failing.contains(&name), "{name} decodes as written");
    }
    println!(
        "{} of 202 documented examples fail the strict decoder",
        failing.len()
    );
    assert!(failing.len() > 100, "{}", failing.len());
}

/// An SDK's smoke test of every operation (another SDK's, say): each called with its
/// documented request example (completed where the documentation's example leaves out a
/// required parameter or every member of a one-of group, as 13 of them do), against an
/// emulator with its default settings (the DataStudio state on). The examples name
/// objects nobody created here; they answer with the documented example, as with the
/// state off, and decode strictly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_documented_example_calls_answer_with_the_state_on() {
    let emulator = Emulator::builder().quotas(false).start().await.unwrap();
    let mut failures = Vec::new();
    let mut with_example = 0;
    for op in catalog::OPERATIONS {
        let example: Vec<(String, String)> = op
            .request_example
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        if !example.is_empty() {
            with_example += 1;
        }
        let params = completed(op, example);
        let answer = call(&emulator, op.name, &pairs(&params)).await;
        if answer.status != 200 {
            failures.push(format!(
                "{}: status {}: {}",
                op.name, answer.status, answer.text
            ));
            continue;
        }
        let problems = strict::success_problems(op.name, &answer.body);
        if !problems.is_empty() {
            failures.push(format!("{}:\n    {}", op.name, problems.join("\n    ")));
        }
    }
    assert!(with_example > 190, "{with_example} documented examples");
    assert!(
        failures.is_empty(),
        "{} documented example calls fail with the state on:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The fallback is the documentation's own example only: the same call with another
/// id is the unknown id it is.
#[tokio::test]
async fn an_unknown_id_that_is_not_the_documented_example_is_not_found() {
    let emulator = Emulator::builder().quotas(false).start().await.unwrap();
    let op = catalog::find("GetFile").expect("GetFile");
    assert!(
        !op.request_example.is_empty(),
        "GetFile has a documented example"
    );
    let example: Vec<(String, String)> = op
        .request_example
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    assert_eq!(
        call(&emulator, "GetFile", &pairs(&example)).await.status,
        200
    );
    let other: Vec<(String, String)> = example
        .into_iter()
        .map(|(n, v)| {
            if n == "FileId" {
                (n, "424242".to_owned())
            } else {
                (n, v)
            }
        })
        .collect();
    let answer = call(&emulator, "GetFile", &pairs(&other)).await;
    assert_eq!(
        (answer.status, answer.code()),
        (404, "Emulator.FileNotFound"),
        "{}",
        answer.text
    );
}
