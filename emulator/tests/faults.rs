//! Fault injection over loopback: scripted error answers (service-shaped JSON with the
//! given status and code), raw non-JSON answers, dropped connections, delays, a
//! persistent latency per action; scripts consumed one per call in order, then normal
//! answers; other actions untouched; `pending_faults`, `clear_faults`, the `faulted`
//! count; faults given to the builder; and that only calls passing the checks meet a
//! fault, before quotas are counted.

mod support;

use std::time::{Duration, Instant};

use dataworks_emulator::codes::{self, Code};
use dataworks_emulator::{Emulator, Fault};
use dataworks_runtime::HttpRequest;
use dataworks_runtime::SignatureVersion::{V1, V3};
use support::{send, signed, try_send, Answer, KEY};

const DEPLOYMENT: &[(&str, &str)] = &[("ProjectId", "10000"), ("DeploymentId", "5")];
const FOLDER: &[(&str, &str)] = &[("ProjectId", "10000"), ("FolderPath", "Business")];

fn deployment(emulator: &Emulator) -> HttpRequest {
    signed(emulator.endpoint(), V3, KEY, "GetDeployment", DEPLOYMENT)
}

fn folder(emulator: &Emulator) -> HttpRequest {
    signed(emulator.endpoint(), V1, KEY, "GetFolder", FOLDER)
}

/// Sends `request` and measures how long the answer took.
async fn timed(emulator: &Emulator, request: &HttpRequest) -> (Answer, Duration) {
    let started = Instant::now();
    let answer = send(emulator.addr(), request).await;
    (answer, started.elapsed())
}

const SERVICE_UNAVAILABLE: Code = Code {
    status: 503,
    code: "ServiceUnavailable",
    when: "",
};

#[tokio::test]
async fn a_scripted_error_answers_with_its_status_and_code() {
    let emulator = Emulator::builder().state(false).start().await.unwrap();
    emulator.fault("GetDeployment", [Fault::error(503, "ServiceUnavailable")]);
    let answer = send(emulator.addr(), &deployment(&emulator)).await;
    answer.assert_error(SERVICE_UNAVAILABLE, &["injected fault: ServiceUnavailable"]);

    emulator.fault(
        "GetDeployment",
        [Fault::Error {
            status: 403,
            code: "Forbidden.Access".to_owned(),
            message: "no permission on project 10000".to_owned(),
        }],
    );
    let answer = send(emulator.addr(), &deployment(&emulator)).await;
    answer.assert_error(
        Code {
            status: 403,
            code: "Forbidden.Access",
            when: "",
        },
        &[],
    );
    assert_eq!(answer.message(), "no permission on project 10000");

    send(emulator.addr(), &deployment(&emulator))
        .await
        .assert_ok();
    let stats = emulator.stats();
    assert_eq!((stats.faulted, stats.accepted, stats.rejected), (2, 1, 0));
    assert_eq!(stats.actions["GetDeployment"].faulted, 2);
    assert!(
        stats.rejections.is_empty(),
        "a fault is not a rejection: {stats:?}"
    );
}

#[tokio::test]
async fn a_raw_fault_answers_with_exactly_its_body() {
    let emulator = Emulator::builder().state(false).start().await.unwrap();
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    emulator.fault(
        "GetDeployment",
        [Fault::raw(502, page), "raw:504".parse().unwrap()],
    );
    let answer = send(emulator.addr(), &deployment(&emulator)).await;
    assert_eq!(answer.status, 502);
    assert_eq!(answer.text, page);
    assert!(answer.body.is_null(), "not JSON: {}", answer.text);
    assert_eq!(answer.header("content-type"), Some("text/html"));

    let answer = send(emulator.addr(), &deployment(&emulator)).await;
    assert_eq!(answer.status, 504);
    assert!(
        answer.text.starts_with("<html>") && answer.text.contains("504"),
        "{}",
        answer.text
    );
    assert!(answer.body.is_null());
    assert_eq!(emulator.stats().faulted, 2);
}

