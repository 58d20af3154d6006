//! Row heads: the leading cells of a row in the renderings whose rows have a head and a
//! block (see [`super::block`]), read by the head's separator: spaces (`Action String
//! Yes GetWidget`), glue (`ProjectIdlongYes`) or line breaks (one cell per line). A head
//! holds the columns before the description: name, location, type, required and, in the
//! old column order, the example. Where a rendering prints no required value the head's
//! `required` is `None` (unknown).

use super::super::page_common::{bullet_item, collapse_ws, has_cjk, is_identifier, Line};
use super::vocab::{self, Col};

/// The columns of a table, in header order, and where each stands in a row.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Columns<'a> {
    pub(crate) cols: &'a [Col],
}

impl Columns<'_> {
    pub(crate) fn has(&self, c: Col) -> bool {
        self.cols.contains(&c)
    }

    fn position(&self, c: Col) -> Option<usize> {
        self.cols.iter().position(|x| *x == c)
    }

    /// Whether the example is one of the head's cells (old order: before the
    /// description).
    pub(crate) fn example_in_head(&self) -> bool {
        match (self.position(Col::Example), self.position(Col::Description)) {
            (Some(e), Some(d)) => e < d,
            (Some(_), None) => true,
            _ => false,
        }
    }

    /// Whether the example is the block's last line (current order).
    pub(crate) fn example_in_tail(&self) -> bool {
        self.has(Col::Example) && !self.example_in_head()
    }
}

/// A row's head cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    pub(crate) name: String,
    pub(crate) type_text: String,
    pub(crate) required: Option<bool>,
    /// The example, where the head holds it.
    pub(crate) example: Option<String>,
    /// The type word is not one the documents use (the row is kept; typing reports it).
    pub(crate) unknown_type: bool,
}

/// The type words of the old template, whose rows are printed on one line (`Array of X`
/// aside): capitalised, so that an English sentence (`The string that ...`) is not a row.
const HEAD_TYPES: &[&str] = &[
    "String", "Long", "Integer", "Int32", "Int64", "Boolean", "Float", "Double", "Struct",
    "Object", "List", "Map", "Array", "Number", "Any",
];

/// Every type word a row printed one cell per line may carry (both templates).
fn is_cell_type(t: &str) -> bool {
    HEAD_TYPES.contains(&t)
        || vocab::GLUED_TYPES.contains(&t)
        || vocab::generic_type_len(t) == Some(t.len())
}

pub(crate) fn is_head_type(t: &str) -> bool {
    HEAD_TYPES.contains(&t) || vocab::generic_type_len(t) == Some(t.len())
}

/// Words an English sentence starts with, which no parameter is called.
const SENTENCE_WORDS: &[&str] = &[
    "The",
    "A",
    "An",
    "If",
    "This",
    "That",
    "These",
    "Those",
    "When",
    "For",
    "You",
    "It",
    "In",
    "On",
    "To",
    "Set",
    "Specify",
    "Valid",
    "Default",
    "Note",
    "Only",
    "Each",
    "All",
    "Whether",
    "Indicates",
    "Specifies",
    "Returns",
    "See",
    "Example",
    "Examples",
    "Unit",
    "Format",
];

/// Splits off the first whitespace-delimited token.
fn split_token(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    s.split_once(char::is_whitespace).unwrap_or((s, ""))
}

