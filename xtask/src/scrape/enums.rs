//! Documented value sets, read from description text, but only where the text
//! states them plainly. When in doubt, nothing is returned: a missing `enum` costs a
//! reviewer a glance, a wrong one breaks clients.
//!
//! Three shapes are recognised:
//! * value lines, one value per line (bullets allowed), at least two in a row:
//!   `UNPUBLISHED(0): 未发布`, `SYSTEM（0）：系统角色。`, `7:检查未通过`,
//!   `DI_REALTIME：表示…`, `success：表示…` (lower-case values need a lead-in such as
//!   `取值如下：`/`Valid values:`), `1，表示…`, `ENABLED，正常。`, `0（DataWorks）`,
//!   `0表示开发表。`, `DEV 开发环境`;
//! * inline lists after `包括`/`取值为`/`取值：`/`可选值`/`枚举值`:
//!   `包括0（就绪）、1（成功）和2（失败）`, `包括CREATE、UPDATE和DELETE`,
//!   `包括开发环境（DEV）和生产环境（PRD）`, `包括NARMAL(0) 正常、FORBIDDEN(1) 禁用`;
//! * brace sets after `取值`: `取值集合为{1,3,5,7,8}`.
//!
//! Values must fit the type: integer types take integer text only, strings take
//! identifier-like tokens (all upper-case, all lower-case, or numbers; camelCase
//! tokens are member names, not values), booleans and other types never get a set.
//! Lists introduced as examples or as "common" values (`常用`, `例如`, `等`) are
//! not value sets.
//!
//! Doubt gives nothing: a description that shows JSON (the field is a JSON
//! document whose keys are listed), one whose values travel comma-joined
//! (`多个…之间使用英文逗号分隔`), two different sets (values that depend on
//! context), a line that starts like a value but cannot be read (the set would be
//! incomplete), or value lines after the list ends.

use dwgen_spec::{EnumValue, Type};

/// The documented value set in `description` for a value of type `ty`; empty where
/// the text does not plainly state one.
pub fn extract(description: &str, ty: Type) -> Vec<EnumValue> {
    if !matches!(ty, Type::String | Type::Int32 | Type::Int64) {
        return Vec::new();
    }
    let text = description.replace('\r', "");
    // A description showing JSON documents a JSON string: the tokens it lists are
    // keys and values inside that document, not values of the field.
    if text.contains("\":") || text.contains("\" :") {
        return Vec::new();
    }
    // Several values joined by commas travel in one string: a value set of the
    // parts would reject the documented wire values (`SMS,MAIL`).
    if text.contains("逗号") || text.to_lowercase().contains("comma") {
        return Vec::new();
    }
    let mut found: Vec<Vec<EnumValue>> = Vec::new();
    found.extend(line_list(&text, ty));
    found.extend(inline_lists(&text, ty));
    found.extend(brace_set(&text, ty));
    // Two different sets (`如果taskType为A…包括：X、Y。如果为B…包括：u、v。`) mean
    // the values depend on context: no single set is the field's.
    let Some(first) = found.first() else {
        return Vec::new();
    };
    if found.iter().any(|v| value_key(v) != value_key(first)) {
        return Vec::new();
    }
    found.swap_remove(0)
}

/// The sorted values of a set, to compare sets.
fn value_key(v: &[EnumValue]) -> Vec<&str> {
    let mut k: Vec<&str> = v.iter().map(|e| e.value.as_str()).collect();
    k.sort_unstable();
    k
}

// ---------------------------------------------------------------------------
// Tokens and type checks.

/// Whether `c` may appear in a value token.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// Whether `s` is an integer (optionally negative).
fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.len() <= 19 && digits.chars().all(|c| c.is_ascii_digit())
}

/// The case style of an identifier-like token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// Digits only.
    Number,
    /// Letters all upper-case (`DI_REALTIME`, `ODPS.ODPS`).
    Upper,
    /// Letters all lower-case (`success`, `hive`).
    Lower,
    /// Mixed case (`databaseName`, `MaxGraph`): not accepted as a value.
    Mixed,
}

/// The style of `tok`, or `None` if it is not a token at all.
fn style(tok: &str) -> Option<Style> {
    let first = tok.chars().next()?;
    if !first.is_ascii_alphanumeric() || !tok.chars().all(is_token_char) {
        return None;
    }
    if is_integer(tok) {
        return Some(Style::Number);
    }
    if !tok.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let upper = tok.chars().any(|c| c.is_ascii_uppercase());
    let lower = tok.chars().any(|c| c.is_ascii_lowercase());
    Some(match (upper, lower) {
        (true, false) => Style::Upper,
        (false, true) => Style::Lower,
        _ => Style::Mixed,
    })
}

/// Whether `value` fits the type.
fn fits(value: &str, ty: Type) -> bool {
    match ty {
        Type::Int32 | Type::Int64 => is_integer(value),
        Type::String => matches!(
            style(value),
            Some(Style::Number | Style::Upper | Style::Lower)
        ),
        _ => false,
    }
}

