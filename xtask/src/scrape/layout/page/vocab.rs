//! The words of a help-centre page in every language it is published in (zh-CN, zh-TW,
//! English; ja host chrome, and Japanese headings and header cells where a page is
//! Japanese): section headings, table header cells, type spellings,
//! required words and the page furniture. Matching is on whole, trimmed lines or cells;
//! English words match case-insensitively.

/// What a section heading introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    /// The request parameter table.
    Request,
    /// The response parameter table.
    Response,
    /// The error code table.
    Errors,
    /// Request and response examples (example blocks, never parameter tables).
    Examples,
    /// Anything else: debugging, authorization information, SDK samples, the operation
    /// description, change history. Tables here are never read as parameters.
    Other,
}

/// A page language, as `service.yaml` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    ZhCn,
    ZhTw,
    En,
    Ja,
}

impl Lang {
    pub(crate) fn id(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::ZhTw => "zh-TW",
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }
}

/// (heading, section, language) for every heading; English ones compare
/// case-insensitively.
const HEADINGS: &[(&str, Section, Option<Lang>)] = &[
    ("请求参数", Section::Request, Some(Lang::ZhCn)),
    ("請求參數", Section::Request, Some(Lang::ZhTw)),
    ("request parameters", Section::Request, Some(Lang::En)),
    ("返回数据", Section::Response, Some(Lang::ZhCn)),
    ("返回参数", Section::Response, Some(Lang::ZhCn)),
    ("返回參數", Section::Response, Some(Lang::ZhTw)),
    ("返回資料", Section::Response, Some(Lang::ZhTw)),
    ("响应参数", Section::Response, Some(Lang::ZhCn)),
    ("回應參數", Section::Response, Some(Lang::ZhTw)),
    ("response parameters", Section::Response, Some(Lang::En)),
    ("response elements", Section::Response, Some(Lang::En)),
    ("错误码", Section::Errors, Some(Lang::ZhCn)),
    ("錯誤碼", Section::Errors, Some(Lang::ZhTw)),
    ("error codes", Section::Errors, Some(Lang::En)),
    ("示例", Section::Examples, None),
    ("请求示例", Section::Examples, None),
    ("正常返回示例", Section::Examples, None),
    ("异常返回示例", Section::Examples, None),
    ("错误示例", Section::Examples, None),
    ("樣本", Section::Examples, None),
    ("範例", Section::Examples, None),
    ("請求樣本", Section::Examples, None),
    ("請求範例", Section::Examples, None),
    ("正常返回樣本", Section::Examples, None),
    ("正常返回範例", Section::Examples, None),
    ("異常返回樣本", Section::Examples, None),
    ("異常返回範例", Section::Examples, None),
    ("錯誤返回樣本", Section::Examples, None),
    ("examples", Section::Examples, None),
    ("sample requests", Section::Examples, None),
    ("sample request", Section::Examples, None),
    ("sample success responses", Section::Examples, None),
    ("sample error responses", Section::Examples, None),
    ("sample responses", Section::Examples, None),
    ("xml格式", Section::Examples, None),
    ("json格式", Section::Examples, None),
    ("jsonformat", Section::Examples, None),
    ("xmlformat", Section::Examples, None),
    ("json format", Section::Examples, None),
    ("xml format", Section::Examples, None),
    ("调试", Section::Other, None),
    ("調試", Section::Other, None),
    ("debugging", Section::Other, None),
    ("授权信息", Section::Other, None),
    ("授權資訊", Section::Other, None),
    ("授權信息", Section::Other, None),
    ("authorization information", Section::Other, None),
    ("接口说明", Section::Other, None),
    ("接口說明", Section::Other, None),
    ("介面說明", Section::Other, None),
    ("operation description", Section::Other, None),
    ("api description", Section::Other, None),
    ("请求语法", Section::Other, None),
    ("請求語法", Section::Other, None),
    ("request syntax", Section::Other, None),
    ("sdk code samples", Section::Other, None),
    ("sdk 代码示例", Section::Other, None),
    ("sdk代码示例", Section::Other, None),
    ("sdk 程式碼範例", Section::Other, None),
    // The ja host mostly serves English text under Japanese chrome; its own headings,
    // where a page is Japanese.
    ("リクエストパラメーター", Section::Request, Some(Lang::Ja)),
    ("リクエストパラメータ", Section::Request, Some(Lang::Ja)),
    ("レスポンスパラメーター", Section::Response, Some(Lang::Ja)),
    ("レスポンスパラメータ", Section::Response, Some(Lang::Ja)),
    ("レスポンス要素", Section::Response, Some(Lang::Ja)),
    ("エラーコード", Section::Errors, Some(Lang::Ja)),
    ("デバッグ", Section::Other, None),
    ("権限情報", Section::Other, None),
    ("認可情報", Section::Other, None),
    ("变更历史", Section::Other, None),
    ("變更歷史", Section::Other, None),
    ("change history", Section::Other, None),
];

