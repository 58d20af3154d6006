//! Response examples: the docs' JSON and XML examples read leniently into an
//! ordered key tree ([`ExampleNode`]), which the nesting step uses as evidence of
//! which member belongs where.
//!
//! JSON is first read strictly; if that fails, a tolerant parser repairs the PDF
//! dump's damage: string literals broken across lines (the line break is removed),
//! unquoted junk values (`45208xxxxxx`, read as strings), missing or trailing
//! commas, HTTP header lines before the body and garbage after it. Where those
//! repairs give a document that serde_json accepts, [`repaired_json`] returns it
//! pretty-printed for the spec. Damage to the structure itself (unbalanced
//! brackets, text cut off) is an error rather than a guess, the tree's nesting
//! being what the nesting step trusts, except where dropping lines the PDF
//! repeated at a page break (`"WizardDetails" : {` twice) mends it. XML is read by a
//! small hand-written tokenizer that never panics; stray `<` in text, comments,
//! declarations, close tags wrapped across lines and repeated close-tag lines are
//! tolerated, other mismatched or unclosed tags are errors.

use serde_json::Value;

/// A parsed example: objects keep their keys in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum ExampleNode {
    /// A JSON object or an XML element with child elements.
    Object(Vec<(String, ExampleNode)>),
    /// A JSON array or repeated XML sibling elements.
    Array(Vec<ExampleNode>),
    /// A leaf value, by kind.
    Scalar(ScalarKind),
}

/// The kind of a leaf value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarKind {
    /// Text (also unquoted junk such as `45208xxxxxx`).
    String,
    /// An integer within the `i32` range.
    Integer,
    /// An integer outside the `i32` range (proof of a 64-bit value).
    Long,
    /// A number with a fraction or exponent.
    Float,
    /// `true` / `false`.
    Bool,
    /// `null`, or an empty XML element.
    Null,
}

impl ScalarKind {
    /// Whether this is an integer of either width.
    pub fn is_integer(self) -> bool {
        matches!(self, ScalarKind::Integer | ScalarKind::Long)
    }

    /// The kind of an integer of this value.
    fn of_int(v: i128) -> Self {
        if i32::try_from(v).is_ok() {
            ScalarKind::Integer
        } else {
            ScalarKind::Long
        }
    }
}

impl ExampleNode {
    /// The value of `key` where this is an object.
    pub fn get(&self, key: &str) -> Option<&ExampleNode> {
        match self {
            ExampleNode::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The object's entries, or `None` for arrays and scalars.
    pub fn entries(&self) -> Option<&[(String, ExampleNode)]> {
        match self {
            ExampleNode::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// Converts a serde_json value (key order as parsed).
    pub fn from_value(value: &Value) -> Self {
        match value {
            Value::Null => ExampleNode::Scalar(ScalarKind::Null),
            Value::Bool(_) => ExampleNode::Scalar(ScalarKind::Bool),
            Value::Number(n) => ExampleNode::Scalar(if let Some(i) = n.as_i64() {
                ScalarKind::of_int(i128::from(i))
            } else if n.as_u64().is_some() {
                ScalarKind::Long
            } else {
                ScalarKind::Float
            }),
            Value::String(_) => ExampleNode::Scalar(ScalarKind::String),
            Value::Array(items) => ExampleNode::Array(items.iter().map(Self::from_value).collect()),
            Value::Object(map) => ExampleNode::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Self::from_value(v)))
                    .collect(),
            ),
        }
    }
}

/// Reads a JSON example: strictly if possible, else with the repairs described in
/// the module documentation. Damage to the structure itself (unbalanced brackets,
/// text cut off, unquoted keys) is an `Err`: a tree with wrong nesting would
/// mislead the nesting step, which then falls back to the XML example.
pub fn parse_json(text: &str) -> Result<ExampleNode, String> {
    repair_value(text).map(|v| ExampleNode::from_value(&v))
}

/// The example as valid JSON, pretty-printed by serde_json (2-space indent, key
/// order kept): the text itself where it is valid, else the repaired text where the
/// repairs were safe (no content guessed, nothing unterminated). `None` otherwise.
pub fn repaired_json(text: &str) -> Option<String> {
    let value = repair_value(text).ok()?;
    serde_json::to_string_pretty(&value).ok()
}

/// Strict parse, else the safe lenient repairs, else the same after dropping lines
/// the PDF repeated at a page break.
fn repair_value(text: &str) -> Result<Value, String> {
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        return Ok(v);
    }
    let first = lenient_json(text)?;
    if first.safe {
        return Ok(first.value);
    }
    if let Some(deduped) = drop_repeated_lines(text) {
        if let Ok(second) = lenient_json(&deduped) {
            if second.safe {
                return Ok(second.value);
            }
        }
    }
    Err(
        "JSON example is structurally damaged (unbalanced brackets, unquoted keys or \
         text cut off); its nesting cannot be trusted"
            .to_owned(),
    )
}

