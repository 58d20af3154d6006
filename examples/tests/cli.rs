//! The example programs' command lines and environment, without the network: what each
//! program runs with, and what it rejects (with its usage, exit code 2).

use dataworks_examples::{
    deploy_and_wait, file_workflow, help_text, paginate_files, parse_args, parse_id, shared_quota,
    typed_errors, Cli, Command, Target, UsageError, DEFAULT_REGION, ENVIRONMENT_HELP,
    USAGE_EXIT_CODE,
};
use dataworks_public::Edition;

/// The arguments `args` run the program with; fails the test on a usage error or help.
fn run<T: Cli + std::fmt::Debug>(args: &[&str]) -> T {
    match parse_args::<T, _>(args.iter().copied()) {
        Ok(Command::Run(parsed)) => parsed,
        other => panic!("{args:?} should run, got {other:?}"),
    }
}

/// The usage error `args` give; fails the test if they run or ask for help.
fn reject<T: Cli + std::fmt::Debug>(args: &[&str]) -> UsageError {
    match parse_args::<T, _>(args.iter().copied()) {
        Err(e) => e,
        other => panic!("{args:?} should be rejected, got {other:?}"),
    }
}

/// `args` are rejected with a message containing `needle`, printed before the usage.
fn assert_rejected<T: Cli + std::fmt::Debug>(args: &[&str], needle: &str) {
    let e = reject::<T>(args);
    assert!(
        e.message.contains(needle),
        "{args:?}: message {:?} should mention {needle:?}",
        e.message
    );
    assert_eq!(e.usage, T::USAGE);
    let printed = e.to_string();
    assert!(printed.starts_with("error: "), "{printed}");
    assert!(
        printed.ends_with(T::USAGE),
        "the usage follows the message: {printed}"
    );
}

/// `-h` and `--help` win wherever they are, even next to bad arguments.
fn assert_help<T: Cli + std::fmt::Debug + PartialEq>() {
    for args in [
        &["-h"][..],
        &["--help"],
        &["1", "2", "--help"],
        &["x", "-h", "y"],
    ] {
        assert_eq!(
            parse_args::<T, _>(args.iter().copied()),
            Ok(Command::Help),
            "{args:?}"
        );
    }
    let help = help_text::<T>();
    assert!(help.starts_with(T::USAGE) && help.ends_with(ENVIRONMENT_HELP));
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(USAGE_EXIT_CODE, 2);
}

#[test]
fn ids_are_positive_integers() {
    assert_eq!(parse_id("file id", "10000001"), Ok(10000001));
    assert_eq!(parse_id("file id", " 7 "), Ok(7));
    for bad in ["", "0", "-3", "1.5", "abc", "99999999999999999999"] {
        let e = parse_id("file id", bad).expect_err(bad);
        assert!(
            e.contains("file id") && e.contains(&format!("{bad:?}")),
            "{e}"
        );
    }
}

#[test]
fn deploy_and_wait_takes_a_project_and_a_file() {
    assert_eq!(
        run::<deploy_and_wait::Args>(&["10000", "10000001"]),
        deploy_and_wait::Args {
            project_id: 10000,
            file_id: 10000001,
        }
    );
    assert_help::<deploy_and_wait::Args>();
    assert!(deploy_and_wait::Args::USAGE.starts_with("usage: deploy_and_wait PROJECT_ID FILE_ID"));
}

#[test]
fn deploy_and_wait_rejects_bad_arguments() {
    type A = deploy_and_wait::Args;
    assert_rejected::<A>(&[], "expected a project id and a file id, got 0");
    assert_rejected::<A>(&["10000"], "got 1");
    assert_rejected::<A>(&["1", "2", "3"], "got 3");
    assert_rejected::<A>(
        &["abc", "10000001"],
        "project id must be a positive integer",
    );
    assert_rejected::<A>(
        &["10000", "0"],
        "file id must be a positive integer, not \"0\"",
    );
    assert_rejected::<A>(&["10000", "-5"], "unknown option \"-5\"");
    assert_rejected::<A>(&["--wait", "1", "2"], "unknown option \"--wait\"");
}

