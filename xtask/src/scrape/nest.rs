//! Nesting: rebuilds the member tree from the documents' flat table rows.
//!
//! Rows come in document order. A stack of open containers (object and map rows,
//! arrays of objects) is kept, and each row is given a parent:
//!
//! 1. where the layout shows nesting (`RawRow::depth`), by depth;
//! 2. else by the response examples (JSON preferred, XML as a second opinion): the
//!    row belongs to the deepest open container whose example has a member of that
//!    name not yet taken by an earlier row; found only in an ancestor, the deeper
//!    containers are closed. Taking names as they are used lets the same name live
//!    at several levels (`ErrorMessage` at the top and inside `Data.Deployment`);
//! 3. else by the markers alone: into the deepest open container whose example is
//!    not already fully documented (or that has no example). Every such placement
//!    while a container is open gets a `WarningKind::UnplacedField` warning naming
//!    the file, the line and where the row was put: never a silent guess.
//!
//! Without evidence, two conventions close open containers: the response envelope
//! (`RequestId`, `HttpStatusCode`) and the request's workspace, paging and token
//! parameters (`ProjectId`, `ClientToken`, `PageSize`, ...) go to the top level, and a
//! name the open container already has goes one level out (each with a warning).
//!
//! Anonymous rows are the root `object` row of a response table (skipped) and the
//! `object` row right after an array row, which describes the element (its
//! description becomes `items.description`). Element rows can be named too: the old
//! template's `Array of DeployedItem` followed by `DeployedItem Object`, and the current
//! template's lower-case arrays, whose next row is always their item (`Widgetsarray<object>`
//! then `Widgetobject`; `Idsarray` then `Idlong`), in requests as in responses. Members the example shows but no row
//! documents are reported (`WarningKind::ExampleMismatch`), never invented. The
//! examples also decide the element type of a bare `List`/`Array` and promote an
//! `Integer` whose example exceeds 32 bits to `int64` (with a `Note`).

use dwgen_spec::{Field, Param, Schema, Type};

use super::diag::{Diagnostics, WarningKind};
use super::enums;
use super::example::{ExampleNode, ScalarKind};
use super::raw::RawRow;
use super::types::{parse_type, DocType};

/// Where the rows come from, for warnings.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// The document's file name.
    pub file: &'a str,
    /// The operation the rows describe.
    pub operation: &'a str,
}

/// The response members rebuilt from flat rows, with the parsed JSON and XML
/// response examples as evidence of nesting (either may be missing).
pub fn response_fields(
    ctx: &Ctx,
    rows: &[RawRow],
    json: Option<&ExampleNode>,
    xml: Option<&ExampleNode>,
    diag: &mut Diagnostics,
) -> Vec<Field> {
    let mut b = Builder::new(*ctx, true, rows, json, xml);
    b.run(diag);
    b.report_unused_example_members(diag);
    let root = b
        .nodes
        .first()
        .map(|n| n.children.clone())
        .unwrap_or_default();
    root.into_iter().map(|i| b.field(i, diag)).collect()
}

/// The request parameters rebuilt from flat rows (common parameters already
/// removed by the caller). Members of object/array parameters follow their parent
/// row; `required` not stated counts as `false`, with `required_stated: false`.
pub fn request_params(ctx: &Ctx, rows: &[RawRow], diag: &mut Diagnostics) -> Vec<Param> {
    let examples = row_examples(rows);
    let mut b = Builder::new(*ctx, false, rows, None, None);
    b.row_examples = &examples;
    b.run(diag);
    let root = b
        .nodes
        .first()
        .map(|n| n.children.clone())
        .unwrap_or_default();
    root.into_iter().map(|i| b.param(i, diag)).collect()
}

/// Each request row's place as [`request_params`] nests it, in row order: a top-level
/// parameter's name, a member's path (`Tags[].Key`, `Config.Name`), an item row's
/// `Tags[]`; `""` for a row that is not placed.
pub fn request_row_paths(ctx: &Ctx, rows: &[RawRow], diag: &mut Diagnostics) -> Vec<String> {
    let examples = row_examples(rows);
    let mut b = Builder::new(*ctx, false, rows, None, None);
    b.row_examples = &examples;
    b.run(diag);
    b.row_paths
}

/// The example cells of request rows that hold JSON (`[{"Key":"env","Value":"prod"}]` for
/// an array of objects): evidence of which rows are the container's members.
fn row_examples(rows: &[RawRow]) -> Vec<Option<ExampleNode>> {
    rows.iter()
        .map(|r| {
            let t = r.example.trim();
            let json = (t.starts_with('{') && t.ends_with('}'))
                || (t.starts_with('[') && t.ends_with(']'));
            json.then(|| super::example::parse_json(t).ok()).flatten()
        })
        .collect()
}

// ---------------------------------------------------------------------------

/// Which example an object of member names comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Json,
    Xml,
}

/// An example object's members, with which ones rows have taken.
#[derive(Debug)]
struct ExampleObj<'e> {
    source: Source,
    entries: Vec<(&'e str, &'e ExampleNode)>,
    consumed: Vec<bool>,
}

impl<'e> ExampleObj<'e> {
    fn new(source: Source, node: &'e ExampleNode) -> Option<Self> {
        let mut entries: Vec<(&'e str, &'e ExampleNode)> = Vec::new();
        let mut add = |e: &'e [(String, ExampleNode)]| {
            for (k, v) in e {
                if !entries.iter().any(|(n, _)| *n == k.as_str()) {
                    entries.push((k.as_str(), v));
                }
            }
        };
        match node {
            ExampleNode::Object(e) => add(e),
            // An array shown where an object is documented (or the element of an
            // array): the members of all its object elements.
            ExampleNode::Array(items) => {
                for item in items {
                    if let ExampleNode::Object(e) = item {
                        add(e);
                    }
                }
                if entries.is_empty() {
                    return None;
                }
            }
            ExampleNode::Scalar(_) => return None,
        }
        let consumed = vec![false; entries.len()];
        Some(ExampleObj {
            source,
            entries,
            consumed,
        })
    }

    fn position(&self, name: &str, exact: bool) -> Option<usize> {
        self.entries.iter().enumerate().position(|(i, (k, _))| {
            !self.consumed.get(i).copied().unwrap_or(true)
                && if exact {
                    *k == name
                } else {
                    k.eq_ignore_ascii_case(name)
                }
        })
    }

    fn exhausted(&self) -> bool {
        !self.entries.is_empty() && self.consumed.iter().all(|&c| c)
    }
}

/// What kind of container a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Object,
    Map,
    /// An array whose element is an object: members go to `items.fields`.
    ArrayOfObjects,
}

#[derive(Debug)]
struct Node<'r, 'e> {
    /// `None` for the root.
    row: Option<&'r RawRow>,
    doc: DocType,
    container: Option<Container>,
    children: Vec<usize>,
    /// Description from an anonymous element row.
    element_description: String,
    /// Member names for nesting decisions.
    examples: Vec<ExampleObj<'e>>,
    /// The example values of this member.
    samples: Vec<(Source, &'e ExampleNode)>,
    /// Dotted path for messages (`Data.Deployment`, `DeployedItems[].FileId`).
    path: String,
}

impl Node<'_, '_> {
    fn has_member(&self, name: &str, exact: bool) -> bool {
        self.examples
            .iter()
            .any(|e| e.position(name, exact).is_some())
    }

    /// Has an example, and every example member is documented by a row.
    fn exhausted(&self) -> bool {
        let nonempty: Vec<&ExampleObj> = self
            .examples
            .iter()
            .filter(|e| !e.entries.is_empty())
            .collect();
        !nonempty.is_empty() && nonempty.iter().all(|e| e.exhausted())
    }

    fn line(&self) -> usize {
        self.row.map_or(0, |r| r.line)
    }

    /// The path prefix for this node's members.
    fn member_prefix(&self) -> String {
        match self.container {
            Some(Container::ArrayOfObjects) => format!("{}[]", self.path),
            _ => self.path.clone(),
        }
    }

    /// `the top level` or `` `Data.Items[]` `` for messages.
    fn describe(&self) -> String {
        if self.path.is_empty() {
            "the top level".to_owned()
        } else {
            format!("`{}`", self.member_prefix())
        }
    }