#[tokio::test]
async fn a_dropped_call_closes_the_connection_without_an_answer() {
    let emulator = Emulator::builder().state(false).start().await.unwrap();
    emulator.fault("GetDeployment", [Fault::Drop]);
    let started = Instant::now();
    let error = try_send(emulator.addr(), &deployment(&emulator))
        .await
        .expect_err("a dropped call gets no answer");
    assert!(
        error.is_incomplete_message() || error.is_closed(),
        "expected the connection closed before an answer, got: {error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the drop was not prompt"
    );
    assert_eq!(emulator.stats().faulted, 1);
    assert_eq!(emulator.stats().actions["GetDeployment"].faulted, 1);
    // The emulator goes on serving.
    send(emulator.addr(), &deployment(&emulator))
        .await
        .assert_ok();
}

#[tokio::test]
async fn a_delay_fault_answers_normally_after_the_delay() {
    let emulator = Emulator::builder().state(false).start().await.unwrap();
    emulator.fault("GetDeployment", [Fault::Delay(Duration::from_millis(300))]);
    let (answer, took) = timed(&emulator, &deployment(&emulator)).await;
    answer.assert_ok();
    assert!(
        took >= Duration::from_millis(300),
        "answered after {took:?}"
    );
    assert!(took < Duration::from_secs(3), "answered after {took:?}");
    // A delayed call is answered normally, so it counts as accepted.
    let stats = emulator.stats();
    assert_eq!((stats.accepted, stats.faulted), (1, 0));
    assert_eq!(emulator.pending_faults("GetDeployment"), 0);
}

#[tokio::test]
async fn a_latency_applies_to_every_call_of_its_action_until_removed() {
    let latency = Duration::from_millis(250);
    let emulator = Emulator::builder().state(false).start().await.unwrap();
    emulator.latency("GetDeployment", latency);
    for _ in 0..2 {
        let (answer, took) = timed(&emulator, &deployment(&emulator)).await;
        answer.assert_ok();
        assert!(took >= latency, "answered after {took:?}");
        assert!(took < Duration::from_secs(3), "answered after {took:?}");
    }
    // Other actions are not slowed down.
    let (answer, took) = timed(&emulator, &folder(&emulator)).await;
    answer.assert_ok();
    assert!(took < latency, "GetFolder took {took:?}");
    // A latency is no scripted fault.
    assert_eq!(emulator.pending_faults("GetDeployment"), 0);

    emulator.latency("GetDeployment", Duration::ZERO);
    let (answer, took) = timed(&emulator, &deployment(&emulator)).await;
    answer.assert_ok();
    assert!(
        took < latency,
        "answered after {took:?} with the latency removed"
    );
    assert_eq!(emulator.stats().faulted, 0);
}

#[tokio::test]
async fn scripts_are_consumed_in_order_then_calls_are_answered_normally() {
    let emulator = Emulator::builder().state(false).start().await.unwrap();
    emulator.fault(
        "GetDeployment",
        [
            Fault::error(503, "ServiceUnavailable"),
            Fault::raw(502, "<html>bad gateway</html>"),
        ],
    );
    // A second script for the action is appended to the first.
    emulator.fault(
        "GetDeployment",
        [Fault::Drop, Fault::Delay(Duration::from_millis(100))],
    );
    assert_eq!(emulator.pending_faults("GetDeployment"), 4);

    send(emulator.addr(), &deployment(&emulator))
        .await
        .assert_error(SERVICE_UNAVAILABLE, &[]);
    assert_eq!(emulator.pending_faults("GetDeployment"), 3);

    let answer = send(emulator.addr(), &deployment(&emulator)).await;
    assert_eq!(
        (answer.status, answer.text.as_str()),
        (502, "<html>bad gateway</html>")
    );
    assert_eq!(emulator.pending_faults("GetDeployment"), 2);

    assert!(try_send(emulator.addr(), &deployment(&emulator))
        .await
        .is_err());
    assert_eq!(emulator.pending_faults("GetDeployment"), 1);

    let (answer, took) = timed(&emulator, &deployment(&emulator)).await;
    answer.assert_ok();
    assert!(
        took >= Duration::from_millis(100),
        "answered after {took:?}"
    );
    assert_eq!(emulator.pending_faults("GetDeployment"), 0);

    for _ in 0..2 {
        send(emulator.addr(), &deployment(&emulator))
            .await
            .assert_ok();
    }
    let stats = emulator.stats();
    assert_eq!((stats.faulted, stats.accepted), (3, 3));
    assert_eq!(stats.actions["GetDeployment"].faulted, 3);
}

