//! The overview chapter of the PDF dump: the 计费方式 table (the price of calls per
//! edition), the 调用限制 table (tier limits) and the OpenAPI列表 tables (each
//! operation's level and category), plus the category titles.

use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use super::furniture::{self, LineKind};
use super::repair::{has_cjk, join_ligature_split};
use crate::scrape::diag::{Diagnostics, WarningKind};
use crate::scrape::raw::{OverviewEntry, RawPricing, RawService, RawTier};

static TIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([1-9])级 QPS①?<=(\d+)(?:，且每日的总调用次数②?<=(\d+)次)?$")
        .expect("valid regex")
});
static LEVEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)([1-9])级$").expect("valid regex"));

const OVERVIEW_HEADER: &str = "API名称 API描述 API级别";

/// The 计费方式 table's heading, its header (`分类 企业版 旗舰版`) and its rows.
const PRICING_HEADING: &str = "计费方式";
static PRICING_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^分类((?:\s+\S+)+)$").expect("valid regex"));
static FREE_ROW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^免费额度((?:\s+\S+)+)$").expect("valid regex"));
static FREE_CELL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+)(万|亿)?次/月$").expect("valid regex"));
static PRICE_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^按量计费调用次数\s+(\d+(?:\.\d+)?)美元/(万|亿)?次$").expect("valid regex")
});

/// The multiplier of a Chinese unit (`万`: 10⁴, `亿`: 10⁸).
fn unit(word: Option<&str>) -> u64 {
    match word {
        Some("万") => 10_000,
        Some("亿") => 100_000_000,
        _ => 1,
    }
}

/// Reads the 计费方式 table from the lines after its heading (`start`: the heading's
/// line); `None` with a warning when the heading is there but the table does not read.
fn pricing(
    file: &str,
    start: usize,
    lines: &[(usize, &str)],
    diag: &mut Diagnostics,
) -> Option<RawPricing> {
    let mut titles: Vec<String> = Vec::new();
    let mut free: Vec<u64> = Vec::new();
    for &(no, line) in lines.iter().take_while(|(_, l)| *l != "调用限制") {
        if let Some(c) = PRICING_HEADER.captures(line) {
            titles = c[1].split_whitespace().map(str::to_owned).collect();
        } else if let Some(c) = FREE_ROW.captures(line) {
            free = Vec::new();
            for cell in c[1].split_whitespace() {
                let Some(m) = FREE_CELL.captures(cell) else {
                    diag.warn(
                        file,
                        no,
                        WarningKind::UnparsedRow,
                        None,
                        format!("计费方式: free quota `{cell}` does not read as N(万)次/月"),
                    );
                    return None;
                };
                free.push(m[1].parse::<u64>().unwrap_or(0) * unit(m.get(2).map(|u| u.as_str())));
            }
        } else if let Some(c) = PRICE_ROW.captures(line) {
            if titles.is_empty() || titles.len() != free.len() {
                diag.warn(
                    file,
                    no,
                    WarningKind::UnparsedRow,
                    None,
                    format!(
                        "计费方式: {} editions but {} free quotas",
                        titles.len(),
                        free.len()
                    ),
                );
                return None;
            }
            return Some(RawPricing {
                editions: titles.into_iter().zip(free).collect(),
                usd_per_unit: c[1].parse().unwrap_or(0.0),
                calls_per_unit: unit(c.get(2).map(|u| u.as_str())),
                lines: [start, no],
            });
        }
    }
    diag.warn(
        file,
        start,
        WarningKind::UnparsedRow,
        None,
        "计费方式: no price row (按量计费调用次数 N美元/万次) before 调用限制",
    );
    None
}

/// Reads tiers, categories and overview rows from the text before the first chapter's
/// 调试 line. `operations` are the chapter headings' names (to check row names against).
pub fn parse(
    file: &str,
    text: &str,
    operations: &BTreeSet<String>,
    diag: &mut Diagnostics,
) -> RawService {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .take_while(|(_, l)| *l != "调试")
        .filter(|(_, l)| furniture::classify(l) != LineKind::Furniture)
        .collect();
    let mut service = RawService::default();
    let mut category: Option<String> = None;
    let mut pending: Option<(String, usize)> = None;
    for (k, &(no, line)) in lines.iter().enumerate() {
        if line == PRICING_HEADING && service.pricing.is_none() {
            service.pricing = pricing(file, no, &lines[k + 1..], diag);
            continue;
        }
        if let Some(c) = TIER.captures(line) {
            service.tiers.push(RawTier {
                tier: c[1].parse().unwrap_or(0),
                qps: c[2].parse().unwrap_or(0),
                daily_calls: c.get(3).and_then(|m| m.as_str().parse().ok()),
                line: no,
            });
            continue;
        }
        let next = lines[k + 1..]
            .iter()
            .map(|(_, l)| *l)
            .find(|l| !l.is_empty());
        if next == Some(OVERVIEW_HEADER) && is_title(line) {
            if !service.categories.iter().any(|c| c == line) {
                service.categories.push(line.to_owned());
            }
            category = Some(line.to_owned());
            continue;
        }
        let Some(cat) = category.as_ref() else {
            continue;
        };
        if let Some(name) = row_name(line).filter(|n| pending.as_ref().is_none_or(|(p, _)| p != n))
        {
            if let Some((old, old_no)) = pending.take() {
                diag.warn(
                    file,
                    old_no,
                    WarningKind::UnparsedRow,
                    Some(&old),
                    "overview row without a level",
                );
            }
            if !operations.contains(&name) {
                diag.warn(
                    file,
                    no,
                    WarningKind::Note,
                    Some(&name),
                    "overview names an operation that has no chapter",
                );
            }
            pending = Some((name, no));
        }
        if let Some(c) = LEVEL.captures(line) {
            match pending.take() {
                Some((name, row_no)) => service.overview.push(OverviewEntry {
                    name,
                    category_title: cat.clone(),
                    tier: c[1].parse().unwrap_or(0),
                    line: row_no,
                }),
                None => diag.warn(
                    file,
                    no,
                    WarningKind::UnparsedRow,
                    None,
                    "overview level without a row",
                ),
            }
        }
    }
    if let Some((old, old_no)) = pending {
        diag.warn(
            file,
            old_no,
            WarningKind::UnparsedRow,
            Some(&old),
            "overview row without a level",
        );
    }
    service
}