    /// `at the top level` or `` in `Data.Items[]` `` for messages.
    fn location(&self) -> String {
        if self.path.is_empty() {
            "at the top level".to_owned()
        } else {
            format!("in `{}`", self.member_prefix())
        }
    }
}

/// An open container on the stack.
#[derive(Debug, Clone, Copy)]
struct Frame {
    node: usize,
    /// The row's depth where the layout gives one.
    depth: Option<usize>,
}

/// Members of every DataWorks response envelope: without example evidence they go
/// to the top level rather than into an open container.
const ENVELOPE: [&str; 2] = ["RequestId", "HttpStatusCode"];

/// The workspace, paging and idempotence parameters of DataWorks operations: without
/// evidence of their parent (the tables print no indentation) they go to the top level
/// of a request rather than into an open object or array.
const REQUEST_ENVELOPE: [&str; 7] = [
    "ProjectId",
    "ProjectIdentifier",
    "ProjectEnv",
    "ClientToken",
    "PageNumber",
    "PageSize",
    "RegionId",
];

struct Builder<'c, 'r, 'e> {
    ctx: Ctx<'c>,
    /// Response rows (the envelope convention applies), not request rows.
    response: bool,
    rows: &'r [RawRow],
    nodes: Vec<Node<'r, 'e>>,
    stack: Vec<Frame>,
    /// Each row's place, in row order (see [`request_row_paths`]).
    row_paths: Vec<String>,
    /// Per request row, its example cell read as JSON (empty for responses).
    row_examples: &'e [Option<ExampleNode>],
}

impl<'c, 'r, 'e> Builder<'c, 'r, 'e> {
    fn new(
        ctx: Ctx<'c>,
        response: bool,
        rows: &'r [RawRow],
        json: Option<&'e ExampleNode>,
        xml: Option<&'e ExampleNode>,
    ) -> Self {
        let mut examples = Vec::new();
        if let Some(obj) = json.and_then(|j| ExampleObj::new(Source::Json, j)) {
            examples.push(obj);
        }
        if let Some(obj) = xml.and_then(|x| ExampleObj::new(Source::Xml, x)) {
            examples.push(obj);
        }
        let root = Node {
            row: None,
            doc: DocType::of(Type::Object),
            container: Some(Container::Object),
            children: Vec::new(),
            element_description: String::new(),
            examples,
            samples: Vec::new(),
            path: String::new(),
        };
        Builder {
            ctx,
            response,
            rows,
            nodes: vec![root],
            stack: vec![Frame {
                node: 0,
                depth: None,
            }],
            row_paths: Vec::new(),
            row_examples: &[],
        }
    }

    fn warn(&self, diag: &mut Diagnostics, line: usize, kind: WarningKind, msg: String) {
        diag.warn(self.ctx.file, line, kind, Some(self.ctx.operation), msg);
    }

    fn run(&mut self, diag: &mut Diagnostics) {
        // The node created by the previous row, if that row was a named row.
        let mut prev: Option<usize> = None;
        let mut seen_named = false;
        for i in 0..self.rows.len() {
            let Some(row) = self.rows.get(i) else { break };
            if row.name.trim().is_empty() || self.is_named_element_row(row, prev) {
                let path = prev
                    .and_then(|p| self.nodes.get(p))
                    .filter(|n| n.doc.ty == Type::Array)
                    .map(|n| format!("{}[]", n.path))
                    .unwrap_or_default();
                self.anonymous(row, prev, seen_named, diag);
                self.row_paths.push(path);
                prev = None;
                continue;
            }
            seen_named = true;
            let next_depth = self.rows.get(i + 1).and_then(|r| r.depth);
            let idx = self.named(i, row, next_depth, diag);
            self.row_paths.push(
                self.nodes
                    .get(idx)
                    .map(|n| n.path.clone())
                    .unwrap_or_default(),
            );
            prev = Some(idx);
        }
    }

    /// A row that describes an array's element by a name rather than anonymously:
    /// - help-center pages of the old template: `DeployedItems Array of DeployedItem`
    ///   followed by `DeployedItem Object` one level deeper (an object row named exactly
    ///   like the element type of the array row right before it);
    /// - the current template, whose arrays are printed lower-case (`array<object>`,
    ///   `array`, `array<string>`): the row right after the array row is always its item,
    ///   named (`Widgetobject`, `Idlong`) or bare; an object item for an array of objects,
    ///   a scalar one for an array of scalars.
    fn is_named_element_row(&self, row: &RawRow, prev: Option<usize>) -> bool {
        let Some(node) = prev.and_then(|p| self.nodes.get(p)) else {
            return false;
        };
        if node.doc.ty != Type::Array {
            return false;
        }
        let one_deeper = match (node.row.and_then(|r| r.depth), row.depth) {
            (Some(a), Some(b)) => b == a + 1,
            _ => true,
        };
        let row_doc = parse_type(&row.type_text);
        let is_object = row_doc.as_ref().is_some_and(|d| d.ty == Type::Object);
        let elem_name = node.doc.items.as_ref().and_then(|i| i.type_name.as_deref());
        if is_object && one_deeper && elem_name == Some(row.name.trim()) {
            return true;
        }
        let current_template = node
            .row
            .is_some_and(|r| r.type_text.trim().starts_with("array"));
        if !current_template || !one_deeper {
            return false;
        }
        match node.doc.items.as_deref() {
            Some(item) if item.ty == Type::Object => is_object,
            Some(item) if item.ty.is_scalar() => row_doc.is_some_and(|d| d.ty.is_scalar()),
            None => row_doc.is_some_and(|d| d.ty.is_scalar()),
            Some(_) => false,
        }
    }

    /// An anonymous row: the response root, or the description of an array's element.
    fn anonymous(
        &mut self,
        row: &'r RawRow,
        prev: Option<usize>,
        seen_named: bool,
        diag: &mut Diagnostics,
    ) {
        let doc = parse_type(&row.type_text);
        if !seen_named && matches!(doc.as_ref().map(|d| d.ty), None | Some(Type::Object)) {
            // The root object row: nothing to keep.
            return;
        }
        let Some(arr) =
            prev.filter(|&p| self.nodes.get(p).is_some_and(|n| n.doc.ty == Type::Array))
        else {
            self.warn(
                diag,
                row.line,
                WarningKind::UnplacedField,
                format!(
                    "anonymous `{}` row follows no array row; ignored",
                    row.type_text.trim()
                ),
            );
            return;
        };
        let depth = row.depth;
        let Some(node) = self.nodes.get_mut(arr) else {
            return;
        };
        let desc = row.description.trim();
        if !desc.is_empty() {
            node.element_description = desc.to_owned();
        }
        let elem = doc.unwrap_or_else(|| DocType::of(Type::Any));
        let became_container = if node.doc.items.is_none() && elem.ty != Type::Any {
            node.doc.items = Some(Box::new(elem));
            node.doc.is_array_of_objects() && node.container.is_none()
        } else {
            false
        };
        if became_container {
            node.container = Some(Container::ArrayOfObjects);
            let samples = node.samples.clone();
            node.examples = samples
                .iter()
                .filter_map(|(s, n)| ExampleObj::new(*s, n))
                .collect();
            let arr_depth = node.row.and_then(|r| r.depth);
            self.stack.push(Frame {
                node: arr,
                depth: arr_depth,
            });
        }
        // With depths, the element row is a level of its own: an alias frame lets
        // members one level below it land in the array.
        if let Some(d) = depth {
            if self.nodes.get(arr).is_some_and(|n| n.container.is_some()) {
                self.stack.push(Frame {
                    node: arr,
                    depth: Some(d),
                });
            }
        }
    }

