//! The page reader on the seed pages (`000`, `001`, `002`, `004`: exactly what the
//! former per-seed parsers read) and on small hand-made pages.

use super::super::page_common::testing::{
    error_descriptions, error_lines, error_summary, parse_with, seed, summary, warning_lines,
};
use super::*;

fn parse(text: &str) -> (Result<RawDocument, ParseError>, Diagnostics) {
    parse_with(&PageLayout, "t.txt", text)
}

fn parse_op(text: &str) -> (RawOperation, Diagnostics) {
    let (doc, diag) = parse(text);
    let doc = doc.expect("parses");
    (doc.operations.into_iter().next().expect("one op"), diag)
}

#[test]
fn zh_one_line_header_rows_and_descriptions() {
    let text = "调用DeployFile接口,发布数据开发中的文件至生产环境。\n\n调试\n\n请求参数\n\n\
            名称 类型 是否必选 示例值 描述\nAction String DeployFile\n\n系统规定参数。取值:DeployFile\n\n\
            FileId Long 10000001\n\n文件的ID,您可以通过ListFiles查询对应文件的ID。\n\n\
            该参数与NodeId参数配置一个即可。\n\n示例\n";
    let (op, diag) = parse_op(text);
    assert_eq!(op.name.as_deref(), Some("DeployFile"));
    assert_eq!(
        op.description,
        "调用DeployFile接口,发布数据开发中的文件至生产环境。"
    );
    assert_eq!(
        summary(&op.request),
        vec![
            ("Action", "String", None, "DeployFile", 8),
            ("FileId", "Long", None, "10000001", 12)
        ]
    );
    assert_eq!(
        op.request[1].description,
        "文件的ID,您可以通过ListFiles查询对应文件的ID。\n该参数与NodeId参数配置一个即可。"
    );
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
}

#[test]
fn zh_header_cells_one_per_line_and_bullets_then_row_head() {
    let text = "大数据开发治理平台 DataWorks:GetDeployment\n\n更新时间:Oct 11, 2023\n\n获取发布包的详情。\n\n\
            调试\n\n返回数据\n\n名称\n\n类型\n\n示例值\n\n描述\n\n\
            CheckingStatus Integer 7\n\n当前发布包涉及节点的检查状态,\n只有Status为1时。\n\n  • 7:检查未通过\n  • 8:正在处于检查中的状态\n\
            CreateTime Long 1593877765000\n\n发布包生成的毫秒时间戳。\n\n\
            Status Integer 1\n  • UNPUBLISHED(0): 未发布\n  • SUCCESS(1): 发布成功\n示例\n";
    let (doc, diag) = parse(text);
    let doc = doc.unwrap();
    assert_eq!(doc.version.as_deref(), Some("Oct 11, 2023"));
    let op = &doc.operations[0];
    assert_eq!(op.name.as_deref(), Some("GetDeployment"));
    assert_eq!(op.lines.0, 1);
    assert_eq!(
        summary(&op.response),
        vec![
            ("CheckingStatus", "Integer", None, "7", 19),
            ("CreateTime", "Long", None, "1593877765000", 26),
            ("Status", "Integer", None, "1", 30)
        ]
    );
    assert_eq!(
        op.response[0].description,
        "当前发布包涉及节点的检查状态,只有Status为1时。\n• 7:检查未通过\n• 8:正在处于检查中的状态"
    );
    assert_eq!(
        op.response[2].description,
        "• UNPUBLISHED(0): 未发布\n• SUCCESS(1): 发布成功"
    );
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
}

#[test]
fn zh_error_rows_split_at_chinese_description() {
    let text = "请求参数\n\n名称 类型 是否必选 示例值 描述\nAction String X\n\n错误码\n\n\
            HttpCode 错误码 错误信息 描述\n\
            403 Forbidden.Access Access is forbidden. Please first activate DataWorks Enterprise Edition or Flagship Edition. 您被限制访问,请开通DataWorks企业版或旗舰版。\n\
            429 Throttling.System The DataWorks system is busy. Try again later. DataWorks系统繁忙,请稍后再试。\n\
            500 InternalError.System An internal system error occurred.\n\
            5xx Broken row\n\n访问错误中心查看更多错误码。";
    let (op, diag) = parse_op(text);
    let errs = error_summary(&op.errors);
    assert_eq!(
    errs,
    vec![
        (
            403,
            "Forbidden.Access",
            "Access is forbidden. Please first activate DataWorks Enterprise Edition or Flagship Edition.",
            "您被限制访问,请开通DataWorks企业版或旗舰版。",
            9
        ),
        (
            429,
            "Throttling.System",
            "The DataWorks system is busy. Try again later.",
            "DataWorks系统繁忙,请稍后再试。",
            10
        ),
        (500, "InternalError.System", "An internal system error occurred.", "", 11),
    ]
);
    assert_eq!(diag.warnings().len(), 1);
    assert_eq!(diag.warnings()[0].line, 12);
    assert_eq!(diag.warnings()[0].kind, WarningKind::UnparsedRow);
}

