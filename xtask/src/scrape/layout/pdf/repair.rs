//! Text repairs for the PDF dump, each a named normalization with its own tests:
//! - ligature splits: the PDF font breaks words after `t`, `T` and `f`
//!   (`CheckMetaPartit ion`, `TopTenErrorT imesInstance`, `Dat aWorks`);
//! - wrapped cells: a table cell broken over lines (`BindingProjectNam` / `e`,
//!   `Invalid.Tenant.Connectio` / `nNotExists`, `The connection does not` / `exist.`);
//! - paragraph joining: wrapped prose lines joined without inventing spaces in Chinese.

use std::collections::BTreeSet;

/// Whether `c` is a CJK ideograph or CJK punctuation (full-width forms included).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Whether the text contains any CJK character.
pub fn has_cjk(s: &str) -> bool {
    s.chars().any(is_cjk)
}

/// Whether `s` is an identifier as the docs print names and codes (`ProjectId`,
/// `Invalid.Tenant.ConnectionNotExists`, `Input_Type`).
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-')
}

/// Named normalization "ligature split": joins `CreateT ime` → `CreateTime`,
/// `Partit ion` → `Partition`. Returns `None` unless every space follows `t`/`T`/`f`
/// and precedes a letter, and the result is an identifier (so prose is never glued).
pub fn join_ligature_split(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.split(' ').collect();
    for pair in parts.windows(2) {
        let ends_ok = pair[0].ends_with(['t', 'T', 'f']);
        let starts_ok = pair[1].starts_with(|c: char| c.is_ascii_alphabetic());
        if !ends_ok || !starts_ok {
            return None;
        }
    }
    let joined = parts.concat();
    is_identifier(&joined).then_some(joined)
}

/// Named normalization "known identifiers in prose": rejoins ligature splits inside
/// running text where the joined word is a known identifier (an operation or field name,
/// `DataWorks`): `调用CheckMetaPartit ion检查` → `调用CheckMetaPartition检查`,
/// `取值：Get DISyncInst anceInf o 。` → `取值：GetDISyncInstanceInfo 。`.
pub fn rejoin_known(text: &str, known: &BTreeSet<String>) -> String {
    if !text.contains(' ') {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        // Start of an ASCII word run?
        if chars[i].is_ascii_alphanumeric() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()) {
            if let Some((joined, next)) = longest_known_join(&chars, i, known) {
                out.push_str(&joined);
                i = next;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// From `start`, glue word pieces across single spaces that follow `t`/`T`/`f`, and
/// return the longest glued candidate that is a known identifier (with at least one glue).
fn longest_known_join(
    chars: &[char],
    start: usize,
    known: &BTreeSet<String>,
) -> Option<(String, usize)> {
    let mut candidate = String::new();
    let mut i = start;
    let mut best = None;
    let mut glued = false;
    loop {
        // The maximal alphanumeric run from i (a CJK char also ends a run).
        while i < chars.len() && chars[i].is_ascii_alphanumeric() {
            candidate.push(chars[i]);
            i += 1;
        }
        if glued && known.contains(&candidate) {
            best = Some((candidate.clone(), i));
        }
        let breakable = candidate.ends_with(['t', 'T', 'f'])
            && chars.get(i) == Some(&' ')
            && chars.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic());
        if !breakable
            || !known
                .range(candidate.clone()..)
                .next()
                .is_some_and(|k| k.starts_with(&candidate))
        {
            return best;
        }
        i += 1;
        glued = true;
    }
}

/// Named normalization "wrapped cell": joins two fragments of one table cell. A fragment
/// with no space in it was cut mid-token (`Connectio` + `nNotExists`,
/// `0bc14115**` + `**`), so it is joined directly; otherwise the cell is prose and the
/// pieces are joined with a space (`does not` + `exist.`), or directly between CJK text.
pub fn join_wrapped(prev: &str, next: &str) -> String {
    let prev = prev.trim_end();
    let next = next.trim_start();
    if prev.is_empty() {
        return next.to_owned();
    }
    let direct = !prev.contains(' ')
        || prev.ends_with(is_cjk)
        || next.starts_with(is_cjk)
        || prev.ends_with(['-', '/', '_', '.', '"', '\\']) && !prev.ends_with(". ");
    if direct {
        format!("{prev}{next}")
    } else {
        format!("{prev} {next}")
    }
}

/// Named normalization "paragraph joining": joins the wrapped lines of one paragraph:
/// no space where either side is CJK, one space between ASCII words.
pub fn join_paragraph(lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let space = !out.is_empty() && !out.ends_with(is_cjk) && !line.starts_with(is_cjk);
        if space {
            out.push(' ');
        }
        out.push_str(line);
    }
    collapse_spaces(&out)
}

/// Collapses runs of whitespace into one space and trims.
pub fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ligature_split_joins_only_identifier_breaks() {
        assert_eq!(
            join_ligature_split("CreateT ime").as_deref(),
            Some("CreateTime")
        );
        assert_eq!(
            join_ligature_split("Partit ionKeys").as_deref(),
            Some("PartitionKeys")
        );
        assert_eq!(
            join_ligature_split("TopTenErrorT imesInstance").as_deref(),
            Some("TopTenErrorTimesInstance")
        );
        assert_eq!(
            join_ligature_split("Dat aWorks").as_deref(),
            Some("DataWorks")
        );
        assert_eq!(join_ligature_split("ProjectId"), Some("ProjectId".into()));
        assert_eq!(join_ligature_split("Please first activate"), None);
        assert_eq!(join_ligature_split("some name"), None);
        assert_eq!(join_ligature_split("Get 1"), None);
    }

    #[test]
    fn known_identifiers_are_rejoined_in_prose() {
        let known: BTreeSet<String> = ["CheckMetaPartition", "GetDISyncInstanceInfo", "DataWorks"]
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(
            rejoin_known("调用CheckMetaPartit ion检查分区是否存在。", &known),
            "调用CheckMetaPartition检查分区是否存在。"
        );
        assert_eq!(
            rejoin_known("取值：Get DISyncInst anceInf o 。", &known),
            "取值：GetDISyncInstanceInfo 。"
        );
        assert_eq!(
            rejoin_known("Dat aWorks API参考", &known),
            "DataWorks API参考"
        );
        // Prose that is not a known identifier stays as it is.
        assert_eq!(
            rejoin_known("Please first activate DataWorks", &known),
            "Please first activate DataWorks"
        );
    }

    #[test]
    fn wrapped_cells() {
        assert_eq!(
            join_wrapped("Invalid.Tenant.Connectio", "nNotExists"),
            "Invalid.Tenant.ConnectionNotExists"
        );
        assert_eq!(
            join_wrapped("0bc1411515937635973**", "**"),
            "0bc1411515937635973****"
        );
        assert_eq!(
            join_wrapped("The connection does not", "exist."),
            "The connection does not exist."
        );
        assert_eq!(join_wrapped("BindingProjectNam", "e"), "BindingProjectName");
        assert_eq!(
            join_wrapped("service.cn.maxcompute.aliyun-", "inc.com/api"),
            "service.cn.maxcompute.aliyun-inc.com/api"
        );
    }

    #[test]
    fn paragraphs() {
        assert_eq!(
            join_paragraph(&["DataWorks工作空间的ID。您可以登录DataWorks", "管控台，进入工作空间配置页面获取工作空间ID。"]),
            "DataWorks工作空间的ID。您可以登录DataWorks管控台，进入工作空间配置页面获取工作空间ID。"
        );
        assert_eq!(
            join_paragraph(&["Please first", "activate it."]),
            "Please first activate it."
        );
    }
}