/// The heading text of a line: trimmed, markdown `#` marks and a trailing colon removed,
/// whitespace collapsed, lower-cased (ASCII).
fn heading_key(t: &str) -> String {
    let t = t.trim().trim_start_matches('#').trim();
    let t = t.trim_matches(['*', '`']).trim();
    let t = t.trim_end_matches([':', '：']).trim();
    t.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

/// The section a (trimmed) line heads, or `None` when it is not a heading.
pub(crate) fn heading(t: &str) -> Option<(Section, Option<Lang>)> {
    if t.len() > 60 {
        return None;
    }
    let key = heading_key(t);
    HEADINGS
        .iter()
        .find(|(h, _, _)| *h == key)
        .map(|(_, s, l)| (*s, *l))
}

/// Whether a (trimmed) line is a heading that opens a section of its own (request,
/// response, `示例` / `Examples`), not a heading within one (`正常返回示例`, `JSON格式`).
pub(crate) fn opens_section(t: &str) -> bool {
    match heading(t) {
        Some((Section::Request | Section::Response, _)) => true,
        Some((Section::Examples, _)) => {
            matches!(
                heading_key(t).as_str(),
                "示例" | "樣本" | "範例" | "examples"
            )
        }
        _ => false,
    }
}

/// Whether a (trimmed) line is a section heading.
pub(crate) fn is_heading(t: &str) -> bool {
    heading(t).is_some()
}

/// What a parameter-table column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Col {
    Name,
    Location,
    Type,
    Required,
    Example,
    Description,
}

/// What an error-table column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrCol {
    Status,
    Code,
    Message,
    Description,
}

/// What an authorization-table column holds (the table is recognised to be skipped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthCol {
    Operation,
    AccessLevel,
    Other,
}

/// A header cell of any table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Word {
    Param(Col),
    Error(ErrCol),
    /// `描述` / `Description`: a column of both parameter and error tables.
    Description,
    Auth(AuthCol),
}

