//! One-of groups of request parameters: where the documentation says that one of
//! several parameters must be set (`该参数与FolderId参数配置一个即可`,
//! `该参数与ProjectId参数，二者必须设置其一`, zh-TW `該參數與X參數配置一個即可`, English
//! "Either this parameter or the X parameter must be specified"), the spec records the
//! parameters as a group (`request.one_of`) instead of leaving the rule in prose.
//!
//! This module owns every step of that:
//!
//! - **Recognising the phrasings** ([`phrase`]): one tight pattern per phrasing (zh-CN,
//!   zh-TW, English), each giving the parameter names the sentence pairs with the
//!   parameter it describes. A sentence with a one-of wording but no recognisable name
//!   (a bare `必须设置其一`) is a phrasing without names.
//! - **Resolving and grouping** ([`detect`], per document, on the top-level request
//!   parameters): a name resolves to a parameter of the same operation by its exact
//!   wire name, else case-insensitively (`projectId` → `ProjectId`). A group's members
//!   are the parameter whose description states the phrasing plus the ones it names;
//!   groups sharing a member are one group (A says B, B says A); members are in
//!   parameter order. A phrasing whose names cannot all be resolved (no such parameter,
//!   or no name at all) is a `one-of` warning at the parameter's row and gives no group:
//!   the scraper never guesses.
//! - **The note** ([`is_note`]): a sentence of a member's description saying which member
//!   wins when several are set (`如果同时配置…则系统会以RevokeUserId参数的配置内容为准`,
//!   "… takes precedence") is kept verbatim as the group's note (the first member in
//!   parameter order that has one).
//! - **Merging** ([`merge`]): the groups of every document describing the operation,
//!   united by member set; the note comes from the first document by description
//!   precedence (zh-CN first, newest first) that has one. A group naming a parameter
//!   the structure source does not have is dropped with a `conflict` warning.
//! - **Settling the table's required flags** ([`settle_draft`] per document, after the
//!   errata; [`settle_required`] after merging): a member of a group that a table marks
//!   required contradicts the text (each member alone would be enough); the spec makes
//!   it optional, the group carries the requirement, and a `one-of` warning at the row
//!   stating the group names the operation, the group and the parameter.
//!
//! Reviewed corrections (`add_one_of`, `remove_one_of` in `spec/errata.yaml`) act on a
//! document's groups after detection; see [`super::errata`].

use std::sync::LazyLock;

use dwgen_spec::Param;
use regex::Regex;

use super::diag::{Diagnostics, WarningKind};
use super::raw::RawRow;

/// One group of parameters of which at least one must be set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The members' wire names, in parameter order.
    pub members: Vec<String>,
    /// The documentation's sentence about which member wins when several are set.
    pub note: Option<String>,
    /// The document that states the group.
    pub file: String,
    /// Where the document states it: (member, line of its row) for every member whose
    /// description has the phrasing, in parameter order. For a group added by an errata
    /// entry: every member's row.
    pub rows: Vec<(String, usize)>,
    /// Added by an errata entry (`add_one_of`) rather than read from the text.
    pub by_errata: bool,
}

impl Group {
    /// The line where the group is stated for `member` (its own row if its description
    /// states it, else the first row that does).
    pub fn line_for(&self, member: &str) -> usize {
        self.rows
            .iter()
            .find(|(m, _)| m == member)
            .or(self.rows.first())
            .map_or(0, |(_, line)| *line)
    }

    /// Whether the group has exactly these members (in any order).
    pub fn has_members(&self, members: &[String]) -> bool {
        self.members.len() == members.len() && members.iter().all(|m| self.members.contains(m))
    }
}

/// `[FolderId, FolderPath]`, as warnings print a group.
pub fn show(members: &[String]) -> String {
    format!("[{}]", members.join(", "))
}

/// A top-level request parameter as [`detect`] reads it.
#[derive(Debug, Clone, Copy)]
pub struct ParamText<'a> {
    /// Wire name.
    pub name: &'a str,
    /// Description.
    pub description: &'a str,
    /// Line of the parameter's row.
    pub line: usize,
}

/// The line of the top-level row called `name` in a document's request rows (a
/// depth-marked top-level row first, else any row of that name).
pub fn row_line(rows: &[RawRow], name: &str) -> Option<usize> {
    rows.iter()
        .find(|r| r.name == name && r.depth.unwrap_or(0) == 0)
        .or_else(|| rows.iter().find(|r| r.name == name))
        .map(|r| r.line)
}