#[test]
fn zh_truncated_tables_warn() {
    // A header with no rows, a typeless row head, text before the first row, a row with a
    // type word no document uses (kept: typing reports it), an error header cut off by the
    // end of the file.
    let text = "DataWorks:ListFiles\n\n请求参数\n\n名称 类型 是否必选 示例值 描述\n\n返回数据\n\n\
            名称 类型 示例值 描述\nstray text\nData Object\n\n详情。\n\nDeployment\n\n发布包。\n\n\
            Status Integr 1\n\n错误码\n\nHttpCode 错误码 错误信息 描述";
    let (op, diag) = parse_op(text);
    assert_eq!(
        summary(&op.response),
        vec![
            ("Data", "Object", None, "", 11),
            ("Status", "Integr", None, "1", 19)
        ]
    );
    assert_eq!(op.response[0].description, "详情。\n发布包。");
    let mut w = warning_lines(&diag);
    w.sort();
    assert_eq!(
        w,
        vec![
            (5, WarningKind::UnparsedRow),
            (10, WarningKind::UnparsedRow),
            (15, WarningKind::UnparsedRow),
            (23, WarningKind::UnparsedRow),
        ]
    );
}

#[test]
fn zh_name_from_request_url_and_conflicts() {
    let text = "DataWorks:GetFile\n\n请求参数\n\n名称 类型 是否必选 示例值 描述\nAction String GetFiles\n\n\
            请求示例\n\nhttp(s)://[Endpoint]/?Action=GetFile\n&公共请求参数\n";
    let (op, diag) = parse_op(text);
    assert_eq!(op.name.as_deref(), Some("GetFile"));
    assert_eq!(diag.warnings().len(), 1);
    assert_eq!(diag.warnings()[0].kind, WarningKind::Conflict);
    assert_eq!(diag.warnings()[0].line, 6);

    let text = "请求示例\n\nhttp(s)://[Endpoint]/?Action=ListFiles\n&公共请求参数\n\n返回数据\n\n\
            名称 类型 示例值 描述\nRequestId String abc\n\n请求ID。\n\n错误码\n";
    let (op, _) = parse_op(text);
    assert_eq!(op.name.as_deref(), Some("ListFiles"));
    let ex = op.request_example.unwrap();
    assert_eq!(
        (ex.line, ex.text.as_str()),
        (3, "http(s)://[Endpoint]/?Action=ListFiles\n&公共请求参数")
    );
}

#[test]
fn zh_no_operation_is_an_error() {
    let (doc, _) = parse("请求参数\n\n示例值\n\n随便写点什么。\n");
    let err = doc.unwrap_err();
    assert_eq!(err.file, "t.txt");
}