    /// A named row: type it, place it, open it if it is a container.
    fn named(
        &mut self,
        i: usize,
        row: &'r RawRow,
        next_depth: Option<usize>,
        diag: &mut Diagnostics,
    ) -> usize {
        let name = row.name.trim();
        let mut doc = match parse_type(&row.type_text) {
            Some(d) => d,
            None => {
                self.warn(
                    diag,
                    row.line,
                    WarningKind::UnknownType,
                    format!(
                        "type `{}` of `{name}` is not recognised; typed any",
                        row.type_text.trim()
                    ),
                );
                DocType::of(Type::Any)
            }
        };
        let parent = match row.depth {
            Some(d) => self.place_by_depth(row, d, diag),
            None => self.place_by_example(row, diag),
        };
        let samples = self.take_samples(parent, name);
        let prefix = self
            .nodes
            .get(parent)
            .map(|p| p.member_prefix())
            .unwrap_or_default();
        let path = if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}.{name}")
        };

        // Container?
        let deeper_follows = matches!((row.depth, next_depth), (Some(d), Some(n)) if n > d);
        let mut container = match doc.ty {
            Type::Object => Some(Container::Object),
            Type::Map => Some(Container::Map),
            Type::Array if doc.is_array_of_objects() => Some(Container::ArrayOfObjects),
            _ => None,
        };
        if doc.ty == Type::Array && doc.items.is_none() {
            let shows_objects = samples.iter().any(|(_, s)| match s {
                ExampleNode::Object(_) => true,
                ExampleNode::Array(items) => {
                    items.iter().any(|x| matches!(x, ExampleNode::Object(_)))
                }
                ExampleNode::Scalar(_) => false,
            });
            if shows_objects || deeper_follows {
                doc.items = Some(Box::new(DocType::of(Type::Object)));
                container = Some(Container::ArrayOfObjects);
            }
        }
        if doc.ty == Type::Any && deeper_follows {
            doc = DocType::of(Type::Object);
            container = Some(Container::Object);
        }
        let mut examples: Vec<ExampleObj<'e>> = if container.is_some() {
            samples
                .iter()
                .filter_map(|(s, n)| ExampleObj::new(*s, n))
                .collect()
        } else {
            Vec::new()
        };
        // A request container whose example cell is JSON shows its members.
        if container.is_some() && examples.is_empty() {
            if let Some(Some(node)) = self.row_examples.get(i) {
                examples.extend(ExampleObj::new(Source::Json, node));
            }
        }
        let idx = self.nodes.len();
        self.nodes.push(Node {
            row: Some(row),
            doc,
            container,
            children: Vec::new(),
            element_description: String::new(),
            examples,
            samples,
            path,
        });
        if let Some(p) = self.nodes.get_mut(parent) {
            p.children.push(idx);
        }
        if container.is_some() {
            self.stack.push(Frame {
                node: idx,
                depth: row.depth,
            });
        }
        idx
    }

    /// Parent by the layout's depth marker.
    fn place_by_depth(&mut self, row: &RawRow, d: usize, diag: &mut Diagnostics) -> usize {
        while self.stack.len() > 1
            && self
                .stack
                .last()
                .and_then(|f| f.depth)
                .is_some_and(|fd| fd >= d)
        {
            self.stack.pop();
        }
        let top = self.stack.last().copied().unwrap_or(Frame {
            node: 0,
            depth: None,
        });
        if let Some(fd) = top.depth {
            if d > fd + 1 {
                let msg = format!(
                    "`{}` is indented deeper than any open container; placed {}",
                    row.name.trim(),
                    self.nodes
                        .get(top.node)
                        .map(|n| n.location())
                        .unwrap_or_default()
                );
                self.warn(diag, row.line, WarningKind::UnplacedField, msg);
            }
        }
        top.node
    }

    /// Parent by the examples, else by the markers (with a warning).
    fn place_by_example(&mut self, row: &RawRow, diag: &mut Diagnostics) -> usize {
        let name = row.name.trim();
        let found = [true, false].into_iter().find_map(|exact| {
            (0..self.stack.len()).rev().find(|&k| {
                self.frame_node(k)
                    .is_some_and(|n| n.has_member(name, exact))
            })
        });
        if let Some(k) = found {
            // Closing an open object that has no example of its own is a judgement too.
            let skipped: Vec<usize> = self
                .stack
                .get(k + 1..)
                .unwrap_or(&[])
                .iter()
                .map(|f| f.node)
                .filter(|&n| {
                    self.nodes.get(n).is_some_and(|node| {
                        node.container != Some(Container::Map) && node.examples.is_empty()
                    })
                })
                .collect();
            if let Some(&innermost) = skipped.last() {
                let target = self.frame_node(k).map(|n| n.location()).unwrap_or_default();
                let inner = self
                    .nodes
                    .get(innermost)
                    .map(|n| n.describe())
                    .unwrap_or_default();
                let msg = format!(
                    "`{name}` placed {target} by the example; the open {inner} has no example of its members and might own it"
                );
                self.warn(diag, row.line, WarningKind::UnplacedField, msg);
            }
            self.stack.truncate(k + 1);
            return self.frame_node_index(k);
        }
        if self.stack.len() == 1 {
            return 0;
        }
        if !self.response && REQUEST_ENVELOPE.contains(&name) {
            let inner = self
                .frame_node(self.stack.len() - 1)
                .map(|n| n.describe())
                .unwrap_or_default();
            let msg = format!(
                "`{name}` has no evidence of its parent; placed at the top level by convention \
                 (a workspace, paging or idempotence parameter), closing the open {inner}"
            );
            self.warn(diag, row.line, WarningKind::UnplacedField, msg);
            self.stack.truncate(1);
            return 0;
        }
        // A container that already has a member of this name cannot own it: the row
        // belongs to an outer level.
        if let Some(k) = (1..self.stack.len())
            .rev()
            .find(|&k| !self.has_child_named(k, name))
        {
            if k + 1 < self.stack.len() {
                let inner = self
                    .frame_node(self.stack.len() - 1)
                    .map(|n| n.describe())
                    .unwrap_or_default();
                let msg = format!(
                    "`{name}` is already a member of the open {inner}; placed one level out"
                );
                self.warn(diag, row.line, WarningKind::UnplacedField, msg);
                self.stack.truncate(k + 1);
            }
        } else if self.stack.len() > 1 {
            let inner = self
                .frame_node(self.stack.len() - 1)
                .map(|n| n.describe())
                .unwrap_or_default();
            let msg = format!(
                "`{name}` is already a member of every open container (the open {inner}); placed at the top level"
            );
            self.warn(diag, row.line, WarningKind::UnplacedField, msg);
            self.stack.truncate(1);
            return 0;
        }
        if self.response && ENVELOPE.contains(&name) {
            let inner = self
                .frame_node(self.stack.len() - 1)
                .map(|n| n.describe())
                .unwrap_or_default();
            let msg = format!(
                "`{name}` has no example evidence of its parent; placed at the top level by \
                 convention (every response carries it), closing the open {inner}"
            );
            self.warn(diag, row.line, WarningKind::UnplacedField, msg);
            self.stack.truncate(1);
            return 0;
        }
        // No evidence: the deepest open container that can still take members.
        let deepest = self.stack.len() - 1;
        let k = (1..self.stack.len())
            .rev()
            .find(|&k| {
                self.frame_node(k)
                    .is_some_and(|n| n.container != Some(Container::Map) && !n.exhausted())
            })
            .unwrap_or(0);
        let target = self.frame_node(k).map(|n| n.location()).unwrap_or_default();
        let why = if k == deepest {
            let n = self.frame_node(k);
            if n.is_some_and(|n| n.examples.is_empty()) {
                "the container it follows; no example shows its members".to_owned()
            } else {
                "the container it follows; its example does not show this member".to_owned()
            }
        } else {
            let inner = self.frame_node(deepest);
            let what = inner.map(|n| n.describe()).unwrap_or_default();
            if inner.is_some_and(|n| n.container == Some(Container::Map)) {
                format!("the open {what} is a map")
            } else {
                format!("every member the example shows for the open {what} is already documented")
            }
        };
        let msg = format!("`{name}` has no example evidence of its parent; placed {target}: {why}");
        self.warn(diag, row.line, WarningKind::UnplacedField, msg);
        self.stack.truncate(k + 1);
        self.frame_node_index(k)
    }

    /// Whether the container of stack frame `k` already has a member called `name`.
    fn has_child_named(&self, k: usize, name: &str) -> bool {
        self.frame_node(k).is_some_and(|n| {
            n.children.iter().any(|&c| {
                self.nodes
                    .get(c)
                    .and_then(|c| c.row)
                    .is_some_and(|r| r.name.trim() == name)
            })
        })
    }

    fn frame_node_index(&self, k: usize) -> usize {
        self.stack.get(k).map_or(0, |f| f.node)
    }

    fn frame_node(&self, k: usize) -> Option<&Node<'r, 'e>> {
        self.nodes.get(self.frame_node_index(k))
    }

    /// Marks `name` taken in the parent's examples and returns its example values.
    fn take_samples(&mut self, parent: usize, name: &str) -> Vec<(Source, &'e ExampleNode)> {
        let mut out = Vec::new();
        let Some(node) = self.nodes.get_mut(parent) else {
            return out;
        };
        for ex in &mut node.examples {
            let pos = ex.position(name, true).or_else(|| ex.position(name, false));
            if let Some(i) = pos {
                if let Some(c) = ex.consumed.get_mut(i) {
                    *c = true;
                }
                if let Some((_, v)) = ex.entries.get(i) {
                    out.push((ex.source, *v));
                }
            }
        }
        out
    }

    /// Warns about example members no row documents (JSON preferred, else XML).
    fn report_unused_example_members(&self, diag: &mut Diagnostics) {
        let first_line = self.rows.first().map_or(0, |r| r.line);
        for node in &self.nodes {
            if node.container == Some(Container::Map) && node.children.is_empty() {
                continue; // A map's keys are data, not members.
            }
            let has_json = node.examples.iter().any(|e| e.source == Source::Json);
            let source = if has_json { Source::Json } else { Source::Xml };
            let prefix = node.member_prefix();
            for ex in node.examples.iter().filter(|e| e.source == source) {
                for (i, (key, _)) in ex.entries.iter().enumerate() {
                    if ex.consumed.get(i).copied().unwrap_or(true) {
                        continue;
                    }
                    let path = if prefix.is_empty() {
                        (*key).to_owned()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    let which = if source == Source::Json {
                        "JSON"
                    } else {
                        "XML"
                    };
                    let line = if node.row.is_some() {
                        node.line()
                    } else {
                        first_line
                    };
                    self.warn(
                        diag,
                        line,
                        WarningKind::ExampleMismatch,
                        format!("the {which} example shows `{path}`, which no table row documents; not added"),
                    );
                }
            }
        }
    }

    // -----------------------------------------------------------------------
    // Output.

    /// The node's type after the example's evidence (int32 proven 64-bit).
    fn final_type(&self, node: &Node, diag: &mut Diagnostics) -> Type {
        let ty = node.doc.ty;
        if ty == Type::Map && !node.children.is_empty() {
            let msg = format!(
                "`{}` is typed Map but has documented members; typed object",
                node.path
            );
            self.warn(diag, node.line(), WarningKind::Note, msg);
            return Type::Object;
        }
        if ty == Type::Int32 {
            let example = node.row.map(|r| r.example.trim()).unwrap_or("");
            let big_text = example
                .parse::<i128>()
                .is_ok_and(|v| i32::try_from(v).is_err());
            let big_sample = node
                .samples
                .iter()
                .any(|(_, s)| matches!(s, ExampleNode::Scalar(ScalarKind::Long)));
            if big_text || big_sample {
                let msg = format!(
                    "`{}` is documented as Integer but its example exceeds 32 bits; typed int64",
                    node.path
                );
                self.warn(diag, node.line(), WarningKind::Note, msg);
                return Type::Int64;
            }
        }
        ty
    }

    fn field(&self, idx: usize, diag: &mut Diagnostics) -> Field {
        let Some(node) = self.nodes.get(idx) else {
            return empty_field();
        };
        let row = node.row.cloned().unwrap_or_default();
        let ty = self.final_type(node, diag);
        let description = row.description.trim().to_owned();
        Field {
            name: row.name.trim().to_owned(),
            ty,
            required: if self.response { None } else { row.required },
            enum_values: if ty.is_scalar() {
                enums::extract(&description, ty)
            } else {
                Vec::new()
            },
            example: non_empty(&row.example),
            fields: if ty == Type::Object {
                self.children_fields(node, diag)
            } else {
                Vec::new()
            },
            items: (ty == Type::Array).then(|| Box::new(self.items_schema(node, diag))),
            values: (ty == Type::Map).then(|| Box::new(Schema::of(Type::Any))),
            description,
        }
    }

    fn param(&self, idx: usize, diag: &mut Diagnostics) -> Param {
        let field = self.field(idx, diag);
        let stated = self
            .nodes
            .get(idx)
            .and_then(|n| n.row)
            .and_then(|r| r.required);
        Param {
            name: field.name,
            ty: field.ty,
            required: stated.unwrap_or(false),
            required_stated: stated.is_some(),
            description: field.description,
            example: field.example,
            encoding: Default::default(),
            enum_values: field.enum_values,
            fields: field.fields,
            items: field.items,
        }
    }

    fn children_fields(&self, node: &Node, diag: &mut Diagnostics) -> Vec<Field> {
        node.children.iter().map(|&c| self.field(c, diag)).collect()
    }

    /// The element schema of an array node.
    fn items_schema(&self, node: &Node, diag: &mut Diagnostics) -> Schema {
        let description = node.row.map(|r| r.description.trim()).unwrap_or("");
        if node.container == Some(Container::ArrayOfObjects) {
            let mut s = Schema::of(Type::Object);
            s.type_name = node.doc.items.as_ref().and_then(|i| i.type_name.clone());
            s.description = node.element_description.clone();
            s.fields = self.children_fields(node, diag);
            return s;
        }
        let json_elems: Vec<&ExampleNode> = node
            .samples
            .iter()
            .filter(|(s, _)| *s == Source::Json)
            .flat_map(|(_, n)| match n {
                ExampleNode::Array(items) => items.iter().collect::<Vec<_>>(),
                _ => Vec::new(),
            })
            .collect();
        let mut s = match node.doc.items.as_deref() {
            Some(item) => schema_of_doc(item),
            None => Schema::of(infer_element(&json_elems)),
        };
        if s.ty == Type::Int32
            && json_elems
                .iter()
                .any(|e| matches!(e, ExampleNode::Scalar(ScalarKind::Long)))
        {
            let msg = format!(
                "elements of `{}` are documented as Integer but the example exceeds 32 bits; typed int64",
                node.path
            );
            self.warn(diag, node.line(), WarningKind::Note, msg);
            s.ty = Type::Int64;
        }
        if s.ty.is_scalar() {
            s.enum_values = enums::extract(description, s.ty);
        }
        s.description = node.element_description.clone();
        s
    }
}