/// The text without lines that repeat the previous line (compared trimmed), as the
/// PDF dump does at page breaks (`"WizardDetails" : {` twice). Lines of brackets
/// and commas only are kept (`}` twice is normal). `None` if nothing was dropped.
fn drop_repeated_lines(text: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    let mut dropped = false;
    let mut prev: Option<&str> = None;
    for line in text.lines() {
        let t = line.trim();
        let structural = t
            .chars()
            .all(|c| matches!(c, '{' | '}' | '[' | ']' | ',') || c.is_whitespace());
        if !structural && prev == Some(t) {
            dropped = true;
            continue;
        }
        prev = Some(t);
        out.push(line);
    }
    dropped.then(|| out.join("\n"))
}

/// Result of the lenient reader.
struct Lenient {
    value: Value,
    /// Whether only safe repairs were needed.
    safe: bool,
}

/// Nesting limit of the lenient reader (keeps recursion bounded).
const MAX_NESTING: usize = 200;

fn lenient_json(text: &str) -> Result<Lenient, String> {
    let chars: Vec<char> = text.chars().collect();
    // Skip HTTP header lines and anything else before the body.
    let start = chars
        .iter()
        .position(|&c| c == '{' || c == '[')
        .ok_or_else(|| "no JSON object or array in the example".to_owned())?;
    let mut p = JsonParser {
        chars,
        pos: start,
        safe: true,
    };
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos < p.chars.len() {
        let rest: String = p.chars[p.pos..].iter().collect();
        // Trailing garbage that looks like JSON content means something was lost.
        if rest.contains('"') || rest.contains(':') {
            p.safe = false;
        }
    }
    Ok(Lenient {
        value,
        safe: p.safe,
    })
}

struct JsonParser {
    chars: Vec<char>,
    pos: usize,
    safe: bool,
}