#[test]
fn zh_seed_000_deploy_file() {
    let Some((file, text)) = seed("000_") else {
        return;
    };
    let mut diag = Diagnostics::new();
    let doc = PageLayout.parse(&file, &text, &mut diag).unwrap();
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    assert_eq!(doc.version, None);
    let op = &doc.operations[0];
    assert_eq!(op.name.as_deref(), Some("DeployFile"));
    assert_eq!(op.lines, (1, 119));
    assert!(op
        .description
        .starts_with("调用DeployFile接口,发布数据开发中的文件至生产环境。"));
    assert!(op.description.ends_with("轮询被触发的异步发布流程的状态。"));
    assert_eq!(
        summary(&op.request),
        vec![
            ("Action", "String", None, "DeployFile", 10),
            ("ProjectId", "Long", None, "10000", 14),
            ("RegionId", "String", None, "cn-zhangjiakou", 18),
            ("ProjectIdentifier", "String", None, "dw_project", 22),
            ("FileId", "Long", None, "10000001", 26),
            ("Comment", "String", None, "第一次发布任务", 32),
            ("NodeId", "Long", None, "2000001", 36),
        ]
    );
    assert_eq!(
        op.request[4].description,
        "文件的ID,您可以通过ListFiles查询对应文件的ID。\n该参数与NodeId参数配置一个即可。"
    );
    assert_eq!(
        summary(&op.response),
        vec![
            ("HttpStatusCode", "Integer", None, "200", 43),
            ("Data", "Long", None, "30000001", 47),
            ("RequestId", "String", None, "0000-ABCD-EFG****", 51),
            (
                "ErrorMessage",
                "String",
                None,
                "The connection does not exist.",
                55
            ),
            ("Success", "Boolean", None, "true", 59),
            (
                "ErrorCode",
                "String",
                None,
                "Invalid.Tenant.ConnectionNotExists",
                63
            ),
        ]
    );
    assert!(op
        .response
        .iter()
        .all(|r| r.depth.is_none() && !r.description.is_empty()));
    let errs = error_lines(&op.errors);
    assert_eq!(
        errs,
        vec![
            (403, "Forbidden.Access", 112),
            (429, "Throttling.Api", 113),
            (429, "Throttling.System", 114),
            (429, "Throttling.User", 115),
            (500, "InternalError.System", 116),
            (500, "InternalError.UserId.Missing", 117),
        ]
    );
    assert_eq!(
        op.errors[2].message,
        "The DataWorks system is busy. Try again later."
    );
    assert_eq!(op.errors[2].description, "DataWorks系统繁忙,请稍后再试。");
    let req = op.request_example.as_ref().unwrap();
    assert_eq!(req.line, 71);
    assert!(req
        .text
        .starts_with("http(s)://[Endpoint]/?Action=DeployFile\n&ProjectId=10000"));
    assert!(req.text.ends_with("&NodeId=2000001\n&公共请求参数"));
    let json = op.response_json.as_ref().unwrap();
    assert_eq!(json.line, 100);
    assert!(json.text.starts_with("{\n  \"HttpStatusCode\" : 200,"));
    assert!(json
        .text
        .ends_with("\"Invalid.Tenant.ConnectionNotExists\"\n}"));
    let xml = op.response_xml.as_ref().unwrap();
    assert_eq!(xml.line, 86);
    assert!(xml.text.starts_with("<DeployFileResponse>"));
    assert!(xml.text.ends_with("</DeployFileResponse>"));
}

#[test]
fn zh_seed_001_get_deployment() {
    let Some((file, text)) = seed("001_") else {
        return;
    };
    let mut diag = Diagnostics::new();
    let doc = PageLayout.parse(&file, &text, &mut diag).unwrap();
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    assert_eq!(doc.version.as_deref(), Some("Oct 11, 2023"));
    let op = &doc.operations[0];
    assert_eq!(op.name.as_deref(), Some("GetDeployment"));
    assert_eq!(op.lines, (5, 238));
    assert_eq!(op.description, "获取发布包的详情。");
    assert_eq!(
        summary(&op.request),
        vec![
            ("Action", "String", None, "GetDeployment", 27),
            ("ProjectId", "Long", None, "10000", 31),
            ("ProjectIdentifier", "String", None, "dw_project", 35),
            ("DeploymentId", "Long", None, "3000001", 41),
        ]
    );
    assert_eq!(
        summary(&op.response),
        vec![
            ("HttpStatusCode", "Integer", None, "200", 55),
            (
                "ErrorMessage",
                "String",
                None,
                "The connection does not exist.",
                59
            ),
            ("RequestId", "String", None, "0000-ABCD-EFG****", 63),
            (
                "ErrorCode",
                "String",
                None,
                "Invalid.Tenant.ConnectionNotExists",
                67
            ),
            ("Success", "Boolean", None, "true", 71),
            ("Data", "Object", None, "", 75),
            ("Deployment", "Object", None, "", 79),
            ("Status", "Integer", None, "1", 83),
            ("ErrorMessage", "String", None, "成功", 87),
            ("FromEnvironment", "Integer", None, "0", 91),
            ("ToEnvironment", "Integer", None, "1", 95),
            ("CheckingStatus", "Integer", None, "7", 99),
            ("CreateTime", "Long", None, "1593877765000", 105),
            ("HandlerId", "String", None, "2003****", 109),
            ("CreatorId", "String", None, "20030****", 113),
            ("ExecuteTime", "Long", None, "1593877765000", 117),
            (
                "Name",
                "String",
                None,
                "ods_user_info_d-2020-07-04_20030****",
                121
            ),
            ("DeployedItems", "Array of DeployedItem", None, "", 125),
            ("FileId", "Long", None, "507642378", 129),
            ("FileVersion", "Long", None, "7", 133),
            ("Status", "Integer", None, "1", 137),
        ]
    );
    assert_eq!(
        op.request[2].description,
        "DataWorks工作空间的唯一标识符,即数据开发页面顶部切换工作空间处的英文标识。\n\
     该参数与ProjectId参数二者必须设置其一,以确定本次API调用操作的DataWorks工作空间。"
    );
    assert!(op.response[11]
        .description
        .ends_with("\n• 7:检查未通过\n• 8:正在处于检查中的状态"));
    assert_eq!(op.response[20].description.lines().count(), 7);
    assert!(op.response[20]
        .description
        .starts_with("• UNPUBLISHED(0): 未发布"));
    let errs = error_lines(&op.errors);
    assert_eq!(
        errs,
        vec![
            (429, "Throttling.Api", 232),
            (429, "Throttling.System", 233),
            (429, "Throttling.User", 234),
            (500, "InternalError.System", 235),
            (500, "InternalError.UserId.Missing", 236),
        ]
    );
    assert_eq!(
        op.errors[0].description,
        "对该资源的请求已超过您的可用上限。"
    );
    assert_eq!(op.request_example.as_ref().unwrap().line, 150);
    assert_eq!(op.response_xml.as_ref().unwrap().line, 163);
    let json = op.response_json.as_ref().unwrap();
    assert_eq!(json.line, 195);
    assert_eq!(json.text.lines().count(), 26);
}

