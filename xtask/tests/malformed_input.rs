//! Malformed input gives the documented error or warning, naming file and line.

use std::path::PathBuf;

use xtask::scrape::{self, diag::WarningKind};
use xtask::test_docs;

fn dir_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

fn no_errata() -> PathBuf {
    PathBuf::from("/nonexistent/errata.yaml")
}

#[test]
fn an_unknown_layout_is_an_error_naming_the_file() {
    let dir = dir_with(&[(
        "notes.txt",
        "just some notes\nnothing like an API page\n".as_bytes(),
    )]);
    let err = scrape::scrape(dir.path(), &no_errata()).unwrap_err();
    let msg = format!("{err:#}");
    assert!(
        msg.contains("notes.txt") && msg.contains("unrecognised document layout"),
        "{msg}"
    );
}

#[test]
fn a_non_utf8_file_is_an_error_naming_it() {
    let dir = dir_with(&[("bad.txt", &[0xff, 0xfe, 0x00, 0x41])]);
    let msg = format!(
        "{:#}",
        scrape::scrape(dir.path(), &no_errata()).unwrap_err()
    );
    assert!(msg.contains("bad.txt") && msg.contains("UTF-8"), "{msg}");
}

#[test]
fn an_empty_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(scrape::scrape(dir.path(), &no_errata()).is_err());
}

#[test]
fn the_shifted_column_is_reported_without_errata() {
    let Some(docs) = test_docs::docs_or_skip() else {
        return;
    };
    let page = std::fs::read(docs.join("002_d0cc7204c3e35fce.txt")).unwrap();
    let dir = dir_with(&[("002_d0cc7204c3e35fce.txt", &page)]);
    let outcome = scrape::scrape(dir.path(), &no_errata()).unwrap();
    let defect = outcome
        .warnings
        .iter()
        .find(|w| w.kind == WarningKind::DocDefect)
        .expect("a doc-defect warning");
    assert_eq!(defect.file, "002_d0cc7204c3e35fce.txt");
    assert!(defect.line > 0);
    assert_eq!(defect.operation.as_deref(), Some("DeployDISyncTask"));
}

#[test]
fn a_truncated_pdf_table_is_reported_with_its_line() {
    let Some(docs) = test_docs::docs_or_skip() else {
        return;
    };
    let text = std::fs::read_to_string(docs.join("003_d34687e8a0d711b7.txt")).unwrap();
    // Cut the reference right after the DeployFile chapter's 请求参数 heading: its table
    // is truncated; the chapter end marker follows the cut.
    let chapter = text
        .find("调用DeployFile接口，发布数据开发中的文件至生产环境")
        .expect("chapter");
    let cut =
        chapter + text[chapter..].find("请求参数\n").expect("request section") + "请求参数\n".len();
    // The chapter heading sits in the page furniture after the table, as in the dump.
    let truncated = format!(
        "{}\n4.20. DeployFile\n访问错误中心查看更多错误码。\n",
        &text[..cut]
    );
    let expected_line = truncated[..cut].lines().count();
    let dir = dir_with(&[("003_d34687e8a0d711b7.txt", truncated.as_bytes())]);
    let outcome = scrape::scrape(dir.path(), &no_errata()).unwrap();
    let warning = outcome
        .warnings
        .iter()
        .find(|w| {
            w.operation.as_deref() == Some("DeployFile") && w.kind == WarningKind::UnparsedRow
        })
        .expect("a warning for the truncated table");
    assert_eq!(warning.file, "003_d34687e8a0d711b7.txt");
    assert_eq!(warning.line, expected_line);
    assert!(warning.message.contains("no rows"), "{warning}");
}

#[test]
fn strict_mode_refuses_to_write_with_warnings() {
    let Some(docs) = test_docs::docs_or_skip() else {
        return;
    };
    let page = std::fs::read(docs.join("002_d0cc7204c3e35fce.txt")).unwrap();
    let dir = dir_with(&[("002_d0cc7204c3e35fce.txt", &page)]);
    let out = tempfile::tempdir().unwrap();
    let spec = out.path().join("spec");
    let err = scrape::run(dir.path(), &spec, true).unwrap_err();
    assert!(format!("{err}").contains("--strict"));
    assert!(!spec.exists(), "nothing written in strict mode");
}