impl JsonParser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_NESTING {
            return Err("example nested too deeply".to_owned());
        }
        self.skip_ws();
        match self.peek() {
            None => {
                self.safe = false;
                Err("example ends where a value was expected".to_owned())
            }
            Some('{') => self.object(depth),
            Some('[') => self.array(depth),
            Some('"') => Ok(Value::String(self.string())),
            Some(_) => self.bare(),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, String> {
        self.pos += 1; // '{'
        let mut map = serde_json::Map::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None => {
                    self.safe = false;
                    return Ok(Value::Object(map));
                }
                Some('}') => {
                    self.pos += 1;
                    return Ok(Value::Object(map));
                }
                Some(',') => {
                    // Leading or doubled comma.
                    self.pos += 1;
                    continue;
                }
                Some(']') => {
                    // Mismatched bracket: treat as the end of the object.
                    self.safe = false;
                    self.pos += 1;
                    return Ok(Value::Object(map));
                }
                _ => {}
            }
            let key = match self.peek() {
                Some('"') => self.string(),
                _ => {
                    self.safe = false;
                    let k = self.bare_token();
                    if k.is_empty() {
                        // Not a key at all: skip the character.
                        self.pos += 1;
                        continue;
                    }
                    k
                }
            };
            self.skip_ws();
            if self.peek() == Some(':') {
                self.pos += 1;
            } else {
                self.safe = false;
            }
            let value = self.value(depth + 1)?;
            map.insert(key, value);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some('}') | None => {}
                // A missing comma between two members (a duplicated line, a page break).
                Some('"') => {}
                Some(_) => self.safe = false,
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, String> {
        self.pos += 1; // '['
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None => {
                    self.safe = false;
                    return Ok(Value::Array(items));
                }
                Some(']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                Some(',') => {
                    self.pos += 1;
                    continue;
                }
                Some('}') => {
                    self.safe = false;
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => {}
            }
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(']') | None => {}
                Some('"' | '{' | '[') => {}
                Some(_) => self.safe = false,
            }
        }
    }

    /// A string literal; line breaks inside it are PDF wrapping and are removed.
    fn string(&mut self) -> String {
        self.pos += 1; // opening quote
        let mut raw = String::new();
        loop {
            match self.peek() {
                None => {
                    self.safe = false;
                    break;
                }
                Some('"') => {
                    self.pos += 1;
                    break;
                }
                Some('\n' | '\r') => self.pos += 1,
                Some('\\') => {
                    raw.push('\\');
                    self.pos += 1;
                    // The escaped character may sit after a line break.
                    while matches!(self.peek(), Some('\n' | '\r')) {
                        self.pos += 1;
                    }
                    if let Some(c) = self.peek() {
                        raw.push(c);
                        self.pos += 1;
                    }
                }
                Some(c) => {
                    raw.push(c);
                    self.pos += 1;
                }
            }
        }
        unescape(&raw)
    }

    /// An unquoted token up to the next delimiter.
    fn bare_token(&mut self) -> String {
        let mut tok = String::new();
        while let Some(c) = self.peek() {
            if c.is_whitespace() || matches!(c, ',' | ':' | '}' | ']' | '{' | '[' | '"') {
                break;
            }
            tok.push(c);
            self.pos += 1;
        }
        tok
    }

    /// A number, literal or unquoted junk (kept as a string).
    fn bare(&mut self) -> Result<Value, String> {
        let tok = self.bare_token();
        if tok.is_empty() {
            let c = self.peek().unwrap_or(' ');
            self.safe = false;
            return Err(format!("unexpected character `{c}` in the example"));
        }
        match tok.as_str() {
            "true" => return Ok(Value::Bool(true)),
            "false" => return Ok(Value::Bool(false)),
            "null" => return Ok(Value::Null),
            _ => {}
        }
        if let Ok(v @ Value::Number(_)) = serde_json::from_str::<Value>(&tok) {
            return Ok(v);
        }
        Ok(Value::String(tok))
    }
}

