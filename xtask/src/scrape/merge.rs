//! Merging several documents' views of one operation. A directory can hold the 2022
//! reference, saved pages in several languages and renderings for the same operation;
//! the merged spec does not depend on the order of the files, and every disagreement is
//! reported as a `conflict` warning that names the document kept, the one not kept and
//! why. The precedence:
//!
//! 1. **Structure** (which parameters and fields exist, nesting, types, errors, examples):
//!    a complete document over one whose text ends inside a table (a truncated save);
//!    then a help-centre page over the 2022 PDF reference (the pages are 2023–2026);
//!    then the later stated date; then, where nothing else tells them apart, the file
//!    name (so the result never depends on the order the files are read in).
//! 2. **Required flags**, per parameter: from the first document in that order that
//!    states it (the renderings that print no required value state nothing, see
//!    `required_stated`). Where no document states it, the parameter is optional,
//!    `required_stated: false`, and a `note` warning says so.
//! 3. **Descriptions and value sets**: zh-CN text wins (in the structure order), so the
//!    spec reads in one language; English or zh-TW text is used only where no zh-CN
//!    document describes the item.
//! 4. **Integer widths** are reconciled, not conflicts: the help centre prints `integer`
//!    where the reference says `Long` for the same 64-bit id, so an `int32` and an
//!    `int64` of the same item are one `int64` (never narrowed).
//! 5. **One-of groups** are united by member set; a group's note comes from the first
//!    document in description order (rule 3) that has one (see [`super::one_of::merge`]).

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

/// Sort key for precedence (greatest first): complete over truncated, pages over the
/// reference, then by stated date, then by file name.
fn rank(d: &Draft) -> (bool, u8, Option<(u32, u32, u32)>, &str) {
    let class = u8::from(d.layout != LayoutKind::PdfText);
    (
        d.complete,
        class,
        d.version.as_deref().and_then(parse_date),
        d.file.as_str(),
    )
}

/// Why `winner` comes before `loser` in the structure order, in words.
pub fn why(winner: &Draft, loser: &Draft) -> String {
    if winner.complete != loser.complete {
        return format!(
            "{}'s text ends inside a table (a truncated save)",
            loser.file
        );
    }
    let (wp, lp) = (
        winner.layout != LayoutKind::PdfText,
        loser.layout != LayoutKind::PdfText,
    );
    if wp != lp {
        return "a help-centre page is newer than the 2022 reference".to_owned();
    }
    let (wd, ld) = (
        winner.version.as_deref().and_then(parse_date),
        loser.version.as_deref().and_then(parse_date),
    );
    match (wd, ld) {
        (Some(a), Some(b)) if a != b => format!(
            "newer: {} against {}",
            winner.version.as_deref().unwrap_or(""),
            loser.version.as_deref().unwrap_or("")
        ),
        (Some(_), None) => format!(
            "it states its date ({}), the other none",
            winner.version.as_deref().unwrap_or("")
        ),
        _ => "no date tells them apart; by file name".to_owned(),
    }
}