/// A category title line: short, Chinese only.
fn is_title(line: &str) -> bool {
    !line.is_empty() && line.chars().count() <= 10 && line.chars().all(super::repair::is_cjk)
}

/// The operation name at the start of an overview row (`CheckMetaPartit ion 调用...`).
fn row_name(line: &str) -> Option<String> {
    let prefix: Vec<&str> = line
        .split_whitespace()
        .take_while(|t| !has_cjk(t) && !LEVEL.is_match(t))
        .collect();
    if prefix.is_empty() {
        return None;
    }
    join_ligature_split(&prefix.join(" "))
        .filter(|n| n.starts_with(|c: char| c.is_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_rows_and_categories() {
        let text = "调用限制\n1级 QPS①<=50\n\n3级 QPS①<=5，且每日的总调用次数②<=10000次\n\n租户\n\nAPI名称 API描述 API级别\n\nListCalcEngines 调用ListCalcEngines查看计算引擎列表。 2级\n\nCheckMetaPartit ion\n调用CheckMetaPartit ion检查分区是否存\n在。\n\n1级\n\n调试\nGetX 1级";
        let ops: BTreeSet<String> = ["ListCalcEngines", "CheckMetaPartition"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut diag = Diagnostics::new();
        let s = parse("f.txt", text, &ops, &mut diag);
        assert_eq!(s.categories, vec!["租户".to_owned()]);
        assert_eq!(
            s.tiers
                .iter()
                .map(|t| (t.tier, t.qps, t.daily_calls))
                .collect::<Vec<_>>(),
            vec![(1, 50, None), (3, 5, Some(10000))]
        );
        assert_eq!(
            s.overview
                .iter()
                .map(|e| (e.name.as_str(), e.tier, e.line))
                .collect::<Vec<_>>(),
            vec![("ListCalcEngines", 2, 10), ("CheckMetaPartition", 1, 12)]
        );
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
        assert_eq!(s.pricing, None, "no 计费方式 table here");
    }

    #[test]
    fn the_pricing_table_reads_per_edition() {
        let text = "计费方式\nOpenAPI采用版本结合按量计费的商业化方式，计费标准如下。\n\n分类 企业版 旗舰版\n\n免费额度 100万次/月 1000万次/月\n\n按量计费调用次数 0.05美元/万次\n\n调用限制\n1级 QPS①<=50";
        let mut diag = Diagnostics::new();
        let s = parse("f.txt", text, &BTreeSet::new(), &mut diag);
        let pricing = s.pricing.expect("the table reads");
        assert_eq!(
            pricing.editions,
            vec![
                ("企业版".to_owned(), 1_000_000),
                ("旗舰版".to_owned(), 10_000_000)
            ]
        );
        assert_eq!(
            (pricing.usd_per_unit, pricing.calls_per_unit),
            (0.05, 10_000)
        );
        assert_eq!(pricing.lines, [1, 8]);
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    }

    #[test]
    fn a_pricing_table_that_does_not_read_is_reported_not_guessed() {
        for text in [
            "计费方式\n分类 企业版 旗舰版\n免费额度 100万次/月\n按量计费调用次数 0.05美元/万次\n调用限制",
            "计费方式\n分类 企业版\n免费额度 很多\n按量计费调用次数 0.05美元/万次",
            "计费方式\n分类 企业版\n免费额度 100万次/月\n调用限制\n1级 QPS①<=50",
        ] {
            let mut diag = Diagnostics::new();
            let s = parse("f.txt", text, &BTreeSet::new(), &mut diag);
            assert_eq!(s.pricing, None, "{text}");
            assert_eq!(diag.warnings().len(), 1, "{text}: {:?}", diag.warnings());
            assert!(diag.warnings()[0].message.contains("计费方式"), "{:?}", diag.warnings());
        }
    }
}