/// Header cells: (word as printed, meaning, language hint). Matched case-sensitively
/// when glued (the capitals are the cell boundaries), case-insensitively otherwise.
const WORDS: &[(&str, Word, Option<Lang>)] = &[
    ("参数名称", Word::Param(Col::Name), Some(Lang::ZhCn)),
    ("參數名稱", Word::Param(Col::Name), Some(Lang::ZhTw)),
    ("参数名", Word::Param(Col::Name), Some(Lang::ZhCn)),
    ("參數名", Word::Param(Col::Name), Some(Lang::ZhTw)),
    ("名称", Word::Param(Col::Name), Some(Lang::ZhCn)),
    ("名稱", Word::Param(Col::Name), Some(Lang::ZhTw)),
    ("参数", Word::Param(Col::Name), Some(Lang::ZhCn)),
    ("參數", Word::Param(Col::Name), Some(Lang::ZhTw)),
    ("パラメーター", Word::Param(Col::Name), Some(Lang::Ja)),
    ("パラメータ", Word::Param(Col::Name), Some(Lang::Ja)),
    ("名前", Word::Param(Col::Name), Some(Lang::Ja)),
    ("Parameter", Word::Param(Col::Name), Some(Lang::En)),
    ("Element", Word::Param(Col::Name), Some(Lang::En)),
    ("Name", Word::Param(Col::Name), Some(Lang::En)),
    ("参数位置", Word::Param(Col::Location), None),
    ("位置", Word::Param(Col::Location), None),
    ("Location", Word::Param(Col::Location), None),
    ("Position", Word::Param(Col::Location), None),
    ("数据类型", Word::Param(Col::Type), Some(Lang::ZhCn)),
    ("資料類型", Word::Param(Col::Type), Some(Lang::ZhTw)),
    ("类型", Word::Param(Col::Type), Some(Lang::ZhCn)),
    ("類型", Word::Param(Col::Type), Some(Lang::ZhTw)),
    ("Data type", Word::Param(Col::Type), Some(Lang::En)),
    ("Type", Word::Param(Col::Type), Some(Lang::En)),
    ("タイプ", Word::Param(Col::Type), Some(Lang::Ja)),
    ("型", Word::Param(Col::Type), Some(Lang::Ja)),
    ("是否必选", Word::Param(Col::Required), Some(Lang::ZhCn)),
    ("是否必選", Word::Param(Col::Required), Some(Lang::ZhTw)),
    ("是否必填", Word::Param(Col::Required), None),
    ("必填", Word::Param(Col::Required), None),
    ("必选", Word::Param(Col::Required), Some(Lang::ZhCn)),
    ("Required", Word::Param(Col::Required), Some(Lang::En)),
    ("必須", Word::Param(Col::Required), Some(Lang::Ja)),
    ("示例值", Word::Param(Col::Example), Some(Lang::ZhCn)),
    ("樣本值", Word::Param(Col::Example), Some(Lang::ZhTw)),
    ("範例值", Word::Param(Col::Example), Some(Lang::ZhTw)),
    ("Example value", Word::Param(Col::Example), Some(Lang::En)),
    ("Sample value", Word::Param(Col::Example), Some(Lang::En)),
    ("Example", Word::Param(Col::Example), Some(Lang::En)),
    ("サンプル値", Word::Param(Col::Example), Some(Lang::Ja)),
    ("例の値", Word::Param(Col::Example), Some(Lang::Ja)),
    ("描述", Word::Description, None),
    ("说明", Word::Description, Some(Lang::ZhCn)),
    ("說明", Word::Description, Some(Lang::ZhTw)),
    ("Description", Word::Description, Some(Lang::En)),
    ("説明", Word::Description, Some(Lang::Ja)),
    (
        "HTTP status code",
        Word::Error(ErrCol::Status),
        Some(Lang::En),
    ),
    ("HTTP 状态码", Word::Error(ErrCol::Status), Some(Lang::ZhCn)),
    ("HTTP状态码", Word::Error(ErrCol::Status), Some(Lang::ZhCn)),
    ("HTTP 狀態碼", Word::Error(ErrCol::Status), Some(Lang::ZhTw)),
    ("HTTP狀態碼", Word::Error(ErrCol::Status), Some(Lang::ZhTw)),
    ("HttpCode", Word::Error(ErrCol::Status), None),
    ("错误码", Word::Error(ErrCol::Code), Some(Lang::ZhCn)),
    ("錯誤碼", Word::Error(ErrCol::Code), Some(Lang::ZhTw)),
    ("Error code", Word::Error(ErrCol::Code), Some(Lang::En)),
    ("错误信息", Word::Error(ErrCol::Message), Some(Lang::ZhCn)),
    ("錯誤資訊", Word::Error(ErrCol::Message), Some(Lang::ZhTw)),
    ("錯誤信息", Word::Error(ErrCol::Message), Some(Lang::ZhTw)),
    ("错误消息", Word::Error(ErrCol::Message), Some(Lang::ZhCn)),
    (
        "Error message",
        Word::Error(ErrCol::Message),
        Some(Lang::En),
    ),
    ("操作", Word::Auth(AuthCol::Operation), None),
    ("Operation", Word::Auth(AuthCol::Operation), None),
    ("访问级别", Word::Auth(AuthCol::AccessLevel), None),
    ("訪問級別", Word::Auth(AuthCol::AccessLevel), None),
    ("存取層級", Word::Auth(AuthCol::AccessLevel), None),
    ("Access level", Word::Auth(AuthCol::AccessLevel), None),
    ("资源类型", Word::Auth(AuthCol::Other), None),
    ("資源類型", Word::Auth(AuthCol::Other), None),
    ("Resource type", Word::Auth(AuthCol::Other), None),
    ("条件关键字", Word::Auth(AuthCol::Other), None),
    ("條件關鍵字", Word::Auth(AuthCol::Other), None),
    ("Condition key", Word::Auth(AuthCol::Other), None),
    ("关联操作", Word::Auth(AuthCol::Other), None),
    ("關聯操作", Word::Auth(AuthCol::Other), None),
    ("Associated operation", Word::Auth(AuthCol::Other), None),
    ("Dependent action", Word::Auth(AuthCol::Other), None),
];