// ---------------------------------------------------------------------------
// The page reader on malformed pages of every rendering.

mod pages {
    use std::path::Path;

    use proptest::prelude::*;
    use xtask::scrape::diag::{Diagnostics, WarningKind};
    use xtask::scrape::layout;

    /// Fragments of every rendering's syntax, in every language, cut at odd places.
    const FRAGMENTS: &[&str] = &[
        "请求参数\n",
        "請求參數\n",
        "Request parameters\n",
        "Response Parameters\n",
        "返回数据\n",
        "返回參數\n",
        "错误码\n",
        "Error codes\n",
        "授权信息\n",
        "Authorization information\n",
        "调试\n",
        "示例\n",
        "JSONformat\n",
        "名称 类型 是否必选 示例值 描述\n",
        "名称 位置 类型 是否必选 示例值 描述\n",
        "名称\n\n类型\n\n是否必选\n\n示例值\n\n描述\n",
        "名称类型必填描述示例值\n",
        "ParameterTypeRequiredDescriptionExample\n",
        "ParameterTypeRequiredExampleDescription\n",
        "Parameter Type Required Example Description\n",
        "ParameterTypeDescriptionExample\n",
        "Parameter\n\nType\n\nRequired\n\nExample\n\nDescription\n",
        "Parameter | Type | Required | Example | Description |\n",
        "| 名称 | 类型 | 必填 | 描述 | 示例值 |\n",
        "| 名稱 | 類型 | 必填 | 描述 | 樣本值\n",
        "|\n名稱 |\n類型 |\n必填 |\n描述 |\n樣本值 |\n",
        "---|---|---|---|---|\n",
        "|---|---|\n",
        "操作访问级别资源类型条件关键字关联操作\n",
        "| 操作 | 访问级别 | 资源类型 | 条件关键字 | 关联操作 |\n",
        "HTTP status codeError codeError messageDescription\n",
        "HttpCode 错误码 错误信息 描述\n",
        "Action String Yes GetWidget\n",
        "WidgetName String my widget\n",
        "Action Query String GetWidget\n",
        "ProjectIdlongNo\n",
        "WidgetNamestringYes\n",
        "ProjectIdlong\n",
        "ActionStringYesGetWidget\n",
        "Tagsarray<object>No\n",
        "objectNo\n",
        "object\n",
        "Idsarray\n",
        "Idlong\n",
        "array<array<\n",
        "WidgetName\n\nString\n\nYes\n\nmy widget\n",
        "| WidgetName | string | 是 | 部件名称。 | my widget |\n",
        "WidgetName | String | Yes | my widget | The name. |\n",
        "| WidgetName |\nstring |\n是 |\n",
        "部件名称。 |\n",
        "my widget |\n",
        "|\n",
        "||\n",
        "| |\n",
        "| Status | string | 否 | 取值如下:\n",
        "  • READY:就绪\n",
        "The name of the widget.\n",
        "部件的名称。\n",
        "10000\n",
        "400Param.InvalidThe parameter is invalid.-\n",
        "403 Forbidden.Access Access is forbidden. 您被限制访问。\n",
        "| 400 | Invalid | msg |\n",
        "400\n",
        "DataWorks:GetWidget\n",
        "GetWidget - 查询部件\n",
        ":GetWidget\n",
        "最終更新日:Dec 13, 2024\n",
        "更新时间:\n",
        "{\n  \"A\": [1, {\"b\": \"x\n",
        "}\n",
        "\n",
        "\n\n",
    ];