#[tokio::test]
async fn other_actions_are_unaffected_by_a_script() {
    let emulator = Emulator::builder().state(false).start().await.unwrap();
    emulator.fault("GetDeployment", [Fault::error(500, "InternalError.System")]);
    for _ in 0..3 {
        send(emulator.addr(), &folder(&emulator)).await.assert_ok();
    }
    assert_eq!(emulator.pending_faults("GetDeployment"), 1);
    assert_eq!(emulator.pending_faults("GetFolder"), 0);
    assert_eq!(emulator.pending_faults("NoSuchOperation"), 0);
    let answer = send(emulator.addr(), &deployment(&emulator)).await;
    assert_eq!(
        (answer.status, answer.code()),
        (500, "InternalError.System"),
        "{}",
        answer.text
    );
    assert_eq!(emulator.stats().actions["GetFolder"].faulted, 0);
}

#[tokio::test]
async fn clear_faults_forgets_scripts_and_latencies() {
    let emulator = Emulator::builder().state(false).start().await.unwrap();
    emulator.fault("GetDeployment", [Fault::Drop, Fault::Drop, Fault::Drop]);
    emulator.fault("GetFolder", [Fault::error(503, "ServiceUnavailable")]);
    emulator.latency("GetDeployment", Duration::from_secs(2));
    assert_eq!(emulator.pending_faults("GetDeployment"), 3);
    emulator.clear_faults();
    assert_eq!(emulator.pending_faults("GetDeployment"), 0);
    assert_eq!(emulator.pending_faults("GetFolder"), 0);
    let (answer, took) = timed(&emulator, &deployment(&emulator)).await;
    answer.assert_ok();
    assert!(
        took < Duration::from_secs(1),
        "the latency is gone, answered after {took:?}"
    );
    send(emulator.addr(), &folder(&emulator)).await.assert_ok();
    assert_eq!(emulator.stats().faulted, 0);
}

#[tokio::test]
async fn faults_and_latencies_can_be_given_to_the_builder() {
    let emulator = Emulator::builder()
        .state(false)
        .fault(
            "GetDeployment",
            [Fault::error(500, "InternalError.System"), Fault::Drop],
        )
        .latency("GetFolder", Duration::from_millis(200))
        .start()
        .await
        .unwrap();
    assert_eq!(emulator.pending_faults("GetDeployment"), 2);
    let answer = send(emulator.addr(), &deployment(&emulator)).await;
    answer.assert_error(
        Code {
            status: 500,
            code: "InternalError.System",
            when: "",
        },
        &["InternalError.System"],
    );
    assert!(try_send(emulator.addr(), &deployment(&emulator))
        .await
        .is_err());
    send(emulator.addr(), &deployment(&emulator))
        .await
        .assert_ok();
    let (answer, took) = timed(&emulator, &folder(&emulator)).await;
    answer.assert_ok();
    assert!(
        took >= Duration::from_millis(200),
        "answered after {took:?}"
    );
    assert_eq!(emulator.stats().faulted, 2);
}