#[test]
fn paginate_files_defaults() {
    assert_eq!(
        run::<paginate_files::Args>(&["10000"]),
        paginate_files::Args {
            project_id: 10000,
            keyword: None,
            folder: None,
            page_size: paginate_files::DEFAULT_PAGE_SIZE,
            max_pages: paginate_files::DEFAULT_MAX_PAGES,
            by_page: false,
        }
    );
    assert_help::<paginate_files::Args>();
}

#[test]
fn paginate_files_options_in_both_forms_and_any_order() {
    let expected = paginate_files::Args {
        project_id: 10000,
        keyword: Some("ods".to_owned()),
        folder: Some("业务流程/flow a/MaxCompute".to_owned()),
        page_size: 100,
        max_pages: 3,
        by_page: true,
    };
    let spaced = [
        "--keyword",
        "ods",
        "10000",
        "--folder",
        "业务流程/flow a/MaxCompute",
        "--page-size",
        "100",
        "--max-pages",
        "3",
        "--pages",
    ];
    assert_eq!(run::<paginate_files::Args>(&spaced), expected);
    let inline = [
        "--pages",
        "--max-pages=3",
        "--page-size=100",
        "10000",
        "--folder=业务流程/flow a/MaxCompute",
        "--keyword=ods",
    ];
    assert_eq!(run::<paginate_files::Args>(&inline), expected);
    // Only the first `=` separates; the value keeps the rest.
    let args = run::<paginate_files::Args>(&["1", "--keyword=a=b"]);
    assert_eq!(args.keyword.as_deref(), Some("a=b"));
}

#[test]
fn paginate_files_rejects_bad_arguments() {
    type A = paginate_files::Args;
    assert_rejected::<A>(&[], "expected a project id");
    assert_rejected::<A>(&["--keyword", "ods"], "expected a project id");
    assert_rejected::<A>(&["x1"], "project id must be a positive integer");
    assert_rejected::<A>(&["1", "2"], "unexpected argument \"2\"");
    assert_rejected::<A>(&["1", "--keyword"], "--keyword needs a value");
    assert_rejected::<A>(&["1", "--owner", "me"], "unknown option \"--owner\"");
    assert_rejected::<A>(&["1", "--pages=yes"], "--pages takes no value");
    assert_rejected::<A>(
        &["1", "--max-pages", "0"],
        "--max-pages must be a positive integer",
    );
    for size in ["0", "101", "-1", "ten"] {
        assert_rejected::<A>(
            &["1", "--page-size", size],
            &format!("the page size must be 1 to 100, not {size:?}"),
        );
    }
}

#[test]
fn typed_errors_takes_a_project_and_a_deployment() {
    assert_eq!(
        run::<typed_errors::Args>(&["10000", "3000001"]),
        typed_errors::Args {
            project_id: 10000,
            deployment_id: 3000001,
        }
    );
    assert_help::<typed_errors::Args>();
    type A = typed_errors::Args;
    assert_rejected::<A>(
        &["10000"],
        "expected a project id and a deployment id, got 1",
    );
    assert_rejected::<A>(
        &["10000", "3e6"],
        "deployment id must be a positive integer",
    );
}