/// Whether `label` is a symbolic name (`UNPUBLISHED`, `Normal`).
fn is_label(label: &str) -> bool {
    label
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Repairs the PDF's split words inside a token (`INIT IALIZING`, `PARTIT ION`): the
/// dump inserts a space after a `T`/`t`. Returns the joined token if that is what
/// the text looks like.
fn join_split_token(s: &str) -> Option<String> {
    let s = s.trim();
    if !s.contains(' ') {
        return None;
    }
    let parts: Vec<&str> = s.split(' ').collect();
    if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let split_after_t = parts
        .iter()
        .take(parts.len() - 1)
        .all(|p| p.ends_with('T') || p.ends_with('t'));
    let joined: String = parts.concat();
    (split_after_t && style(&joined).is_some()).then_some(joined)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

fn has_cjk(s: &str) -> bool {
    s.chars()
        .any(|c| is_cjk(c) && !matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}'))
}

/// Joins two description pieces (no space between CJK text).
fn join_text(a: &str, b: &str) -> String {
    let a = a.trim_end();
    let b = b.trim_start();
    if a.is_empty() {
        return b.to_owned();
    }
    if b.is_empty() {
        return a.to_owned();
    }
    let cjk_edge = a.chars().last().is_some_and(is_cjk) || b.chars().next().is_some_and(is_cjk);
    if cjk_edge {
        format!("{a}{b}")
    } else {
        format!("{a} {b}")
    }
}

/// Lead-in words that make a list an example or a selection, not a value set.
const NOT_A_SET: [&str; 12] = [
    "常用",
    "例如",
    "比如",
    "示例",
    "样例",
    "但不限于",
    "参数如下",
    "字段如下",
    "for example",
    "e.g.",
    "such as",
    "如：",
];

fn negated(lead: &str) -> bool {
    let lower = lead.to_lowercase();
    NOT_A_SET.iter().any(|w| lower.contains(w))
}

/// Lead-ins that state a value set outright.
fn strong_lead(lead: &str) -> bool {
    let lower = lead.to_lowercase();
    ["取值", "枚举", "可选值", "valid values", "values:", "包括"]
        .iter()
        .any(|w| lower.contains(w))
}

// ---------------------------------------------------------------------------
// Value lines.

/// How a value line separates its value from its description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `LABEL(0)…`
    Label,
    /// `TOKEN: desc` / `TOKEN：desc`
    Colon,
    /// `TOKEN，desc`
    Comma,
    /// `TOKEN（desc）`
    Paren,
    /// `0表示…`
    Means,
    /// `TOKEN 中文`
    Space,
    /// A token alone on its line.
    Bare,
}

impl Form {
    /// Forms that may mix within one list (`INIT：…` then `RUNNING，…`).
    fn family(self) -> Form {
        match self {
            Form::Comma => Form::Colon,
            f => f,
        }
    }
}

/// One candidate value line.
#[derive(Debug, Clone)]
struct Cand {
    value: String,
    label: Option<String>,
    description: String,
    form: Form,
    style: Style,
}

/// Strips bullets (`•`, `-`, `*`, PDF symbol-font bullets) from a line.
fn strip_bullet(line: &str) -> &str {
    let t = line.trim();
    let mut chars = t.chars();
    match chars.next() {
        Some('•' | '·' | '●' | '○' | '◦' | '▪' | '■' | '◆' | '–') => {
            chars.as_str().trim_start()
        }
        Some(c) if ('\u{E000}'..='\u{F8FF}').contains(&c) => chars.as_str().trim_start(),
        Some('-' | '*') if chars.as_str().starts_with(char::is_whitespace) => {
            chars.as_str().trim_start()
        }
        _ => t,
    }
}

/// The leading token of `line` and the rest.
fn split_token(line: &str) -> (&str, &str) {
    let end = line
        .char_indices()
        .find(|&(_, c)| !is_token_char(c))
        .map_or(line.len(), |(i, _)| i);
    let (tok, rest) = line.split_at(end);
    // A trailing '.' or '-' belongs to the sentence, not the token.
    let trimmed = tok.trim_end_matches(['.', '-']);
    (trimmed, line.get(trimmed.len()..).unwrap_or(rest))
}

/// For text starting with `(`/`（`, the inner text and what follows the matching close.
fn paren_group(s: &str) -> Option<(&str, &str)> {
    let mut chars = s.char_indices();
    let (_, open) = chars.next()?;
    if open != '(' && open != '（' {
        return None;
    }
    let start = open.len_utf8();
    let mut depth = 1usize;
    for (i, c) in chars {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => {
                depth -= 1;
                if depth == 0 {
                    let inner = s.get(start..i)?;
                    let after = s.get(i + c.len_utf8()..)?;
                    return Some((inner, after));
                }
            }
            _ => {}
        }
    }
    None
}

/// Strips separators between a value and its description.
fn trim_sep(s: &str) -> &str {
    s.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '：' | ':' | '，' | ',' | '、' | '-' | '–')
    })
    .trim_end()
}

/// Reads one line as a value line.
fn value_line(line: &str) -> Option<Cand> {
    let line = strip_bullet(line);
    if line.is_empty() {
        return None;
    }
    let (tok, rest) = split_token(line);
    let (tok, rest) = if tok.is_empty() {
        return None;
    } else if rest.starts_with(' ')
        && rest
            .trim_start()
            .starts_with(|c: char| c.is_ascii_uppercase())
    {
        // `INIT IALIZING(2)`: the PDF split the token.
        let (tok2, rest2) = split_token(rest.trim_start());
        match join_split_token(&format!("{tok} {tok2}")) {
            Some(j) if rest2.starts_with(['(', '（', ':', '：', '，']) => (j, rest2),
            _ => (tok.to_owned(), rest),
        }
    } else {
        (tok.to_owned(), rest)
    };
    let st = style(&tok)?;
    if st == Style::Mixed {
        return None;
    }
    let cand = |value: String, label: Option<String>, description: &str, form: Form| Cand {
        style: style(&value).unwrap_or(st),
        value,
        label,
        description: description.trim().to_owned(),
        form,
    };
    let after_space = rest.trim_start();
    if let Some((inner, after)) = paren_group(after_space) {
        let inner = inner.trim();
        if is_integer(inner) && is_label(&tok) && !is_integer(&tok) {
            return Some(cand(
                inner.to_owned(),
                Some(tok),
                trim_sep(after),
                Form::Label,
            ));
        }
        let tail = after.trim();
        if !inner.is_empty() && (tail.is_empty() || tail == "。" || tail == ".") {
            return Some(cand(tok, None, inner, Form::Paren));
        }
        return None;
    }
    if rest.is_empty() {
        return Some(cand(tok, None, "", Form::Bare));
    }
    if let Some(desc) = rest.strip_prefix('：') {
        return (!desc.trim().is_empty()).then(|| cand(tok, None, desc, Form::Colon));
    }
    if let Some(desc) = rest.strip_prefix(':') {
        // `4:09:32 PM`, `http://…` are not value lines.
        let d = desc.trim_start();
        let ok = !d.is_empty() && !d.starts_with(|c: char| c.is_ascii_digit() || c == '/');
        return ok.then(|| cand(tok, None, desc, Form::Colon));
    }
    if let Some(desc) = rest.strip_prefix('，') {
        return (!desc.trim().is_empty()).then(|| cand(tok, None, desc, Form::Comma));
    }
    if let Some(desc) = rest.strip_prefix(',') {
        let d = desc.trim_start();
        let ok = d.chars().next().is_some_and(|c| !c.is_ascii());
        return ok.then(|| cand(tok, None, desc, Form::Comma));
    }
    if after_space.starts_with("表示") {
        return Some(cand(tok, None, after_space, Form::Means));
    }
    if rest.starts_with(char::is_whitespace)
        && matches!(st, Style::Upper | Style::Number)
        && has_cjk(after_space)
        && !after_space.starts_with(['(', '（'])
    {
        return Some(cand(tok, None, after_space, Form::Space));
    }
    None
}

