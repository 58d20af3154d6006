//! Property test: no input makes any layout parser (or the whole scrape of a single
//! document) panic. Inputs mix random text with fragments of real documents' syntax.

use proptest::prelude::*;
use xtask::scrape::diag::Diagnostics;
use xtask::scrape::layout;

const FRAGMENTS: &[&str] = &[
    "请求参数\n",
    "返回数据\n",
    "名称 类型 是否必选 示例值 描述\n",
    "ProjectId Long 是 10000\n",
    "Data Object 结果。\n",
    "Array of\n",
    "CalcEngines\n",
    "错误码\n",
    "HttpCode 错误码 错误信息 描述\n",
    "400\n",
    "Invalid.Tenant.Connectio\n",
    "nNotExists\n",
    "访问错误中心查看更多错误码。\n",
    "调试\n",
    "4.20. DeployFile\n",
    "2.租户\n",
    " JSON 格式\n",
    "{\n  \"a\" : [1, {\"b\": \"x\n",
    "}\n",
    "<R><A>1</A>\n",
    "23 > 文档版本：20220713\n",
    "API参考·租户 Dat aWorks\n",
    "| Name |\n",
    "string |\n",
    "是 |\n",
    "|\n",
    "object |\n",
    "請求參數\n",
    "ParameterTypeRequiredDescriptionExample\n",
    "ProjectIdlongYes\n",
    "<html><body><table><tr><td>x</td></tr></table>\n",
    "  • A(0): 未\n",
    "3级 QPS①<=5，且每日的总调用次数②<=10000次\n",
    "API名称 API描述 API级别\n",
    "租户\n",
    "GetX 1级\n",
    "http(s)://[Endpoint]/?Action=X\n",
    "&A=1\n",
    "&公共请求参数\n",
    "\n",
];

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(FRAGMENTS).prop_map(str::to_owned),
            1 => "\\PC{0,40}\n?",
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn no_layout_parser_panics(text in document()) {
        for parser in layout::all() {
            let mut diag = Diagnostics::new();
            let _ = parser.detect(&text);
            let _ = parser.parse("fuzz.txt", &text, &mut diag);
        }
    }

    #[test]
    fn a_whole_scrape_does_not_panic(text in document()) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("doc.txt"), &text).unwrap();
        let _ = xtask::scrape::scrape(dir.path(), std::path::Path::new("/nonexistent/errata.yaml"));
    }
}