/// Reads a spaced row head (`Name [Location] Type [Required] [Example...]`). Row heads
/// start in the first column (bullet lines are indented).
pub(crate) fn space_head(line: &str, cols: Columns<'_>) -> Option<Head> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let (name, mut rest) = split_token(line.trim_end());
    if !is_identifier(name) {
        return None;
    }
    if SENTENCE_WORDS.contains(&name) {
        // A parameter may still be called `Example` or `Format`: a capitalised type word
        // and then a required word make the line a row, not a sentence.
        let (ty, after_ty) = split_token(rest);
        let required_next = vocab::required_word(split_token(after_ty).0, false).is_some();
        if !(cols.has(Col::Required) && HEAD_TYPES.contains(&ty) && required_next) {
            return None;
        }
    }
    if cols.has(Col::Location) {
        let (tok, after) = split_token(rest);
        if vocab::is_location(tok) {
            rest = after;
        }
    }
    let (ty, after_ty) = split_token(rest);
    let type_text = if matches!(ty, "Array" | "array" | "List" | "list") {
        let (of, after_of) = split_token(after_ty);
        let (elem, after_elem) = split_token(after_of);
        if of == "of" && is_identifier(elem) {
            rest = after_elem;
            format!("{ty} of {elem}")
        } else {
            rest = after_ty;
            ty.to_owned()
        }
    } else if is_head_type(ty) {
        rest = after_ty;
        ty.to_owned()
    } else if vocab::GLUED_TYPES.contains(&ty)
        && (line.contains('\t') || vocab::required_word(split_token(after_ty).0, false).is_some())
    {
        // A current-template spelling (`long`), where the cells are tab-separated or a
        // required word follows: not an English sentence.
        rest = after_ty;
        ty.to_owned()
    } else {
        return None;
    };
    let mut required = None;
    if cols.has(Col::Required) {
        let (tok, after) = split_token(rest);
        if let Some(r) = vocab::required_word(tok, false) {
            required = Some(r);
            rest = after;
        }
    }
    Some(Head {
        name: name.to_owned(),
        type_text,
        required,
        example: Some(collapse_ws(rest)).filter(|e| !e.is_empty()),
        unknown_type: false,
    })
}

/// A spaced line `Name Word [Example]` whose `Word` looks like a type but is not one
/// the documents use (`Status Integr 1`).
pub(crate) fn unknown_type_head(line: &str, cols: Columns<'_>) -> Option<Head> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let t = line.trim();
    if t.ends_with(['.', ':', '。', '：', ',', '，']) {
        return None;
    }
    let toks: Vec<&str> = t.split_whitespace().collect();
    let (name, ty) = (toks.first()?, toks.get(1)?);
    let capitalised_word = ty.len() <= 10
        && ty.starts_with(|c: char| c.is_ascii_uppercase())
        && ty.chars().skip(1).all(|c| c.is_ascii_lowercase())
        && ty.chars().count() >= 3;
    let ok = toks.len() <= 4
        && is_identifier(name)
        && !SENTENCE_WORDS.contains(name)
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && capitalised_word
        && !is_head_type(ty);
    if !ok {
        return None;
    }
    let mut rest: Vec<&str> = toks.get(2..).unwrap_or_default().to_vec();
    let mut required = None;
    if cols.has(Col::Required) {
        if let Some(r) = rest.first().and_then(|t| vocab::required_word(t, false)) {
            required = Some(r);
            rest.remove(0);
        }
    }
    Some(Head {
        name: (*name).to_owned(),
        type_text: (*ty).to_owned(),
        required,
        example: Some(rest.join(" ")).filter(|e| !e.is_empty()),
        unknown_type: true,
    })
}

/// The type spellings that start `s` (generic `array<...>` included), longest first.
fn glued_types_at(s: &str) -> Vec<usize> {
    let mut lens: Vec<usize> = vocab::GLUED_TYPES
        .iter()
        .filter(|t| s.starts_with(**t))
        .map(|t| t.len())
        .collect();
    if let Some(n) = vocab::generic_type_len(s) {
        lens.push(n);
    }
    // The old template's `Array of Folder`: the element name runs into what follows
    // (`Array of FolderYes`), so every identifier prefix of it is a candidate.
    for lead in ["Array of ", "array of ", "List of ", "list of "] {
        if let Some(elem) = s.strip_prefix(lead) {
            let ident_len = elem
                .char_indices()
                .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
                .map_or(elem.len(), |(i, _)| i);
            lens.extend((1..=ident_len).map(|n| lead.len() + n));
        }
    }
    lens.sort_unstable_by(|a, b| b.cmp(a));
    lens
}