/// Whether a line starts like a value line: an upper-case or numeric token, then a
/// parenthesis, a colon or a comma.
fn value_like(line: &str) -> bool {
    let (tok, rest) = split_token(strip_bullet(line));
    matches!(style(tok), Some(Style::Upper | Style::Number))
        && rest.trim_start().starts_with(['(', '（', ':', '：', '，'])
}

/// Whether a line lists a member name (`databaseName：数据库名称。`): such
/// descriptions describe keys, not values.
fn key_line(line: &str) -> bool {
    let (tok, rest) = split_token(strip_bullet(line));
    style(tok) == Some(Style::Mixed) && rest.starts_with([':', '：'])
}

fn line_list(text: &str, ty: Type) -> Option<Vec<EnumValue>> {
    let lines: Vec<&str> = text.lines().collect();
    if lines.iter().any(|l| key_line(l)) {
        return None;
    }
    // Try each form in order of first appearance: a stray line of one form (say
    // `HH:mm:ss`) must not hide a real list of another.
    let mut tried: Vec<Form> = Vec::new();
    for (first, line) in lines.iter().enumerate() {
        let Some(c) = value_line(line) else { continue };
        let family = c.form.family();
        if tried.contains(&family) {
            continue;
        }
        tried.push(family);
        if let Some(v) = line_group(&lines, first, family, ty) {
            return Some(v);
        }
    }
    None
}

/// The value lines of one form starting at `first`, with wrapped continuation
/// lines between them joined to the previous description.
fn line_group(lines: &[&str], first: usize, form: Form, ty: Type) -> Option<Vec<EnumValue>> {
    let lead: Vec<&str> = lines
        .get(..first)?
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    let last_lead = lead.last().copied().unwrap_or("");
    if negated(last_lead) {
        return None;
    }
    let mut cands: Vec<Cand> = Vec::new();
    let mut pending: Vec<&str> = Vec::new();
    let mut end = lines.len();
    for (i, line) in lines.iter().enumerate().skip(first) {
        match value_line(line) {
            Some(c) if c.form.family() == form => {
                if let Some(prev) = cands.last_mut() {
                    for p in pending.drain(..) {
                        prev.description = join_text(&prev.description, p);
                    }
                }
                pending.clear();
                cands.push(c);
            }
            // A value line of another shape ends the list.
            Some(_) => {
                end = i;
                break;
            }
            None => {
                let t = line.trim();
                // So does a new lead-in (`处理策略如下：`).
                if t.ends_with(['：', ':']) {
                    end = i;
                    break;
                }
                if !t.is_empty() {
                    pending.push(t);
                }
            }
        }
    }
    // A line that starts like a value but could not be read (`PHONE（电话），仅…`)
    // means the list would be incomplete.
    if cands.len() >= 2
        && lines
            .get(first..)?
            .iter()
            .any(|l| value_like(l) && value_line(l).is_none())
    {
        return None;
    }
    // Value lines after the list: a second list (the values depend on context)
    // or a value written differently (the list would be incomplete).
    let later = lines.get(end..).unwrap_or(&[]);
    if later.iter().any(|l| value_line(l).is_some()) {
        return None;
    }
    for c in &mut cands {
        c.description = c
            .description
            .trim_end_matches([',', '，', '、', ';', '；'])
            .trim_end()
            .to_owned();
    }
    if cands.len() < 2 {
        return None;
    }
    // Weak forms need a lead-in that announces a value set.
    let weak = form == Form::Bare || cands.iter().any(|c| c.style == Style::Lower);
    if weak && !lead.iter().any(|l| strong_lead(l)) {
        return None;
    }
    if form == Form::Bare && lead.iter().any(|l| negated(l)) {
        return None;
    }
    finish(cands, ty)
}

/// Type-checks and de-duplicates candidates; `None` if any does not fit.
fn finish(cands: Vec<Cand>, ty: Type) -> Option<Vec<EnumValue>> {
    let mut out: Vec<EnumValue> = Vec::new();
    for c in cands {
        if !fits(&c.value, ty) {
            return None;
        }
        if out.iter().any(|e| e.value == c.value) {
            continue;
        }
        let label = c.label.or_else(|| ascii_label(&c.value, &c.description));
        out.push(EnumValue {
            value: c.value,
            description: c.description,
            label,
            name: None,
        });
    }
    (out.len() >= 2).then_some(out)
}

