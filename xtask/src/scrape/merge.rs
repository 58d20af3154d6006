//! Merging several documents' views of one operation, by an explicit precedence:
//!
//! 1. **Structure** (which parameters and fields exist, nesting, types, errors, examples):
//!    the newest document wins. Single-operation pages (2023–2024) are newer than the
//!    2022 PDF reference; among pages, the later stated date wins.
//! 2. **Required flags**: from the newest document that states them (the zh-CN page
//!    dumps leave the 是否必选 column empty).
//! 3. **Descriptions and value sets**: zh-CN text wins (the newest zh-CN document first),
//!    so the spec reads in one language; English or zh-TW text is used only where no
//!    zh-CN document describes the item.
//! 4. **Integer width** is never narrowed: where an older document says `Long` and a
//!    newer one `integer`, the field stays `int64`.
//! 5. **One-of groups** are united by member set; a group's note comes from the first
//!    document in description order (rule 3) that has one (see [`super::one_of::merge`]).
//!
//! Every disagreement is reported as a `conflict` warning naming both documents.

use dwgen_spec::{EnumValue, ErrorSpec, Field, Param, Schema, SourceRef, Type};

use super::diag::{Diagnostics, WarningKind};
use super::interpret::Draft;
use super::raw::LayoutKind;

/// The merged view of one operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The structure source's draft, with merged params/fields/descriptions.
    pub draft: Draft,
    /// Every source, in precedence order (structure source first).
    pub sources: Vec<SourceRef>,
}

/// Sort key for recency: pages over the reference, then by stated date.
fn recency(d: &Draft) -> (u8, Option<(u32, u32, u32)>, String) {
    let class = u8::from(d.layout != LayoutKind::PdfText);
    (
        class,
        d.version.as_deref().and_then(parse_date),
        d.file.clone(),
    )
}

/// Parses `20220713` or `Oct 11, 2023` into (year, month, day).
fn parse_date(s: &str) -> Option<(u32, u32, u32)> {
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Some((
            s[..4].parse().ok()?,
            s[4..6].parse().ok()?,
            s[6..].parse().ok()?,
        ));
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = s.split([' ', ',']).filter(|p| !p.is_empty());
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as u32 + 1;
    let day = parts.next()?.parse().ok()?;
    let year = parts.next()?.parse().ok()?;
    Some((year, month, day))
}

/// Merges the drafts of one operation (at least one).
pub fn merge(mut drafts: Vec<Draft>, diag: &mut Diagnostics) -> Option<Merged> {
    drafts.sort_by_key(|d| std::cmp::Reverse(recency(d)));
    let sources = drafts.iter().map(|d| d.source.clone()).collect();
    let mut desc_order: Vec<&Draft> = drafts
        .iter()
        .filter(|d| d.layout.language() == "zh-CN")
        .collect();
    desc_order.extend(drafts.iter().filter(|d| d.layout.language() != "zh-CN"));
    let primary = drafts.first()?;
    let cx = MergeCx {
        primary,
        desc_order: &desc_order,
        all: &drafts,
    };
    let mut out = primary.clone();
    out.description = desc_order
        .iter()
        .map(|d| d.description.as_str())
        .find(|s| !s.is_empty())
        .unwrap_or("")
        .to_owned();
    out.params = primary.params.iter().map(|p| cx.param(p, diag)).collect();
    out.fields = cx.fields(&primary.fields, &|d| &d.fields, "response", diag);
    out.one_of = super::one_of::merge(&primary.name, &out.params, &desc_order, diag);
    for other in drafts.iter().skip(1) {
        cx.report_missing_params(other, diag);
        cx.report_errors(other, diag);
    }
    out.category_title = drafts.iter().find_map(|d| d.category_title.clone());
    if out.examples.request.is_empty() {
        if let Some(d) = drafts.iter().find(|d| !d.examples.request.is_empty()) {
            out.examples.request = d.examples.request.clone();
        }
    }
    if out.examples.response_json.is_none() {
        out.examples.response_json = drafts.iter().find_map(|d| d.examples.response_json.clone());
    }
    Some(Merged {
        draft: out,
        sources,
    })
}

struct MergeCx<'a> {
    primary: &'a Draft,
    desc_order: &'a [&'a Draft],
    all: &'a [Draft],
}

type Pick<'p> = dyn Fn(&Draft) -> &[Field] + 'p;