#[tokio::test]
async fn only_calls_that_pass_the_checks_meet_a_fault() {
    let emulator = Emulator::builder().state(false).start().await.unwrap();
    emulator.fault("GetDeployment", [Fault::error(503, "ServiceUnavailable")]);
    // A missing parameter, a bad signature and a replayed nonce are refused as usual
    // and leave the script alone.
    let request = signed(
        emulator.endpoint(),
        V3,
        KEY,
        "GetDeployment",
        &[("ProjectId", "1")],
    );
    send(emulator.addr(), &request)
        .await
        .assert_error(codes::MISSING_PARAMETER, &["`DeploymentId`"]);
    let request = signed(
        emulator.endpoint(),
        V3,
        ("testid", "bad"),
        "GetDeployment",
        DEPLOYMENT,
    );
    send(emulator.addr(), &request)
        .await
        .assert_error(codes::SIGNATURE_DOES_NOT_MATCH, &[]);
    assert_eq!(emulator.pending_faults("GetDeployment"), 1);

    let request = deployment(&emulator);
    send(emulator.addr(), &request)
        .await
        .assert_error(SERVICE_UNAVAILABLE, &[]);
    send(emulator.addr(), &request)
        .await
        .assert_error(codes::SIGNATURE_NONCE_USED, &[]);
    let stats = emulator.stats();
    assert_eq!((stats.faulted, stats.rejected, stats.accepted), (1, 3, 0));
}

#[tokio::test]
async fn faulted_calls_do_not_use_the_quota() {
    let tier = dataworks_public::catalog::find("GetDeployment")
        .unwrap()
        .tier
        .expect("GetDeployment has a QPS level");
    let emulator = Emulator::builder()
        .state(false)
        .qps(tier, 1)
        .start()
        .await
        .unwrap();
    emulator.fault(
        "GetDeployment",
        [
            Fault::error(503, "ServiceUnavailable"),
            Fault::raw(502, "x"),
        ],
    );
    send(emulator.addr(), &deployment(&emulator))
        .await
        .assert_error(SERVICE_UNAVAILABLE, &[]);
    assert_eq!(
        send(emulator.addr(), &deployment(&emulator)).await.status,
        502
    );
    send(emulator.addr(), &deployment(&emulator))
        .await
        .assert_ok();
    send(emulator.addr(), &deployment(&emulator))
        .await
        .assert_error(codes::THROTTLING_USER, &["1 calls per second"]);
    let stats = emulator.stats();
    assert_eq!((stats.faulted, stats.accepted, stats.throttled), (2, 1, 1));
}

/// Calls are counted when they arrive, so a call whose client gave up while it was
/// being answered (here: during its latency) is counted, as received and abandoned,
/// and every attempt of a client's retries shows on the emulator's side.
#[tokio::test]
async fn calls_are_counted_at_arrival_even_when_the_client_gives_up() {
    let emulator = Emulator::builder().state(false).start().await.unwrap();
    emulator.latency("GetFolder", Duration::from_secs(30));
    let request = folder(&emulator);
    // The client gives up after 100 ms and closes its connection.
    let gave_up = tokio::time::timeout(
        Duration::from_millis(100),
        try_send(emulator.addr(), &request),
    )
    .await;
    assert!(gave_up.is_err(), "answered despite the latency");
    let deadline = Instant::now() + Duration::from_secs(10);
    while emulator.stats().abandoned == 0 {
        assert!(Instant::now() < deadline, "{:?}", emulator.stats());
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // The next attempts: one meets a scripted error, one is answered.
    emulator.latency("GetFolder", Duration::ZERO);
    emulator.fault("GetFolder", [Fault::error(503, "ServiceUnavailable")]);
    assert_eq!(send(emulator.addr(), &folder(&emulator)).await.status, 503);
    send(emulator.addr(), &folder(&emulator)).await.assert_ok();
    let stats = emulator.stats();
    let counts = stats.actions["GetFolder"];
    assert_eq!(
        (
            counts.received,
            counts.abandoned,
            counts.faulted,
            counts.accepted
        ),
        (3, 1, 1, 1),
        "{stats:?}"
    );
    assert_eq!((stats.received, stats.abandoned), (3, 1));
    // A request to no path is received and rejected: the counts add up.
    let lost = support::send_http(emulator.addr(), "GET", "/nope", &[], Vec::new())
        .await
        .unwrap();
    assert_eq!(lost.status, 404);
    let stats = emulator.stats();
    assert_eq!(stats.received, 4);
    assert_eq!(
        stats.received,
        stats.accepted + stats.throttled + stats.rejected + stats.faulted + stats.abandoned
    );
}