/// Decodes JSON escapes; invalid escapes are kept as written.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('/') => out.push('/'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hex: String = chars.clone().take(4).collect();
                match u32::from_str_radix(&hex, 16) {
                    Ok(code) if hex.len() == 4 => {
                        for _ in 0..4 {
                            chars.next();
                        }
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                    }
                    _ => out.push_str("\\u"),
                }
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Reads an XML example (`<XResponse>...</XResponse>`, or a sequence of top-level
/// elements where the docs omit the wrapper) into the same tree: an element with
/// child elements is an object, repeated sibling names form an array, a leaf is a
/// scalar judged by its text. A single top-level `...Response` element is unwrapped.
/// Damage to the structure (a close tag that does not match, elements left open) is
/// an `Err` (a tree with wrong nesting would mislead the nesting step), unless
/// dropping lines the PDF repeated at a page break mends it.
pub fn parse_xml(text: &str) -> Result<ExampleNode, String> {
    match xml_tree(text) {
        Ok(n) => Ok(n),
        Err(e) => match drop_repeated_lines(text) {
            Some(deduped) => xml_tree(&deduped).map_err(|_| e),
            None => Err(e),
        },
    }
}

fn xml_tree(text: &str) -> Result<ExampleNode, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut stack: Vec<Elem> = vec![Elem::new(String::new())];
    // The name of the element closed by the previous tag, if nothing came between.
    let mut last_closed: Option<String> = None;
    let mut pos = chars
        .iter()
        .position(|&c| c == '<')
        .ok_or_else(|| "no XML element in the example".to_owned())?;
    while pos < chars.len() {
        let c = chars[pos];
        if c != '<' {
            let end = find_char(&chars, pos, '<').unwrap_or(chars.len());
            let text = chars.get(pos..end).unwrap_or(&[]);
            if text.iter().any(|c| !c.is_whitespace()) {
                last_closed = None;
            }
            if let Some(top) = stack.last_mut() {
                top.text.extend(text);
            }
            pos = end;
            continue;
        }
        let next = chars.get(pos + 1).copied();
        match next {
            Some('?') => pos = skip_past(&chars, pos, "?>"),
            Some('!') => {
                if starts_with(&chars, pos, "<!--") {
                    pos = skip_past(&chars, pos, "-->");
                } else {
                    pos = skip_past(&chars, pos, ">");
                }
            }
            Some('/') => {
                let (name, after) = tag_name(&chars, pos + 2);
                pos = skip_past(&chars, after, ">");
                if close(&mut stack, &name) {
                    last_closed = Some(name);
                    continue;
                }
                // A close-tag line repeated at a page break.
                if last_closed.as_deref() != Some(name.as_str()) {
                    return Err(format!(
                        "XML example is structurally damaged: `</{name}>` does not close \
                         the open element; its nesting cannot be trusted"
                    ));
                }
            }
            Some(n) if is_name_start(n) => {
                let (name, after) = tag_name(&chars, pos + 1);
                let end = find_char(&chars, after, '>').unwrap_or(chars.len());
                let self_closing = end > after && chars.get(end - 1) == Some(&'/');
                pos = (end + 1).min(chars.len());
                last_closed = None;
                if self_closing {
                    if let Some(top) = stack.last_mut() {
                        top.children.push(Elem::new(name));
                    }
                } else {
                    stack.push(Elem::new(name));
                }
            }
            _ => {
                // A stray '<' in text.
                last_closed = None;
                if let Some(top) = stack.last_mut() {
                    top.text.push('<');
                }
                pos += 1;
            }
        }
    }
    if let Some(open) = stack.get(1..).filter(|s| !s.is_empty()) {
        let names: Vec<&str> = open.iter().map(|e| e.name.as_str()).collect();
        return Err(format!(
            "XML example is structurally damaged: `{}` never closed; its nesting cannot be trusted",
            names.join("/")
        ));
    }
    while stack.len() > 1 {
        if let Some(e) = stack.pop() {
            if let Some(parent) = stack.last_mut() {
                parent.children.push(e);
            }
        }
    }
    let root = stack.pop().unwrap_or_else(|| Elem::new(String::new()));
    if root.children.is_empty() {
        return Err("no XML element in the example".to_owned());
    }
    let mut top = root.children;
    if top.len() == 1
        && top[0].name.to_ascii_lowercase().ends_with("response")
        && !top[0].children.is_empty()
    {
        let only = top.remove(0);
        return Ok(elements_to_object(only.children));
    }
    Ok(elements_to_object(top))
}

/// An XML element being built.
struct Elem {
    name: String,
    children: Vec<Elem>,
    text: String,
}

impl Elem {
    fn new(name: String) -> Self {
        Elem {
            name,
            children: Vec::new(),
            text: String::new(),
        }
    }

    fn into_node(self) -> ExampleNode {
        if self.children.is_empty() {
            ExampleNode::Scalar(scalar_of_text(&self.text))
        } else {
            elements_to_object(self.children)
        }
    }
}