/// The ASCII label a description gives a numeric value, where it is unambiguous: the
/// whole description is one identifier-like ASCII token (`GET`, `MaxCompute`,
/// `表示OSS。`, `dataService`), or Chinese text followed by one such token in
/// parentheses (`波动比较（VOLATILITY_CHECK）`). Mixed text (`SQl完成时校检`,
/// `钉钉群机器人@ALL`, `租户内用户可见MaxCompute表。`) and digits give nothing.
fn ascii_label(value: &str, description: &str) -> Option<String> {
    if !is_integer(value) {
        return None;
    }
    let d = description.trim();
    let d = d.strip_prefix("表示").unwrap_or(d).trim();
    let d = d.trim_end_matches(['。', '.']).trim_end();
    if is_label(d) {
        return Some(d.to_owned());
    }
    // `波动比较（VOLATILITY_CHECK）`: the token must be all that is in parentheses,
    // and the parentheses must end the text after an ASCII-free head.
    let open = d.find(['(', '（'])?;
    let head = d.get(..open)?;
    let (inner, after) = paren_group(d.get(open..)?)?;
    let inner = inner.trim();
    let clean_head = !head.chars().any(|c| c.is_ascii_alphanumeric());
    (clean_head && after.trim().is_empty() && is_label(inner)).then(|| inner.to_owned())
}

// ---------------------------------------------------------------------------
// Inline lists.

/// Markers that introduce an inline list.
const MARKERS: [&str; 9] = [
    "取值包括",
    "包括",
    "取值为",
    "取值：",
    "取值:",
    "可选值为",
    "可选值：",
    "可选值:",
    "枚举值：",
];

/// Paragraphs, with lines joined where a wrap clearly cut a list (an open
/// parenthesis or a trailing list separator).
fn paragraphs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        let line = line.trim();
        cur = join_text(&cur, line);
        let open = cur.chars().filter(|&c| c == '(' || c == '（').count();
        let close = cur.chars().filter(|&c| c == ')' || c == '）').count();
        let trailing_sep = cur.ends_with(['、', '，', '和', '或']);
        if open <= close && !trailing_sep {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Every inline list in the text.
fn inline_lists(text: &str, ty: Type) -> Vec<Vec<EnumValue>> {
    let mut out = Vec::new();
    for para in paragraphs(text) {
        let mut search_from = 0;
        while let Some((at, marker)) = find_marker(&para, search_from) {
            search_from = at + marker.len();
            let before = para.get(..at).unwrap_or("");
            // The sentence the marker sits in must not call the list an example.
            let sentence_start = before
                .rfind(['。', '；'])
                .map_or(0, |i| i + '。'.len_utf8());
            if negated(before.get(sentence_start..).unwrap_or("")) {
                continue;
            }
            let after = para.get(search_from..).unwrap_or("");
            out.extend(list_items(after, ty));
        }
    }
    out
}

/// The first marker at or after byte `from` (longest marker wins at a position).
fn find_marker(para: &str, from: usize) -> Option<(usize, &'static str)> {
    let hay = para.get(from..)?;
    let mut best: Option<(usize, &'static str)> = None;
    for m in MARKERS {
        if let Some(i) = hay.find(m) {
            let cand = (from + i, m);
            best = match best {
                Some((bi, bm)) if bi < cand.0 || (bi == cand.0 && bm.len() >= m.len()) => {
                    Some((bi, bm))
                }
                _ => Some(cand),
            };
        }
    }
    best
}

/// Splits a list at separators outside parentheses, up to the sentence end; each
/// item comes with the separator that preceded it.
fn split_items(s: &str) -> Vec<(String, char)> {
    let mut items: Vec<(String, char)> = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize;
    let mut prev_sep = ' ';
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '(' | '（' => {
                depth += 1;
                cur.push(c);
            }
            ')' | '）' => {
                depth = depth.saturating_sub(1);
                cur.push(c);
            }
            '。' | '；' | ';' | '\n' if depth == 0 => break,
            '.' if depth == 0 && chars.peek().copied().unwrap_or(' ').is_whitespace() => break,
            '以' if depth == 0 && chars.peek() == Some(&'及') => {
                chars.next();
                items.push((std::mem::take(&mut cur), prev_sep));
                prev_sep = '和';
            }
            '、' | '，' | ',' | '和' | '或' | '及' if depth == 0 => {
                items.push((std::mem::take(&mut cur), prev_sep));
                prev_sep = c;
            }
            _ => cur.push(c),
        }
    }
    items.push((cur, prev_sep));
    items
}

/// Reads one inline item.
fn inline_item(item: &str) -> Option<Cand> {
    let item = item.trim();
    if item.is_empty() {
        return None;
    }
    // Locate the head and an optional parenthesised part.
    let paren_at = item.find(['(', '（']);
    let (head, group) = match paren_at {
        Some(i) => (item.get(..i)?.trim(), paren_group(item.get(i..)?)),
        None => (item, None),
    };
    let head_tok = if style(head).is_some() {
        Some(head.to_owned())
    } else {
        join_split_token(head)
    };
    match (head_tok, group) {
        (Some(tok), None) => Some(Cand {
            style: style(&tok)?,
            value: tok,
            label: None,
            description: String::new(),
            form: Form::Bare,
        }),
        (Some(tok), Some((inner, after))) => {
            let inner = inner.trim();
            let after = trim_sep(after);
            if is_integer(inner) && is_label(&tok) && !is_integer(&tok) {
                return Some(Cand {
                    style: Style::Number,
                    value: inner.to_owned(),
                    label: Some(tok),
                    description: after.to_owned(),
                    form: Form::Label,
                });
            }
            if !after.is_empty() || inner.is_empty() {
                return None;
            }
            Some(Cand {
                style: style(&tok)?,
                value: tok,
                label: None,
                description: inner.to_owned(),
                form: Form::Paren,
            })
        }
        (None, Some((inner, after))) => {
            // `开发环境（DEV）`: the description first, the value in parentheses.
            let inner = inner.trim();
            let st = style(inner)?;
            let ok = !head.is_empty()
                && !head.chars().any(|c| c.is_ascii_alphanumeric())
                && after.trim().is_empty()
                && st != Style::Mixed;
            ok.then(|| Cand {
                style: st,
                value: inner.to_owned(),
                label: None,
                description: head.to_owned(),
                form: Form::Paren,
            })
        }
        (None, None) => None,
    }
}