/// A schema from a parsed type (element of an array), recursively.
fn schema_of_doc(doc: &DocType) -> Schema {
    let mut s = Schema::of(doc.ty);
    s.type_name = doc.type_name.clone();
    match doc.ty {
        Type::Array => {
            s.items = Some(Box::new(match doc.items.as_deref() {
                Some(i) => schema_of_doc(i),
                None => Schema::of(Type::Any),
            }));
        }
        Type::Map => s.values = Some(Box::new(Schema::of(Type::Any))),
        _ => {}
    }
    s
}

/// The element type the example's array elements show (`any` if none or mixed).
fn infer_element(elems: &[&ExampleNode]) -> Type {
    let mut kinds = elems.iter().map(|e| match e {
        ExampleNode::Scalar(k) => Some(*k),
        _ => None,
    });
    let Some(Some(first)) = kinds.next() else {
        return Type::Any;
    };
    let mut ty = scalar_type(first);
    for k in kinds {
        let Some(k) = k else { return Type::Any };
        let t = scalar_type(k);
        ty = match (ty, t) {
            (a, b) if a == b => a,
            (Type::Int32, Type::Int64) | (Type::Int64, Type::Int32) => Type::Int64,
            (
                Type::Int32 | Type::Int64 | Type::Double,
                Type::Int32 | Type::Int64 | Type::Double,
            ) => Type::Double,
            _ => return Type::Any,
        };
    }
    ty
}