/// Groups child elements by name (first occurrence order); repeated names form arrays.
fn elements_to_object(children: Vec<Elem>) -> ExampleNode {
    let mut groups: Vec<(String, Vec<ExampleNode>)> = Vec::new();
    for child in children {
        let name = child.name.clone();
        let node = child.into_node();
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, nodes)) => nodes.push(node),
            None => groups.push((name, vec![node])),
        }
    }
    ExampleNode::Object(
        groups
            .into_iter()
            .map(|(name, mut nodes)| {
                let node = if nodes.len() == 1 {
                    nodes.pop().unwrap_or(ExampleNode::Scalar(ScalarKind::Null))
                } else {
                    ExampleNode::Array(nodes)
                };
                (name, node)
            })
            .collect(),
    )
}

/// Closes the open element called `name`; `false` (damage) where that is not the
/// innermost open element.
fn close(stack: &mut Vec<Elem>, name: &str) -> bool {
    if stack.len() < 2 || stack.last().map(|e| e.name.as_str()) != Some(name) {
        return false;
    }
    if let Some(e) = stack.pop() {
        if let Some(parent) = stack.last_mut() {
            parent.children.push(e);
        }
    }
    true
}

/// The kind of a leaf by its text.
fn scalar_of_text(text: &str) -> ScalarKind {
    let t = text.trim();
    if t.is_empty() {
        return ScalarKind::Null;
    }
    if t == "true" || t == "false" {
        return ScalarKind::Bool;
    }
    let digits = t.strip_prefix('-').unwrap_or(t);
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        return match t.parse::<i128>() {
            Ok(v) => ScalarKind::of_int(v),
            Err(_) => ScalarKind::Long,
        };
    }
    if t.parse::<f64>().is_ok()
        && t.chars().any(|c| c.is_ascii_digit())
        && !t.contains(|c: char| c.is_alphabetic() && c != 'e' && c != 'E')
    {
        return ScalarKind::Float;
    }
    ScalarKind::String
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// A tag name starting at `from`, and the position after it. A line break inside
/// the name followed directly by more name characters is PDF wrapping
/// (`</AdvancedSett` + `ings>`) and is removed.
fn tag_name(chars: &[char], from: usize) -> (String, usize) {
    let mut i = from;
    let mut name = String::new();
    while let Some(&c) = chars.get(i) {
        if c == '\n' || c == '\r' {
            let mut j = i;
            while matches!(chars.get(j), Some('\n' | '\r')) {
                j += 1;
            }
            let continues = chars
                .get(j)
                .is_some_and(|&n| !n.is_whitespace() && n != '>' && n != '/');
            if !name.is_empty() && continues {
                i = j;
                continue;
            }
            break;
        }
        if c.is_whitespace() || c == '>' || c == '/' {
            break;
        }
        name.push(c);
        i += 1;
    }
    (name, i)
}

fn find_char(chars: &[char], from: usize, target: char) -> Option<usize> {
    chars
        .get(from..)?
        .iter()
        .position(|&c| c == target)
        .map(|i| i + from)
}

fn starts_with(chars: &[char], at: usize, pat: &str) -> bool {
    pat.chars()
        .enumerate()
        .all(|(k, p)| chars.get(at + k) == Some(&p))
}