/// Parses `20220713` or `Oct 11, 2023` into (year, month, day).
fn parse_date(s: &str) -> Option<(u32, u32, u32)> {
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Some((
            s.get(..4)?.parse().ok()?,
            s.get(4..6)?.parse().ok()?,
            s.get(6..)?.parse().ok()?,
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

/// Merges the drafts of one operation (at least one). The result does not depend on
/// the order of `drafts`.
pub fn merge(mut drafts: Vec<Draft>, diag: &mut Diagnostics) -> Option<Merged> {
    drafts.sort_by(|a, b| rank(b).cmp(&rank(a)));
    let sources = drafts.iter().map(|d| d.source.clone()).collect();
    let mut desc_order: Vec<&Draft> = drafts.iter().filter(|d| d.language == "zh-CN").collect();
    desc_order.extend(drafts.iter().filter(|d| d.language != "zh-CN"));
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
    let groups: Vec<&[super::one_of::Group]> =
        desc_order.iter().map(|d| d.one_of.as_slice()).collect();
    out.one_of = super::one_of::merge(&primary.name, &out.params, &groups, diag);
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
    /// Reports that `winner` was kept over `other` on `what`.
    fn conflict(&self, winner: &Draft, other: &Draft, what: String, diag: &mut Diagnostics) {
        diag.warn(
            &other.file,
            other.source.lines[0],
            WarningKind::Conflict,
            Some(&self.primary.name),
            format!(
                "{what} (kept {} over {}: {})",
                winner.file,
                other.file,
                why(winner, other)
            ),
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
        // Required: the first document (structure order) that states it.
        let stating: Vec<(&Draft, Param)> = self
            .all
            .iter()
            .filter_map(|d| find(d).filter(|q| q.required_stated).map(|q| (d, q)))
            .collect();
        match stating.first() {
            Some((winner, q)) => {
                out.required = q.required;
                out.required_stated = true;
                for (other, r) in stating.iter().skip(1) {
                    if r.required != q.required {
                        self.conflict(
                            winner,
                            other,
                            format!(
                                "request.{}: required {} vs {}",
                                p.name, q.required, r.required
                            ),
                            diag,
                        );
                    }
                }
            }
            None => {
                out.required = false;
                out.required_stated = false;
                let line = self.primary.param_line(&p.name);
                diag.warn(
                    &self.primary.file,
                    line,
                    WarningKind::Note,
                    Some(&self.primary.name),
                    format!(
                        "request.{}: no document states whether it is required; treated as optional (required_stated: false)",
                        p.name
                    ),
                );
            }
        }
        for other in self.all.iter().skip(1) {
            let Some(q) = find(other) else { continue };
            out.ty = self.widen(out.ty, q.ty, &format!("request.{}", p.name), other, diag);
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

    /// Keeps the primary's type; two integer widths are one 64-bit integer (the
    /// renderings spell the same id `integer` and `Long`), never narrowed.
    fn widen(
        &self,
        ours: Type,
        theirs: Type,
        path: &str,
        other: &Draft,
        diag: &mut Diagnostics,
    ) -> Type {
        match (ours, theirs) {
            (a, b) if a == b => ours,
            (Type::Int32, Type::Int64) | (Type::Int64, Type::Int32) => Type::Int64,
            _ => {
                self.conflict(
                    self.primary,
                    other,
                    format!("{path}: type {} vs {}", ours.as_str(), theirs.as_str()),
                    diag,
                );
                ours
            }
        }
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
                        self.primary,
                        other,
                        format!(
                            "{path}.{}: documented only in this document; not kept",
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
        if out.required.is_none() {
            out.required = self
                .all
                .iter()
                .find_map(|d| find(d).and_then(|g| g.required));
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
                    self.primary,
                    other,
                    format!(
                        "request.{}: documented only in this document; not kept",
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
                    self.primary,
                    other,
                    format!(
                        "error {} {}: listed only in this document; not kept",
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

    use dwgen_spec::Examples;

    fn draft(file: &str, layout: LayoutKind, language: &str, version: Option<&str>) -> Draft {
        Draft {
            name: "GetWidget".into(),
            file: file.into(),
            layout,
            language: language.into(),
            complete: true,
            version: version.map(str::to_owned),
            category_title: None,
            description: format!("{language} description"),
            params: Vec::new(),
            param_lines: Vec::new(),
            one_of: Vec::new(),
            fields: Vec::new(),
            errors: Vec::new(),
            examples: Examples::default(),
            source: SourceRef {
                file: file.into(),
                lines: [1, 50],
            },
        }
    }

    fn p(name: &str, ty: Type, required: Option<bool>, description: &str) -> Param {
        Param {
            required_stated: required.is_some(),
            description: description.into(),
            ..Param::new(name, ty, required.unwrap_or(false))
        }
    }

    /// The reference (states required, says Long), an English glued page (newer, says
    /// integer, states required), a Chinese glued page (newest, no required values) and
    /// a truncated zh-TW page (newest of all, cut after its first row).
    fn drafts() -> Vec<Draft> {
        let mut pdf = draft("003.txt", LayoutKind::PdfText, "zh-CN", Some("20220713"));
        pdf.params = vec![
            p("WidgetId", Type::Int64, Some(true), "部件ID。"),
            p("Mode", Type::String, Some(false), "模式。"),
        ];
        pdf.param_lines = vec![("WidgetId".into(), 10), ("Mode".into(), 12)];
        let mut en = draft("en.txt", LayoutKind::Page, "en", Some("Oct 17, 2024"));
        en.params = vec![
            p("WidgetId", Type::Int32, Some(true), "The ID."),
            p("Mode", Type::String, Some(true), "The mode."),
            p("Verbose", Type::Boolean, None, "Verbose output."),
        ];
        let mut zh = draft("zh.txt", LayoutKind::Page, "zh-CN", Some("Apr 18, 2025"));
        zh.params = vec![
            p("WidgetId", Type::Int32, None, "部件的ID。"),
            p("Mode", Type::String, None, ""),
            p("Verbose", Type::Boolean, None, "是否详细。"),
        ];
        zh.param_lines = vec![("Verbose".into(), 33)];
        let mut cut = draft("tw.txt", LayoutKind::Page, "zh-TW", Some("Jan 08, 2026"));
        cut.complete = false;
        cut.params = vec![p("WidgetId", Type::Int32, Some(false), "部件的 ID。")];
        vec![pdf, en, zh, cut]
    }

    fn run(drafts: Vec<Draft>) -> (Merged, Vec<String>) {
        let mut diag = Diagnostics::new();
        let m = merge(drafts, &mut diag).unwrap();
        let w = diag.into_sorted().iter().map(ToString::to_string).collect();
        (m, w)
    }

    #[test]
    fn the_merge_does_not_depend_on_the_order_of_the_files() {
        let (first, first_warnings) = run(drafts());
        let orders = [[3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1], [0, 2, 1, 3]];
        for order in orders {
            let all = drafts();
            let permuted: Vec<Draft> = order.iter().map(|&i| all[i].clone()).collect();
            let (m, w) = run(permuted);
            assert_eq!(m, first, "{order:?}");
            assert_eq!(w, first_warnings, "{order:?}");
        }
    }

    #[test]
    fn precedence_completeness_then_pages_then_dates() {
        let (m, warnings) = run(drafts());
        let order: Vec<&str> = m.sources.iter().map(|s| s.file.as_str()).collect();
        // The truncated page is newest but comes last.
        assert_eq!(order, ["zh.txt", "en.txt", "003.txt", "tw.txt"]);
        assert_eq!(m.draft.file, "zh.txt");
        // Required: from the first document that states it (en over the reference);
        // the truncated page's `false` loses, with the reason.
        let id = &m.draft.params[0];
        assert!(id.required && id.required_stated);
        assert!(warnings.iter().any(|w| w.starts_with("tw.txt:1: [conflict]")
            && w.contains("request.WidgetId: required true vs false")
            && w.contains("kept en.txt over tw.txt: tw.txt's text ends inside a table (a truncated save)")),
            "{warnings:#?}");
        let mode = &m.draft.params[1];
        assert!(mode.required);
        assert!(warnings.iter().any(|w| w.starts_with("003.txt:1: [conflict]")
            && w.contains("request.Mode: required true vs false")
            && w.contains("kept en.txt over 003.txt: a help-centre page is newer than the 2022 reference")),
            "{warnings:#?}");
        // Integer widths: one int64, no conflict.
        assert_eq!(id.ty, Type::Int64);
        assert!(
            !warnings
                .iter()
                .any(|w| w.contains("int32") || w.contains("int64")),
            "{warnings:#?}"
        );
        // Descriptions: zh-CN first, newest first; English only where no zh-CN text.
        assert_eq!(id.description, "部件的ID。");
        assert_eq!(mode.description, "模式。");
        assert_eq!(m.draft.description, "zh-CN description");
    }

    #[test]
    fn a_parameter_no_document_states_is_optional_with_a_note() {
        let (m, warnings) = run(drafts());
        let verbose = &m.draft.params[2];
        assert_eq!(verbose.name, "Verbose");
        assert!(!verbose.required && !verbose.required_stated);
        assert!(warnings.contains(&"zh.txt:33: [note] GetWidget: request.Verbose: no document states whether it is required; treated as optional (required_stated: false)".to_owned()),
            "{warnings:#?}");
    }

    #[test]
    fn a_real_type_disagreement_is_a_conflict_naming_the_winner_and_why() {
        let mut all = drafts();
        all[0].params[1].ty = Type::Int64;
        let (m, warnings) = run(all);
        assert_eq!(m.draft.params[1].ty, Type::String);
        assert!(warnings.iter().any(|w| w.starts_with("003.txt:1: [conflict]")
            && w.contains("request.Mode: type string vs int64 (kept zh.txt over 003.txt: a help-centre page is newer than the 2022 reference)")),
            "{warnings:#?}");
        assert_eq!(
            why(&all_sorted()[1], &all_sorted()[0]),
            "no date tells them apart; by file name"
        );
    }

    /// Two undated pages: the file name decides.
    fn all_sorted() -> Vec<Draft> {
        vec![
            draft("a.txt", LayoutKind::Page, "en", None),
            draft("b.txt", LayoutKind::Page, "en", None),
        ]
    }
}