/// A parameter name as the phrasings write it.
const NAME: &str = r"[A-Za-z][A-Za-z0-9_]*";

/// The phrasings, most specific first; the first that matches a sentence is taken.
/// Each pattern's groups `a` and `b` hold names (`{N}`), or its group `list` holds a
/// list of them (`this parameter, FolderPath, and FolderId`).
static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // zh-CN: 该参数与NodeId参数配置一个即可。
        r"与\s*(?P<a>{N})\s*参数\s*配置一个即可",
        // zh-CN: 该参数与ProjectIdentifier参数，二者必须设置其一 / 与projectId参数二者必须设置其一
        r"与\s*(?P<a>{N})\s*参数\s*[，,]?\s*二者必须设置其一",
        // zh-CN: 与ResourceGroupIdentifier二者设置其一即可。
        r"与\s*(?P<a>{N})\s*(?:参数)?\s*[，,]?\s*二者设置其一即可",
        // zh-CN: ProjectId和ProjectIdentifier(参数)(，)(二者)必须设置其一
        r"(?P<a>{N})\s*(?:参数)?\s*[和与或]\s*(?P<b>{N})\s*(?:参数)?\s*[，,]?\s*(?:二者)?必须设置其一",
        // zh-TW: 該參數與NodeId參數配置一個即可。
        r"與\s*(?P<a>{N})\s*參數\s*配置一個即可",
        // zh-TW: 該參數與ProjectIdentifier參數，二者必須設定其一
        r"與\s*(?P<a>{N})\s*參數\s*[，,]?\s*二者必須設定其一",
        // zh-TW: 與ResourceGroupIdentifier二者設定其一即可。
        r"與\s*(?P<a>{N})\s*(?:參數)?\s*[，,]?\s*二者設定其一即可",
        // zh-TW: ProjectId和ProjectIdentifier(參數)(，)(二者)必須設定其一
        r"(?P<a>{N})\s*(?:參數)?\s*[和與或]\s*(?P<b>{N})\s*(?:參數)?\s*[，,]?\s*(?:二者)?必須設定其一",
        // en: Either this parameter or the NodeId parameter must be specified.
        r"(?i)\beither this parameter or (?:the )?(?P<a>{N})(?: parameter)? must be (?:specified|configured|set)\b",
        // en: You must specify either this parameter or (the) NodeId (parameter).
        r"(?i)\byou must (?:specify|configure|set) either this parameter or (?:the )?(?P<a>{N})\b",
        // en: You must specify either FileId or NodeId.
        r"(?i)\byou must (?:specify|configure|set) either (?:the )?(?P<a>{N})(?: parameter)? or (?:the )?(?P<b>{N})\b",
        // en: You need to specify only one of this parameter and (the) NodeId (parameter).
        r"(?i)\byou (?:only )?need to (?:specify|configure|set) only one of this parameter and (?:the )?(?P<a>{N})\b",
        // en: Specify at least one of this parameter, FolderPath, and FolderId.
        r"(?i)\b(?:you must )?specify at least one of (?P<list>[^.;]+)",
    ]
    .into_iter()
    .map(|p| Regex::new(&p.replace("{N}", NAME)).expect("valid one-of pattern"))
    .collect()
});

/// Wordings that say "one of" whatever follows; a sentence with one and no pattern
/// above is a phrasing without a name (reported, never guessed at).
static WORDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)配置一个即可|设置其一|配置一個即可|設定其一|設置其一|\beither this parameter\b|\bonly one of this parameter\b|\bat least one of\b.*\bparameters?\b|\bmust (?:specify|configure|set) either\b",
    )
    .expect("valid wording pattern")
});

/// The note: which member wins when several are set.
static NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:同时配置|同時配置).*(?:为准|為準)|\btakes precedence\b|\bprevails\b")
        .expect("valid note pattern")
});

/// If `sentence` has a one-of phrasing, the parameter names it gives besides "this
/// parameter", as written (empty for a phrasing without a name; an item of a list that
/// is not a single name is returned as written, so that resolving it fails visibly).
pub fn phrase(sentence: &str) -> Option<Vec<String>> {
    for re in PATTERNS.iter() {
        let Some(caps) = re.captures(sentence) else {
            continue;
        };
        if let Some(list) = caps.name("list") {
            return Some(list_names(list.as_str()));
        }
        return Some(
            ["a", "b"]
                .iter()
                .filter_map(|g| caps.name(g))
                .map(|m| m.as_str().to_owned())
                .collect(),
        );
    }
    WORDING.is_match(sentence).then(Vec::new)
}