#[test]
fn en_example_is_the_last_line_of_the_block() {
    let text = "DataWorks:X\n\nRequest parameters\n\nParameterTypeRequiredDescriptionExample\n\
            AstringNo\n\nOnly a sentence, no example.\nBstringYes\ncompany-name\nCobject\n\n\
            The returned data.\n\nIt has two paragraphs.\nDstring\n\nThe connection does not exist.\n\n\
            The connection does not exist.\n\nExamples\n";
    let (doc, diag) = parse(text);
    let op = &doc.unwrap().operations[0];
    assert_eq!(
        summary(&op.request),
        vec![
            ("A", "string", Some(false), "", 6),
            ("B", "string", Some(true), "company-name", 9),
            ("C", "object", None, "", 11),
            ("D", "string", None, "The connection does not exist.", 16),
        ]
    );
    assert_eq!(op.request[0].description, "Only a sentence, no example.");
    assert_eq!(
        op.request[2].description,
        "The returned data.\nIt has two paragraphs."
    );
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
}

#[test]
fn en_head_after_blank_line_is_text() {
    // A head-like line after a blank line in the example's place (right before the next
    // head, or the table's end) is the example; one followed by other text is a row.
    let text = "DataWorks:X\n\nResponse parameters\n\nParameterTypeDescriptionExample\n\
                Namestring\n\nThe company.\n\nCompanyobject\nKindstring\n\nThe kind.\n\n\
                Someobject\nMore text.\n\nk\nSizelong\n\nThe size.\n\n\
                Extralong\n\nThe extra.\n\nDataobject\n\nExamples\n";
    let (doc, diag) = parse(text);
    let op = &doc.unwrap().operations[0];
    assert_eq!(
        summary(&op.response),
        vec![
            ("Name", "string", None, "Companyobject", 6),
            ("Kind", "string", None, "", 11),
            ("Some", "object", None, "k", 15),
            ("Size", "long", None, "", 19),
            ("Extra", "long", None, "Dataobject", 23)
        ]
    );
    assert_eq!(op.response[2].description, "More text.");
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
}

#[test]
fn en_truncated_tables_warn() {
    let text = "DataWorks:X\n\nRequest parameters\n\nParameterTypeRequiredDescriptionExample\n\n\
            Response parameters\n\nParameterTypeDescriptionExample\nstray\nIdlong\n\nThe ID.\n\n\
            Error codes\n\nHTTP status codeError codeError messageDescription\n400bad row\n";
    let (doc, diag) = parse(text);
    let op = &doc.unwrap().operations[0];
    assert_eq!(summary(&op.response), vec![("Id", "long", None, "", 11)]);
    let w = warning_lines(&diag);
    assert_eq!(
        w,
        vec![
            (5, WarningKind::UnparsedRow),
            (10, WarningKind::UnparsedRow),
            (18, WarningKind::UnparsedRow),
            (17, WarningKind::UnparsedRow),
        ]
    );
}