fn scalar_type(k: ScalarKind) -> Type {
    match k {
        ScalarKind::String => Type::String,
        ScalarKind::Integer => Type::Int32,
        ScalarKind::Long => Type::Int64,
        ScalarKind::Float => Type::Double,
        ScalarKind::Bool => Type::Boolean,
        ScalarKind::Null => Type::Any,
    }
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn empty_field() -> Field {
    Field::new(String::new(), Type::Any)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scrape::diag::Warning;
    use crate::scrape::example::{parse_json, parse_xml};

    const CTX: Ctx<'static> = Ctx {
        file: "001_test.txt",
        operation: "Op",
    };

    fn row(line: usize, name: &str, ty: &str, example: &str, description: &str) -> RawRow {
        RawRow {
            name: name.to_owned(),
            type_text: ty.to_owned(),
            required: None,
            example: example.to_owned(),
            description: description.to_owned(),
            line,
            depth: None,
        }
    }

    fn at(depth: usize, mut r: RawRow) -> RawRow {
        r.depth = Some(depth);
        r
    }

    fn names(fields: &[Field]) -> Vec<&str> {
        fields.iter().map(|f| f.name.as_str()).collect()
    }

    fn get<'a>(fields: &'a [Field], name: &str) -> &'a Field {
        fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no field {name} in {:?}", names(fields)))
    }

    fn elem(f: &Field) -> &Schema {
        f.items
            .as_deref()
            .unwrap_or_else(|| panic!("{} has no items", f.name))
    }

    fn kinds(diag: &Diagnostics) -> Vec<(usize, WarningKind)> {
        diag.warnings()
            .iter()
            .map(|w: &Warning| (w.line, w.kind))
            .collect()
    }

    /// 001 GetDeployment: the zh-CN page's rows and examples.
    fn get_deployment_rows() -> Vec<RawRow> {
        vec![
            row(44, "HttpStatusCode", "Integer", "200", "HTTP状态码。"),
            row(
                48,
                "ErrorMessage",
                "String",
                "The connection does not exist.",
                "错误信息。",
            ),
            row(
                52,
                "RequestId",
                "String",
                "0000-ABCD-EFG****",
                "本次调用的唯一ID。",
            ),
            row(
                56,
                "ErrorCode",
                "String",
                "Invalid.Tenant.ConnectionNotExists",
                "错误码。",
            ),
            row(60, "Success", "Boolean", "true", "调用是否成功。"),
            row(64, "Data", "Object", "", "发布包的详情。"),
            row(68, "Deployment", "Object", "", "发布包的详情。"),
            row(
                72,
                "Status",
                "Integer",
                "1",
                "发布包当前的状态，包括0（就绪）、1（成功）和2（失败）。",
            ),
            row(
                76,
                "ErrorMessage",
                "String",
                "成功",
                "当发布包执行失败（status为2）后，该字段记录具体的错误信息。",
            ),
            row(
                80,
                "FromEnvironment",
                "Integer",
                "0",
                "执行本次发布所在的环境，包括0（本地）和1（开发环境）。",
            ),
            row(
                84,
                "ToEnvironment",
                "Integer",
                "1",
                "发布文件信息的目标环境，包括1（开发环境）和2（生产环境）。",
            ),
            row(
                88,
                "CheckingStatus",
                "Integer",
                "7",
                "当前发布包涉及节点的检查状态。\n• 7:检查未通过\n• 8:正在处于检查中的状态",
            ),
            row(
                95,
                "CreateTime",
                "Long",
                "1593877765000",
                "发布包生成的毫秒时间戳。",
            ),
            row(
                99,
                "HandlerId",
                "String",
                "2003****",
                "发布包执行者的阿里云用户ID。",
            ),
            row(
                103,
                "CreatorId",
                "String",
                "20030****",
                "发布包创建者的阿里云用户ID。",
            ),
            row(
                107,
                "ExecuteTime",
                "Long",
                "1593877765000",
                "发布包开始执行的毫秒时间戳。",
            ),
            row(
                111,
                "Name",
                "String",
                "ods_user_info_d-2020-07-04_20030****",
                "发布包的名称。",
            ),
            row(
                115,
                "DeployedItems",
                "Array of DeployedItem",
                "",
                "发布项列表。",
            ),
            row(119, "FileId", "Long", "507642378", "文件的ID。"),
            row(123, "FileVersion", "Long", "7", "文件的版本。"),
            row(
                127,
                "Status",
                "Integer",
                "1",
                "• UNPUBLISHED(0): 未发布\n• SUCCESS(1): 发布成功\n• ERROR(2): 发布失败",
            ),
        ]
    }

    const GET_DEPLOYMENT_JSON: &str = r#"{
  "HttpStatusCode" : 200,
  "ErrorMessage" : "The connection does not exist.",
  "RequestId" : "0000-ABCD-EFG****",
  "ErrorCode" : "Invalid.Tenant.ConnectionNotExists",
  "Success" : true,
  "Data" : {
    "Deployment" : {
      "Status" : 1,
      "ErrorMessage" : "成功",
      "FromEnvironment" : 0,
      "ToEnvironment" : 1,
      "CheckingStatus" : 7,
      "CreateTime" : 1593877765000,
      "HandlerId" : "2003****",
      "CreatorId" : "20030****",
      "ExecuteTime" : 1593877765000,
      "Name" : "ods_user_info_d-2020-07-04_20030****"
    },
    "DeployedItems" : {
      "FileId" : 507642378,
      "FileVersion" : 7,
      "Status" : 1
    }
  }
}"#;

    #[test]
    fn get_deployment_page() {
        let json = parse_json(GET_DEPLOYMENT_JSON).unwrap();
        let mut diag = Diagnostics::new();
        let fields = response_fields(&CTX, &get_deployment_rows(), Some(&json), None, &mut diag);
        assert_eq!(kinds(&diag), vec![], "{:?}", diag.warnings());
        assert_eq!(
            names(&fields),
            [
                "HttpStatusCode",
                "ErrorMessage",
                "RequestId",
                "ErrorCode",
                "Success",
                "Data"
            ]
        );
        assert_eq!(get(&fields, "HttpStatusCode").ty, Type::Int32);
        assert_eq!(get(&fields, "ErrorMessage").description, "错误信息。");
        let data = get(&fields, "Data");
        assert_eq!(data.ty, Type::Object);
        assert_eq!(data.example, None);
        assert_eq!(names(&data.fields), ["Deployment", "DeployedItems"]);
        let dep = get(&data.fields, "Deployment");
        assert_eq!(
            names(&dep.fields),
            [
                "Status",
                "ErrorMessage",
                "FromEnvironment",
                "ToEnvironment",
                "CheckingStatus",
                "CreateTime",
                "HandlerId",
                "CreatorId",
                "ExecuteTime",
                "Name"
            ]
        );
        assert_eq!(
            get(&dep.fields, "ErrorMessage").example.as_deref(),
            Some("成功")
        );
        let status = get(&dep.fields, "Status");
        assert_eq!(
            status
                .enum_values
                .iter()
                .map(|e| e.value.as_str())
                .collect::<Vec<_>>(),
            ["0", "1", "2"]
        );
        assert_eq!(get(&dep.fields, "CheckingStatus").enum_values.len(), 2);
        assert_eq!(get(&dep.fields, "CreateTime").ty, Type::Int64);
        // The example shows DeployedItems as an object; the table's array type wins.
        let items = get(&data.fields, "DeployedItems");
        assert_eq!(items.ty, Type::Array);
        assert!(items.fields.is_empty());
        let e = elem(items);
        assert_eq!(e.ty, Type::Object);
        assert_eq!(e.type_name.as_deref(), Some("DeployedItem"));
        assert_eq!(names(&e.fields), ["FileId", "FileVersion", "Status"]);
        let st = get(&e.fields, "Status");
        assert_eq!(st.enum_values[0].label.as_deref(), Some("UNPUBLISHED"));
    }

    #[test]
    fn get_deployment_with_xml_only() {
        let xml = parse_xml(
            "<GetDeploymentResponse><HttpStatusCode>200</HttpStatusCode><ErrorMessage>x</ErrorMessage>\
             <RequestId>r</RequestId><ErrorCode>c</ErrorCode><Success>true</Success><Data><Deployment>\
             <Status>1</Status><ErrorMessage>成功</ErrorMessage><FromEnvironment>0</FromEnvironment>\
             <ToEnvironment>1</ToEnvironment><CheckingStatus>7</CheckingStatus><CreateTime>1</CreateTime>\
             <HandlerId>h</HandlerId><CreatorId>c</CreatorId><ExecuteTime>1</ExecuteTime><Name>n</Name>\
             </Deployment><DeployedItems><FileId>1</FileId><FileVersion>7</FileVersion><Status>1</Status>\
             </DeployedItems></Data></GetDeploymentResponse>",
        )
        .unwrap();
        let mut diag = Diagnostics::new();
        let fields = response_fields(&CTX, &get_deployment_rows(), None, Some(&xml), &mut diag);
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
        let data = get(&fields, "Data");
        assert_eq!(
            names(&elem(get(&data.fields, "DeployedItems")).fields),
            ["FileId", "FileVersion", "Status"]
        );
    }

    /// 003 GetDeployment: the PDF lists the top-level ErrorCode/ErrorMessage after
    /// Deployment's members, and its example shows neither.
    #[test]
    fn pdf_get_deployment_rows_without_example_evidence_are_warned() {
        let rows = vec![
            row(15749, "Data", "Struct", "", "发布包的详情。"),
            row(15751, "Deployment", "Struct", "", "发布包的详情。"),
            row(15753, "CheckingStatus", "Integer", "7", "检查状态。"),
            row(
                15764,
                "CreateTime",
                "Long",
                "1593877765000",
                "发布包生成的毫秒时间戳。",
            ),
            row(15768, "ErrorMessage", "String", "成功", "错误信息。"),
            row(15790, "ToEnvironment", "Integer", "1", "目标环境。"),
            row(
                15793,
                "ErrorCode",
                "String",
                "Invalid.Tenant.ConnectionNotExists",
                "错误码。",
            ),
            row(
                15799,
                "ErrorMessage",
                "String",
                "The connection does not exist.",
                "错误信息。",
            ),
            row(15805, "HttpStatusCode", "Integer", "200", "HTTP状态码。"),
            row(
                15807,
                "RequestId",
                "String",
                "0000-ABCD-EFG****",
                "本次调用的唯一ID。",
            ),
            row(15812, "Success", "Boolean", "true", "调用是否成功。"),
        ];
        let json = parse_json(
            r#"{"RequestId": "0000", "HttpStatusCode": 200, "Data": {"Deployment": {"CheckingStatus": 7,
               "CreateTime": 1593877765000, "ErrorMessage": "成功", "ToEnvironment": 1}}, "Success": true,
               "Extra": 1}"#,
        )
        .unwrap();
        let mut diag = Diagnostics::new();
        let fields = response_fields(&CTX, &rows, Some(&json), None, &mut diag);
        assert_eq!(
            names(&fields),
            [
                "Data",
                "ErrorCode",
                "ErrorMessage",
                "HttpStatusCode",
                "RequestId",
                "Success"
            ]
        );
        let dep = get(&get(&fields, "Data").fields, "Deployment");
        assert_eq!(
            names(&dep.fields),
            [
                "CheckingStatus",
                "CreateTime",
                "ErrorMessage",
                "ToEnvironment"
            ]
        );
        let w = diag.warnings();
        // ErrorCode is placed without evidence (at the top: Deployment's example is
        // fully documented); the ErrorMessage after it then follows it at the top
        // with no container open. Extra is in the example but in no row.
        assert_eq!(
            kinds(&diag),
            vec![
                (15793, WarningKind::UnplacedField),
                (15749, WarningKind::ExampleMismatch)
            ],
            "{w:?}"
        );
        assert!(
            w[0].message.contains("placed at the top level"),
            "{}",
            w[0].message
        );
        assert!(w[1].message.contains("`Extra`"), "{}", w[1].message);
        assert_eq!(w[0].file, "001_test.txt");
        assert_eq!(w[0].operation.as_deref(), Some("Op"));
    }

    /// 003 ListCalcEngines: an array of objects the example shows as an object, a
    /// Map row the example lacks, members after it.
    #[test]
    fn list_calc_engines() {
        let rows = vec![
            row(1287, "HttpStatusCode", "Integer", "200", "HTTP状态码。"),
            row(1289, "RequestId", "String", "0bc1ec92159376****", "请求ID。"),
            row(1291, "Success", "Boolean", "true", "是否成功。"),
            row(1293, "Data", "Object", "", "计算引擎的分页查询结果。"),
            row(1310, "PageNumber", "Integer", "1", "页码。"),
            row(1312, "PageSize", "Integer", "20", "每页显示的条数。"),
            row(1314, "TotalCount", "Integer", "1", "计算引擎的总数。"),
            row(1317, "CalcEngines", "Array of CalcEngines", "", "计算引擎列表。"),
            row(1323, "BindingProjectName", "String", "abc", "计算引擎关联的工作空间名称。"),
            row(1328, "IsDefault", "Boolean", "true", "是否为当前类型的默认计算引擎。"),
            row(1330, "EngineId", "Integer", "35", "计算引擎ID。"),
            row(
                1334,
                "TaskAuthType",
                "String",
                "PROJECT",
                "计算引擎的访问身份。\nUSER 当前用户\nPROJECT 项目执行用户\nSUBACCOUNT 子账号\nSTS_ROLE sts角色",
            ),
            row(1414, "EngineInfo", "Map", "", "计算引擎的详细信息。\nODPS\n{\n  \"endpoint\": \"x\"\n}"),
            row(1553, "EnvType", "String", "PRD", "计算引擎所在的环境。\nDEV 开发环境\nPRD 生产环境"),
            row(1561, "Region", "String", "cn-zhangjiakou", "计算引擎所在的地域。"),
            row(1575, "BindingProjectId", "Integer", "27", "计算引擎绑定的工作空间ID。"),
            row(1579, "TenantId", "Long", "1234567", "租户ID。"),
        ];
        let json = parse_json(
            r#"{"HttpStatusCode" : 200, "RequestId" : "0bc1ec92159376****", "Success" : true,
              "Data" : {"PageNumber" : 1, "PageSize" : 20, "TotalCount" : 1,
                "CalcEngines" : {"BindingProjectName" : "abc", "IsDefault" : true, "EngineId" : 35,
                  "TaskAuthType" : "PROJECT", "EnvType" : "PRD", "Region" : "cn-zhangjiakou",
                  "BindingProjectId" : 27, "TenantId" : 1234567}}}"#,
        )
        .unwrap();
        let mut diag = Diagnostics::new();
        let fields = response_fields(&CTX, &rows, Some(&json), None, &mut diag);
        assert_eq!(
            names(&fields),
            ["HttpStatusCode", "RequestId", "Success", "Data"]
        );
        let data = get(&fields, "Data");
        assert_eq!(
            names(&data.fields),
            ["PageNumber", "PageSize", "TotalCount", "CalcEngines"]
        );
        let ce = elem(get(&data.fields, "CalcEngines"));
        assert_eq!(ce.type_name.as_deref(), Some("CalcEngines"));
        assert_eq!(
            names(&ce.fields),
            [
                "BindingProjectName",
                "IsDefault",
                "EngineId",
                "TaskAuthType",
                "EngineInfo",
                "EnvType",
                "Region",
                "BindingProjectId",
                "TenantId"
            ]
        );
        let info = get(&ce.fields, "EngineInfo");
        assert_eq!(info.ty, Type::Map);
        assert_eq!(info.values.as_deref().map(|v| v.ty), Some(Type::Any));
        assert_eq!(get(&ce.fields, "TaskAuthType").enum_values.len(), 4);
        assert_eq!(get(&ce.fields, "EnvType").enum_values.len(), 2);
        // Only EngineInfo lacked evidence.
        assert_eq!(
            kinds(&diag),
            vec![(1414, WarningKind::UnplacedField)],
            "{:?}",
            diag.warnings()
        );
        assert!(diag.warnings()[0].message.contains("`Data.CalcEngines[]`"));
    }

    /// 004 GetIDEEventDetail (zh-TW pipe table): anonymous root and element rows,
    /// `array<object>`, the same names at several levels.
    fn ide_event_rows() -> Vec<RawRow> {
        let r = |line, name: &str, ty: &str| row(line, name, ty, "", &format!("{name}的說明。"));
        vec![
            row(40, "", "object", "", "返回結果。"),
            r(45, "RequestId", "string"),
            r(50, "EventDetail", "object"),
            r(55, "FileExecutionCommand", "object"),
            r(60, "FileId", "integer"),
            r(65, "DataSourceName", "string"),
            r(70, "Content", "string"),
            r(75, "FileType", "integer"),
            r(80, "DeletedFile", "object"),
            r(85, "Owner", "string"),
            r(90, "FileType", "integer"),
            r(95, "FileId", "integer"),
            r(100, "CommittedFile", "object"),
            r(105, "FileId", "integer"),
            r(110, "Content", "string"),
            row(
                115,
                "ChangeType",
                "string",
                "UPDATE",
                "本次檔案版本的變更類型，包括 CREATE、UPDATE 和 DELETE。",
            ),
            r(120, "FilePropertyContent", "object"),
            r(125, "DataSourceName", "string"),
            r(130, "Owner", "string"),
            r(135, "NodeConfiguration", "object"),
            r(140, "RerunMode", "string"),
            r(145, "ResourceGroupId", "integer"),
            r(150, "InputList", "array<object>"),
            row(155, "", "object", "", "依賴的上遊檔案輸出資訊。"),
            r(160, "Input", "string"),
            r(165, "ParseType", "string"),
            r(170, "OutputList", "array<object>"),
            row(175, "", "object", "", "檔案的輸出資訊。"),
            r(180, "RefTableName", "string"),
            r(185, "Output", "string"),
            r(190, "DependentType", "string"),
            r(195, "TableModel", "object"),
            r(200, "Env", "string"),
            r(205, "Columns", "array<object>"),
            row(210, "", "object", "", "欄位資訊。"),
            r(215, "ColumnName", "string"),
            r(220, "Comment", "string"),
            r(225, "Comment", "string"),
            r(230, "Location", "string"),
        ]
    }

    const IDE_EVENT_JSON: &str = r#"{