/// Reads a glued row head (`ProjectIdlongYes`, `Dataobject`, `object`, old order
/// `ActionStringYesGetWidget`): the name is the shortest identifier prefix that leaves a
/// type (then the required word where the table has the column, then, in the old order,
/// the example). A split that finds a required word is preferred.
pub(crate) fn glued_head(line: &str, cols: Columns<'_>) -> Option<Head> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let t = line.trim_end();
    let example_inline = cols.example_in_head();
    // A long line is a paragraph, unless the example is glued to the head (old order:
    // a JSON example can run to thousands of characters).
    if t.is_empty() || (t.len() > 300 && !example_inline) {
        return None;
    }
    let mut fallback: Option<Head> = None;
    for (p, _) in t.char_indices() {
        let Some(name) = t.get(..p) else { continue };
        if !(name.is_empty() || is_identifier(name)) {
            // Once the prefix holds a character no name has, no longer prefix is a name
            // (a trailing dot may still continue `Tag.N.Key`).
            if name.ends_with('.') {
                continue;
            }
            break;
        }
        let Some(after_name) = t.get(p..) else {
            continue;
        };
        for len in glued_types_at(after_name) {
            let Some(type_text) = after_name.get(..len) else {
                continue;
            };
            let Some(after_type) = after_name.get(len..) else {
                continue;
            };
            let mut options: Vec<(Option<bool>, &str)> = Vec::new();
            if cols.has(Col::Required) {
                for (w, r) in vocab::GLUED_REQUIRED {
                    if let Some(rest) = after_type.strip_prefix(w) {
                        options.push((Some(*r), rest));
                    }
                }
            }
            options.push((None, after_type));
            for (required, rest) in options {
                // Only the old column order has cells after the required one (the
                // example); an anonymous row has none.
                let rest_ok = rest.is_empty() || (example_inline && !name.is_empty());
                if !rest_ok {
                    continue;
                }
                let head = Head {
                    name: name.to_owned(),
                    type_text: type_text.to_owned(),
                    required,
                    example: Some(collapse_ws(rest)).filter(|e| !e.is_empty()),
                    unknown_type: false,
                };
                // `DependentNodeIdListString5,10`: a name may end with a container word
                // (`List`); when a capitalised type follows it, the longer name is the row
                // (`DependentNodeIdList`, `String`), the split here only a fallback.
                let name_may_go_on = matches!(
                    type_text,
                    "List"
                        | "Map"
                        | "Object"
                        | "Struct"
                        | "Array"
                        | "Number"
                        | "list"
                        | "map"
                        | "object"
                        | "number"
                ) && HEAD_TYPES.iter().any(|t| rest.starts_with(t));
                if !name_may_go_on
                    && (required.is_some() || !cols.has(Col::Required) || !example_inline)
                {
                    return Some(head);
                }
                fallback.get_or_insert(head);
            }
        }
    }
    fallback
}

/// Whether a whole line is a type cell (`String`, `array<object>`, `Array of Folder`).
pub(crate) fn is_type_line(t: &str) -> bool {
    is_cell_type(t)
        || {
            let toks: Vec<&str> = t.split_whitespace().collect();
            matches!(toks.as_slice(), [a, "of", e] if matches!(*a, "Array" | "array" | "List" | "list") && is_identifier(e))
        }
}

/// Whether a type is a container (object, map, array).
pub(crate) fn is_container_type(t: &str) -> bool {
    let l = t.to_ascii_lowercase();
    ["object", "struct", "map", "array", "list"]
        .iter()
        .any(|p| l.starts_with(p))
}

