//! Rustdoc from documentation text: every generated item's `#[doc]` attributes go through
//! here, so the docs' text can never turn into a doctest, a broken intra-doc link, an
//! HTML tag or a bare URL warning.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for `text` (one per line), sanitized for rustdoc.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = sanitize(text);
    let attrs = lines.iter().map(|l| {
        let l = format!(" {l}");
        quote! { #[doc = #l] }
    });
    quote! { #(#attrs)* }
}

/// Doc attributes for a heading line followed by a paragraph of documentation.
pub fn doc_with_title(title: &str, text: &str) -> TokenStream {
    if text.trim().is_empty() {
        return doc_attrs(title);
    }
    doc_attrs(&format!("{title}\n\n{text}"))
}

/// Sanitizes documentation text into rustdoc-safe Markdown lines: leading indentation
/// dropped (no accidental code blocks), Markdown-active characters escaped, URLs made
/// autolinks, paragraphs separated by blank lines.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, line) in text.trim().lines().enumerate() {
        let line = line.trim();
        if i > 0 {
            out.push(String::new());
        }
        if line.is_empty() {
            continue;
        }
        out.push(escape_line(line));
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// `#[doc]` attributes from lines that are already rustdoc-safe (generator-written
/// Markdown); an empty line is a paragraph break.
pub fn raw_doc(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote! { #[doc = #l] }
    });
    quote! { #(#attrs)* }
}

/// Doc attributes for a generator-written first line (already rustdoc-safe Markdown),
/// then, after a blank line, documentation `text` (sanitized) when there is any.
pub fn titled(title: &str, text: &str) -> TokenStream {
    let mut lines = vec![title.to_owned()];
    if !text.trim().is_empty() {
        lines.push(String::new());
        lines.extend(sanitize(text));
    }
    raw_doc(&lines)
}

/// `text` as a Markdown code span (one line, backticks fenced by a longer run), or as
/// escaped text when it spans lines.
pub fn code_span(text: &str) -> String {
    if text.contains(['\n', '\r']) {
        let lines: Vec<String> = sanitize(text)
            .into_iter()
            .filter(|l| !l.is_empty())
            .collect();
        return lines.join(" ");
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for (k, word) in line.split(' ').enumerate() {
        if k > 0 {
            out.push(' ');
        }
        escape_word(word, &mut out);
    }
    // A line that starts like a Markdown block marker is escaped as text.
    if out.starts_with(['#', '>', '-', '+', '=', '|']) || starts_with_ordered_marker(&out) {
        out.insert(0, '\\');
    }
    out
}

/// Escapes one word; a URL anywhere in it (`参考https://...`, `"http://..."`) becomes an
/// autolink `<...>` so rustdoc does not warn about a bare URL.
fn escape_word(word: &str, out: &mut String) {
    let start = ["https://", "http://"]
        .iter()
        .filter_map(|p| word.find(p))
        .min();
    let Some(start) = start else {
        escape_into(word, out);
        return;
    };
    let (before, from_url) = word.split_at(start);
    let url_len: usize = from_url
        .chars()
        .take_while(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | '\'' | '`' | ','))
        .map(char::len_utf8)
        .sum();
    let (url, rest) = from_url.split_at(url_len);
    escape_into(before, out);
    out.push('<');
    out.push_str(url);
    out.push('>');
    escape_word(rest, out);
}

fn starts_with_ordered_marker(s: &str) -> bool {
    let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && s[digits..].starts_with(['.', ')'])
}

fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        if matches!(
            c,
            '[' | ']' | '<' | '>' | '`' | '*' | '_' | '\\' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_are_sanitized() {
        assert_eq!(
            sanitize("  第一行\n    缩进的代码？"),
            vec!["第一行", "", "缩进的代码？"]
        );
        assert_eq!(
            sanitize("取值范围[0,59]，struct<name:string>"),
            vec![r"取值范围\[0,59\]，struct\<name:string\>"]
        );
        assert_eq!(
            sanitize("参考 https://help.aliyun.com/x.html。"),
            vec!["参考 <https://help.aliyun.com/x.html>。"]
        );
        assert_eq!(
            sanitize("参考https://a.com/x。\"endpoint\": \"http://b.cn/api\","),
            vec![r#"参考<https://a.com/x>。"endpoint": "<http://b.cn/api>","#]
        );
        assert_eq!(sanitize("1. 第一步"), vec![r"\1. 第一步"]);
        assert_eq!(sanitize("- item"), vec![r"\- item"]);
        assert_eq!(sanitize(""), vec![""]);
    }

    #[test]
    fn code_spans_fence_backticks() {
        assert_eq!(code_span("10000"), "`10000`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`a"), "`` `a ``");
        assert_eq!(code_span("a\nb"), "a b");
    }
}
