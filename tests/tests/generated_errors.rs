//! Behaviour of the generated crate's error classification and operation metadata
//! (`src/error.rs`, `src/operation.rs` and the per-operation error enums and
//! `Operation` impls), checked against the facts of the checked-in spec.

use dataworks_public::data_development::{DeployFileError, DeployFileRequest};
use dataworks_public::operation::find;
use dataworks_public::runtime::{RequestId, Tier, TierLimit};
use dataworks_public::{
    Category, CommonError, ErrorMeta, FromErrorMeta, Operation, QpsTier, ServiceError, OPERATIONS,
};

fn meta(status: u16, code: &str, message: &str, request_id: Option<&str>) -> ErrorMeta {
    ErrorMeta::new(status, code, message, request_id.map(str::to_owned))
}

#[test]
fn a_documented_code_gives_its_variant_with_the_docs_text() {
    let m = meta(
        500,
        "InternalError.UserId.Missing",
        "An internal system error occurred.",
        Some("REQ-1"),
    );
    let e = DeployFileError::from_meta(m.clone());
    assert_eq!(e, DeployFileError::InternalErrorUserIdMissing(m));
    assert_eq!(e.code(), "InternalError.UserId.Missing");
    assert_eq!(e.request_id(), Some("REQ-1"));
    assert_eq!(
        e.documented_message(),
        Some("An internal system error occurred. Try again later.")
    );
    assert_eq!(e.description(), Some("系统内部错误,请稍后再试。"));
    assert!(!e.is_throttling());
    assert!(e.is_retryable(), "a 5xx is retryable");
}

#[test]
fn a_common_code_gives_common() {
    let m = meta(429, "Throttling.User", "Too frequent.", Some("REQ-2"));
    let e = DeployFileError::from_meta(m.clone());
    assert_eq!(
        e,
        DeployFileError::Common(CommonError::ThrottlingUser(m.clone()))
    );
    assert_eq!(e.meta(), &m);
    assert!(e.is_throttling());
    assert!(e.is_retryable());
    assert_eq!(
        e.documented_message(),
        Some("Your request is too frequent. Try again later.")
    );
    assert_eq!(
        e.description(),
        Some("您的请求过于频繁，请尝试放缓请求速度。")
    );

    let forbidden = DeployFileError::from_meta(meta(403, "Forbidden.Access", "No.", None));
    assert!(matches!(
        forbidden,
        DeployFileError::Common(CommonError::ForbiddenAccess(_))
    ));
    assert!(!forbidden.is_throttling());
    assert!(!forbidden.is_retryable(), "a 403 is not retryable");
}

#[test]
fn an_unknown_code_keeps_everything_as_received() {
    let m = meta(400, "Invalid.Whatever", "Something odd.", Some("REQ-3"));
    let e = DeployFileError::from_meta(m.clone());
    let DeployFileError::Unknown(unknown) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(unknown.meta(), &m, "kept as received, behind accessors");
    assert_eq!(
        (unknown.code(), unknown.status()),
        ("Invalid.Whatever", 400)
    );
    assert_eq!(e.status(), 400);
    assert_eq!(e.code(), "Invalid.Whatever");
    assert_eq!(e.message(), "Something odd.");
    assert_eq!(e.request_id(), Some("REQ-3"));
    assert_eq!(e.documented_message(), None);
    assert_eq!(e.description(), None);
    assert!(!e.is_throttling());
    assert!(!e.is_retryable());
}

#[test]
fn throttling_is_429_or_a_throttling_code_and_5xx_is_retryable() {
    let by_status = DeployFileError::from_meta(meta(429, "Busy", "", None));
    assert!(by_status.is_throttling() && by_status.is_retryable());
    let by_code = DeployFileError::from_meta(meta(400, "Throttling.Resource", "", None));
    assert!(by_code.is_throttling() && by_code.is_retryable());
    let bad_gateway = DeployFileError::from_meta(meta(502, "BadGateway", "", None));
    assert!(!bad_gateway.is_throttling() && bad_gateway.is_retryable());
}

#[test]
fn common_error_match_meta_rejects_unlisted_codes() {
    let m = meta(400, "Invalid.Param", "Bad.", None);
    assert_eq!(CommonError::match_meta(m.clone()), Err(m.clone()));
    let CommonError::Unknown(unknown) = CommonError::from_meta(m.clone()) else {
        panic!("an unlisted code is Unknown")
    };
    assert_eq!(unknown.meta(), &m);
    let sys = meta(500, "InternalError.System", "Oops.", None);
    assert_eq!(
        CommonError::match_meta(sys.clone()),
        Ok(CommonError::InternalErrorSystem(sys))
    );
}

#[test]
fn display_shows_code_status_message_and_request_id() {
    let with_id =
        DeployFileError::from_meta(meta(429, "Throttling.User", "Slow down.", Some("R-9")));
    assert_eq!(
        with_id.to_string(),
        "Throttling.User (HTTP 429): Slow down. (request id R-9)"
    );
    let without = DeployFileError::from_meta(meta(400, "X.Y", "Bad.", None));
    assert_eq!(without.to_string(), "X.Y (HTTP 400): Bad.");
    let boxed: Box<dyn std::error::Error> = Box::new(without);
    assert_eq!(boxed.to_string(), "X.Y (HTTP 400): Bad.");
}

#[test]
fn qps_tiers_carry_the_spec_limits() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let spec = dwgen_spec::load(&dir).expect("the checked-in spec loads");
    assert!(!spec.service.qps_tiers.is_empty());
    for t in &spec.service.qps_tiers {
        let tier = QpsTier::from_level(t.tier).expect("every spec tier is a QpsTier");
        assert_eq!(tier.level(), t.tier);
        assert_eq!(tier.qps(), t.qps);
        assert_eq!(tier.daily_quota(), t.daily_calls);
        assert_eq!(
            tier.tier(),
            Tier::new(t.tier, TierLimit::new(t.qps, t.daily_calls)),
            "what the client paces by is the spec's"
        );
    }
}

#[test]
fn operations_lists_every_operation_sorted() {
    assert_eq!(OPERATIONS.len(), 202);
    assert!(OPERATIONS.windows(2).all(|w| w[0].name < w[1].name));
    let deploy = find("DeployFile").expect("DeployFile is listed");
    assert_eq!(deploy.name, "DeployFile");
    assert_eq!(deploy.tier, Some(QpsTier::Level3));
    assert_eq!(deploy.category, Category::DataDevelopment);
    assert_eq!(deploy.category.id(), "data-development");
    assert_eq!(deploy.category.title(), "数据开发");
    assert!(find("NoSuchOperation").is_none());
    for o in OPERATIONS {
        assert_eq!(find(o.name).map(|f| f.name), Some(o.name));
    }
}

#[test]
fn requests_implement_operation_as_the_table_lists_them() {
    assert_eq!(<DeployFileRequest as Operation>::NAME, "DeployFile");
    assert_eq!(
        <DeployFileRequest as Operation>::TIER,
        Some(QpsTier::Level3.tier())
    );
    assert_eq!(
        <DeployFileRequest as Operation>::CATEGORY,
        "data-development"
    );
    let listed = find(<DeployFileRequest as Operation>::NAME).expect("listed");
    assert_eq!(
        QpsTier::from_level(3),
        listed.tier,
        "TIER is the table's level"
    );
    assert_eq!(
        Category::from_id(<DeployFileRequest as Operation>::CATEGORY),
        Some(listed.category)
    );
    assert_eq!(QpsTier::from_level(9), None);
    assert_eq!(Category::from_id("nope"), None);
}