/// The meaning of a whole header cell (case-insensitive, whitespace collapsed).
pub(crate) fn word(cell: &str) -> Option<(Word, Option<Lang>)> {
    // Markdown emphasis around a header cell (`**名称**`) is not part of it.
    let cell = cell.trim().trim_matches(['*', '`']);
    let cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
    if cell.is_empty() || cell.len() > 40 {
        return None;
    }
    WORDS
        .iter()
        .find(|(w, _, _)| w.eq_ignore_ascii_case(&cell))
        .map(|(_, m, l)| (*m, *l))
}

/// Splits a header line into its cells when it is made only of header words, glued
/// (`ParameterTypeRequiredDescriptionExample`) or separated by spaces (`名称 类型 是否必选
/// 示例值 描述`). Returns the cells as printed with their meanings, and whether any two
/// cells were glued together.
pub(crate) fn split_header_line(t: &str) -> Option<(Vec<(String, Word)>, bool)> {
    let mut rest = t.trim();
    if rest.is_empty() || rest.len() > 200 {
        return None;
    }
    let mut cells = Vec::new();
    let mut glued = false;
    let mut after_space = true;
    while !rest.is_empty() {
        // Longest word first, so `示例值` wins over a shorter prefix.
        let found = WORDS
            .iter()
            .filter(|(w, _, _)| {
                rest.get(..w.len()).is_some_and(|head| {
                    if after_space {
                        head.eq_ignore_ascii_case(w)
                    } else {
                        head == *w
                    }
                })
            })
            .max_by_key(|(w, _, _)| w.len())?;
        let (w, meaning, _) = found;
        let after = rest.get(w.len()..)?;
        // An ASCII word must not run on into lowercase letters (`Types` is not `Type`).
        if w.is_ascii() && after.starts_with(|c: char| c.is_ascii_lowercase()) {
            return None;
        }
        if !after_space {
            glued = true;
        }
        cells.push(((*w).to_owned(), *meaning));
        let trimmed = after.trim_start();
        after_space = trimmed.len() != after.len();
        rest = trimmed;
    }
    Some((cells, glued))
}

/// Whether `t` is a required word (`是`/`否`, `Yes`/`No`, `Required`/`Optional`,
/// `必填`/`选填`): the value, or `None` for other text. `true`/`false` only count where a
/// cell boundary is certain (`cell`).
pub(crate) fn required_word(t: &str, cell: bool) -> Option<bool> {
    match t.trim() {
        "是" | "Yes" | "yes" | "YES" | "Required" | "required" | "必填" | "必选" | "必選"
        | "必須" | "はい" => Some(true),
        "否" | "No" | "no" | "NO" | "Optional" | "optional" | "非必填" | "选填" | "選填"
        | "可选" | "可選" | "任意" | "いいえ" => Some(false),
        "true" | "True" if cell => Some(true),
        "false" | "False" if cell => Some(false),
        _ => None,
    }
}

/// The required words that can be glued after a type (`ProjectIdlongYes`), longest first.
pub(crate) const GLUED_REQUIRED: &[(&str, bool)] = &[
    ("Required", true),
    ("Optional", false),
    ("非必填", false),
    ("Yes", true),
    ("No", false),
    ("必填", true),
    ("选填", false),
    ("選填", false),
    ("是", true),
    ("否", false),
];

/// The location cell of a `名称 位置 类型 ...` table (`Query`, `Body`, ...).
pub(crate) fn is_location(t: &str) -> bool {
    matches!(
        t.to_ascii_lowercase().as_str(),
        "query" | "body" | "path" | "header" | "formdata" | "form" | "host"
    )
}

/// The type spellings a glued row head can end with (generic `array<...>`, `list<...>`,
/// `map<...>` aside), longest first within a family.
pub(crate) const GLUED_TYPES: &[&str] = &[
    "string", "String", "integer", "Integer", "int32", "int64", "Int32", "Int64", "long", "Long",
    "boolean", "Boolean", "float", "Float", "double", "Double", "object", "Object", "struct",
    "Struct", "array", "Array", "list", "List", "map", "Map", "any", "number", "Number",
];