#[test]
fn shared_quota_takes_a_project_the_redis_and_the_account() {
    type A = shared_quota::Args;
    assert_eq!(
        run::<A>(&[
            "10000",
            "--redis",
            "redis://10.0.0.5:6379/",
            "--account=1234567890"
        ]),
        A {
            project_id: 10000,
            redis: "redis://10.0.0.5:6379/".into(),
            account: "1234567890".into(),
            calls: shared_quota::DEFAULT_CALLS,
            fail_closed: false,
            edition: None,
        }
    );
    let all = run::<A>(&[
        "--fail-closed",
        "--edition",
        "flagship",
        "10000",
        "--calls",
        "20",
        "--redis=r",
        "--account",
        "1",
    ]);
    assert!(all.fail_closed);
    assert_eq!((all.calls, all.edition), (20, Some(Edition::Flagship)));
    assert_help::<A>();
    assert_rejected::<A>(&["10000", "--account", "1"], "--redis is required");
    assert_rejected::<A>(&["10000", "--redis", "r"], "--account is required");
    assert_rejected::<A>(
        &["10000", "--redis", "r", "--account", " "],
        "--account is required",
    );
    assert_rejected::<A>(&["--redis", "r", "--account", "1"], "expected a project id");
    assert_rejected::<A>(
        &["1", "--redis", "r", "--account", "1", "--calls", "0"],
        "--calls must be a positive integer",
    );
    assert_rejected::<A>(
        &["1", "--redis", "r", "--account", "1", "--edition", "basic"],
        "--edition must be one of enterprise, flagship",
    );
    assert_rejected::<A>(
        &["1", "--redis", "r", "--account", "1", "--fail-closed=yes"],
        "--fail-closed takes no value",
    );
    assert_rejected::<A>(&["1", "--redis"], "--redis needs a value");
}

#[test]
fn target_from_the_environment() {
    let env = |vars: &'static [(&'static str, &'static str)]| {
        Target::from_lookup(move |name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    };
    assert_eq!(
        env(&[]),
        Target {
            region: DEFAULT_REGION.to_owned(),
            endpoint: None,
        }
    );
    assert_eq!(DEFAULT_REGION, "cn-shanghai");
    // Blank values count as unset.
    assert_eq!(
        env(&[("DATAWORKS_REGION", " "), ("DATAWORKS_ENDPOINT", "")]),
        env(&[])
    );
    assert_eq!(
        env(&[
            ("DATAWORKS_REGION", "cn-hangzhou"),
            ("DATAWORKS_ENDPOINT", "http://127.0.0.1:8080"),
        ]),
        Target {
            region: "cn-hangzhou".to_owned(),
            endpoint: Some("http://127.0.0.1:8080".to_owned()),
        }
    );
}

#[test]
fn target_builds_the_client_without_sending() {
    let regional = Target {
        region: "cn-hangzhou".to_owned(),
        endpoint: None,
    };
    let client = regional.client().expect("a valid region");
    assert_eq!(client.region(), "cn-hangzhou");
    let endpoint = client
        .endpoint_for(&dataworks_public::ENDPOINTS)
        .expect("the region's endpoint");
    assert!(endpoint.to_string().contains("cn-hangzhou"), "{endpoint}");

    let local = Target {
        region: "cn-shanghai".to_owned(),
        endpoint: Some("http://127.0.0.1:8080".to_owned()),
    };
    let client = local.client().expect("a valid endpoint");
    assert!(client
        .endpoint()
        .expect("given")
        .to_string()
        .starts_with("http://127.0.0.1:8080"));

    let broken = Target {
        region: "cn-shanghai".to_owned(),
        endpoint: Some("not a url".to_owned()),
    };
    assert!(
        broken.client().is_err(),
        "an invalid endpoint is a configuration error"
    );
}

#[test]
fn file_workflow_takes_a_project_and_a_file_name() {
    let args = run::<file_workflow::Args>(&["10000", "probe"]);
    assert_eq!(
        args,
        file_workflow::Args {
            project_id: 10000,
            file_name: "probe".into(),
            folder: file_workflow::FOLDER.into(),
        }
    );
    let generated = run::<file_workflow::Args>(&["7"]);
    assert_eq!(generated.project_id, 7);
    assert!(
        generated.file_name.starts_with("probe_sql_"),
        "{}",
        generated.file_name
    );
    assert_rejected::<file_workflow::Args>(&[], "expected a project id");
    assert_rejected::<file_workflow::Args>(&["1", "a", "b"], "got 3 argument(s)");
    assert_rejected::<file_workflow::Args>(&["x"], "project id");
    assert_rejected::<file_workflow::Args>(&["1", " "], "must not be blank");
    assert_rejected::<file_workflow::Args>(&["1", "--fast"], "unknown option");
    assert_help::<file_workflow::Args>();
}