#[test]
fn en_no_operation_is_an_error() {
    let (doc, _) = parse("ParameterTypeDescriptionExample\n");
    assert_eq!(doc.unwrap_err().file, "t.txt");
}

#[test]
fn en_seed_002_deploy_di_sync_task() {
    let Some((file, text)) = seed("002_") else {
        return;
    };
    assert!(PageLayout.detect(&text));
    let mut diag = Diagnostics::new();
    let doc = PageLayout.parse(&file, &text, &mut diag).unwrap();
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    assert_eq!(doc.version.as_deref(), Some("Oct 17, 2024"));
    let op = &doc.operations[0];
    assert_eq!(op.name.as_deref(), Some("DeployDISyncTask"));
    assert_eq!(op.lines, (5, 94));
    assert_eq!(op.description, "Deploys a real-time synchronization task.");
    assert_eq!(
        summary(&op.request),
        vec![
            ("ProjectId", "long", Some(true), "10000", 22),
            ("TaskType", "string", Some(true), "DI_REALTIME", 29),
            ("FileId", "long", Some(true), "100", 36),
        ]
    );
    // The shifted description column is kept as printed.
    assert_eq!(
        op.request[0].description,
        "The type of the object that you want to deploy. Valid values:\n\
     • DI_REALTIME: real-time synchronization node\n\
     • DI_SOLUTION: data synchronization solution"
    );
    assert!(op.request[1]
        .description
        .starts_with("• If you set the TaskType parameter"));
    assert!(op.request[1]
    .description
    .ends_with("\nYou can call the ListFiles operation to query the ID of the real-time synchronization node or data synchronization solution."));
    assert!(op.request[2]
        .description
        .starts_with("Indicates whether the request is successful."));
    assert_eq!(
        summary(&op.response),
        vec![
            ("", "object", None, "", 47),
            ("Success", "boolean", None, "true", 48),
            ("RequestId", "string", None, "0bc1411515937635973****", 53),
            ("Data", "object", None, "", 58),
            ("Status", "string", None, "success", 64),
        ]
    );
    assert_eq!(op.response[0].description, "");
    assert!(op.response[3].description.ends_with("• fail: The real-time synchronization node or data synchronization solution fails to be deployed."));
    assert_eq!(op.response[4].description.lines().count(), 2);
    let errs = error_summary(&op.errors);
    assert_eq!(
        errs,
        vec![
            (
                400,
                "Param.Invalid",
                "The parameter is invalid.",
                "Param invalid",
                90
            ),
            (403, "Forbidden.Access", "Access is forbidden.", "", 91),
            (
                500,
                "InternalError.System",
                "An internal error occurred.",
                "InternalError",
                92
            ),
        ]
    );
    let json = op.response_json.as_ref().unwrap();
    assert_eq!(json.line, 78);
    assert!(json
        .text
        .contains("\"Message\": \"submit and deploy fail.\""));
    assert_eq!(op.request_example, None);
    assert_eq!(op.response_xml, None);
}

const TW_REQUEST: &str = "請求參數\n|\n名稱 |\n類型 |\n必填 |\n描述 |\n樣本值 |\n\
| MessageId |\nstring |\n是 |\nDataWorks 開放訊息的訊息 ID。 |\n8abcb91f-d266 |\n\
| ProjectId |\ninteger |\n否 |\nDataWorks 工作空間的 ID。 |\n10000 |\n樣本\n";

#[test]
fn tw_request_rows_with_required_column() {
    let (doc, diag) = parse(TW_REQUEST);
    let op = &doc.unwrap().operations[0];
    assert_eq!(op.name, None);
    assert_eq!(
        summary(&op.request),
        vec![
            ("MessageId", "string", Some(true), "8abcb91f-d266", 8),
            ("ProjectId", "integer", Some(false), "10000", 13),
        ]
    );
    assert_eq!(op.request[0].description, "DataWorks 開放訊息的訊息 ID。");
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
}