impl MergeCx<'_> {
    fn conflict(&self, other: &Draft, what: String, diag: &mut Diagnostics) {
        diag.warn(
            &other.file,
            other.source.lines[0],
            WarningKind::Conflict,
            Some(&self.primary.name),
            format!("{what} (kept {} over {})", self.primary.file, other.file),
        );
    }

    fn param(&self, p: &Param, diag: &mut Diagnostics) -> Param {
        let mut out = p.clone();
        let find = |d: &Draft| d.params.iter().find(|q| q.name == p.name).cloned();
        if let Some(q) = self
            .desc_order
            .iter()
            .find_map(|d| find(d).filter(|q| !q.description.is_empty()))
        {
            out.description = q.description;
            if !q.enum_values.is_empty() {
                out.enum_values = q.enum_values;
            }
        }
        if !self.primary.states_required {
            if let Some(q) = self.all.iter().filter(|d| d.states_required).find_map(find) {
                out.required = q.required;
            }
        }
        for other in self.all.iter().skip(1) {
            let Some(q) = find(other) else { continue };
            out.ty = self.widen(out.ty, q.ty, &format!("request.{}", p.name), other, diag);
            if other.states_required && self.primary.states_required && q.required != p.required {
                self.conflict(
                    other,
                    format!(
                        "request.{}: required {} vs {}",
                        p.name, p.required, q.required
                    ),
                    diag,
                );
            }
        }
        let name = p.name.clone();
        out.fields = self.fields(
            &p.fields,
            &move |d: &Draft| {
                d.params
                    .iter()
                    .find(|q| q.name == name)
                    .map_or(&[][..], |q| q.fields.as_slice())
            },
            &format!("request.{}", p.name),
            diag,
        );
        out
    }

    /// Keeps the primary's type, except that an older source's wider integer wins.
    fn widen(
        &self,
        ours: Type,
        theirs: Type,
        path: &str,
        other: &Draft,
        diag: &mut Diagnostics,
    ) -> Type {
        if ours == theirs {
            return ours;
        }
        if ours == Type::Int32 && theirs == Type::Int64 {
            self.conflict(
                other,
                format!("{path}: int32 vs int64; int64 kept (never narrowed)"),
                diag,
            );
            return Type::Int64;
        }
        self.conflict(
            other,
            format!("{path}: type {} vs {}", ours.as_str(), theirs.as_str()),
            diag,
        );
        ours
    }

    fn fields(
        &self,
        primary: &[Field],
        pick: &Pick<'_>,
        path: &str,
        diag: &mut Diagnostics,
    ) -> Vec<Field> {
        let out = primary
            .iter()
            .map(|f| self.field(f, pick, &format!("{path}.{}", f.name), diag))
            .collect();
        for other in self.all.iter().skip(1) {
            for g in pick(other) {
                if !primary.iter().any(|f| f.name == g.name) {
                    self.conflict(
                        other,
                        format!(
                            "{path}.{}: documented only in the older source; not kept",
                            g.name
                        ),
                        diag,
                    );
                }
            }
        }
        out
    }

    fn field(&self, f: &Field, pick: &Pick<'_>, path: &str, diag: &mut Diagnostics) -> Field {
        let mut out = f.clone();
        let name = f.name.clone();
        let find = |d: &Draft| pick(d).iter().find(|g| g.name == name).cloned();
        if let Some(g) = self
            .desc_order
            .iter()
            .find_map(|d| find(d).filter(|g| !g.description.is_empty()))
        {
            out.description = g.description;
            out.enum_values = pick_enum(&out.enum_values, g.enum_values);
        }
        for other in self.all.iter().skip(1) {
            if let Some(g) = find(other) {
                out.ty = self.widen(out.ty, g.ty, path, other, diag);
            }
        }
        let n1 = name.clone();
        out.fields = self.fields(
            &f.fields,
            &move |d: &Draft| {
                pick(d)
                    .iter()
                    .find(|g| g.name == n1)
                    .map_or(&[][..], |g| g.fields.as_slice())
            },
            path,
            diag,
        );
        if let Some(items) = &f.items {
            let n2 = name.clone();
            out.items = Some(Box::new(self.schema(
                items,
                &move |d: &Draft| {
                    pick(d)
                        .iter()
                        .find(|g| g.name == n2)
                        .and_then(|g| g.items.as_deref())
                        .map_or(&[][..], |s| s.fields.as_slice())
                },
                &format!("{path}[]"),
                diag,
            )));
        }
        out
    }

    fn schema(&self, s: &Schema, pick: &Pick<'_>, path: &str, diag: &mut Diagnostics) -> Schema {
        let mut out = s.clone();
        out.fields = self.fields(&s.fields, pick, path, diag);
        out
    }

    fn report_missing_params(&self, other: &Draft, diag: &mut Diagnostics) {
        for q in &other.params {
            if !self.primary.params.iter().any(|p| p.name == q.name) {
                self.conflict(
                    other,
                    format!(
                        "request.{}: documented only in the older source; not kept",
                        q.name
                    ),
                    diag,
                );
            }
        }
    }

    fn report_errors(&self, other: &Draft, diag: &mut Diagnostics) {
        let key = |e: &ErrorSpec| (e.status, e.code.clone());
        for e in &other.errors {
            if !self.primary.errors.iter().any(|p| key(p) == key(e)) {
                self.conflict(
                    other,
                    format!(
                        "error {} {}: listed only in the older source; not kept",
                        e.status, e.code
                    ),
                    diag,
                );
            }
        }
    }
}

/// Keeps our value set unless the description source has one.
fn pick_enum(ours: &[EnumValue], theirs: Vec<EnumValue>) -> Vec<EnumValue> {
    if theirs.is_empty() {
        ours.to_vec()
    } else {
        theirs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("20220713"), Some((2022, 7, 13)));
        assert_eq!(parse_date("Oct 11, 2023"), Some((2023, 10, 11)));
        assert_eq!(parse_date("garbage"), None);
    }
}