pub(crate) fn next_content(region: &[Line<'_>], from: usize) -> Option<usize> {
    (from..region.len()).find(|&k| region.get(k).is_some_and(|l| !l.is_blank()))
}

/// Reads a head printed one cell per line from `region[idx]`: the name line (or, for an
/// anonymous row, the type line alone), the type line, the location and required lines
/// where present, and in the old order the example line. Returns the head and the index
/// of the first line after it.
pub(crate) fn line_head(
    region: &[Line<'_>],
    idx: usize,
    cols: Columns<'_>,
) -> Option<(Head, usize)> {
    let first = region.get(idx)?;
    if first.text.starts_with(char::is_whitespace) && bullet_item(first.text).is_some() {
        return None;
    }
    let t = first.trimmed();
    let (name, type_text, mut j) = if is_type_line(t) {
        (String::new(), t.to_owned(), idx + 1)
    } else if is_identifier(t) {
        let k = next_content(region, idx + 1)?;
        let ty = region.get(k)?.trimmed();
        if !is_type_line(ty) {
            return None;
        }
        (t.to_owned(), ty.to_owned(), k + 1)
    } else {
        return None;
    };
    if cols.has(Col::Location) {
        if let Some(k) = next_content(region, j) {
            if region
                .get(k)
                .is_some_and(|l| vocab::is_location(l.trimmed()))
            {
                j = k + 1;
            }
        }
    }
    let mut required = None;
    if cols.has(Col::Required) {
        if let Some(k) = next_content(region, j) {
            if let Some(r) = region
                .get(k)
                .and_then(|l| vocab::required_word(l.trimmed(), false))
            {
                required = Some(r);
                j = k + 1;
            }
        }
    }
    let mut example = None;
    if cols.example_in_head() {
        if let Some(k) = next_content(region, j) {
            if let Some(l) = region.get(k) {
                let et = l.trimmed();
                let is_head = line_head_start(region, k);
                if !is_head && bullet_item(l.text).is_none() && !description_like(et, true) {
                    example = Some(collapse_ws(et));
                    j = k + 1;
                }
            }
        }
    }
    Some((
        Head {
            name,
            type_text,
            required,
            example,
            unknown_type: false,
        },
        j,
    ))
}

/// Whether `region[k]` starts a named one-cell-per-line head (a name line followed by a
/// type line).
fn line_head_start(region: &[Line<'_>], k: usize) -> bool {
    region.get(k).is_some_and(|l| is_identifier(l.trimmed()))
        && next_content(region, k + 1)
            .and_then(|n| region.get(n))
            .is_some_and(|l| is_type_line(l.trimmed()))
}

/// A sentence (several words ending with `.`/`:`), or Chinese text ending with `。`/`：`:
/// description, not example. `alone`: the line is the block's only line.
pub(crate) fn description_like(t: &str, alone: bool) -> bool {
    let ascii_sentence = t.contains(' ') && t.ends_with(['.', ':', '。', '：']);
    let cjk_sentence = has_cjk(t) && t.ends_with(['。', '：', ':', '；', '！']);
    if alone {
        ascii_sentence || cjk_sentence
    } else {
        cjk_sentence || (ascii_sentence && t.split_whitespace().count() >= 8)
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::page_common::numbered_lines;
    use super::*;
    use Col::*;

    const OLD: &[Col] = &[Name, Type, Required, Example, Description];
    const CUR: &[Col] = &[Name, Type, Required, Description, Example];
    const RESP: &[Col] = &[Name, Type, Description, Example];

    fn c(cols: &[Col]) -> Columns<'_> {
        Columns { cols }
    }

    fn h(name: &str, ty: &str, req: Option<bool>, ex: Option<&str>) -> Option<Head> {
        Some(Head {
            name: name.into(),
            type_text: ty.into(),
            required: req,
            example: ex.map(str::to_owned),
            unknown_type: false,
        })
    }

    #[test]
    fn spaced_heads() {
        assert_eq!(
            space_head("Action String Yes GetWidget", c(OLD)),
            h("Action", "String", Some(true), Some("GetWidget"))
        );
        assert_eq!(
            space_head("WidgetName String my  widget", c(OLD)),
            h("WidgetName", "String", None, Some("my widget"))
        );
        assert_eq!(
            space_head("Folders Array of Folder No", c(OLD)),
            h("Folders", "Array of Folder", Some(false), None)
        );
        // A parameter named like a sentence's first word, in a row with a required word;
        // the same word opening a sentence is no row.
        assert_eq!(
            space_head("Example String No StringConcat('a', 'b')", c(OLD)),
            h(
                "Example",
                "String",
                Some(false),
                Some("StringConcat('a', 'b')")
            )
        );
        assert_eq!(
            space_head("Example String values are quoted.", c(OLD)),
            None
        );
        assert_eq!(
            space_head(
                "Action Query String GetWidget",
                c(&[Name, Location, Type, Required, Example, Description])
            ),
            h("Action", "String", None, Some("GetWidget"))
        );
        // Current-template spellings only where no sentence could read so.
        assert_eq!(
            space_head("ProjectId\tlong\tNo\t", c(CUR)),
            h("ProjectId", "long", Some(false), None)
        );
        assert_eq!(
            space_head("ProjectId long No", c(CUR)),
            h("ProjectId", "long", Some(false), None)
        );
        assert_eq!(space_head("Widget string that names it", c(CUR)), None);
        assert_eq!(space_head("The String value.", c(OLD)), None);
        assert_eq!(space_head("  • 7:检查未通过", c(OLD)), None);
        assert_eq!(space_head("DataWorks工作空间的ID。", c(OLD)), None);
        assert_eq!(
            space_head("Force Boolean true", c(OLD))
                .unwrap()
                .example
                .as_deref(),
            Some("true")
        );
    }

    #[test]
    fn glued_heads_every_variant() {
        assert_eq!(
            glued_head("ProjectIdlongNo", c(CUR)),
            h("ProjectId", "long", Some(false), None)
        );
        assert_eq!(
            glued_head("ProjectIdlong", c(CUR)),
            h("ProjectId", "long", None, None)
        );
        assert_eq!(
            glued_head("Tagsarray<object>No", c(CUR)),
            h("Tags", "array<object>", Some(false), None)
        );
        assert_eq!(
            glued_head("objectNo", c(CUR)),
            h("", "object", Some(false), None)
        );
        assert_eq!(glued_head("object", c(RESP)), h("", "object", None, None));
        assert_eq!(
            glued_head("Idsarray", c(RESP)),
            h("Ids", "array", None, None)
        );
        assert_eq!(
            glued_head("IdListstring", c(RESP)),
            h("IdList", "string", None, None)
        );
        assert_eq!(
            glued_head("ActionStringYesGetWidget", c(OLD)),
            h("Action", "String", Some(true), Some("GetWidget"))
        );
        assert_eq!(
            glued_head("DataLongValueLongYes12", c(OLD)),
            h("DataLongValue", "Long", Some(true), Some("12"))
        );
        // A name ending with a container word, in the old order without a required
        // column (a response): the type that follows decides.
        let old_resp: &[Col] = &[Col::Name, Col::Type, Col::Example, Col::Description];
        assert_eq!(
            glued_head("DependentNodeIdListString5,10,15", c(old_resp)),
            h("DependentNodeIdList", "String", None, Some("5,10,15"))
        );
        assert_eq!(
            glued_head("PageNumberInteger1", c(old_resp)),
            h("PageNumber", "Integer", None, Some("1"))
        );
        assert_eq!(
            glued_head("InputListArray of NodeInputOutput", c(old_resp)),
            h("InputList", "Array of NodeInputOutput", None, None)
        );
        assert_eq!(
            glued_head("FileNameStringStringConcat", c(old_resp)),
            h("FileName", "String", None, Some("StringConcat"))
        );
        assert_eq!(
            glued_head("ColumnsArray of ColumnYes", c(OLD)),
            h("Columns", "Array of Column", Some(true), None)
        );
        assert_eq!(
            glued_head("ApplyObjectArray of ApplyObjectNo", c(OLD)),
            h("ApplyObject", "Array of ApplyObject", Some(false), None)
        );
        let long = format!("TaskContentStringYes{{\"a\":\"{}\"}}", "x".repeat(400));
        assert_eq!(
            glued_head(&long, c(OLD)).map(|h| (h.name, h.type_text, h.required)),
            Some(("TaskContent".to_owned(), "String".to_owned(), Some(true)))
        );
        assert_eq!(glued_head(&"x".repeat(400), c(CUR)), None);
        assert_eq!(glued_head("10000", c(CUR)), None);
        assert_eq!(glued_head("DI_REALTIME", c(CUR)), None);
        assert_eq!(glued_head("The ID of the string", c(CUR)), None);
        assert_eq!(glued_head("  • true: yes", c(RESP)), None);
    }

    #[test]
    fn cell_per_line_heads() {
        let text = "WidgetName\n\nString\n\nYes\n\nmy widget\n\nThe name.\n";
        let lines = numbered_lines(text);
        let (head, next) = line_head(&lines, 0, c(OLD)).unwrap();
        assert_eq!(
            Some(head),
            h("WidgetName", "String", Some(true), Some("my widget"))
        );
        assert_eq!(next, 7);
        let text = "WidgetName\n\nstring\n\nThe name.\n\nmy widget\n";
        let lines = numbered_lines(text);
        let (head, next) = line_head(&lines, 0, c(CUR)).unwrap();
        assert_eq!(Some(head), h("WidgetName", "string", None, None));
        assert_eq!(next, 3);
    }
}
