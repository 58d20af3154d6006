//! The service catalogue: category ids for the docs' group titles, edition ids for the
//! price table's editions, the tier and price tables, and tier/category assignment of
//! each operation from the overview table and the chapters.

use std::collections::BTreeMap;

use dwgen_spec::{Category, EditionPrice, Pricing, QpsTier, SourceRef};

use super::raw::RawService;

/// The editions of the 计费方式 table and their stable ASCII ids (the generated
/// `Edition` variants). A title not listed here is an error: a new edition needs a
/// reviewed id (the docs name them in English as "DataWorks Enterprise Edition or
/// Flagship Edition", e.g. the message of `Forbidden.Access`).
pub const EDITION_IDS: [(&str, &str); 2] = [("企业版", "enterprise"), ("旗舰版", "flagship")];

/// The price table for `service.yaml`, from the document `file`; an edition without a
/// reviewed id is an error.
pub fn pricing(service: &RawService, file: &str) -> Result<Option<Pricing>, String> {
    let Some(raw) = &service.pricing else {
        return Ok(None);
    };
    let editions = raw
        .editions
        .iter()
        .map(|(title, free)| {
            let id = EDITION_IDS
                .iter()
                .find(|(t, _)| t == title)
                .map(|(_, id)| (*id).to_owned())
                .ok_or_else(|| {
                    format!("{file}:{}: unknown edition `{title}` in the 计费方式 table: add its id to EDITION_IDS in xtask/src/scrape/catalog.rs", raw.lines[0])
                })?;
            Ok(EditionPrice {
                id,
                title: title.clone(),
                free_calls_per_month: *free,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Some(Pricing {
        editions,
        usd_per_unit: raw.usd_per_unit,
        calls_per_unit: raw.calls_per_unit,
        source: SourceRef {
            file: file.to_owned(),
            lines: raw.lines,
        },
    }))
}

/// The docs' API group titles and their stable ASCII ids (module and feature names).
/// A title not listed here is an error: a new group needs a reviewed id.
pub const CATEGORY_IDS: [(&str, &str); 12] = [
    ("租户", "tenant"),
    ("元数据", "metadata"),
    ("数据开发", "data-development"),
    ("数据集成", "data-integration"),
    ("数据建模", "data-modeling"),
    ("运维中心", "operation-center"),
    ("数据质量", "data-quality"),
    ("数据服务", "data-service"),
    ("数据保护伞", "data-security-guard"),
    ("迁移助手", "migration-assistant"),
    ("安全中心", "security-center"),
    ("开放平台", "open-platform"),
];

/// The id for a category title.
pub fn category_id(title: &str) -> Option<&'static str> {
    CATEGORY_IDS
        .iter()
        .find(|(t, _)| *t == title)
        .map(|(_, id)| *id)
}

/// The tier table for `service.yaml`.
pub fn tiers(service: &RawService) -> Vec<QpsTier> {
    let mut tiers: Vec<QpsTier> = service
        .tiers
        .iter()
        .map(|t| QpsTier {
            tier: t.tier,
            qps: t.qps,
            daily_calls: t.daily_calls,
        })
        .collect();
    tiers.sort_by_key(|t| t.tier);
    tiers.dedup_by_key(|t| t.tier);
    tiers
}

/// Categories in documentation order: the overview's tables first, then groups that
/// appear only as chapters (`12.开放平台`).
pub fn categories<'a>(
    overview_titles: &'a [String],
    chapter_titles: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<Category>, String> {
    let mut out: Vec<Category> = Vec::new();
    for title in overview_titles
        .iter()
        .map(String::as_str)
        .chain(chapter_titles)
    {
        if out.iter().any(|c| c.title == title) {
            continue;
        }
        let id = category_id(title).ok_or_else(|| {
            format!("unknown API group `{title}`: add its id to CATEGORY_IDS in xtask/src/scrape/catalog.rs")
        })?;
        out.push(Category {
            id: id.to_owned(),
            title: title.to_owned(),
        });
    }
    Ok(out)
}

/// Each operation's (tier, category title, line) from the overview table.
pub fn overview_index(service: &RawService) -> BTreeMap<String, (u8, String, usize)> {
    service
        .overview
        .iter()
        .map(|e| (e.name.clone(), (e.tier, e.category_title.clone(), e.line)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_ascii() {
        let mut ids: Vec<&str> = CATEGORY_IDS.iter().map(|(_, id)| *id).collect();
        assert!(ids
            .iter()
            .all(|id| id.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), CATEGORY_IDS.len());
    }

    #[test]
    fn categories_keep_order_and_reject_unknown_titles() {
        let overview = vec!["租户".to_owned(), "元数据".to_owned()];
        let cats = categories(&overview, ["元数据", "开放平台"]).unwrap();
        let ids: Vec<&str> = cats.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["tenant", "metadata", "open-platform"]);
        assert!(categories(&overview, ["新分类"])
            .unwrap_err()
            .contains("新分类"));
    }
}