/// The position just after the next `pat` at or after `from` (end of text if none).
fn skip_past(chars: &[char], from: usize, pat: &str) -> usize {
    let len = pat.chars().count();
    let mut i = from;
    while i < chars.len() {
        if starts_with(chars, i, pat) {
            return i + len;
        }
        i += 1;
    }
    chars.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(node: &ExampleNode) -> Vec<&str> {
        node.entries()
            .map(|e| e.iter().map(|(k, _)| k.as_str()).collect())
            .unwrap_or_default()
    }

    const GET_DEPLOYMENT_JSON: &str = r#"{
  "HttpStatusCode" : 200,
  "ErrorMessage" : "The connection does not exist.",
  "RequestId" : "0000-ABCD-EFG****",
  "Success" : true,
  "Data" : {
    "Deployment" : {
      "Status" : 1,
      "CreateTime" : 1593877765000,
      "Name" : "ods_user_info_d-2020-07-04_20030****"
    },
    "DeployedItems" : {
      "FileId" : 507642378,
      "FileVersion" : 7
    }
  }
}"#;

    #[test]
    fn strict_json_keeps_order_and_kinds() {
        let n = parse_json(GET_DEPLOYMENT_JSON).unwrap();
        assert_eq!(
            keys(&n),
            [
                "HttpStatusCode",
                "ErrorMessage",
                "RequestId",
                "Success",
                "Data"
            ]
        );
        let dep = n.get("Data").and_then(|d| d.get("Deployment")).unwrap();
        assert_eq!(keys(dep), ["Status", "CreateTime", "Name"]);
        assert_eq!(
            dep.get("Status"),
            Some(&ExampleNode::Scalar(ScalarKind::Integer))
        );
        assert_eq!(
            dep.get("CreateTime"),
            Some(&ExampleNode::Scalar(ScalarKind::Long))
        );
        assert_eq!(
            n.get("Success"),
            Some(&ExampleNode::Scalar(ScalarKind::Bool))
        );
        let pretty = repaired_json(GET_DEPLOYMENT_JSON).unwrap();
        assert!(pretty.starts_with("{\n  \"HttpStatusCode\": 200,\n  \"ErrorMessage\""));
    }

    #[test]
    fn broken_strings_are_joined() {
        // 003 ListCalcEngines, EngineInfo (ODPS).
        let text = "{\n  \"pubEndpoint\": \n\"service.cn.maxcompute.aliyun.com/api\",\n  \"endpoint\": \n\"service.cn.maxcompute.aliyun-\ninc.com/api\",\n  \"resourceGroupType\": \"ODPS\",\n  \"taskSameAsOwner\": \"true\"\n}";
        let n = parse_json(text).unwrap();
        assert_eq!(
            keys(&n),
            [
                "pubEndpoint",
                "endpoint",
                "resourceGroupType",
                "taskSameAsOwner"
            ]
        );
        let fixed = repaired_json(text).unwrap();
        assert!(
            fixed.contains("\"endpoint\": \"service.cn.maxcompute.aliyun-inc.com/api\""),
            "{fixed}"
        );
    }

    #[test]
    fn escaped_quote_split_by_line_break() {
        // 003 ListCalcEngines, EngineInfo (BLINK): `\` ends one line, `"` starts the next.
        let text = "{\n  \"specs\": \"\n{\\\"cluster\\\":\\\"xxxxxx\\\",\\\"bayesProjectId\\\n\":\\\"ssxxxsa\\\"}\",\n  \"taskSameAsOwner\": false\n}";
        let fixed = repaired_json(text).unwrap();
        let v: Value = serde_json::from_str(&fixed).unwrap();
        assert_eq!(
            v["specs"],
            "{\"cluster\":\"xxxxxx\",\"bayesProjectId\":\"ssxxxsa\"}"
        );
        assert_eq!(v["taskSameAsOwner"], false);
    }

    #[test]
    fn junk_numbers_are_scalars() {
        // 003 ListCalcEngines, EngineInfo (HADOOP_CDH).
        let text = "{\n  \"projectName\": \"xsaxsaxsa\",\n  \"resourceGroupId\": 45208xxxxxx,\n  \"resourceGroupType\": \"GATEWAY\"\n}";
        let n = parse_json(text).unwrap();
        assert_eq!(
            n.get("resourceGroupId"),
            Some(&ExampleNode::Scalar(ScalarKind::String))
        );
        let fixed = repaired_json(text).unwrap();
        assert!(fixed.contains("\"resourceGroupId\": \"45208xxxxxx\""));
    }

    #[test]
    fn duplicated_line_without_comma() {
        // 003 GetIDEEventDetail: a line repeated across a page break.
        let text = "{\n  \"FilePropertyContent\" : {\n    \"Owner\" : \"7384234****\",\n    \"FolderId\" : \"aldurie78l2falure\"\n     \"FolderId\" : \"aldurie78l2falure\"\n  },\n  \"Next\" : 1\n}";
        let n = parse_json(text).unwrap();
        assert_eq!(keys(&n), ["FilePropertyContent", "Next"]);
        assert_eq!(
            keys(n.get("FilePropertyContent").unwrap()),
            ["Owner", "FolderId"]
        );
        assert!(repaired_json(text).is_some());
    }

    #[test]
    fn http_header_and_trailing_garbage() {
        let text = "HTTP/1.1 200 OK\nContent-Type:application/json\n{\n  \"RequestId\" : \"0000\",\n}\n       ";
        let n = parse_json(text).unwrap();
        assert_eq!(keys(&n), ["RequestId"]);
        assert_eq!(
            repaired_json(text).as_deref(),
            Some("{\n  \"RequestId\": \"0000\"\n}")
        );
    }

    #[test]
    fn structural_damage_is_an_error() {
        // Cut off.
        let text = "{\n  \"RequestId\" : \"0000\",\n  \"Data\" : {\n    \"A\" : 1";
        assert!(parse_json(text).is_err());
        assert_eq!(repaired_json(text), None);
        // Mismatched brackets.
        let text = "{\n  \"Data\" : [\n    \"A\" : 1\n  }\n}";
        assert!(parse_json(text).is_err());
        assert_eq!(repaired_json(text), None);
    }

    #[test]
    fn repeated_opening_line_is_dropped() {
        // 003 GetDataServicePublishedApi: an opening line repeated at a page break
        // would put WizardDetails inside ScriptDetails.
        let text = "{\n  \"Data\" : {\n    \"ScriptDetails\" : {\n     \"ScriptDetails\" : {\n      \"Script\" : \"select a from t\"\n    },\n    \"WizardDetails\" : {\n      \"IsPagedResponse\" : true\n    }\n  }\n}";
        let n = parse_json(text).unwrap();
        let data = n.get("Data").unwrap();
        assert_eq!(keys(data), ["ScriptDetails", "WizardDetails"]);
        assert_eq!(keys(data.get("ScriptDetails").unwrap()), ["Script"]);
        assert!(repaired_json(text).is_some());
        // The same in XML.
        let text = "<R>\n<A>\n <A>\n<B>1</B>\n</A>\n<C>2</C>\n</R>";
        let n = parse_xml(text).unwrap();
        assert_eq!(keys(n.get("R").unwrap()), ["A", "C"]);
    }

    #[test]
    fn json_arrays() {
        let text = r#"{"ProjectList":[{"ProjectId":"1212"}], "Ids": [1, 2147483648]}"#;
        let n = parse_json(text).unwrap();
        match n.get("ProjectList") {
            Some(ExampleNode::Array(items)) => assert_eq!(keys(&items[0]), ["ProjectId"]),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            n.get("Ids"),
            Some(&ExampleNode::Array(vec![
                ExampleNode::Scalar(ScalarKind::Integer),
                ExampleNode::Scalar(ScalarKind::Long)
            ]))
        );
    }

    #[test]
    fn json_errors_and_odd_input_do_not_panic() {
        assert!(parse_json("").is_err());
        assert!(parse_json("no json here").is_err());
        assert!(repaired_json("").is_none());
        for t in [
            "{",
            "[",
            "{\"a\":",
            "{\"a\" 1 2 3}",
            "{:}",
            "[}",
            "{\"\\u12",
            "{\"a\":\"\\",
            "{{{{",
            "{ä:ö}",
        ] {
            let _ = parse_json(t);
            let _ = repaired_json(t);
        }
        let deep = "[".repeat(1000);
        assert!(parse_json(&deep).is_err());
    }

    #[test]
    fn xml_with_response_wrapper() {
        let text = "HTTP/1.1 200 OK\nContent-Type:application/xml\n\n<GetDeploymentResponse>\n    <HttpStatusCode>200</HttpStatusCode>\n    <Success>true</Success>\n    <Data>\n        <Deployment>\n            <Status>1</Status>\n            <CreateTime>1593877765000</CreateTime>\n            <Name>ods_user_info_d-2020-07-04_20030****</Name>\n        </Deployment>\n        <DeployedItems>\n            <FileId>507642378</FileId>\n        </DeployedItems>\n    </Data>\n</GetDeploymentResponse>";
        let n = parse_xml(text).unwrap();
        assert_eq!(keys(&n), ["HttpStatusCode", "Success", "Data"]);
        assert_eq!(
            n.get("Success"),
            Some(&ExampleNode::Scalar(ScalarKind::Bool))
        );
        let dep = n.get("Data").and_then(|d| d.get("Deployment")).unwrap();
        assert_eq!(keys(dep), ["Status", "CreateTime", "Name"]);
        assert_eq!(
            dep.get("CreateTime"),
            Some(&ExampleNode::Scalar(ScalarKind::Long))
        );
        assert_eq!(
            dep.get("Name"),
            Some(&ExampleNode::Scalar(ScalarKind::String))
        );
    }

    #[test]
    fn xml_without_wrapper_and_repeated_names() {
        // 003 GetDeployment prints the members without the Response element.
        let text = "<RequestId>0000-ABCD-EFG****</RequestId>\n<HttpStatusCode>200</HttpStatusCode>\n<Data>\n    <Deployment>\n        <Status>1</Status>\n    </Deployment>\n</Data>\n<Success>true</Success>";
        let n = parse_xml(text).unwrap();
        assert_eq!(keys(&n), ["RequestId", "HttpStatusCode", "Data", "Success"]);
        let text = "<R><Ids>1</Ids><Ids>2</Ids><X/></R>";
        let n = parse_xml(text).unwrap();
        let r = n.get("R").unwrap();
        assert_eq!(
            r.get("Ids"),
            Some(&ExampleNode::Array(vec![
                ExampleNode::Scalar(ScalarKind::Integer),
                ExampleNode::Scalar(ScalarKind::Integer)
            ]))
        );
        assert_eq!(r.get("X"), Some(&ExampleNode::Scalar(ScalarKind::Null)));
    }

    #[test]
    fn xml_damage() {
        // A stray '<', a comment and a declaration are tolerated.
        let text = "<?xml version=\"1.0\"?><!-- c --><AResponse><A>1 < 2</A><B><C>x</C></B><D>2.5</D></AResponse>";
        let n = parse_xml(text).unwrap();
        assert_eq!(keys(&n), ["A", "B", "D"]);
        assert_eq!(keys(n.get("B").unwrap()), ["C"]);
        assert_eq!(n.get("D"), Some(&ExampleNode::Scalar(ScalarKind::Float)));
        // PDF damage: a close tag wrapped across lines, a close-tag line repeated.
        let text = "<R>\n    <AdvancedSettings>{\"queue\":\"default\"}</AdvancedSett\nings>\n    <Robots><A>1</A></Robots>\n     </Robots>\n<B>2</B></R>";
        let n = parse_xml(text).unwrap();
        assert_eq!(
            keys(n.get("R").unwrap()),
            ["AdvancedSettings", "Robots", "B"]
        );
        // Mismatched or unclosed elements are not.
        assert!(parse_xml("<R><B><C>x</B></R>").is_err());
        assert!(parse_xml("<R><B>x</B>").is_err());
        assert!(parse_xml("<R></X></R>").is_err());
        assert!(parse_xml("").is_err());
        assert!(parse_xml("plain text").is_err());
        for t in [
            "<",
            "<a",
            "</a>",
            "<a></b>",
            "<<<>>>",
            "<!--",
            "<?",
            "<ä>ö</ä>",
            "<a/",
        ] {
            let _ = parse_xml(t);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_json_text_is_read_without_panic(s in "[{}\\[\\]\",:a-z0-9 \n\\\\.-]{0,80}") {
            let _ = parse_json(&s);
            let _ = repaired_json(&s);
        }

        #[test]
        fn any_xml_text_is_read_without_panic(s in "[<>/a-zA-Z0-9 \n?!=\"-]{0,80}") {
            let _ = parse_xml(&s);
        }
    }
}