/// `this parameter, the FolderPath parameter, and FolderId` → `[FolderPath, FolderId]`.
fn list_names(list: &str) -> Vec<String> {
    static SEP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\s*,\s*(?:and |or )?|\s+(?:and|or)\s+").expect("sep"));
    SEP.split(list.trim())
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .filter(|item| !item.eq_ignore_ascii_case("this parameter"))
        .map(|item| {
            let item = item
                .strip_prefix("the ")
                .or_else(|| item.strip_prefix("The "))
                .unwrap_or(item);
            let item = item
                .strip_suffix(" parameters")
                .or_else(|| item.strip_suffix(" parameter"))
                .unwrap_or(item);
            item.to_owned()
        })
        .collect()
}

/// Whether `sentence` says which member wins when several are set.
pub fn is_note(sentence: &str) -> bool {
    NOTE.is_match(sentence)
}

/// The sentences of a description: split after `。`, `；`, `！`, at line breaks, and
/// after a `.` followed by a space; trimmed, empty ones dropped.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = match c {
            '。' | '；' | '！' => Some(i + c.len_utf8()),
            '\n' => Some(i),
            '.' if chars.peek().is_none_or(|(_, n)| n.is_whitespace()) => Some(i + 1),
            _ => None,
        };
        if let Some(end) = end {
            out.push(text[start..end].trim());
            start = end;
            if c == '\n' {
                start += 1;
            }
        }
    }
    out.push(text[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

/// Resolves a name as written to a parameter: its exact wire name, else the only
/// parameter whose name matches case-insensitively.
pub fn resolve(name: &str, params: &[ParamText<'_>]) -> Option<usize> {
    params.iter().position(|p| p.name == name).or_else(|| {
        let mut hits = params
            .iter()
            .enumerate()
            .filter(|(_, p)| p.name.eq_ignore_ascii_case(name));
        match (hits.next(), hits.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    })
}

/// Finds the one-of groups a document states in its top-level request parameters'
/// descriptions (`params` in parameter order). Phrasings that cannot be resolved are
/// `one-of` warnings at the parameter's row, and give no group.
pub fn detect(
    file: &str,
    operation: &str,
    params: &[ParamText<'_>],
    diag: &mut Diagnostics,
) -> Vec<Group> {
    // Per stating parameter: the members its description names (itself included).
    let mut stated: Vec<(usize, Vec<usize>, Option<String>)> = Vec::new();
    for (i, p) in params.iter().enumerate() {
        let sents = sentences(p.description);
        let mut phrasings: Vec<(&str, Vec<String>)> = Vec::new();
        for s in &sents {
            if let Some(names) = phrase(s) {
                phrasings.push((s, names));
            }
        }
        let Some((first, _)) = phrasings.first() else {
            continue;
        };
        let mut warn = |what: String| {
            diag.warn(
                file,
                p.line,
                WarningKind::OneOf,
                Some(operation),
                format!("request.{}: {what} (\"{first}\"); no one-of group", p.name),
            );
        };
        let names: Vec<&String> = phrasings.iter().flat_map(|(_, n)| n).collect();
        if names.is_empty() {
            warn("says one of several parameters must be set but names no other parameter".into());
            continue;
        }
        let unknown: Vec<&str> = names
            .iter()
            .filter(|n| resolve(n, params).is_none())
            .map(|n| n.as_str())
            .collect();
        if !unknown.is_empty() {
            warn(format!(
                "names {}, which is not a request parameter of {operation}",
                unknown
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            continue;
        }
        let mut members = vec![i];
        for j in names.iter().filter_map(|n| resolve(n, params)) {
            if !members.contains(&j) {
                members.push(j);
            }
        }
        if members.len() < 2 {
            warn("names only the parameter itself".into());
            continue;
        }
        let note = sents.iter().find(|s| is_note(s)).map(|s| (*s).to_owned());
        stated.push((i, members, note));
    }
    // Groups sharing a member are one group: union of the stated member sets.
    let mut component: Vec<usize> = (0..params.len()).collect();
    fn root(c: &mut [usize], mut i: usize) -> usize {
        while c[i] != i {
            c[i] = c[c[i]];
            i = c[i];
        }
        i
    }
    for (_, members, _) in &stated {
        for &m in &members[1..] {
            let (a, b) = (root(&mut component, members[0]), root(&mut component, m));
            component[a.max(b)] = a.min(b);
        }
    }
    let mut groups: Vec<(usize, Group)> = Vec::new();
    for (i, members, note) in &stated {
        let r = root(&mut component, *i);
        let at = match groups.iter().position(|(g, _)| *g == r) {
            Some(at) => at,
            None => {
                groups.push((
                    r,
                    Group {
                        members: Vec::new(),
                        note: None,
                        file: file.to_owned(),
                        rows: Vec::new(),
                        by_errata: false,
                    },
                ));
                groups.len() - 1
            }
        };
        let g = &mut groups[at].1;
        for &m in members {
            if !g.members.iter().any(|n| n == params[m].name) {
                g.members.push(params[m].name.to_owned());
            }
        }
        g.rows.push((params[*i].name.to_owned(), params[*i].line));
        if g.note.is_none() {
            g.note.clone_from(note);
        }
    }
    let position = |name: &str| params.iter().position(|p| p.name == name);
    let mut groups: Vec<Group> = groups.into_iter().map(|(_, g)| g).collect();
    for g in &mut groups {
        g.members.sort_by_key(|m| position(m));
    }
    groups.sort_by_key(|g| g.members.first().and_then(|m| position(m)));
    groups
}

/// Puts each group's members and rows in parameter order, and the groups in the order
/// of their first members.
pub fn sort_groups(groups: &mut [Group], params: &[Param]) {
    let position = |name: &str| params.iter().position(|p| p.name == name);
    for g in groups.iter_mut() {
        g.members.sort_by_key(|m| position(m));
        g.rows.sort_by_key(|(m, _)| position(m));
    }
    groups.sort_by_key(|g| g.members.first().and_then(|m| position(m)));
}

/// Merges the groups of the documents describing one operation: `order` holds each
/// document's groups in description precedence (zh-CN first, newest first), `params` the
/// merged parameters. Groups are united by member set; the note comes from the first
/// document in `order` that gives one.
/// A group with a member `params` lacks is dropped with a `conflict` warning, and two
/// different groups sharing a member are reported as a `conflict` (both kept).
pub fn merge(
    operation: &str,
    params: &[Param],
    order: &[&[Group]],
    diag: &mut Diagnostics,
) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for groups in order {
        for g in groups.iter() {
            if let Some(missing) = g
                .members
                .iter()
                .find(|m| !params.iter().any(|p| &p.name == *m))
            {
                diag.warn(
                    &g.file,
                    g.line_for(missing),
                    WarningKind::Conflict,
                    Some(operation),
                    format!(
                        "one-of group {}: request.{missing} is documented only in the older source; group not kept",
                        show(&g.members)
                    ),
                );
                continue;
            }
            match out.iter_mut().find(|o| o.has_members(&g.members)) {
                Some(o) => {
                    if o.note.is_none() {
                        o.note.clone_from(&g.note);
                    }
                }
                None => out.push(g.clone()),
            }
        }
    }
    sort_groups(&mut out, params);
    for (i, a) in out.iter().enumerate() {
        for b in &out[i + 1..] {
            if let Some(shared) = a.members.iter().find(|m| b.members.contains(m)) {
                diag.warn(
                    &b.file,
                    b.line_for(shared),
                    WarningKind::Conflict,
                    Some(operation),
                    format!(
                        "one-of groups {} ({}) and {} ({}) share {shared}; both kept",
                        show(&a.members),
                        a.file,
                        show(&b.members),
                        b.file
                    ),
                );
            }
        }
    }
    out
}

/// Where a document's table marks a member of one of its groups required, the text
/// contradicts the table (each member alone is enough): the member is made optional,
/// the group carries the requirement, and a `one-of` warning at the row stating the
/// group (the member's own row where it states it) reports it. Runs on each document's
/// parameters and groups after the errata, so a removed group changes nothing and an
/// added one counts.
pub fn settle_draft(
    operation: &str,
    params: &mut [Param],
    groups: &[Group],
    diag: &mut Diagnostics,
) {
    settle(operation, params, groups, "in the table", diag);
}

/// After merging: a member still marked required took its flag from a document that
/// does not state the group (the others were settled by [`settle_draft`]); settled the
/// same way, the warning at the row of the document that states the group.
pub fn settle_required(
    operation: &str,
    params: &mut [Param],
    groups: &[Group],
    diag: &mut Diagnostics,
) {
    settle(
        operation,
        params,
        groups,
        "by a document that does not state the group",
        diag,
    );
}

fn settle(
    operation: &str,
    params: &mut [Param],
    groups: &[Group],
    marked: &str,
    diag: &mut Diagnostics,
) {
    for g in groups {
        for member in &g.members {
            let Some(p) = params.iter_mut().find(|p| &p.name == member) else {
                continue;
            };
            if !p.required {
                continue;
            }
            p.required = false;
            let by = if g.by_errata {
                "spec/errata.yaml adds the group"
            } else {
                "the descriptions say"
            };
            diag.warn(
                &g.file,
                g.line_for(member),
                WarningKind::OneOf,
                Some(operation),
                format!(
                    "request.{member} is marked required {marked}, but {by} one of {} must be set: {member} made optional, the group carries the requirement",
                    show(&g.members)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(sentence: &str) -> Option<Vec<String>> {
        phrase(sentence)
    }

    fn v(names: &[&str]) -> Option<Vec<String>> {
        Some(names.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn zh_cn_phrasings() {
        assert_eq!(names("该参数与NodeId参数配置一个即可。"), v(&["NodeId"]));
        assert_eq!(
            names("该参数与ProjectIdentifier参数，二者必须设置其一，用来确定本次API调用操作的DataWorks工作空间。"),
            v(&["ProjectIdentifier"])
        );
        // The zh-CN pages print ASCII commas.
        assert_eq!(
            names("该参数与ProjectId参数,二者必须设置其一,用来确定本次API调用操作的DataWorks工作空间。"),
            v(&["ProjectId"])
        );
        assert_eq!(
            names("该参数与projectId参数二者必须设置其一，以确定本次API调用操作的DataWorks项目。"),
            v(&["projectId"])
        );
        assert_eq!(
            names("与ResourceGroupIdentifier二者设置其一即可。"),
            v(&["ResourceGroupIdentifier"])
        );
        assert_eq!(
            names("ProjectId和ProjectIdentifier必须设置其一。"),
            v(&["ProjectId", "ProjectIdentifier"])
        );
        // Spaces around the name (as the zh-TW page prints ASCII words).
        assert_eq!(names("该参数与 NodeId 参数配置一个即可。"), v(&["NodeId"]));
    }

    #[test]
    fn a_bare_phrasing_gives_no_name() {
        assert_eq!(names("二者必须设置其一。"), v(&[]));
        assert_eq!(names("这些参数必须设置其一。"), v(&[]));
        assert_eq!(names("配置一个即可。"), v(&[]));
    }

    #[test]
    fn zh_tw_phrasings() {
        assert_eq!(names("該參數與NodeId參數配置一個即可。"), v(&["NodeId"]));
        assert_eq!(
            names("該參數與ProjectIdentifier參數，二者必須設定其一，用來確定本次API調用操作的DataWorks工作空間。"),
            v(&["ProjectIdentifier"])
        );
        assert_eq!(
            names("與ResourceGroupIdentifier二者設定其一即可。"),
            v(&["ResourceGroupIdentifier"])
        );
        assert_eq!(
            names("ProjectId與ProjectIdentifier必須設定其一。"),
            v(&["ProjectId", "ProjectIdentifier"])
        );
        assert_eq!(names("二者必須設定其一。"), v(&[]));
    }

    #[test]
    fn english_phrasings() {
        assert_eq!(
            names("Either this parameter or the NodeId parameter must be specified."),
            v(&["NodeId"])
        );
        assert_eq!(
            names("Either this parameter or ProjectId must be configured."),
            v(&["ProjectId"])
        );
        assert_eq!(
            names("You must specify either this parameter or the ProjectIdentifier parameter to determine the workspace."),
            v(&["ProjectIdentifier"])
        );
        assert_eq!(
            names("You must configure either this parameter or NodeId."),
            v(&["NodeId"])
        );
        assert_eq!(
            names("You must specify either FileId or NodeId."),
            v(&["FileId", "NodeId"])
        );
        assert_eq!(
            names("You must specify either the FileId parameter or the NodeId parameter."),
            v(&["FileId", "NodeId"])
        );
        assert_eq!(
            names(
                "You need to specify only one of this parameter and the RevokeUserName parameter."
            ),
            v(&["RevokeUserName"])
        );
        assert_eq!(
            names("You need to configure only one of this parameter and FolderId."),
            v(&["FolderId"])
        );
        assert_eq!(
            names("Specify at least one of this parameter, FolderPath, and FolderId."),
            v(&["FolderPath", "FolderId"])
        );
        assert_eq!(
            names("You must specify at least one of the FileId and NodeId parameters."),
            v(&["FileId", "NodeId"])
        );
        // A list that is not of names is returned as written: it will not resolve.
        assert_eq!(
            names("Specify at least one of the following parameters: A or B."),
            v(&["following parameters: A", "B"])
        );
    }

    #[test]
    fn english_patterns_are_tight() {
        for s in [
            "Valid values: either true or false.",
            "The ID of the file. You can call the ListFiles operation to query the ID.",
            "If you set the TaskType parameter to DI_REALTIME, set the FileId parameter.",
            "Either way, the task runs.",
            "At least one of the nodes runs.",
        ] {
            assert_eq!(names(s), None, "{s}");
        }
        for s in [
            "文件的ID。",
            "查询校验结果的开始时间。该参数与EndDate配合使用，二者所取的时间区间不能大于7天。",
            "文件名称的关键字。支持模糊匹配，即输入关键字即可查询包含该关键字的所有文件。",
        ] {
            assert_eq!(names(s), None, "{s}");
        }
    }

    #[test]
    fn note_sentences() {
        assert!(is_note(
            "如果同时配置了该参数与RevokeUserName参数，但二者取值不同，则系统会以RevokeUserId参数的配置内容为准。"
        ));
        assert!(is_note(
            "如果同時配置了該參數與RevokeUserName參數，則系統會以RevokeUserId參數為準。"
        ));
        assert!(is_note(
            "If you specify both parameters and their values differ, the value of RevokeUserId takes precedence."
        ));
        assert!(!is_note("选择该模式时，需要同时配置IncludeProjects参数。"));
        assert!(!is_note("该参数与RevokeUserName参数配置一个即可。"));
    }

    #[test]
    fn sentences_split_chinese_english_and_lines() {
        assert_eq!(
            sentences("A。B；C\nD. E.F. G"),
            vec!["A。", "B；", "C", "D.", "E.F.", "G"]
        );
        assert_eq!(sentences(""), Vec::<&str>::new());
    }

    fn p<'a>(name: &'a str, description: &'a str, line: usize) -> ParamText<'a> {
        ParamText {
            name,
            description,
            line,
        }
    }

    #[test]
    fn resolution_is_exact_then_case_insensitive() {
        let params = [p("ProjectId", "", 1), p("ProjectIdentifier", "", 2)];
        assert_eq!(resolve("ProjectId", &params), Some(0));
        assert_eq!(resolve("projectId", &params), Some(0));
        assert_eq!(resolve("PROJECTIDENTIFIER", &params), Some(1));
        assert_eq!(resolve("Project", &params), None);
        // Two parameters differing only in case: only an exact name resolves.
        let twins = [p("Name", "", 1), p("name", "", 2)];
        assert_eq!(resolve("name", &twins), Some(1));
        assert_eq!(resolve("NAME", &twins), None);
    }

    #[test]
    fn mutual_statements_make_one_group_in_parameter_order() {
        let params = [
            p(
                "FolderId",
                "文件夹的ID。该参数与FolderPath参数配置一个即可。",
                10,
            ),
            p("ProjectId", "DataWorks工作空间的ID。", 14),
            p(
                "FolderPath",
                "文件夹的路径。该参数与FolderId参数配置一个即可。",
                20,
            ),
        ];
        let mut diag = Diagnostics::new();
        let groups = detect("003.txt", "GetFolder", &params, &mut diag);
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
        assert_eq!(
            groups,
            vec![Group {
                members: vec!["FolderId".into(), "FolderPath".into()],
                note: None,
                file: "003.txt".into(),
                rows: vec![("FolderId".into(), 10), ("FolderPath".into(), 20)],
                by_errata: false,
            }]
        );
    }

    #[test]
    fn one_sided_and_case_insensitive_statements_group() {
        let params = [
            p("ProjectId", "工作空间ID。", 5),
            p(
                "ProjectIdentifier",
                "该参数与projectId参数二者必须设置其一，以确定本次API调用操作的DataWorks项目。",
                9,
            ),
        ];
        let mut diag = Diagnostics::new();
        let groups = detect("003.txt", "CreateBusiness", &params, &mut diag);
        assert!(diag.warnings().is_empty());
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].members, ["ProjectId", "ProjectIdentifier"]);
        assert_eq!(groups[0].line_for("ProjectId"), 9);
    }

    #[test]
    fn groups_sharing_a_member_are_one_group() {
        let params = [
            p("A", "与B参数配置一个即可。", 1),
            p("B", "", 2),
            p("C", "与B参数配置一个即可。", 3),
            p("D", "与E参数配置一个即可。", 4),
            p("E", "", 5),
        ];
        let mut diag = Diagnostics::new();
        let groups = detect("f", "Op", &params, &mut diag);
        let members: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.members.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(members, [vec!["A", "B", "C"], vec!["D", "E"]]);
    }

    #[test]
    fn unknown_or_missing_names_warn_and_give_no_group() {
        let params = [
            p("FileId", "文件ID。该参数与NodeID2参数配置一个即可。", 7),
            p("NodeId", "二者必须设置其一。", 8),
            p("Other", "与Other参数配置一个即可。", 9),
        ];
        let mut diag = Diagnostics::new();
        let groups = detect("000.txt", "DeployFile", &params, &mut diag);
        assert!(groups.is_empty());
        let w = diag.warnings();
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w.iter().all(|w| w.kind == WarningKind::OneOf
            && w.file == "000.txt"
            && w.operation.as_deref() == Some("DeployFile")));
        assert_eq!(w[0].line, 7);
        assert!(w[0].message.contains("`NodeID2`"), "{}", w[0].message);
        assert_eq!(w[1].line, 8);
        assert!(w[1].message.contains("names no other parameter"));
        assert_eq!(w[2].line, 9);
        assert!(w[2].message.contains("only the parameter itself"));
    }

    #[test]
    fn the_note_is_the_first_members_sentence_about_who_wins() {
        let params = [
            p(
                "RevokeUserName",
                "账号名。该参数与RevokeUserId参数配置一个即可。如果同时配置了该参数与RevokeUserId参数，但二者取值不同，则系统会以RevokeUserId参数的配置内容为准。",
                40,
            ),
            p(
                "RevokeUserId",
                "账号ID。该参数与RevokeUserName参数配置一个即可。如果同时配置了该参数与RevokeUserName参数，但二者取值不同，则系统会以RevokeUserId参数的配置为准。",
                47,
            ),
        ];
        let mut diag = Diagnostics::new();
        let groups = detect("003.txt", "RevokeTablePermission", &params, &mut diag);
        assert_eq!(groups.len(), 1);
        assert_eq!(
            groups[0].note.as_deref(),
            Some("如果同时配置了该参数与RevokeUserId参数，但二者取值不同，则系统会以RevokeUserId参数的配置内容为准。")
        );
        // A who-wins sentence without a one-of phrasing is no note of anything.
        let params = [
            p("A", "如果同时配置了该参数与B参数，则以A为准。", 1),
            p("B", "", 2),
        ];
        assert!(detect("f", "Op", &params, &mut diag).is_empty());
    }

    #[test]
    fn english_and_zh_tw_descriptions_group() {
        let params = [
            p("FileId", "The ID of the file. You must specify either this parameter or the NodeId parameter.", 3),
            p("NodeId", "The ID of the node. If you specify both, FileId takes precedence.", 4),
        ];
        let mut diag = Diagnostics::new();
        let groups = detect("002.txt", "DeployFile", &params, &mut diag);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].members, ["FileId", "NodeId"]);
        // The note must be in a description that states the group.
        assert_eq!(groups[0].note, None);
        let params = [
            p(
                "MessageId",
                "訊息 ID。該參數與 ProjectId 參數配置一個即可。",
                3,
            ),
            p("ProjectId", "空間 ID。", 4),
        ];
        let groups = detect("004.txt", "GetIDEEventDetail", &params, &mut diag);
        assert_eq!(groups[0].members, ["MessageId", "ProjectId"]);
        assert!(diag.warnings().is_empty());
    }

    /// One document's parameters and groups.
    struct Doc {
        params: Vec<Param>,
        one_of: Vec<Group>,
    }

    fn draft(_file: &str, params: &[(&str, bool)], groups: Vec<Group>) -> Doc {
        use dwgen_spec::Type;
        Doc {
            params: params
                .iter()
                .map(|(n, r)| Param::new(*n, Type::String, *r))
                .collect(),
            one_of: groups,
        }
    }

    fn group(file: &str, members: &[&str], rows: &[(&str, usize)], note: Option<&str>) -> Group {
        Group {
            members: members.iter().map(|m| (*m).to_owned()).collect(),
            note: note.map(str::to_owned),
            file: file.into(),
            rows: rows.iter().map(|(m, l)| ((*m).to_owned(), *l)).collect(),
            by_errata: false,
        }
    }

    #[test]
    fn a_required_member_is_made_optional_with_a_warning_at_its_row() {
        let g = group(
            "003.txt",
            &["FolderId", "FolderPath"],
            &[("FolderId", 16391), ("FolderPath", 16398)],
            None,
        );
        let mut d = draft(
            "003.txt",
            &[
                ("FolderId", true),
                ("FolderPath", true),
                ("ProjectId", true),
            ],
            vec![g],
        );
        let mut diag = Diagnostics::new();
        settle_draft("Op", &mut d.params, &d.one_of, &mut diag);
        let required: Vec<bool> = d.params.iter().map(|p| p.required).collect();
        assert_eq!(required, [false, false, true], "only members are settled");
        let w = diag.warnings();
        assert_eq!(w.len(), 2);
        assert_eq!((w[0].file.as_str(), w[0].line), ("003.txt", 16391));
        assert_eq!((w[1].file.as_str(), w[1].line), ("003.txt", 16398));
        assert_eq!(w[0].kind, WarningKind::OneOf);
        assert_eq!(w[0].operation.as_deref(), Some("Op"));
        assert!(
            w[0].message.contains("request.FolderId is marked required")
                && w[0].message.contains("[FolderId, FolderPath]"),
            "{}",
            w[0].message
        );
        // Settled once: nothing left to report.
        settle_draft("Op", &mut d.params, &d.one_of, &mut diag);
        assert_eq!(diag.warnings().len(), 2);
    }

    #[test]
    fn merging_unites_by_member_set_and_takes_the_first_note() {
        let newer = draft(
            "000.txt",
            &[("ProjectId", false), ("FileId", false), ("NodeId", false)],
            vec![
                group("000.txt", &["FileId", "NodeId"], &[("FileId", 30)], None),
                group(
                    "000.txt",
                    &["ProjectId", "FileId"],
                    &[("ProjectId", 20)],
                    None,
                ),
            ],
        );
        let older = draft(
            "003.txt",
            &[("FileId", true), ("NodeId", false), ("Gone", false)],
            vec![
                group(
                    "003.txt",
                    &["FileId", "NodeId"],
                    &[("FileId", 9)],
                    Some("FileId wins."),
                ),
                group("003.txt", &["NodeId", "Gone"], &[("NodeId", 12)], None),
            ],
        );
        let mut diag = Diagnostics::new();
        let groups = merge(
            "Op",
            &newer.params,
            &[newer.one_of.as_slice(), older.one_of.as_slice()],
            &mut diag,
        );
        let members: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.members.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            members,
            [vec!["ProjectId", "FileId"], vec!["FileId", "NodeId"]]
        );
        // The newer document's group, with the older one's note.
        assert_eq!(groups[1].file, "000.txt");
        assert_eq!(groups[1].note.as_deref(), Some("FileId wins."));
        let w: Vec<String> = diag.warnings().iter().map(ToString::to_string).collect();
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w.iter().all(|w| w.contains("[conflict]")));
        assert!(w
            .iter()
            .any(|w| w.starts_with("003.txt:12:") && w.contains("[NodeId, Gone]")));
        assert!(w.iter().any(|w| w.contains("share FileId")));
    }

    #[test]
    fn a_flag_from_a_document_without_the_group_is_settled_after_merging() {
        let mut d = draft(
            "000.txt",
            &[("FileId", true), ("NodeId", false)],
            vec![group(
                "000.txt",
                &["FileId", "NodeId"],
                &[("NodeId", 31)],
                None,
            )],
        );
        d.one_of[0].by_errata = true;
        let mut diag = Diagnostics::new();
        settle_required("Op", &mut d.params, &d.one_of, &mut diag);
        assert!(!d.params[0].required);
        let w = &diag.warnings()[0];
        assert_eq!((w.file.as_str(), w.line), ("000.txt", 31));
        assert!(
            w.message.contains("does not state the group"),
            "{}",
            w.message
        );
        assert!(
            w.message.contains("spec/errata.yaml adds the group"),
            "{}",
            w.message
        );
    }
}