/// Whether a whole cell (or a row head's type tokens) is a type the documents use: every
/// spelling [`crate::scrape::types::parse_type`] reads.
pub(crate) fn is_type(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty() && t.len() <= 60 && crate::scrape::types::parse_type(t).is_some()
}

/// The length of a generic type (`array<object>`, `map<string, string>`) at the start of
/// `s`, brackets balanced.
pub(crate) fn generic_type_len(s: &str) -> Option<usize> {
    let head = ["array<", "Array<", "list<", "List<", "map<", "Map<"]
        .iter()
        .find(|p| s.starts_with(**p))?;
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return (i > head.len()).then_some(i + 1);
                }
            }
            c if c.is_ascii_alphanumeric() || c == ',' || c == ' ' => {}
            _ => return None,
        }
    }
    None
}

/// Page furniture printed around the title (site navigation in every language).
pub(crate) const FURNITURE: &[&str] = &[
    "全部产品",
    "全部產品",
    "Search",
    "搜索",
    "搜尋",
    "文档中心",
    "文檔中心",
    "All Products",
    "Document Center",
    "すべてのプロダクト",
    "ドキュメントセンター",
    "検索",
];

/// Prefixes of the page date line (`更新时间:Oct 11, 2023`, `最終更新日:Dec 13, 2024`).
pub(crate) const DATE_PREFIXES: &[&str] = &[
    "更新时间",
    "更新時間",
    "Last Updated",
    "Last updated",
    "最終更新日",
    "最終更新",
];

/// Lines that close an error table (the help centre's pointer to the error centre).
pub(crate) fn is_error_footer(t: &str) -> bool {
    t.starts_with("访问错误中心")
        || t.starts_with("訪問錯誤中心")
        || t.starts_with("For a list of error codes")
        || t.starts_with("For more error codes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_in_every_language() {
        assert_eq!(heading("请求参数").map(|h| h.0), Some(Section::Request));
        assert_eq!(heading("請求參數").map(|h| h.0), Some(Section::Request));
        assert_eq!(
            heading("Request Parameters").map(|h| h.0),
            Some(Section::Request)
        );
        assert_eq!(
            heading("## Response elements:").map(|h| h.0),
            Some(Section::Response)
        );
        assert_eq!(
            heading("Authorization information").map(|h| h.0),
            Some(Section::Other)
        );
        assert_eq!(heading("JSON 格式"), None);
        assert_eq!(heading("JSONformat").map(|h| h.0), Some(Section::Examples));
        assert_eq!(heading("Example"), None, "a column word, not a heading");
        assert_eq!(heading("示例值"), None);
    }

    #[test]
    fn header_lines_glued_or_spaced() {
        let cells = |t: &str| {
            split_header_line(t)
                .map(|(c, g)| (c.into_iter().map(|(w, _)| w).collect::<Vec<_>>(), g))
        };
        assert_eq!(
            cells("ParameterTypeRequiredDescriptionExample"),
            Some((
                vec!["Parameter", "Type", "Required", "Description", "Example"]
                    .into_iter()
                    .map(String::from)
                    .collect(),
                true
            ))
        );
        assert_eq!(
            cells("名称 类型 是否必选 示例值 描述").map(|c| c.1),
            Some(false)
        );
        assert_eq!(cells("名称类型必填描述示例值").map(|c| c.0.len()), Some(5));
        assert_eq!(
            cells("HTTP status codeError codeError messageDescription").map(|c| c.0.len()),
            Some(4)
        );
        assert_eq!(cells("Parameter types"), None);
        assert_eq!(cells("Types"), None);
        assert_eq!(cells(""), None);
    }

    #[test]
    fn generic_types() {
        assert_eq!(generic_type_len("array<object>No"), Some(13));
        assert_eq!(generic_type_len("map<string, string>"), Some(19));
        assert_eq!(generic_type_len("array<>"), None);
        assert_eq!(generic_type_len("array<ob"), None);
        assert_eq!(generic_type_len("array<a>>"), Some(8));
    }
}
