//! A tiny INI reader for the credentials file: `[section]` headers, `key = value`
//! lines, `#`/`;` comments. Errors give the line and never its text (it may hold a
//! secret).

/// One `[section]` and its keys. `Debug` shows the keys, not their values.
pub(crate) struct Section {
    /// The section name.
    pub name: String,
    /// The line of the header.
    pub line: usize,
    /// Key, value and line, in file order.
    pub entries: Vec<(String, String, usize)>,
}

impl std::fmt::Debug for Section {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: Vec<&str> = self.entries.iter().map(|(k, _, _)| k.as_str()).collect();
        f.debug_struct("Section")
            .field("name", &self.name)
            .field("line", &self.line)
            .field("keys", &keys)
            .finish()
    }
}

impl Section {
    /// The last value given to `key`, with its line.
    pub fn get(&self, key: &str) -> Option<(&str, usize)> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _, _)| k == key)
            .map(|(_, v, line)| (v.as_str(), *line))
    }
}

/// A line that is not INI.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub reason: &'static str,
}

/// Parses the text into its sections, in file order.
pub(crate) fn parse(text: &str) -> Result<Vec<Section>, SyntaxError> {
    let mut sections: Vec<Section> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim().trim_start_matches('\u{feff}');
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            let name = rest.strip_suffix(']').ok_or(SyntaxError {
                line,
                reason: "a section header must end with `]`",
            })?;
            sections.push(Section {
                name: name.trim().to_owned(),
                line,
                entries: Vec::new(),
            });
            continue;
        }
        let (key, value) = trimmed.split_once('=').ok_or(SyntaxError {
            line,
            reason: "expected `key = value` or `[section]`",
        })?;
        let section = sections.last_mut().ok_or(SyntaxError {
            line,
            reason: "a key before the first `[section]` header",
        })?;
        section.entries.push((
            key.trim().to_owned(),
            unquote(value.trim()).to_owned(),
            line,
        ));
    }
    Ok(sections)
}

/// Strips one pair of matching surrounding quotes.
fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_keys_comments_and_quotes() {
        let text = "# comment\n[default]\ntype = access_key\n; other\naccess_key_id=\"id\"\n\n[ other ]\nk = a = b\n";
        let sections = parse(text).expect("valid ini");
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[0].name, "default");
        assert_eq!(sections[0].line, 2);
        assert_eq!(sections[0].get("type"), Some(("access_key", 3)));
        assert_eq!(sections[0].get("access_key_id"), Some(("id", 5)));
        assert_eq!(sections[1].name, "other");
        assert_eq!(sections[1].get("k"), Some(("a = b", 8)));
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse("[default]\nnot a pair\n").expect_err("invalid");
        assert_eq!(err.line, 2);
        assert_eq!(parse("k = v\n").expect_err("no section").line, 1);
        assert_eq!(parse("[open\n").expect_err("unterminated").line, 1);
    }
}