#[test]
fn tw_anonymous_rows_lost_list_items_and_multi_line_cells() {
    let text = "返回參數\n|\n名稱 |\n類型 |\n描述 |\n樣本值 |\n|\nobject |\n返回結果。 |\n||\n\
    | UseType |\nstring |\n檔案所屬的功能模組。取值如下:\n|\nNORMAL |\n\
    | RerunMode |\nstring |\n重跑屬性。取值如下:\n該參數與 DataWorks   控制台對應。 |\nALL_ALLOWED |\n\
    | InputList |\narray<object> |\n檔案依賴的上遊檔案輸出。 |\n|\n|\nobject |\n依賴的上遊檔案輸出資訊。 |\n||\n\
    | Input |\nstring |\n輸出名稱。 |\ndw_project_root |\n樣本\n";
    let (doc, diag) = parse(text);
    let op = &doc.unwrap().operations[0];
    assert_eq!(
        summary(&op.response),
        vec![
            ("", "object", None, "", 7),
            ("UseType", "string", None, "NORMAL", 11),
            ("RerunMode", "string", None, "ALL_ALLOWED", 16),
            ("InputList", "array<object>", None, "", 21),
            ("", "object", None, "", 25),
            ("Input", "string", None, "dw_project_root", 29),
        ]
    );
    assert_eq!(op.response[0].description, "返回結果。");
    assert_eq!(op.response[1].description, "檔案所屬的功能模組。取值如下:");
    assert_eq!(
        op.response[2].description,
        "重跑屬性。取值如下:\n該參數與 DataWorks 控制台對應。"
    );
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
}

#[test]
fn tw_markdown_error_rows() {
    let text = "請求參數\n|\n名稱 |\n類型 |\n必填 |\n描述 |\n樣本值 |\n| A |\nstring |\n是 |\nd |\ne |\n\
    錯誤碼\n|\nHTTP status code |\n錯誤碼 |\n錯誤資訊 |\n描述 |\n|---|---|---|---|\n\
    | 400 | InternalError.UserId.Missing | An internal system error occurred. Try again later. | |\n\
    | 403 | Forbidden.Access | Access is forbidden. | 沒有許可權,請授權 |\n\
    | 429 | Throttling.User | Your request is too frequent. Try again later. |\n\
    | 4x9 | Broken | row |\n訪問錯誤中心查看更多錯誤碼。\n";
    let (doc, diag) = parse(text);
    let op = &doc.unwrap().operations[0];
    let errs = error_summary(&op.errors);
    assert_eq!(
        errs,
        vec![
            (
                400,
                "InternalError.UserId.Missing",
                "An internal system error occurred. Try again later.",
                "",
                20
            ),
            (
                403,
                "Forbidden.Access",
                "Access is forbidden.",
                "沒有許可權,請授權",
                21
            ),
            (
                429,
                "Throttling.User",
                "Your request is too frequent. Try again later.",
                "",
                22
            ),
        ]
    );
    let w = warning_lines(&diag);
    assert_eq!(w, vec![(23, WarningKind::UnparsedRow)]);
}

#[test]
fn tw_truncated_tables_warn() {
    // Header with no rows; a row cut off by the end of the text; a lone `|`.
    let text = "請求參數\n|\n名稱 |\n類型 |\n必填 |\n描述 |\n樣本值 |\n返回參數\n|\n名稱 |\n類型 |\n描述 |\n\
    樣本值 |\n| A |\nstring |\nd |\nx |\n|\n| B |\n| C |\ninteger |\n描述\n樣本\n| D |\n";
    let (doc, diag) = parse(text);
    let op = &doc.unwrap().operations[0];
    assert_eq!(
        summary(&op.response),
        vec![
            ("A", "string", None, "x", 14),
            ("C", "integer", None, "", 20)
        ]
    );
    assert_eq!(op.response[1].description, "描述");
    let w = warning_lines(&diag);
    assert_eq!(
        w,
        vec![
            (2, WarningKind::UnparsedRow),
            (18, WarningKind::UnparsedRow),
            (19, WarningKind::UnparsedRow),
            (20, WarningKind::Note),
        ]
    );
}