fn list_items(after_marker: &str, ty: Type) -> Option<Vec<EnumValue>> {
    let s = after_marker.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '：' | ':'));
    let items = split_items(s);
    let mut cands: Vec<Cand> = Vec::new();
    for (text, sep) in &items {
        let text = text.trim();
        if text.ends_with('等') || text.contains("等等") {
            return None; // "… etc.": not a complete set.
        }
        match inline_item(text) {
            Some(c) if fits(&c.value, ty) => cands.push(c),
            _ => {
                // A comma may end the list and start a new clause
                // (`包括0（否）和1（是），默认为0`).
                if matches!(sep, '，' | ',') && cands.len() >= 2 {
                    break;
                }
                return None;
            }
        }
    }
    if cands.len() < 2 {
        return None;
    }
    // Bare lower-case words need the list to be about values; a marker is present,
    // but keep camel/mixed out (checked by `fits`) and insist on one style.
    let styles: Vec<Style> = cands.iter().map(|c| c.style).collect();
    if styles.contains(&Style::Upper) && styles.contains(&Style::Lower) {
        return None;
    }
    finish(cands, ty)
}

// ---------------------------------------------------------------------------
// Brace sets.

fn brace_set(text: &str, ty: Type) -> Option<Vec<EnumValue>> {
    for marker in ["取值集合为", "取值范围为", "取值为"] {
        let Some(at) = text.find(marker) else {
            continue;
        };
        let after = text.get(at + marker.len()..)?.trim_start();
        let Some(body) = after.strip_prefix('{') else {
            continue;
        };
        let end = body.find('}')?;
        let inner = body.get(..end)?;
        let values: Vec<&str> = inner.split([',', '，']).map(str::trim).collect();
        if values.len() < 2 || values.iter().any(|v| !fits(v, ty)) {
            return None;
        }
        let mut out: Vec<EnumValue> = Vec::new();
        for v in values {
            if !out.iter().any(|e| e.value == v) {
                out.push(EnumValue {
                    value: v.to_owned(),
                    description: String::new(),
                    label: None,
                    name: None,
                });
            }
        }
        return Some(out);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(v: &[EnumValue]) -> Vec<&str> {
        v.iter().map(|e| e.value.as_str()).collect()
    }

    fn ev(value: &str, description: &str, label: Option<&str>) -> EnumValue {
        EnumValue {
            value: value.to_owned(),
            description: description.to_owned(),
            label: label.map(str::to_owned),
            name: None,
        }
    }

    #[test]
    fn labelled_lines() {
        // 001 GetDeployment, DeployedItems.Status.
        let d = "• UNPUBLISHED(0): 未发布\n• SUCCESS(1): 发布成功\n• ERROR(2): 发布失败\n• CLONED(3): 克隆成功";
        let v = extract(d, Type::Int32);
        assert_eq!(v[0], ev("0", "未发布", Some("UNPUBLISHED")));
        assert_eq!(vals(&v), ["0", "1", "2", "3"]);
        // 003 资源组的状态, with a wrapped line continuing a description.
        let d = "资源组的状态。取值如下：\nNORMAL(0)，表示资源组状态正常，处于运行中或服务\n中。\nSTOP(1)，表示资源组已到期，处于冻结状态。\n其余说明。";
        let v = extract(d, Type::Int32);
        assert_eq!(
            v[0],
            ev(
                "0",
                "表示资源组状态正常，处于运行中或服务中。",
                Some("NORMAL")
            )
        );
        assert_eq!(
            v[1],
            ev("1", "表示资源组已到期，处于冻结状态。", Some("STOP"))
        );
        // Full-width parentheses, a PDF-split label.
        let d = "角色的类型。取值如下：\nSYSTEM（0）：系统角色。\nUSER_CUSTOM（2）：自定义角色。";
        assert_eq!(
            extract(d, Type::Int32)[1],
            ev("2", "自定义角色。", Some("USER_CUSTOM"))
        );
        let d = "工作空间的状态，取值如下：\nAVAILABLE(0)，工作空间运行正常。\nINIT IALIZING(2)，初始化工作空间。";
        assert_eq!(
            extract(d, Type::Int32)[1].label.as_deref(),
            Some("INITIALIZING")
        );
    }

    #[test]
    fn colon_lines() {
        // 001 CheckingStatus: no lead-in, integer values.
        let d = "当前发布包涉及节点的检查状态，只有发布包的Status为1并且CheckingStatus为空时，才可以继续。\n• 7:检查未通过\n• 8:正在处于检查中的状态";
        assert_eq!(
            extract(d, Type::Int32),
            vec![
                ev("7", "检查未通过", None),
                ev("8", "正在处于检查中的状态", None)
            ]
        );
        // 003 UseType.
        let d = "文件所属的功能模块。取值如下：\nNORMAL：数据开发\nMANUAL：手动任务\nMANUAL_BIZ：手动业务流程";
        assert_eq!(
            vals(&extract(d, Type::String)),
            ["NORMAL", "MANUAL", "MANUAL_BIZ"]
        );
        // Lower-case values with a lead-in.
        let d = "创建数据集成同步任务的结果状态。取值如下：\nsuccess：表示创建任务成功。\nfail：表示创建任务失败。";
        assert_eq!(
            extract(d, Type::String)[0],
            ev("success", "表示创建任务成功。", None)
        );
        // English (002).
        let d = "The type of the object that you want to deploy. Valid values:\n  • DI_REALTIME: real-time synchronization node\n  • DI_SOLUTION: data synchronization solution";
        assert_eq!(
            extract(d, Type::String),
            vec![
                ev("DI_REALTIME", "real-time synchronization node", None),
                ev("DI_SOLUTION", "data synchronization solution", None)
            ]
        );
        // 枚举值 lead-in.
        let d = "工作空间的角色类型。枚举值:\n0:预设角色类型\n1:用户自定义角色类型";
        assert_eq!(vals(&extract(d, Type::Int32)), ["0", "1"]);
    }

    #[test]
    fn mixed_separators_and_list_ends() {
        // 003 ListMigrations: colons and commas in one list, a PDF-split token.
        let d = "导入导出迁移任务的执行状态。取值如下：\nINIT：任务为初始状态。\nEDIT ING：任务在编辑中。\nRUNNING，任务在运行中。\nSUCCESS，任务运行成功。";
        assert_eq!(
            vals(&extract(d, Type::String)),
            ["INIT", "EDITING", "RUNNING", "SUCCESS"]
        );
        assert_eq!(extract(d, Type::String)[1].description, "任务在编辑中。");
        // 003 ListExtensions: trailing commas are not part of the description.
        let d = "扩展程序状态：\n0：测试中,\n1：上线中,\n6：审批不通过";
        assert_eq!(extract(d, Type::Int32)[0], ev("0", "测试中", None));
        // A new lead-in ends the list, and a second list means doubt (003
        // UpdateDIProjectConfig lists DDL types, then strategies).
        let d = "类型如下：\nA_X：甲。\nB_X：乙。\n处理策略如下：\nWARNING：告警。\nIGNORE：忽略。";
        assert!(extract(d, Type::String).is_empty());
        // So does a value written differently.
        let d = "状态：\nA_X：甲。\nB_X：乙。\nC_X 丙";
        assert!(extract(d, Type::String).is_empty());
    }

    #[test]
    fn incomplete_or_multi_value_lists_give_nothing() {
        // 003 UpdateRemind: the PHONE line does not read as a value line.
        let d = "报警的方式，取值如下：\nMAIL（邮件）\nSMS（短信）\nPHONE（电话），仅DataWorks专业版及以上版本支持使用电话方式接收报警。";
        assert!(extract(d, Type::String).is_empty());
        // 003 ListBaselineStatuses: several values joined by commas.
        let d = "基线的状态，包括ERROR（异常）、SAFE（安全）、DANGROUS（预警）和OVER（破线）。多个状态之间使用英文逗号（,）分隔。";
        assert!(extract(d, Type::String).is_empty());
        assert!(extract(
            "基线的优先级，取值范围为{1,3,5,7,8}。多个优先级之间使用英文逗号（,）分隔。",
            Type::String
        )
        .is_empty());
    }

    #[test]
    fn context_dependent_sets_give_nothing() {
        // 003 GetDISyncInstanceInfo.
        let d = "如果taskType为DI_REALTIME，则status为实时任务的运行状态。包括：PAUSE、NORUN、RUN、KILLING、WAIT。\n如果taskType为DI_SOLIT ION， 则status为同步解决方案的运行状态。包括：success、fail。";
        assert!(extract(d, Type::String).is_empty());
        let d = "实时任务的状态：\nRUN：运行中。\nWAIT：等待。\n解决方案的状态：\nsuccess：成功。\nfail：失败。";
        assert!(extract(d, Type::String).is_empty());
        // The same set stated twice is fine.
        let d = "包括0（否）和1（是）。取值如下：\n0：否。\n1：是。";
        assert_eq!(vals(&extract(d, Type::Int32)), ["0", "1"]);
    }

    #[test]
    fn comma_paren_means_and_space_lines() {
        let d = "数据源的状态。取值如下：\nENABLED，正常。\nDISABLED，禁用。";
        assert_eq!(
            extract(d, Type::String),
            vec![
                ev("ENABLED", "正常。", None),
                ev("DISABLED", "禁用。", None)
            ]
        );
        let d = "数据源所在的环境。取值如下：\n0，开发环境。\n1，生产环境。";
        assert_eq!(vals(&extract(d, Type::Int32)), ["0", "1"]);
        let d = "需要查看的资源组类型。取值如下：\n0（DataWorks）\n1（调度）\n9 （dataService）";
        assert_eq!(
            extract(d, Type::Int32)[2],
            ev("9", "dataService", Some("dataService"))
        );
        let d = "环境类型，取值如下：\n0表示开发表。\n1表示生产表。";
        assert_eq!(extract(d, Type::Int32)[0], ev("0", "表示开发表。", None));
        // 003 ListCalcEngines: no lead-in at all, upper-case values.
        let d = "计算引擎的访问身份。\nUSER 当前用户\nPROJECT 项目执行用户\nSUBACCOUNT 子账号\nSTS_ROLE sts角色";
        assert_eq!(
            vals(&extract(d, Type::String)),
            ["USER", "PROJECT", "SUBACCOUNT", "STS_ROLE"]
        );
        assert_eq!(extract(d, Type::String)[3].description, "sts角色");
        let d = "计算引擎所在的环境。\nDEV 开发环境\nPRD 生产环境";
        assert_eq!(vals(&extract(d, Type::String)), ["DEV", "PRD"]);
    }

    #[test]
    fn ascii_labels_of_numeric_values() {
        let label = |value: &str, d: &str| ascii_label(value, d);
        // The whole description is the label (003 CreateTable, CreateDataServiceApi,
        // GetDataServiceApi, ListResourceGroups, SearchMetaTables).
        assert_eq!(label("0", "表示OSS。").as_deref(), Some("OSS"));
        assert_eq!(
            label("1", "表示TableStore。").as_deref(),
            Some("TableStore")
        );
        assert_eq!(label("0", "表示table。").as_deref(), Some("table"));
        for token in [
            "GET",
            "JSON",
            "STRING",
            "String",
            "Path",
            "HTTPS",
            "MaxCompute",
            "dataService",
            "DataWorks",
            "USER_DEFINE",
        ] {
            assert_eq!(label("3", token).as_deref(), Some(token), "{token}");
        }
        assert_eq!(label("2", " Volume. ").as_deref(), Some("Volume"));
        // The token in parentheses after Chinese text (ListQualityResultsByEntity).
        assert_eq!(
            label("1", "波动比较（VOLATILITY_CHECK）").as_deref(),
            Some("VOLATILITY_CHECK")
        );
        assert_eq!(
            label("2", "固定值比较(FIXEDVALUE_CHECK)。").as_deref(),
            Some("FIXEDVALUE_CHECK")
        );
        // Nothing when the ASCII part is not the whole label.
        for d in [
            "开发环境",
            "SQl完成时校检",
            "task完成时校检",
            "钉钉群机器人@ALL",
            "表示有关联dqc。",
            "租户内用户可见MaxCompute表。",
            "ODPS SQL",
            "123",
            "表示1。",
            "",
            "校验（A和B）",
            "校验（A）之后",
            "SQL校验（CHECK）",
            "（DataWorks、PAI）",
        ] {
            assert_eq!(label("0", d), None, "{d}");
        }
        // Only numeric values get one: a string value is its own name.
        assert_eq!(label("GET", "GET"), None);
    }

    #[test]
    fn ascii_labels_in_extracted_sets() {
        // 003 UpdateTable ExternalTableType: value lines.
        let d = "外部表的类型。取值如下：\n0：表示OSS。\n1：表示TableStore。\n2：表示Volume。\n3：表示MySQL。";
        let v = extract(d, Type::Int32);
        let labels: Vec<_> = v.iter().map(|e| e.label.as_deref()).collect();
        assert_eq!(
            labels,
            [
                Some("OSS"),
                Some("TableStore"),
                Some("Volume"),
                Some("MySQL")
            ]
        );
        assert_eq!(v[0].description, "表示OSS。");
        // 003 CreateDataServiceApi RequestMethod: an inline list.
        let d = "API请求方式，包括0（GET）、1（POST）、2（PUT）和3（DELTE）。";
        let labels: Vec<_> = extract(d, Type::Int32)
            .into_iter()
            .map(|e| e.label)
            .collect();
        assert_eq!(
            labels,
            [Some("GET"), Some("POST"), Some("PUT"), Some("DELTE")].map(|l| l.map(String::from))
        );
        // 003 ListResourceGroups: labels only where the value has an ASCII one.
        let d = "需要查看的资源组类型。取值如下：\n0（DataWorks）\n1（调度）\n9 （dataService）";
        let labels: Vec<_> = extract(d, Type::Int32)
            .into_iter()
            .map(|e| e.label)
            .collect();
        assert_eq!(
            labels,
            [Some("DataWorks"), None, Some("dataService")].map(|l| l.map(String::from))
        );
        // Chinese-only labels stay without one.
        let d = "发布包当前的状态，包括0（就绪）、1（成功）和2（失败）。";
        assert!(extract(d, Type::Int32).iter().all(|e| e.label.is_none()));
        // The symbolic name the docs give wins over the description.
        let d = "• UNPUBLISHED(0): GET\n• SUCCESS(1): POST";
        assert_eq!(
            extract(d, Type::Int32)[0].label.as_deref(),
            Some("UNPUBLISHED")
        );
    }

    #[test]
    fn inline_lists() {
        let d = "发布包当前的状态，包括0（就绪）、1（成功）和2（失败）。";
        assert_eq!(
            extract(d, Type::Int32),
            vec![
                ev("0", "就绪", None),
                ev("1", "成功", None),
                ev("2", "失败", None)
            ]
        );
        // Half-width parentheses (001) and a PDF wrap inside a parenthesis.
        let d = "发布包当前的状态,包括0(就绪)、1(成功)和2(失\n败)。";
        assert_eq!(extract(d, Type::Int32)[2], ev("2", "失败", None));
        let d = "本次文件版本的变更类型，包括 CREATE、UPDATE 和 DELETE。";
        assert_eq!(
            vals(&extract(d, Type::String)),
            ["CREATE", "UPDATE", "DELETE"]
        );
        let d = "本次文件版本的变更类型，包括CREATE、UPDATE和\nDELETE。";
        assert_eq!(
            vals(&extract(d, Type::String)),
            ["CREATE", "UPDATE", "DELETE"]
        );
        let d = "计算引擎所属的环境，包括开发环境（DEV）和生产环境（PRD）。";
        assert_eq!(
            extract(d, Type::String),
            vec![ev("DEV", "开发环境", None), ev("PRD", "生产环境", None)]
        );
        let d =
            "调度周期的类型，包括NOT_DAY（分钟、小时）和DAY（日、周、月）。\n该参数与控制台对应。";
        assert_eq!(
            extract(d, Type::String)[0],
            ev("NOT_DAY", "分钟、小时", None)
        );
        let d = "查询状态。包括NARMAL(0) 正常、FORBIDDEN(1) 禁用、\nDELETED(2) 已删除。";
        assert_eq!(
            extract(d, Type::String)[2],
            ev("2", "已删除", Some("DELETED"))
        );
        let d = "运行状态。包括：success、fail。";
        assert_eq!(vals(&extract(d, Type::String)), ["success", "fail"]);
        let d = "变更主体类别，包括TABLE和PARTIT ION。";
        assert_eq!(vals(&extract(d, Type::String)), ["TABLE", "PARTITION"]);
        let d = "是否为视图，包括0（否）和1（是），默认为0。";
        assert_eq!(vals(&extract(d, Type::Int32)), ["0", "1"]);
    }

    #[test]
    fn zh_tw_half_width_punctuation() {
        // 004 GetIDEEventDetail.
        let d = "調度周期的類型,包括 NOT_DAY(分鐘、小時)和 DAY(日、周、月)。 該參數與 DataWorks 控制台中對應。";
        assert_eq!(extract(d, Type::String)[1], ev("DAY", "日、周、月", None));
        // The list items were lost by the page: nothing to read.
        assert!(extract("檔案所屬的功能模組。取值如下:", Type::String).is_empty());
    }

    #[test]
    fn brace_sets() {
        assert_eq!(
            vals(&extract(
                "基线的优先级，取值集合为{1,3,5,7,8}。",
                Type::Int32
            )),
            ["1", "3", "5", "7", "8"]
        );
        assert!(extract("取值范围为[0,23]。", Type::Int32).is_empty());
    }

    #[test]
    fn wrong_types_get_nothing() {
        let d = "是否为工作空间的默认基线，包括true（是）和false（否）。";
        assert!(extract(d, Type::Boolean).is_empty());
        let d = "Indicates whether the request is successful. Valid values:\n  • true: The request is successful.\n  • false: The request fails.";
        assert!(extract(d, Type::Boolean).is_empty());
        assert!(extract("包括0（否）和1（是）", Type::Object).is_empty());
        assert!(extract("包括0（否）和1（是）", Type::Double).is_empty());
        // String values on an integer field (002's shifted column).
        let d = "Valid values:\n  • DI_REALTIME: real-time synchronization node\n  • DI_SOLUTION: data synchronization solution";
        assert!(extract(d, Type::Int64).is_empty());
    }

    #[test]
    fn negatives() {
        let none = |d: &str, ty: Type| assert!(extract(d, ty).is_empty(), "{d}");
        // Numbers that are not a value set.
        none("每页显示的条数，默认为10条，最大100条。", Type::Int32);
        none("分页查询页码。大于等于1的正整数，默认为1。", Type::Int32);
        none("DataWorks工作空间所在的地域。例如，华东2（上海）为cn-shanghai，华北3（张家口）为cn-zhangjiakou。", Type::String);
        none(
            "免打扰截止时间，格式为hh:mm。hh的取值范围为[0,23]，mm的取值范围为[0,59]。",
            Type::String,
        );
        none("优先级。取值为1~8，数值越大，优先级越高。", Type::Int32);
        none(
            "修改数据源的时间。时间格式示例为Mar 17, 2021\n4:09:32 PM。",
            Type::String,
        );
        none(
            "表变更的开始日期，格式为yyyy-MM-dd\nHH:mm:ss。",
            Type::String,
        );
        none("取值为0，表示该实例对应的节点不能再重跑。", Type::Int32);
        // "Common" lists and examples.
        none(
            "数据源的类型。常用类型如下：\nodps\nmysql\nrds",
            Type::String,
        );
        none(
            "文件类型。常用的代码及其表示的类型包括6（Shell）、10（ODPS SQL）、11（ODPS MR）。",
            Type::Int64,
        );
        none(
            "计算引擎类型。值枚举列表\nODPS EMR BLINK HOLO",
            Type::String,
        );
        // Member names, not values.
        none("获取访问记录的条件设置。可选的参数如下：\ndbType：数据类型。\ninstanceName：实例名称。\ndatabaseName：数据库名称。", Type::String);
        // Lower-case words without a lead-in.
        none("说明：\nfoo：第一个\nbar：第二个", Type::String);
        // Prose lists.
        none(
            "DataWorks OpenAPI包括租户、元数据、数据开发。",
            Type::String,
        );
        none(
            "时同步任务的启动参数，包括failover设置，脏数据设置。",
            Type::String,
        );
        none("规则类型包括USER_DEFINE自定义规则时生效。", Type::String);
        none("包括但不限于A、B。", Type::String);
        none("包括A、B等。", Type::String);
        // A single value is not a set.
        none("系统规定参数。取值：ListCalcEngines", Type::String);
        none(
            "目前仅支持使用CreateDISyncTask接口创建数据集成离线同步任务（DI_OFFLINE）。",
            Type::String,
        );
        // A list cut by a wrap at its end.
        none("包括CREATE、UPDATE和", Type::String);
        // English bullets that are not values (002 TaskType).
        none("  • If you set the TaskType parameter to DI_REALTIME, set the FileId.\n  • If you set it to DI_SOLUTION, set it.", Type::String);
        // 003 UpdateDIProjectConfig: a JSON string whose keys and values are listed.
        none("{\"RENAMECOLUMN\":\"WARNING\",\"DROPTABLE\":\"WARNING\"}\nDDL消息类型如下：\nRENAMECOLUMN：重命名列。\nDROPTABLE：删除表。", Type::String);
        // JSON in a description.
        none(
            "{\n  \"endpoint\": \"x\",\n  \"projectName\": \"y\"\n}",
            Type::String,
        );
        none("", Type::String);
    }

    #[test]
    fn odd_text_does_not_panic() {
        for d in [
            "(",
            "（",
            "a(",
            "A(1",
            "包括",
            "包括（",
            "取值为{",
            "取值为{1,",
            "•",
            "- ",
            "ä：ö",
            "Ａ（１）",
            "1(",
            "X((1))",
        ] {
            for ty in [Type::String, Type::Int32] {
                let _ = extract(d, ty);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_without_panic(s in "[A-Z0-9_a-z()（）：:，,、和或。\n 包括取值如下表示{}\"]{0,80}") {
            for ty in [Type::String, Type::Int32, Type::Int64] {
                let _ = extract(&s, ty);
            }
        }
    }
}