    fn document() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                4 => prop::sample::select(FRAGMENTS).prop_map(str::to_owned),
                1 => "\\PC{0,30}\n?",
                1 => "[|A-Za-z<>是否 \n]{0,20}",
            ],
            0..70,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// No mix of renderings makes the page reader, `cargo xtask raw` or a whole
        /// scrape panic; every warning names the file.
        #[test]
        fn mixed_renderings_never_panic(text in document()) {
            for parser in layout::all() {
                let mut diag = Diagnostics::new();
                let _ = parser.detect(&text);
                let _ = parser.parse("fuzz.txt", &text, &mut diag);
                prop_assert!(diag.warnings().iter().all(|w| w.file == "fuzz.txt"));
            }
            let _ = xtask::raw_dump::render("fuzz.txt", &text);
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("fuzz.txt"), &text).unwrap();
            if let Err(e) = xtask::scrape::scrape(dir.path(), Path::new("/nonexistent/errata.yaml")) {
                let msg = format!("{e:#}");
                prop_assert!(msg.contains("fuzz.txt"), "{}", msg);
            }
        }
    }

    fn read(
        text: &str,
    ) -> (
        Result<xtask::scrape::raw::RawDocument, layout::ParseError>,
        Diagnostics,
    ) {
        let mut diag = Diagnostics::new();
        let doc = layout::detect("bad.txt", text).and_then(|l| l.parse("bad.txt", text, &mut diag));
        (doc, diag)
    }

    #[test]
    fn a_header_with_no_rows_is_reported_at_its_line() {
        let (doc, _) = read("请求参数\n\nParameterTypeRequiredDescriptionExample\n\n返回数据\n");
        let err = doc.unwrap_err();
        assert_eq!(err.file, "bad.txt");
        let (doc, diag) = read(
            "请求参数\n\n名称类型必填描述示例值\n\n返回参数\n\n名称类型描述示例值\nRequestIdstring\n\n请求ID。\n\nabc\n\n错误码\n",
        );
        doc.unwrap();
        let w: Vec<(usize, WarningKind)> =
            diag.warnings().iter().map(|w| (w.line, w.kind)).collect();
        assert_eq!(w, [(3, WarningKind::UnparsedRow)]);
    }

    #[test]
    fn a_pipe_row_without_a_type_or_cut_short_is_reported() {
        let text = "请求参数\n\n| 名称 | 类型 | 必填 | 描述 | 示例值 |\n|---|---|---|---|---|\n\
                    | A | | 是 | d | x |\n| B | string |\n| C | long | 否 | d | 1 |\n\n示例\n";
        let (doc, diag) = read(text);
        let op = doc.unwrap().operations.remove(0);
        let names: Vec<&str> = op.request.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["B", "C"]);
        let w: Vec<(usize, WarningKind)> =
            diag.warnings().iter().map(|w| (w.line, w.kind)).collect();
        assert_eq!(w, [(5, WarningKind::UnparsedRow), (6, WarningKind::Note)]);
    }

    #[test]
    fn an_unknown_type_is_a_warning_with_file_and_line_never_a_silent_string() {
        let dir = tempfile::tempdir().unwrap();
        let text = "DataWorks:GetWidget\n\n请求参数\n\n名称 类型 是否必选 示例值 描述\n\
                    WidgetId Long 1001\n\n部件ID。\n\nStatus Integr 1\n\n状态。\n\n返回数据\n\n\
                    名称类型描述示例值\nRequestIdstring\n\n请求ID。\n\nabc\n\n示例\n";
        std::fs::write(dir.path().join("bad.txt"), text).unwrap();
        let outcome =
            xtask::scrape::scrape(dir.path(), Path::new("/nonexistent/errata.yaml")).unwrap();
        let w = outcome
            .warnings
            .iter()
            .find(|w| w.kind == WarningKind::UnknownType)
            .expect("an unknown-type warning");
        assert_eq!((w.file.as_str(), w.line), ("bad.txt", 10));
        assert!(w.message.contains("`Integr`"), "{w}");
        let yaml = &outcome.files[&std::path::PathBuf::from("operations/GetWidget.yaml")];
        assert!(yaml.contains("name: Status\n    type: any"), "{yaml}");
    }

    #[test]
    fn long_and_odd_lines_do_not_hurt() {
        let long = "A".repeat(5000);
        let texts = [
            format!("请求参数\n\n{long}\n"),
            format!("请求参数\n\n名称类型必填描述示例值\n{long}long\n"),
            "请求参数\n\n| 名称 | 类型 |\n|||||||||||||\n".to_owned(),
            "Request parameters\n\nParameter\n\nType\n".to_owned(),
            "请求参数\n\n名称类型必填描述示例值\nXarray<array<array<object>>>No\n".to_owned(),
            "请求参数\n\n|\n|\n|\n".to_owned(),
        ];
        for t in &texts {
            let _ = read(t);
            let _ = xtask::raw_dump::render("bad.txt", t);
        }
    }
}