#[test]
fn tw_seed_004_pipe_tables() {
    let Some((file, text)) = seed("004_") else {
        return;
    };
    let mut diag = Diagnostics::new();
    let doc = PageLayout.parse(&file, &text, &mut diag).unwrap();
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    assert_eq!(doc.version, None);
    let op = &doc.operations[0];
    assert_eq!(op.name, None);
    assert_eq!(op.lines, (1, 420));
    assert_eq!(
        op.description,
        "根據DataWorks開放訊息的訊息ID,查詢觸發擴充點事件時的擴充點資料快照。"
    );
    assert_eq!(
        summary(&op.request),
        vec![
            (
                "MessageId",
                "string",
                Some(true),
                "8abcb91f-d266-4073-b907-2ed67****1",
                14
            ),
            ("ProjectId", "integer", Some(true), "10000", 19),
        ]
    );
    let s = |n, t, e, l| (n, t, None, e, l);
    assert_eq!(
        summary(&op.response),
        vec![
            s("", "object", "", 30),
            s(
                "RequestId",
                "string",
                "8abcb91f-d266-4073-b907-2ed670378ed1",
                34
            ),
            s("EventDetail", "object", "", 38),
            s("FileExecutionCommand", "object", "", 42),
            s("FileId", "integer", "1234123", 46),
            s("DataSourceName", "string", "odps_source", 50),
            s("Content", "string", "SHOW TABLES;", 54),
            s("FileType", "integer", "10", 58),
            s("DeletedFile", "object", "", 62),
            s("Owner", "string", "7384234****", 66),
            s("FileType", "integer", "10", 70),
            s("CurrentVersion", "integer", "1", 74),
            s("BusinessId", "integer", "74328", 78),
            s("FileName", "string", "hello_dataworks.sql", 82),
            s("DataSourceName", "string", "odps_source", 86),
            s("UseType", "string", "NORMAL", 90),
            s("FolderId", "string", "aldurie78l2falure", 95),
            s("ParentFileId", "integer", "1234122", 99),
            s("Content", "string", "SHOW TABLES;", 103),
            s("NodeId", "integer", "421429", 107),
            s("FileId", "integer", "1234123", 111),
            s("CommittedFile", "object", "", 115),
            s("FileId", "integer", "1234123", 119),
            s("Content", "string", "SHOW TABLES;", 123),
            s("Committor", "string", "7384234****", 127),
            s("FileType", "integer", "10", 131),
            s("ChangeType", "string", "UPDATE", 135),
            s("FileName", "string", "hello_dataworks.sql", 139),
            s("NodeId", "integer", "421429", 143),
            s("Comment", "string", "Second version submission", 147),
            s("UseType", "string", "NORMAL", 151),
            s("FilePropertyContent", "object", "", 156),
            s("DataSourceName", "string", "odps_source", 160),
            s("ParentFileId", "integer", "1234122", 164),
            s("BusinessId", "integer", "74328", 168),
            s("CurrentVersion", "integer", "1", 172),
            s("Owner", "string", "7384234****", 176),
            s("FolderId", "string", "aldurie78l2falure", 180),
            s("NodeConfiguration", "object", "", 184),
            s("RerunMode", "string", "ALL_ALLOWED", 188),
            s("SchedulerType", "string", "NORMAL", 193),
            s("ParaValue", "string", "a=x b=y", 198),
            s("CycleType", "string", "DAY", 202),
            s("DependentNodeIdList", "string", "5,10,15,20", 206),
            s("ResourceGroupId", "integer", "375827434852437", 210),
            s("AutoRerunTimes", "integer", "3", 214),
            s("AutoRerunIntervalMillis", "integer", "120000", 218),
            s("CronExpress", "string", "00 05 00 * * ?", 222),
            s("InputList", "array<object>", "", 226),
            s("", "object", "", 230),
            s("Input", "string", "dw_project_root", 234),
            s("ParseType", "string", "MANUAL", 238),
            s("OutputList", "array<object>", "", 243),
            s("", "object", "", 247),
            s("RefTableName", "string", "ods_user_info_d", 251),
            s("Output", "string", "dw_project.002_out", 255),
            s("DependentType", "string", "USER_DEFINE", 259),
            s("TableModel", "object", "", 264),
            s("Env", "string", "DEV", 268),
            s("LifeCycle", "integer", "7", 273),
            s("TableName", "string", "tb_hello", 277),
            s("DataSourceName", "string", "odps_source", 281),
            s("Columns", "array<object>", "", 285),
            s("", "object", "", 289),
            s("ColumnName", "string", "ID", 293),
            s("ColumnType", "string", "BIGINT", 297),
            s("IsPartitionColumn", "boolean", "false", 301),
            s("Comment", "string", "ID", 306),
            s("Comment", "string", "A new table", 310),
            s("Location", "string", "hdfs://path/to/object", 314),
        ]
    );
    let by_line = |n: usize| op.response.iter().find(|r| r.line == n).unwrap();
    assert_eq!(by_line(188).description.lines().count(), 2);
    assert_eq!(by_line(268).description, "表所屬環境。取值如下:");
    let errs = error_descriptions(&op.errors);
    assert_eq!(
        errs,
        vec![
            (400, "InternalError.UserId.Missing", "", 412),
            (500, "InternalError.System", "", 413),
            (403, "Forbidden.Access", "沒有許可權,請授權", 414),
            (429, "Throttling.Api", "", 415),
            (429, "Throttling.System", "", 416),
            (429, "Throttling.User", "", 417),
        ]
    );
    let json = op.response_json.as_ref().unwrap();
    assert_eq!(json.line, 321);
    assert_eq!(json.text.lines().count(), 84);
    assert_eq!(op.request_example, None);
}

