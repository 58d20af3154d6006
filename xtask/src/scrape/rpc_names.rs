//! Request parameters documented by their flattened RPC names (`Columns.N.ColumnName`,
//! `ApplyObject.N.ColumnMetaList.N.Name`, `Tags.N`, `Config.Key`) are rebuilt into the
//! tree they flatten: `N` marks a 1-based array index, any other segment an object
//! member. The rows get depths (0 for top level) and synthetic container rows, so that
//! [`super::nest`] places each member under its true parent. A container is required when
//! any of its members is (the docs mark only the members).

use super::raw::RawRow;

/// Whether any row uses a dotted RPC name.
pub fn has_dotted(rows: &[RawRow]) -> bool {
    rows.iter().any(|r| r.name.contains('.'))
}

/// Rewrites dotted names into depth-marked rows with synthetic containers. Rows without
/// dots keep their place at depth 0. Returns the rows unchanged when none is dotted.
pub fn unflatten(rows: &[RawRow]) -> Vec<RawRow> {
    if !has_dotted(rows) {
        return rows.to_vec();
    }
    let mut out: Vec<RawRow> = Vec::new();
    // The container path opened by the previous dotted row: (segment, is_array) per level.
    let mut open: Vec<String> = Vec::new();
    for row in rows {
        let segments: Vec<&str> = row.name.split('.').filter(|s| !s.is_empty()).collect();
        let Some((leaf, parents)) = split_path(&segments) else {
            open.clear();
            out.push(RawRow {
                depth: Some(0),
                ..row.clone()
            });
            continue;
        };
        // Reuse the containers shared with the previous row; open the rest.
        let shared = open
            .iter()
            .zip(&parents)
            .take_while(|(a, b)| *a == &b.key())
            .count();
        open.truncate(shared);
        for (level, parent) in parents.iter().enumerate().skip(shared) {
            out.push(RawRow {
                name: parent.name.to_owned(),
                type_text: if parent.array {
                    "array<object>".into()
                } else {
                    "object".into()
                },
                required: Some(false),
                example: String::new(),
                description: String::new(),
                line: row.line,
                depth: Some(level),
            });
            open.push(parent.key());
        }
        if row.required == Some(true) {
            // Every open container of this row is required too.
            let mut level = parents.len();
            for r in out.iter_mut().rev() {
                if level == 0 {
                    break;
                }
                if r.depth == Some(level - 1) {
                    r.required = Some(true);
                    level -= 1;
                }
            }
        }
        match leaf {
            Leaf::Member(name) => out.push(RawRow {
                name: name.to_owned(),
                depth: Some(parents.len()),
                ..row.clone()
            }),
            Leaf::ArrayOfScalars(name) => {
                // `Tags.N String`: the row itself is an array of its type.
                open.truncate(parents.len());
                out.push(RawRow {
                    name: name.to_owned(),
                    type_text: format!("Array of {}", row.type_text),
                    depth: Some(parents.len()),
                    ..row.clone()
                });
            }
        }
    }
    out
}

/// One container segment of a dotted name.
struct Parent<'a> {
    name: &'a str,
    array: bool,
}

impl Parent<'_> {
    fn key(&self) -> String {
        format!("{}{}", self.name, if self.array { ".N" } else { "" })
    }
}

enum Leaf<'a> {
    /// `...ColumnName`: a member of the innermost container.
    Member(&'a str),
    /// `Tags.N`: an array of scalars.
    ArrayOfScalars(&'a str),
}

/// `Columns.N.ColumnName` → (Member(ColumnName), [Columns(array)]);
/// `Tags.N` → (ArrayOfScalars(Tags), []); a plain name → None.
fn split_path<'a>(segments: &[&'a str]) -> Option<(Leaf<'a>, Vec<Parent<'a>>)> {
    if segments.len() < 2 {
        return None;
    }
    let is_index = |s: &str| s == "N" || s == "n" || s.chars().all(|c| c.is_ascii_digit());
    let mut parents = Vec::new();
    let mut i = 0;
    while i < segments.len() {
        let seg = segments[i];
        let next_is_index = segments.get(i + 1).is_some_and(|s| is_index(s));
        let last = if next_is_index {
            i + 2 >= segments.len()
        } else {
            i + 1 >= segments.len()
        };
        if last {
            let leaf = if next_is_index {
                Leaf::ArrayOfScalars(seg)
            } else {
                Leaf::Member(seg)
            };
            return Some((leaf, parents));
        }
        parents.push(Parent {
            name: seg,
            array: next_is_index,
        });
        i += if next_is_index { 2 } else { 1 };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, ty: &str, required: bool, line: usize) -> RawRow {
        RawRow {
            name: name.into(),
            type_text: ty.into(),
            required: Some(required),
            line,
            ..RawRow::default()
        }
    }

    fn shape(rows: &[RawRow]) -> Vec<(String, String, Option<bool>, Option<usize>)> {
        rows.iter()
            .map(|r| (r.name.clone(), r.type_text.clone(), r.required, r.depth))
            .collect()
    }

    #[test]
    fn arrays_of_objects_are_rebuilt() {
        let rows = vec![
            row("TableName", "String", true, 1),
            row("Columns.N.ColumnName", "String", true, 2),
            row("Columns.N.Comment", "String", false, 3),
            row("Themes.N.ThemeId", "Long", false, 4),
        ];
        let s =
            |n: &str, t: &str, r: bool, d: usize| (n.to_owned(), t.to_owned(), Some(r), Some(d));
        assert_eq!(
            shape(&unflatten(&rows)),
            vec![
                s("TableName", "String", true, 0),
                s("Columns", "array<object>", true, 0),
                s("ColumnName", "String", true, 1),
                s("Comment", "String", false, 1),
                s("Themes", "array<object>", false, 0),
                s("ThemeId", "Long", false, 1),
            ]
        );
    }

    #[test]
    fn nested_arrays_scalar_arrays_and_objects() {
        let rows = vec![
            row("ApplyObject.N.Actions", "String", true, 1),
            row("ApplyObject.N.ColumnMetaList.N.Name", "String", true, 2),
            row("ApplyObject.N.Name", "String", true, 3),
            row("Tags.N", "String", false, 4),
            row("Config.Key", "String", false, 5),
        ];
        let s =
            |n: &str, t: &str, r: bool, d: usize| (n.to_owned(), t.to_owned(), Some(r), Some(d));
        assert_eq!(
            shape(&unflatten(&rows)),
            vec![
                s("ApplyObject", "array<object>", true, 0),
                s("Actions", "String", true, 1),
                s("ColumnMetaList", "array<object>", true, 1),
                s("Name", "String", true, 2),
                s("Name", "String", true, 1),
                s("Tags", "Array of String", false, 0),
                s("Config", "object", false, 0),
                s("Key", "String", false, 1),
            ]
        );
    }

    #[test]
    fn plain_rows_are_untouched() {
        let rows = vec![row("A", "String", true, 1)];
        assert_eq!(unflatten(&rows), rows);
    }
}