"RequestId": "8abcb91f-d266-4073-b907-2ed670378ed1",
"EventDetail": {
"FileExecutionCommand": {"FileId": 1234123, "DataSourceName": "odps_source", "Content": "SHOW TABLES;", "FileType": 10},
"DeletedFile": {"Owner": "7384234****", "FileType": 10, "FileId": 1234123},
"CommittedFile": {
"FileId": 1234123, "Content": "SHOW TABLES;", "ChangeType": "UPDATE",
"FilePropertyContent": {"DataSourceName": "odps_source", "Owner": "7384234****"},
"NodeConfiguration": {
"RerunMode": "ALL_ALLOWED", "ResourceGroupId": 375827434852437,
"InputList": [{"Input": "dw_project_root", "ParseType": "MANUAL"}],
"OutputList": [{"RefTableName": "ods_user_info_d", "Output": "dw_project.002_out"}],
"DependentType": "USER_DEFINE"
}
},
"TableModel": {
"Env": "DEV",
"Columns": [{"ColumnName": "ID", "Comment": "ID"}],
"Comment": "A new table",
"Location": "hdfs://path/to/object"
}
}
}"#;

    fn check_ide_event(fields: &[Field]) {
        assert_eq!(names(fields), ["RequestId", "EventDetail"]);
        let ev = get(fields, "EventDetail");
        assert_eq!(
            names(&ev.fields),
            [
                "FileExecutionCommand",
                "DeletedFile",
                "CommittedFile",
                "TableModel"
            ]
        );
        let fec = get(&ev.fields, "FileExecutionCommand");
        assert_eq!(
            names(&fec.fields),
            ["FileId", "DataSourceName", "Content", "FileType"]
        );
        assert_eq!(
            names(&get(&ev.fields, "DeletedFile").fields),
            ["Owner", "FileType", "FileId"]
        );
        let cf = get(&ev.fields, "CommittedFile");
        assert_eq!(
            names(&cf.fields),
            [
                "FileId",
                "Content",
                "ChangeType",
                "FilePropertyContent",
                "NodeConfiguration"
            ]
        );
        let change = get(&cf.fields, "ChangeType");
        assert_eq!(
            change
                .enum_values
                .iter()
                .map(|e| e.value.as_str())
                .collect::<Vec<_>>(),
            ["CREATE", "UPDATE", "DELETE"]
        );
        assert_eq!(
            names(&get(&cf.fields, "FilePropertyContent").fields),
            ["DataSourceName", "Owner"]
        );
        let nc = get(&cf.fields, "NodeConfiguration");
        assert_eq!(
            names(&nc.fields),
            [
                "RerunMode",
                "ResourceGroupId",
                "InputList",
                "OutputList",
                "DependentType"
            ]
        );
        let input = elem(get(&nc.fields, "InputList"));
        assert_eq!(input.ty, Type::Object);
        assert_eq!(input.type_name, None);
        assert_eq!(input.description, "依賴的上遊檔案輸出資訊。");
        assert_eq!(names(&input.fields), ["Input", "ParseType"]);
        assert_eq!(
            names(&elem(get(&nc.fields, "OutputList")).fields),
            ["RefTableName", "Output"]
        );
        let tm = get(&ev.fields, "TableModel");
        assert_eq!(names(&tm.fields), ["Env", "Columns", "Comment", "Location"]);
        let cols = elem(get(&tm.fields, "Columns"));
        assert_eq!(cols.description, "欄位資訊。");
        assert_eq!(names(&cols.fields), ["ColumnName", "Comment"]);
    }

    #[test]
    fn ide_event_detail_flat_with_example() {
        let json = parse_json(IDE_EVENT_JSON).unwrap();
        let mut diag = Diagnostics::new();
        let fields = response_fields(&CTX, &ide_event_rows(), Some(&json), None, &mut diag);
        check_ide_event(&fields);
        // The example proves ResourceGroupId is 64-bit: a note, nothing else.
        assert_eq!(
            kinds(&diag),
            vec![(145, WarningKind::Note)],
            "{:?}",
            diag.warnings()
        );
        let ev = get(&fields, "EventDetail");
        let nc = get(
            &get(&ev.fields, "CommittedFile").fields,
            "NodeConfiguration",
        );
        assert_eq!(get(&nc.fields, "ResourceGroupId").ty, Type::Int64);
    }

    #[test]
    fn ide_event_detail_by_depth_without_example() {
        // The same table as a layout that shows nesting (HTML indentation).
        let depths = [
            0, 1, 1, 2, 3, 3, 3, 3, 2, 3, 3, 3, 2, 3, 3, 3, 3, 4, 4, 3, 4, 4, 4, 5, 6, 6, 4, 5, 6,
            6, 4, 2, 3, 3, 4, 5, 5, 3, 3,
        ];
        let rows: Vec<RawRow> = ide_event_rows()
            .into_iter()
            .zip(depths)
            .map(|(r, d)| at(d, r))
            .collect();
        let mut diag = Diagnostics::new();
        let fields = response_fields(&CTX, &rows, None, None, &mut diag);
        check_ide_event(&fields);
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    }

    #[test]
    fn depth_with_members_directly_under_array() {
        // Element members one level below the array, no anonymous element row.
        let rows = vec![
            at(0, row(1, "Items", "Array", "", "列表。")),
            at(1, row(2, "Id", "Long", "1", "ID。")),
            at(0, row(3, "RequestId", "String", "r", "请求ID。")),
        ];
        let mut diag = Diagnostics::new();
        let fields = response_fields(&CTX, &rows, None, None, &mut diag);
        assert_eq!(names(&fields), ["Items", "RequestId"]);
        assert_eq!(names(&elem(get(&fields, "Items")).fields), ["Id"]);
        assert!(diag.warnings().is_empty());
    }

    #[test]
    fn an_element_row_named_after_the_element_type_describes_the_element() {
        // Help-center pages: `DeployedItems Array of DeployedItem`, then `DeployedItem
        // Object` one level deeper, then the element's members.
        let rows = vec![
            at(
                0,
                row(
                    1,
                    "DeployedItems",
                    "Array of DeployedItem",
                    "",
                    "发布项列表。",
                ),
            ),
            at(1, row(2, "DeployedItem", "Object", "", "发布项。")),
            at(2, row(3, "FileId", "Long", "1", "文件的ID。")),
            at(0, row(4, "RequestId", "String", "r", "请求ID。")),
        ];
        let mut diag = Diagnostics::new();
        let fields = response_fields(&CTX, &rows, None, None, &mut diag);
        assert_eq!(names(&fields), ["DeployedItems", "RequestId"]);
        let items = elem(get(&fields, "DeployedItems"));
        assert_eq!(items.description, "发布项。");
        assert_eq!(names(&items.fields), ["FileId"]);
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
    }

    #[test]
    fn no_example_rows_after_containers_are_warned() {
        let rows = vec![
            row(10, "RequestId", "String", "r", "请求ID。"),
            row(11, "Data", "Object", "", "数据。"),
            row(12, "PageNumber", "Integer", "1", "页码。"),
            row(13, "Items", "Array of Item", "", "列表。"),
            row(14, "Name", "String", "n", "名称。"),
            row(15, "Ids", "List", "1", "ID列表。"),
            row(16, "HttpStatusCode", "Integer", "200", "HTTP状态码。"),
        ];
        let mut diag = Diagnostics::new();
        let fields = response_fields(&CTX, &rows, None, None, &mut diag);
        // Markers put each row into the container it follows.
        assert_eq!(names(&fields), ["RequestId", "Data", "HttpStatusCode"]);
        let data = get(&fields, "Data");
        assert_eq!(names(&data.fields), ["PageNumber", "Items"]);
        let items = elem(get(&data.fields, "Items"));
        assert_eq!(names(&items.fields), ["Name", "Ids"]);
        assert_eq!(elem(get(&items.fields, "Ids")).ty, Type::Any);
        let w = diag.warnings();
        assert_eq!(
            kinds(&diag),
            vec![
                (12, WarningKind::UnplacedField),
                (13, WarningKind::UnplacedField),
                (14, WarningKind::UnplacedField),
                (15, WarningKind::UnplacedField),
                (16, WarningKind::UnplacedField)
            ]
        );
        assert!(w[4].message.contains("by convention"), "{}", w[4].message);
        assert!(
            w[0].message.contains("placed in `Data`"),
            "{}",
            w[0].message
        );
        assert!(
            w[2].message.contains("placed in `Data.Items[]`"),
            "{}",
            w[2].message
        );
    }

    /// A JSON example damaged by the PDF (broken strings, junk numbers, a missing
    /// comma) still gives nesting evidence and element types.
    #[test]
    fn broken_json_example() {
        let text = "HTTP/1.1 200 OK\nContent-Type:application/json\n{\n  \"RequestId\" : \"0b57ff721627894553277\n1749d****\",\n  \"ProjectIds\" : [ 75777, 2147483648 ],\n  \"Data\" : {\n    \"Endpoint\" : \"service.cn.maxcompute.aliyun-\ninc.com/api\",\n    \"ResourceGroupId\": 45208xxxxxx\n    \"Tags\" : [ \"a\", \"b\" ]\n  }\n}";
        let json = parse_json(text).unwrap();
        let rows = vec![
            row(
                1,
                "ProjectIds",
                "List",
                "75777",
                "返回的DataWorks工作空间ID。",
            ),
            row(
                2,
                "RequestId",
                "String",
                "0b57ff7216278945532771749d****",
                "请求ID。",
            ),
            row(3, "Data", "Object", "", "数据。"),
            row(4, "Endpoint", "String", "x", "地址。"),
            row(5, "ResourceGroupId", "String", "45208xxxxxx", "资源组。"),
            row(6, "Tags", "Array", "", "标签。"),
        ];
        let mut diag = Diagnostics::new();
        let fields = response_fields(&CTX, &rows, Some(&json), None, &mut diag);
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
        assert_eq!(names(&fields), ["ProjectIds", "RequestId", "Data"]);
        assert_eq!(elem(get(&fields, "ProjectIds")).ty, Type::Int64);
        let data = get(&fields, "Data");
        assert_eq!(names(&data.fields), ["Endpoint", "ResourceGroupId", "Tags"]);
        assert_eq!(elem(get(&data.fields, "Tags")).ty, Type::String);
    }

    #[test]
    fn example_members_without_rows_and_unknown_types() {
        // 002 DeployDISyncTask: Data.Message is only in the example.
        let rows = vec![
            row(47, "", "object", "", ""),
            row(48, "Success", "boolean", "true", "x"),
            row(52, "RequestId", "string", "0bc1411515937635973****", "y"),
            row(56, "Data", "object", "", "z"),
            row(64, "Status", "strnig?", "success", "w"),
            row(70, "Count", "Integer", "4294967296", "v"),
        ];
        let json = parse_json(
            r#"{"Success": true, "RequestId": "0bc1", "Data": {"Status": "success", "Message": "fail.", "Count": 1}}"#,
        )
        .unwrap();
        let mut diag = Diagnostics::new();
        let fields = response_fields(&CTX, &rows, Some(&json), None, &mut diag);
        let data = get(&fields, "Data");
        assert_eq!(names(&data.fields), ["Status", "Count"]);
        assert_eq!(get(&data.fields, "Status").ty, Type::Any);
        assert_eq!(get(&data.fields, "Count").ty, Type::Int64);
        let mut k = kinds(&diag);
        k.sort();
        assert_eq!(
            k,
            vec![
                (56, WarningKind::ExampleMismatch),
                (64, WarningKind::UnknownType),
                (70, WarningKind::Note)
            ]
        );
        assert!(diag
            .warnings()
            .iter()
            .any(|w| w.message.contains("`Data.Message`")));
    }

    #[test]
    fn stray_anonymous_row_is_warned() {
        let rows = vec![
            row(1, "RequestId", "string", "r", "x"),
            row(2, "", "object", "", "?"),
            row(3, "Name", "string", "n", "y"),
        ];
        let mut diag = Diagnostics::new();
        let fields = response_fields(&CTX, &rows, None, None, &mut diag);
        assert_eq!(names(&fields), ["RequestId", "Name"]);
        assert_eq!(kinds(&diag), vec![(2, WarningKind::UnplacedField)]);
    }

    #[test]
    fn request_arrays_of_objects_end_by_evidence_or_convention() {
        // Current template: `Tagsarray<object>` then its bare item row, then members.
        let rows = |tags_example: &str| {
            vec![
                row(1, "Tags", "array<object>", tags_example, "The tags."),
                row(2, "", "object", "", "A tag."),
                row(3, "Key", "string", "env", "The key."),
                row(4, "Value", "string", "prod", "The value."),
                row(5, "Env", "string", "DEV", "The environment."),
                row(6, "Key", "string", "k", "A second key."),
                row(7, "ProjectId", "long", "1", "The workspace."),
            ]
        };
        // The array's example shows its members: `Env` is past them.
        let mut diag = Diagnostics::new();
        let r = rows(r#"[{"Key":"env","Value":"prod"}]"#);
        let paths = request_row_paths(&CTX, &r, &mut diag);
        assert_eq!(
            paths,
            [
                "Tags",
                "Tags[]",
                "Tags[].Key",
                "Tags[].Value",
                "Env",
                "Key",
                "ProjectId"
            ]
        );
        // Without evidence: the deepest open container, except a name it already has
        // and the workspace parameter, each reported.
        let mut diag = Diagnostics::new();
        let r = rows("");
        let paths = request_row_paths(&CTX, &r, &mut diag);
        assert_eq!(
            paths,
            [
                "Tags",
                "Tags[]",
                "Tags[].Key",
                "Tags[].Value",
                "Tags[].Env",
                "Key",
                "ProjectId"
            ]
        );
        let w = kinds(&diag);
        assert_eq!(
            w,
            [
                (3, WarningKind::UnplacedField),
                (4, WarningKind::UnplacedField),
                (5, WarningKind::UnplacedField),
                (6, WarningKind::UnplacedField)
            ]
        );
        let params = request_params(&CTX, &r, &mut Diagnostics::new());
        let top: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(top, ["Tags", "Key", "ProjectId"]);
    }

    #[test]
    fn current_template_item_and_element_rows() {
        let rows = vec![
            row(1, "", "object", "", ""),
            row(2, "Widgets", "array<object>", "", "The widgets."),
            row(3, "Widget", "object", "", "A widget."),
            row(4, "Id", "long", "1", "The ID."),
            row(5, "Ids", "array", "", "The IDs."),
            row(6, "Id", "long", "7", "An ID."),
        ];
        let mut diag = Diagnostics::new();
        let fields = response_fields(&CTX, &rows, None, None, &mut diag);
        assert_eq!(names(&fields), ["Widgets"]);
        let item = elem(&fields[0]);
        assert_eq!(item.description, "A widget.");
        assert_eq!(names(&item.fields), ["Id", "Ids"]);
        let ids = elem(&item.fields[1]);
        assert_eq!((ids.ty, ids.description.as_str()), (Type::Int64, "An ID."));
    }

    #[test]
    fn request_params_flat_and_nested() {
        let mut rows = vec![
            row(1, "ProjectId", "Long", "10000", "DataWorks工作空间的ID。"),
            row(
                2,
                "EnvType",
                "String",
                "PRD",
                "计算引擎所属的环境，包括开发环境（DEV）和生产环境（PRD）。",
            ),
            row(
                3,
                "PageSize",
                "Integer",
                "10",
                "每页显示的条数，默认为100条，最大100条。",
            ),
        ];
        rows[0].required = Some(true);
        rows[2].required = Some(false);
        let mut diag = Diagnostics::new();
        let params = request_params(&CTX, &rows, &mut diag);
        assert!(diag.warnings().is_empty());
        assert_eq!(params.len(), 3);
        assert_eq!(
            (params[0].name.as_str(), params[0].ty, params[0].required),
            ("ProjectId", Type::Int64, true)
        );
        assert_eq!(params[0].example.as_deref(), Some("10000"));
        assert!(!params[1].required);
        assert_eq!(params[1].enum_values.len(), 2);
        assert!(params[2].enum_values.is_empty());

        // An array-of-objects parameter whose members the layout indents.
        let rows = vec![
            at(0, row(1, "Items", "array<object>", "", "条目。")),
            at(1, row(2, "", "object", "", "条目信息。")),
            at(2, row(3, "Key", "string", "k", "键。")),
            at(0, row(4, "Name", "string", "n", "名称。")),
        ];
        let params = request_params(&CTX, &rows, &mut diag);
        assert!(diag.warnings().is_empty(), "{:?}", diag.warnings());
        assert_eq!(
            params.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            ["Items", "Name"]
        );
        let items = params[0].items.as_deref().unwrap();
        assert_eq!(items.description, "条目信息。");
        assert_eq!(names(&items.fields), ["Key"]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let mut diag = Diagnostics::new();
        assert!(response_fields(&CTX, &[], None, None, &mut diag).is_empty());
        let rows = vec![
            row(1, "", "", "", ""),
            row(2, "", "array<object>", "", ""),
            at(5, row(3, "A", "Object", "", "")),
            at(1, row(4, "B", "", "", "")),
            row(5, "C", "Array of", "", ""),
            row(6, "", "string", "", ""),
            at(0, row(7, "D", "Map", "", "")),
            at(3, row(8, "E", "Long", "99999999999999999999999", "")),
        ];
        let json = ExampleNode::Array(vec![]);
        let _ = response_fields(&CTX, &rows, Some(&json), Some(&json), &mut diag);
        let _ = request_params(&CTX, &rows, &mut diag);
    }

    proptest::proptest! {
        #[test]
        fn any_rows_are_nested_without_panic(
            spec in proptest::collection::vec(
                (0usize..5, 0usize..8, proptest::option::of(0usize..4)),
                0..24,
            )
        ) {
            let names = ["", "Data", "Items", "Id", "RequestId"];
            let types = ["Object", "array<object>", "Array", "List", "String", "Integer", "Map", "??"];
            let rows: Vec<RawRow> = spec
                .iter()
                .enumerate()
                .map(|(i, &(n, t, d))| RawRow { depth: d, ..row(i + 1, names[n], types[t], "1", "") })
                .collect();
            let json = parse_json(r#"{"Data": {"Items": [{"Id": 1}], "Id": 2147483648}, "RequestId": "r"}"#).unwrap();
            let mut diag = Diagnostics::new();
            let _ = response_fields(&CTX, &rows, Some(&json), Some(&json), &mut diag);
            let _ = request_params(&CTX, &rows, &mut diag);
        }
    }
}