#[test]
fn a_japanese_page_is_read_too() {
    let text = "DataWorks:GetWidget\n\n最終更新日:Dec 13, 2024\n\nウィジェットを取得します。\n\n\
                リクエストパラメーター\n\nパラメーター\n\n型\n\n必須\n\n説明\n\n例の値\n\n\
                WidgetId\n\nlong\n\nはい\n\nウィジェットの ID。\n\n1001\n\n\
                レスポンスパラメーター\n\nパラメーター\n\n型\n\n説明\n\n例の値\n\n\
                RequestId\n\nstring\n\nリクエスト ID。\n\nabc\n\nエラーコード\n";
    let (doc, diag) = parse(text);
    let doc = doc.unwrap();
    assert_eq!(doc.language.as_deref(), Some("ja"));
    let op = &doc.operations[0];
    assert_eq!(
        summary(&op.request),
        vec![("WidgetId", "long", Some(true), "1001", 19)]
    );
    assert_eq!(
        summary(&op.response),
        vec![("RequestId", "string", None, "abc", 39)]
    );
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
}

#[test]
fn zh_glued_bare_item_row_after_an_array_with_no_example() {
    // The Chinese glued pages print no required value; an array without an example
    // leaves the example's place empty, where its bare item row (`object`) then stands.
    let text = "DataWorks:TagWidget\n\n请求参数\n\n名称类型必填描述示例值\n\
            Tagsarray<object>\n\n标签列表。\n\n\nobject\n\n一个标签。\n\n\nKeystring\n\n标签键。\n\nenv\n\
            WidgetIdlong\n\n部件ID。\n\n1001\n\n返回数据\n\n名称类型描述示例值\nRequestIdstring\n\n请求ID。\n\n0000\n\n示例\n";
    let (op, diag) = parse_op(text);
    let rows: Vec<(&str, &str)> = op
        .request
        .iter()
        .map(|r| (r.name.as_str(), r.type_text.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Tags", "array<object>"),
            ("", "object"),
            ("Key", "string"),
            ("WidgetId", "long")
        ]
    );
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
}

#[test]
fn a_heading_word_below_a_row_head_is_its_description() {
    // `SuccessfulResultSample` is described as "正常返回示例" and `ErrorCode` as "错误码",
    // the words of headings; the real sections open with `示例` (then its sub-headings)
    // and with `错误码` then the error table's header.
    let text = "DataWorks:GetApi\n\n请求参数\n\n名称类型必填描述示例值\nApiIdlong\n\nAPI的ID。\n\n1\n\n\
            返回参数\n\n名称类型描述示例值\nSuccessfulResultSamplestring\n\n正常返回示例\n\n{\"success\": true}\n\
            FailedResultSamplestring\n\n错误返回示例。\n\n{\"success\": false}\n\
            ErrorCodestring\n\n错误码\n\n1001\n\n\
            示例\n\n正常返回示例\n\nJSON格式\n\n{\n  \"RequestId\": \"0000\"\n}\n\n\
            错误码\n\nHttpCode错误码错误信息描述\n400Invalid.ApiThe API is invalid.-\n";
    let (op, diag) = parse_op(text);
    let rows: Vec<(&str, &str, &str)> = op
        .response
        .iter()
        .map(|r| (r.name.as_str(), r.description.as_str(), r.example.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "SuccessfulResultSample",
                "正常返回示例",
                "{\"success\": true}"
            ),
            (
                "FailedResultSample",
                "错误返回示例。",
                "{\"success\": false}"
            ),
            ("ErrorCode", "错误码", "1001"),
        ]
    );
    assert!(op.response_json.is_some());
    assert_eq!(op.errors.len(), 1, "{:?}", op.errors);
    assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
}
