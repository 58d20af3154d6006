//! `shared_quota` run as two processes of a fleet would run it (two clients, each
//! with its own AccessKey of one account), against the emulator and a real
//! `redis-server`: both runs' calls are counted once in the account's usage, the
//! emulator accepts every call, and its documented `TotalCount` comes back.

use dataworks_emulator::Emulator;
use dataworks_examples::shared_quota::{self, Args};
use dataworks_examples::Target;
use dataworks_public::Credentials;
use dataworks_public::Edition;
use dwgen_tests::redis_server::RedisServer;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_count_against_one_account() {
    let Some(redis) = RedisServer::start_or_skip() else {
        return;
    };
    let emulator = Emulator::builder()
        .account_key("key-a", "secret-a", "1234567890")
        .account_key("key-b", "secret-b", "1234567890")
        .start()
        .await
        .expect("emulator");
    let target = Target {
        region: "cn-shanghai".into(),
        endpoint: Some(emulator.endpoint().to_owned()),
    };
    let args = Args {
        project_id: 10000,
        redis: redis.url(),
        account: "1234567890".into(),
        calls: 3,
        fail_closed: true,
        edition: Some(Edition::Enterprise),
    };
    let mut reports = Vec::new();
    for (id, secret) in [("key-a", "secret-a"), ("key-b", "secret-b")] {
        let builder = target
            .client_builder()
            .credentials(Credentials::new(id, secret));
        let client = shared_quota::client(builder, &args)
            .expect("a valid Redis URL")
            .build()
            .expect("client");
        reports.push(shared_quota::run(&client, &args).await.expect("the run"));
    }
    assert_eq!(reports[0].usage.calls, 3);
    assert_eq!(
        reports[1].usage.calls, 6,
        "both runs count against the account"
    );
    assert_eq!(emulator.stats().accounts["1234567890"].accepted, 6);
    assert!(reports[1].total_files.is_some());
    let line = reports[1].usage.to_string();
    assert!(line.starts_with("6 calls in "), "{line}");
    assert!(
        line.contains("for account 1234567890 in cn-shanghai"),
        "{line}"
    );
    assert!(line.contains("about 0.00 USD"), "{line}");
}
