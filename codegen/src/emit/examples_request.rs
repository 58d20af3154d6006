//! The request examples of the generated crate's tests: for every operation whose
//! documentation has a request example, a function building the request with the
//! example's values through the generated builder (`tests/examples/mod.rs`), a test
//! comparing its `Operation::params()` with the example's parameters and
//! `Operation::NAME` with its `Action` (`tests/request_examples.rs`), and a call of it
//! through the client against the local emulator (`tests/emulator_calls.rs`).
//!
//! The spec holds each example as structured parameters (`examples.request`: wire name
//! and value as the documentation writes them; the scraper read the documentation's
//! URL). Each parameter becomes a setter call with a literal of the parameter's type (one call
//! per item for a list, per entry for a map: the builders' convention);
//! `Name.1`, `Name.Field`, `Name.1.Field` keys build the values of flattened array and
//! object parameters, and a JSON-encoded parameter's value is built from its JSON. The
//! test compares the two sides as sorted lists, values exactly as the URL writes them
//! (JSON-encoded values as JSON). What cannot be encoded (common parameters, names the
//! spec does not document, values that do not parse as the documented type, ...) is left
//! out of both sides, and the test's doc comment lists each with its reason.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::crate_files::PACKAGE;
use super::rust_type::Scope;
use super::structs::field;
use super::{OpCx, OpNames};
use crate::naming::{self, Namespace};
use crate::plan::{Member, OneOf, TypeKind, TypeRef, TypeSpace};
use dwgen_spec::Spec;
use dwgen_spec::{ExampleParam, Operation, Type};

/// A value's type as the example test builds it: planned types by their name in the
/// operation's module.
#[derive(Debug, Clone)]
enum Shape<'s> {
    Scalar(Type),
    /// A value-set enum: its name, and whether it is integer-backed.
    Enum(Ident, bool),
    Array(Box<Shape<'s>>),
    Map(Box<Shape<'s>>),
    Object(Nested<'s>),
}

/// A nested request struct: its name and members.
#[derive(Debug, Clone)]
struct Nested<'s> {
    ident: Ident,
    members: &'s [Member],
}

/// The shape of `ty` in the operation's module.
fn shape_of<'s>(space: &'s TypeSpace, scope: Scope<'s>, ty: &TypeRef) -> Shape<'s> {
    match ty {
        TypeRef::Scalar(t) => Shape::Scalar(*t),
        TypeRef::List(inner) => Shape::Array(Box::new(shape_of(space, scope, inner))),
        TypeRef::Map(inner) => Shape::Map(Box::new(shape_of(space, scope, inner))),
        TypeRef::Named(id) => match &space.get(*id).kind {
            TypeKind::Enum { integer, .. } => Shape::Enum(scope.name(*id), *integer),
            TypeKind::Struct { members, .. } => Shape::Object(Nested {
                ident: scope.name(*id),
                members,
            }),
        },
    }
}

/// The common request parameters: the client adds them, no request type has them.
const COMMON: &[&str] = &[
    "Version",
    "Format",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "RegionId",
    "SecurityToken",
];

/// The name of the test file's comparison helper.
const HELPER: &str = "check_params";

/// The test file's tokens.
/// The three files made from the request examples.
pub struct RequestExampleFiles {
    /// `tests/examples/mod.rs`: a function per example building its request.
    pub builders: TokenStream,
    /// `tests/request_examples.rs`: the comparisons with the example URLs.
    pub tests: TokenStream,
    /// `tests/emulator_calls.rs`: every example sent to the emulator.
    pub calls: TokenStream,
}

/// The request-example files of `spec`.
pub fn emit(spec: &Spec, space: &TypeSpace) -> RequestExampleFiles {
    let mut names = Namespace::with_reserved([HELPER, "examples"]);
    let (mut builders, mut tests, mut calls) = (Vec::new(), Vec::new(), Vec::new());
    let (mut left_out, mut filled) = (0, 0);
    let mut features: Vec<String> = Vec::new();
    for (index, op) in spec.operations.iter().enumerate() {
        if op.examples.request.is_empty() {
            continue;
        }
        let name = naming::ident(&names.claim(&OpNames::of(op).module.to_string()));
        let test = example_test(OpCx::new(spec, space, index), &op.examples.request);
        left_out += test.left_out.len();
        filled += test.filled.len();
        builders.push(test.builder_tokens(&name));
        tests.push(test.test_tokens(&name));
        calls.push(test.call_tokens(&name));
        let feature = naming::feature_name(&op.category);
        if !features.contains(&feature) {
            features.push(feature);
        }
    }
    RequestExampleFiles {
        builders: builders_file(&builders),
        tests: tests_file(&tests, left_out, filled),
        calls: calls_file(&calls, &features),
    }
}

/// `tests/examples/mod.rs`.
fn builders_file(builders: &[TokenStream]) -> TokenStream {
    quote! {
        //! The documentation's request examples, each built through the generated builder
        //! with the example's values. `request_examples.rs` compares them with the
        //! example URLs; `emulator_calls.rs` sends them to the emulator.
        #![allow(dead_code, clippy::approx_constant)]

        #(#builders)*
    }
}

/// `tests/emulator_calls.rs`: `features` are those of the operations called.
fn calls_file(calls: &[TokenStream], features: &[String]) -> TokenStream {
    let count = calls.len() as u64;
    quote! {
        //! Every operation called through the client against the local emulator
        //! (`dataworks-emulator`): each request is the documentation's example (built in
        //! `examples/mod.rs`), signed (V3 and V1 by turns), checked by the emulator
        //! (signature, version, required parameters, one-of groups, value types) and
        //! answered with the operation's documented response, which must decode into the
        //! operation's typed response.
        #![cfg(feature = "reqwest")]

        mod examples;

        #[tokio::test]
        async fn every_operation_is_accepted_by_the_emulator_and_decodes() {
            let emulator = dataworks_emulator::Emulator::builder()
                .quotas(false)
                .start()
                .await
                .expect("the emulator starts");
            let client = |version| {
                dataworks_public::Client::builder()
                    .region("cn-shanghai")
                    .endpoint(emulator.endpoint())
                    .credentials(dataworks_public::Credentials::new(
                        dataworks_emulator::DEFAULT_KEY.0,
                        dataworks_emulator::DEFAULT_KEY.1,
                    ))
                    .signature_version(version)
                    .rate_limits(dataworks_public::runtime::RateLimits::disabled())
                    .retry(dataworks_public::runtime::RetryPolicy::no_retries())
                    .build()
                    .expect("a client of the emulator")
            };
            let clients = [
                client(dataworks_public::runtime::SignatureVersion::V3),
                client(dataworks_public::runtime::SignatureVersion::V1),
            ];
            let mut failures: Vec<String> = Vec::new();
            let mut called: u64 = 0;
            #(#calls)*
            assert!(
                failures.is_empty(),
                "{} of {called} operations failed:\n{}",
                failures.len(),
                failures.join("\n")
            );
            let stats = emulator.stats();
            assert_eq!((stats.accepted, stats.rejected, stats.throttled), (called, 0, 0));
            #[cfg(all(#(feature = #features),*))]
            assert_eq!(called, #count, "every operation with a request example was called");
        }
    }
}

/// `tests/request_examples.rs`.
fn tests_file(tests: &[TokenStream], left_out: usize, filled: usize) -> TokenStream {
    let count = tests.len();
    let summary = [
        " Every request example of the documentation, encoded through the generated request"
            .to_owned(),
        " types: each test builds the request with the example's values and compares".to_owned(),
        " `Operation::params()` with the example URL's parameters (sorted; values exactly as"
            .to_owned(),
        " written, JSON-encoded values as JSON), and `Operation::NAME` with its `Action`."
            .to_owned(),
        String::new(),
        format!(
            " {count} examples; {left_out} of their parameters are left out of the comparison and \
             {filled} required parameters the examples do not give are set but not compared"
        ),
        " (each test's doc comment says which, and why).".to_owned(),
    ];
    let helper = naming::ident(HELPER);
    quote! {
        #(#![doc = #summary])*

        mod examples;

        /// Compares a request's parameters with an example's, as sorted lists. Parameters
        /// named in `ignored` (and those under them, `Name.1`, `Name.Field`) are dropped from
        /// `actual` first; the values of those named in `json` are compared as JSON.
        #[allow(dead_code)] // unused when every category feature is off
        fn #helper(
            actual: dataworks_public::Params,
            expected: &[(&str, &str)],
            json: &[&str],
            ignored: &[&str],
        ) {
            let under = |name: &str, prefix: &str| {
                name == prefix
                    || name.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('.'))
            };
            let normalize = |name: &str, value: &str| -> (String, String) {
                let value = match json.contains(&name) {
                    true => serde_json::from_str::<serde_json::Value>(value)
                        .map(|v| canonical(&v).to_string())
                        .unwrap_or_else(|_| value.to_owned()),
                    false => value.to_owned(),
                };
                (name.to_owned(), value)
            };
            let mut actual: Vec<(String, String)> = actual
                .iter()
                .filter(|(n, _)| !ignored.iter().any(|i| under(n, i)))
                .map(|(n, v)| normalize(n, v))
                .collect();
            let mut expected: Vec<(String, String)> =
                expected.iter().map(|(n, v)| normalize(n, v)).collect();
            actual.sort();
            expected.sort();
            assert_eq!(actual, expected);
        }

        /// `value` with every object's keys in sorted order.
        #[allow(dead_code)] // unused when every category feature is off
        fn canonical(value: &serde_json::Value) -> serde_json::Value {
            match value {
                serde_json::Value::Object(map) => {
                    let mut keys: Vec<&String> = map.keys().collect();
                    keys.sort();
                    let sorted = keys
                        .into_iter()
                        .map(|k| (k.clone(), canonical(&map[k])))
                        .collect();
                    serde_json::Value::Object(sorted)
                }
                serde_json::Value::Array(items) => {
                    serde_json::Value::Array(items.iter().map(canonical).collect())
                }
                other => other.clone(),
            }
        }

        #(#tests)*
    }
}

/// A parameter of the example left out of the comparison.
struct LeftOut {
    key: String,
    value: String,
    reason: String,
}

/// A required parameter (or a member of a one-of group) the example does not give: set
/// (so the request builds) but not compared.
struct Filled {
    wire: String,
    what: String,
    /// The group it stands in for, when it is set because of a one-of group.
    group: Option<String>,
}

/// How a value expression is used: a setter's argument (`impl Into<T>` literals), or a
/// value of the exact type (inside vectors, maps and JSON values).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Arg,
    Concrete,
}

/// A parameter (or part of one) still to encode: its key, the key's rest below the
/// member being converted, and its value.
#[derive(Debug, Clone)]
struct Entry<'e> {
    key: &'e str,
    rest: &'e str,
    value: &'e str,
}

/// One example's test, under construction.
struct Example<'s> {
    /// `dataworks_public::<category>::<operation>`.
    module: TokenStream,
    op: &'s Operation,
    space: &'s TypeSpace,
    scope: Scope<'s>,
    /// The example's `Action`, when it names this operation.
    action: Option<String>,
    /// (key, value) pairs expected in `params()`.
    expected: Vec<(String, String)>,
    /// Wire names whose values are compared as JSON.
    json: Vec<String>,
    left_out: Vec<LeftOut>,
    filled: Vec<Filled>,
    /// Setter calls on the request builder, with the parameter each sets.
    calls: Vec<(usize, TokenStream)>,
}

/// The test of one operation's example.
fn example_test<'s>(cx: OpCx<'s>, pairs: &[ExampleParam]) -> Example<'s> {
    let op = cx.op;
    let members: &[Member] = &cx.plan().request;
    let krate = naming::ident(&PACKAGE.replace('-', "_"));
    let category = naming::ident(&naming::category_module(&op.category));
    let module = cx.names().module;
    let mut ex = Example {
        module: quote! { #krate::#category::#module },
        op,
        space: cx.space,
        scope: cx.scope(),
        action: None,
        expected: Vec::new(),
        json: Vec::new(),
        left_out: Vec::new(),
        filled: Vec::new(),
        calls: Vec::new(),
    };
    let mut seen: Vec<&str> = Vec::new();
    let mut entries: Vec<Entry<'_>> = Vec::new();
    let mut action_given = false;
    for pair in pairs {
        if seen.contains(&pair.name.as_str()) {
            ex.leave_out(&pair.name, &pair.value, "given twice; the first is used");
            continue;
        }
        seen.push(&pair.name);
        if pair.name == "Action" {
            action_given = true;
            if pair.value == op.name {
                ex.action = Some(pair.value.clone());
            } else {
                let reason = format!("names another action than {}", op.name);
                ex.leave_out(&pair.name, &pair.value, &reason);
            }
            continue;
        }
        let entry = Entry {
            key: &pair.name,
            rest: &pair.name,
            value: &pair.value,
        };
        if find_member(members, pair.name.as_str()).is_some() {
            entries.push(entry);
        } else {
            let reason = ex.unmatched_reason(members, &pair.name);
            ex.leave_out(&pair.name, &pair.value, &reason);
        }
    }
    if !action_given {
        ex.filled.push(Filled {
            wire: "Action".to_owned(),
            what: "the example URL gives no Action".to_owned(),
            group: None,
        });
    }
    let mut calls = ex.member_calls(members, entries, true);
    ex.fill_required(members, &mut calls, "");
    ex.fill_groups(members, &cx.plan().one_of, &mut calls);
    ex.calls = calls;
    ex
}

/// The member `rest` belongs to: its wire name is `rest` or a `.`-separated prefix of it
/// (the longest such name).
fn find_member<'m>(members: &'m [Member], rest: &str) -> Option<&'m Member> {
    members
        .iter()
        .filter(|m| {
            rest == m.wire
                || rest
                    .strip_prefix(m.wire.as_str())
                    .is_some_and(|r| r.starts_with('.'))
        })
        .max_by_key(|m| m.wire.len())
}

/// `Columns.1.ColumnName` → `Columns.N.ColumnName`.
fn with_index_placeholders(key: &str) -> String {
    key.split('.')
        .map(|s| {
            if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                "N"
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

impl<'s> Example<'s> {
    fn leave_out(&mut self, key: &str, value: &str, reason: &str) {
        self.left_out.push(LeftOut {
            key: key.to_owned(),
            value: value.to_owned(),
            reason: reason.to_owned(),
        });
    }

    fn leave_out_all(&mut self, entries: &[Entry<'_>], reason: &str) {
        for e in entries {
            self.leave_out(e.key, e.value, reason);
        }
    }

    /// Why a top-level key matches no parameter.
    fn unmatched_reason(&self, members: &[Member], key: &str) -> String {
        if key.is_empty() {
            return "a parameter without a name".to_owned();
        }
        if COMMON.contains(&key) {
            return "a common request parameter (the client adds it; the request type has no such field)"
                .to_owned();
        }
        let pattern = with_index_placeholders(key);
        if pattern != key && members.iter().any(|m| m.wire == pattern) {
            return format!(
                "the spec documents only the flat parameter {pattern} (not an array of objects), which the request sends under that literal name"
            );
        }
        format!("not a documented request parameter of {}", self.op.name)
    }

    /// Setter calls (`.field(value)`) for the entries below an object (or the request),
    /// grouped by member in spec order, with the index of the member each sets. `top`
    /// says whether these are the request's own parameters (where JSON encoding applies).
    fn member_calls(
        &mut self,
        members: &[Member],
        entries: Vec<Entry<'_>>,
        top: bool,
    ) -> Vec<(usize, TokenStream)> {
        let mut groups: Vec<Vec<Entry<'_>>> = vec![Vec::new(); members.len()];
        for e in entries {
            match find_member(members, e.rest) {
                Some(m) => {
                    let k = members
                        .iter()
                        .position(|x| std::ptr::eq(x, m))
                        .unwrap_or_default();
                    let rest = e.rest[m.wire.len()..].trim_start_matches('.');
                    groups[k].push(Entry { rest, ..e });
                }
                None => self.leave_out(e.key, e.value, "not a documented member of its object"),
            }
        }
        let mut calls = Vec::new();
        for (k, (m, group)) in members.iter().zip(groups).enumerate() {
            if group.is_empty() {
                continue;
            }
            let f = field(m);
            let shape = self.shape(&m.ty);
            if top && m.json {
                if let Some(args) = self.json_param(&shape, &group) {
                    calls.extend(args.into_iter().map(|a| (k, quote! { .#f(#a) })));
                }
                continue;
            }
            match &shape {
                Shape::Array(inner) => {
                    let items = self.array_items(inner, group, Mode::Arg);
                    calls.extend(items.into_iter().map(|i| (k, quote! { .#f(#i) })));
                }
                Shape::Map(inner) => {
                    let entries = self.map_entries(inner, group, Mode::Arg);
                    calls.extend(
                        entries
                            .into_iter()
                            .map(|(key, v)| (k, quote! { .#f(#key, #v) })),
                    );
                }
                _ => {
                    if let Some(value) = self.value(&shape, group, Mode::Arg) {
                        calls.push((k, quote! { .#f(#value) }));
                    }
                }
            }
        }
        calls
    }

    /// The shape of a member's type.
    fn shape(&self, ty: &TypeRef) -> Shape<'s> {
        shape_of(self.space, self.scope, ty)
    }

    /// A JSON-encoded parameter's setter arguments (one per item for a list), built from
    /// the example's JSON.
    fn json_param(&mut self, shape: &Shape<'_>, group: &[Entry<'_>]) -> Option<Vec<TokenStream>> {
        let [e] = group else {
            let reason = "a JSON-encoded parameter given in flattened form";
            self.leave_out_all(group, reason);
            return None;
        };
        if !e.rest.is_empty() {
            self.leave_out_all(group, "a JSON-encoded parameter given in flattened form");
            return None;
        }
        let built = serde_json::from_str::<serde_json::Value>(e.value)
            .map_err(|err| format!("not valid JSON ({err})"))
            .and_then(|v| match (shape, &v) {
                (Shape::Array(inner), serde_json::Value::Array(items)) if !items.is_empty() => {
                    items
                        .iter()
                        .map(|item| self.json_value(inner, item, Mode::Arg))
                        .collect::<Result<Vec<_>, _>>()
                }
                _ => self.json_value(shape, &v, Mode::Arg).map(|t| vec![t]),
            });
        match built {
            Ok(tokens) => {
                self.expected.push((e.key.to_owned(), e.value.to_owned()));
                self.json.push(e.key.to_owned());
                Some(tokens)
            }
            Err(reason) => {
                self.leave_out(e.key, e.value, &reason);
                None
            }
        }
    }

    /// The expression for a value of `shape` from its flattened entries; entries that
    /// cannot be encoded are left out (with their reason), `None` when nothing is left.
    fn value(
        &mut self,
        shape: &Shape<'_>,
        entries: Vec<Entry<'_>>,
        mode: Mode,
    ) -> Option<TokenStream> {
        match shape {
            Shape::Scalar(_) | Shape::Enum(..) => self.scalar_value(shape, entries, mode),
            Shape::Array(inner) => {
                let items = self.array_items(inner, entries, Mode::Concrete);
                (!items.is_empty()).then(|| quote! { vec![#(#items),*] })
            }
            Shape::Map(inner) => {
                let items: Vec<TokenStream> = self
                    .map_entries(inner, entries, Mode::Concrete)
                    .into_iter()
                    .map(|(k, v)| quote! { (String::from(#k), #v) })
                    .collect();
                (!items.is_empty())
                    .then(|| quote! { std::collections::BTreeMap::from([#(#items),*]) })
            }
            Shape::Object(n) => self.object_value(n, entries),
        }
    }

    fn scalar_value(
        &mut self,
        shape: &Shape<'_>,
        entries: Vec<Entry<'_>>,
        mode: Mode,
    ) -> Option<TokenStream> {
        let (exact, below): (Vec<_>, Vec<_>) = entries.into_iter().partition(|e| e.rest.is_empty());
        self.leave_out_all(&below, "a scalar has no members");
        let e = exact.first()?;
        match self.leaf(shape, e.value, mode) {
            Ok(tokens) => {
                self.expected.push((e.key.to_owned(), e.value.to_owned()));
                Some(tokens)
            }
            Err(reason) => {
                self.leave_out(e.key, e.value, &reason);
                None
            }
        }
    }

    /// Elements `1, 2, 3, ...` in order, each as a value in `mode`; from a gap or a
    /// left-out element on, the rest is left out too (it would be sent under other
    /// indices).
    fn array_items(
        &mut self,
        inner: &Shape<'_>,
        entries: Vec<Entry<'_>>,
        mode: Mode,
    ) -> Vec<TokenStream> {
        let groups = self.split_first(
            entries,
            "an array is flattened (Name.1, Name.2, ...), not given as one value",
        );
        let mut items = Vec::new();
        let mut stopped: Option<String> = None;
        for (segment, group) in groups {
            let index = segment
                .parse::<usize>()
                .ok()
                .filter(|i| *i >= 1 && i.to_string() == segment);
            let Some(index) = index else {
                self.leave_out_all(&group, "not an array index (1, 2, ...)");
                continue;
            };
            if let Some(reason) = &stopped {
                let reason = reason.clone();
                self.leave_out_all(&group, &reason);
                continue;
            }
            let next = items.len() + 1;
            if index != next {
                let reason = format!(
                    "array index {index} where {next} is missing (indices run 1, 2, 3, ... without gaps)"
                );
                self.leave_out_all(&group, &reason);
                stopped = Some(reason);
                continue;
            }
            match self.value(inner, group, mode) {
                Some(item) => items.push(item),
                None => stopped = Some(format!("follows the left-out array element {index}")),
            }
        }
        items
    }

    /// The entries of a flattened map, values in `mode`.
    fn map_entries(
        &mut self,
        inner: &Shape<'_>,
        entries: Vec<Entry<'_>>,
        mode: Mode,
    ) -> Vec<(String, TokenStream)> {
        let groups = self.split_first(
            entries,
            "a map is flattened (Name.key), not given as one value",
        );
        let mut items = Vec::new();
        for (key, group) in groups {
            if let Some(value) = self.value(inner, group, mode) {
                items.push((key, value));
            }
        }
        items
    }

    /// `Type::default().member(..)...`, with the required members the example does not
    /// give set (and not compared) so that the request builds.
    fn object_value(&mut self, n: &Nested<'_>, entries: Vec<Entry<'_>>) -> Option<TokenStream> {
        let (exact, below): (Vec<_>, Vec<_>) = entries.into_iter().partition(|e| e.rest.is_empty());
        self.leave_out_all(
            &exact,
            "an object is flattened (Name.Member), not given as one value",
        );
        // The object's own key prefix: `ApplyObject.1.` for `ApplyObject.1.Name`.
        let prefix = below
            .first()
            .map(|e| e.key[..e.key.len() - e.rest.len()].to_owned())
            .unwrap_or_default();
        let mut calls = self.member_calls(n.members, below, false);
        if calls.is_empty() {
            return None;
        }
        self.fill_required(n.members, &mut calls, &prefix);
        let calls = calls.into_iter().map(|(_, call)| call);
        let (module, ident) = (&self.module, &n.ident);
        Some(quote! { #module::#ident::default() #(#calls)* })
    }

    /// Groups entries by the first segment of their rest (in first-seen order, indices in
    /// numeric order), leaving out entries that have no segment left.
    fn split_first<'e>(
        &mut self,
        entries: Vec<Entry<'e>>,
        whole: &str,
    ) -> Vec<(String, Vec<Entry<'e>>)> {
        let mut groups: Vec<(String, Vec<Entry<'e>>)> = Vec::new();
        for e in entries {
            if e.rest.is_empty() {
                self.leave_out(e.key, e.value, whole);
                continue;
            }
            let (first, rest) = e.rest.split_once('.').unwrap_or((e.rest, ""));
            let entry = Entry { rest, ..e };
            match groups.iter_mut().find(|(s, _)| s == first) {
                Some((_, g)) => g.push(entry),
                None => groups.push((first.to_owned(), vec![entry])),
            }
        }
        groups.sort_by_key(|(s, _)| s.parse::<usize>().unwrap_or(usize::MAX));
        groups
    }

    /// A literal for a scalar or enum value written as `text`, or why it cannot be one
    /// (it must come back as exactly `text` on the wire).
    fn leaf(&self, shape: &Shape<'_>, text: &str, mode: Mode) -> Result<TokenStream, String> {
        let concrete = mode == Mode::Concrete;
        let lit = Literal::string(text);
        match shape {
            Shape::Scalar(Type::String) if concrete => Ok(quote! { String::from(#lit) }),
            Shape::Scalar(Type::String) => Ok(quote! { #lit }),
            Shape::Scalar(Type::Any) if concrete => Ok(quote! { serde_json::Value::from(#lit) }),
            Shape::Scalar(Type::Any) => Ok(quote! { #lit }),
            Shape::Scalar(Type::Boolean) => match text {
                "true" => Ok(quote! { true }),
                "false" => Ok(quote! { false }),
                _ => Err("not a boolean (true or false)".to_owned()),
            },
            Shape::Scalar(Type::Int32) => int_literal::<i32>(text, "int32", false),
            Shape::Scalar(Type::Int64) => int_literal::<i64>(text, "int64", false),
            Shape::Scalar(Type::Float) => float_literal::<f32>(text, "float"),
            Shape::Scalar(Type::Double) => float_literal::<f64>(text, "double"),
            Shape::Scalar(_) => Err("a value of a container type given as a scalar".to_owned()),
            Shape::Enum(ident, integer) => {
                let value = if *integer {
                    int_literal::<i64>(text, "integer value", true)?
                } else {
                    quote! { #lit }
                };
                if concrete {
                    let module = &self.module;
                    Ok(quote! { #module::#ident::from(#value) })
                } else {
                    Ok(value)
                }
            }
            Shape::Array(_) | Shape::Map(_) | Shape::Object(_) => {
                Err("a container given as a scalar".to_owned())
            }
        }
    }

    /// The expression for a value of `shape` from a JSON value (all or nothing).
    fn json_value(
        &self,
        shape: &Shape<'_>,
        value: &serde_json::Value,
        mode: Mode,
    ) -> Result<TokenStream, String> {
        use serde_json::Value as J;
        match (shape, value) {
            (_, J::Null) => {
                Err("JSON null cannot be encoded (unset members are omitted)".to_owned())
            }
            (Shape::Scalar(Type::Any), v) => {
                let text = v.to_string();
                Ok(quote! { serde_json::from_str::<serde_json::Value>(#text).expect("valid JSON") })
            }
            (Shape::Scalar(Type::String), J::String(s)) => self.leaf(shape, s, mode),
            (Shape::Scalar(Type::Boolean), J::Bool(b)) => Ok(quote! { #b }),
            (Shape::Scalar(Type::Int32 | Type::Int64), J::Number(n)) => {
                self.leaf(shape, &n.to_string(), mode)
            }
            // A float goes back out with a fraction (`2.0`), which JSON does not equate
            // with an integer (`2`).
            (Shape::Scalar(Type::Float | Type::Double), J::Number(n)) if n.is_f64() => {
                self.leaf(shape, &n.to_string(), mode)
            }
            (Shape::Enum(_, false), J::String(s)) => self.leaf(shape, s, mode),
            (Shape::Enum(_, true), J::Number(n)) => self.leaf(shape, &n.to_string(), mode),
            (Shape::Scalar(Type::Float | Type::Double), J::Number(n)) => Err(format!(
                "the integer {n} where a float is documented would go back out as {n}.0"
            )),
            (Shape::Array(inner), J::Array(items)) if !items.is_empty() => {
                let items = items
                    .iter()
                    .map(|v| self.json_value(inner, v, Mode::Concrete))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(quote! { vec![#(#items),*] })
            }
            (Shape::Array(_), J::Array(_)) => Err("an empty JSON array cannot be typed".to_owned()),
            (Shape::Map(inner), J::Object(map)) => {
                let items = map
                    .iter()
                    .map(|(k, v)| {
                        let v = self.json_value(inner, v, Mode::Concrete)?;
                        Ok(quote! { (String::from(#k), #v) })
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                Ok(quote! { std::collections::BTreeMap::from([#(#items),*]) })
            }
            (Shape::Object(n), J::Object(map)) => {
                let mut calls = Vec::new();
                for (k, v) in map {
                    let m = n
                        .members
                        .iter()
                        .find(|m| &m.wire == k)
                        .ok_or_else(|| format!("JSON member {k} is not documented"))?;
                    let f = field(m);
                    match (self.shape(&m.ty), v) {
                        (Shape::Array(inner), J::Array(items)) if !items.is_empty() => {
                            for item in items {
                                let item = self.json_value(&inner, item, Mode::Arg)?;
                                calls.push(quote! { .#f(#item) });
                            }
                        }
                        (Shape::Map(inner), J::Object(entries)) => {
                            for (key, value) in entries {
                                let value = self.json_value(&inner, value, Mode::Arg)?;
                                calls.push(quote! { .#f(#key, #value) });
                            }
                        }
                        (shape, v) => {
                            let v = self.json_value(&shape, v, Mode::Arg)?;
                            calls.push(quote! { .#f(#v) });
                        }
                    }
                }
                if let Some(m) = n
                    .members
                    .iter()
                    .find(|m| m.required && !map.contains_key(&m.wire))
                {
                    return Err(format!("the JSON lacks the required member {}", m.wire));
                }
                let (module, ident) = (&self.module, &n.ident);
                Ok(quote! { #module::#ident::default() #(#calls)* })
            }
            (_, v) => Err(format!("JSON value {v} does not have the documented type")),
        }
    }

    /// Adds to `calls` a setter for every required member of `members` the example did
    /// not give (so the request builds), from its documented example where that parses,
    /// and notes it (by its key, `prefix` + wire name) as not compared.
    fn fill_required(
        &mut self,
        members: &[Member],
        calls: &mut Vec<(usize, TokenStream)>,
        prefix: &str,
    ) {
        for k in (0..members.len()).filter(|k| members[*k].required) {
            if !calls.iter().any(|(set, _)| *set == k) {
                self.fill(members, k, calls, prefix, None);
            }
        }
    }

    /// Adds to `calls` a setter for the first member of every one-of group of which the
    /// example sets no member (so the request builds), and notes it as not compared.
    fn fill_groups(
        &mut self,
        members: &[Member],
        groups: &[OneOf],
        calls: &mut Vec<(usize, TokenStream)>,
    ) {
        for g in groups {
            let indices: Vec<usize> = g
                .members
                .iter()
                .filter_map(|w| members.iter().position(|m| &m.wire == w))
                .collect();
            if indices
                .iter()
                .any(|k| calls.iter().any(|(set, _)| set == k))
            {
                continue;
            }
            if let Some(&k) = indices.first() {
                self.fill(members, k, calls, "", Some(g.members.join(", ")));
            }
        }
    }

    /// Sets member `k` from its documented example where that parses, else a
    /// placeholder, and notes it (by its key, `prefix` + wire name) as not compared;
    /// `group` names the one-of group it stands in for, if that is why.
    fn fill(
        &mut self,
        members: &[Member],
        k: usize,
        calls: &mut Vec<(usize, TokenStream)>,
        prefix: &str,
        group: Option<String>,
    ) {
        let m = &members[k];
        let f = field(m);
        let shape = self.shape(&m.ty);
        let documented = m
            .example
            .as_deref()
            .and_then(|e| self.leaf(&shape, e, Mode::Arg).ok().map(|t| (e, t)));
        let (what, call) = match (documented, &shape) {
            (Some((e, tokens)), _) => (
                format!("set to its documented example {e}"),
                quote! { .#f(#tokens) },
            ),
            (None, Shape::Array(_) | Shape::Map(_)) => {
                let set = naming::ident(&format!("set_{}", m.field.trim_start_matches("r#")));
                (
                    "set to an empty value".to_owned(),
                    quote! { .#set(Some(Default::default())) },
                )
            }
            (None, _) => {
                let value = self.placeholder(&shape);
                ("set to a placeholder".to_owned(), quote! { .#f(#value) })
            }
        };
        calls.push((k, call));
        self.filled.push(Filled {
            wire: format!("{prefix}{}", m.wire),
            what,
            group,
        });
    }

    /// Some value of `shape`, as a setter argument.
    fn placeholder(&self, shape: &Shape<'_>) -> TokenStream {
        match shape {
            Shape::Scalar(Type::Boolean) => quote! { false },
            Shape::Scalar(Type::Int32 | Type::Int64) => quote! { 0 },
            Shape::Scalar(Type::Float | Type::Double) => quote! { 0.0 },
            Shape::Scalar(Type::Any) => quote! { serde_json::Value::Null },
            Shape::Scalar(_) => quote! { "" },
            Shape::Enum(_, true) => quote! { 0i64 },
            Shape::Enum(_, false) => quote! { "" },
            Shape::Array(_) => quote! { Vec::new() },
            Shape::Map(_) => quote! { std::collections::BTreeMap::new() },
            Shape::Object(n) => {
                let (module, ident) = (&self.module, &n.ident);
                let calls = n.members.iter().filter(|m| m.required).map(|m| {
                    let f = field(m);
                    match self.shape(&m.ty) {
                        Shape::Array(_) | Shape::Map(_) => {
                            let set =
                                naming::ident(&format!("set_{}", m.field.trim_start_matches("r#")));
                            quote! { .#set(Some(Default::default())) }
                        }
                        shape => {
                            let value = self.placeholder(&shape);
                            quote! { .#f(#value) }
                        }
                    }
                });
                quote! { #module::#ident::default() #(#calls)* }
            }
        }
    }

    /// The function building the example's request, in `examples`.
    fn builder_tokens(&self, name: &Ident) -> TokenStream {
        let op = self.op;
        let feature = naming::feature_name(&op.category);
        let names = OpNames::of(op);
        let (module, req) = (&self.module, &names.request);
        let mut doc = vec![format!(
            " `{}`: the documentation's request example, built through `{req}::builder()`.",
            op.name
        )];
        let filled: Vec<String> = self
            .filled
            .iter()
            .filter(|f| f.wire != "Action")
            .map(|f| match &f.group {
                Some(group) => format!(
                    " - {}: the example sets no member of the one-of group {group}; {}",
                    f.wire, f.what
                ),
                None => format!(
                    " - {}: required, but the example does not give it; {}",
                    f.wire, f.what
                ),
            })
            .collect();
        if !filled.is_empty() {
            doc.push(String::new());
            doc.push(" Added to the example:".to_owned());
            doc.extend(filled);
        }
        let calls = self.calls.iter().map(|(_, call)| call);
        let message = format!("the example sets every required parameter of {req}");
        quote! {
            #(#[doc = #doc])*
            #[cfg(feature = #feature)]
            pub fn #name() -> #module::#req {
                #module::#req::builder()
                    #(#calls)*
                    .build()
                    .expect(#message)
            }
        }
    }

    /// The block of `emulator_calls.rs` calling the example's operation.
    fn call_tokens(&self, name: &Ident) -> TokenStream {
        let feature = naming::feature_name(&self.op.category);
        let op_name = &self.op.name;
        quote! {
            #[cfg(feature = #feature)]
            {
                let client = &clients[(called % 2) as usize];
                called += 1;
                if let Err(error) = client.call(&examples::#name()).await {
                    failures.push(format!("{}: {error}", #op_name));
                }
            }
        }
    }

    /// The `#[test]` comparing the example's request with its URL.
    fn test_tokens(&self, name: &Ident) -> TokenStream {
        let op = self.op;
        let feature = naming::feature_name(&op.category);
        let names = OpNames::of(op);
        let (module, req) = (&self.module, &names.request);
        let mut doc = vec![format!(
            " `{}`: the documentation's request example, built through `{req}::builder()` (`examples::{name}`), compared with the example URL.",
            op.name
        )];
        if !self.left_out.is_empty() || !self.filled.is_empty() {
            doc.push(String::new());
            doc.push(" Left out of both sides:".to_owned());
        }
        for l in &self.left_out {
            doc.push(format!(" - {}={}: {}", l.key, one_line(&l.value), l.reason));
        }
        for f in &self.filled {
            if f.wire == "Action" {
                doc.push(format!(" - Action: {}; not compared", f.what));
            } else if let Some(group) = &f.group {
                doc.push(format!(
                    " - {}: the example sets no member of the one-of group {group}; {} and not compared",
                    f.wire, f.what
                ));
            } else {
                doc.push(format!(
                    " - {}: required, but the example does not give it; {} and not compared",
                    f.wire, f.what
                ));
            }
        }
        let expected = self.expected.iter().map(|(k, v)| quote! { (#k, #v) });
        let json = &self.json;
        let ignored = self.filled.iter().map(|f| &f.wire);
        let helper = naming::ident(HELPER);
        let action = self.action.as_ref().map(|a| {
            quote! { assert_eq!(<#module::#req as dataworks_public::Operation>::NAME, #a); }
        });
        quote! {
            #(#[doc = #doc])*
            #[cfg(feature = #feature)]
            #[test]
            fn #name() {
                let request = examples::#name();
                #action
                #helper(
                    dataworks_public::Operation::params(&request),
                    &[#(#expected),*],
                    &[#(#json),*],
                    &[#(#ignored),*],
                );
            }
        }
    }
}

/// A value on one line, for a comment.
fn one_line(value: &str) -> String {
    value.replace('\r', "\\r").replace('\n', "\\n")
}

/// An integer literal for `text` if it parses as `T` and prints back as `text`;
/// `suffixed` gives an `i64`-suffixed literal (for `impl Into<Enum>` arguments).
fn int_literal<T>(text: &str, what: &str, suffixed: bool) -> Result<TokenStream, String>
where
    T: std::str::FromStr + ToString + Into<i64>,
{
    let value: T = text.parse().map_err(|_| format!("not a valid {what}"))?;
    if value.to_string() != text {
        return Err(format!(
            "would be sent as {} (the {what} does not keep this spelling)",
            value.to_string()
        ));
    }
    let value: i64 = value.into();
    let magnitude = value.unsigned_abs();
    let lit = if suffixed {
        Literal::u64_unsuffixed(magnitude).to_string() + "i64"
    } else {
        Literal::u64_unsuffixed(magnitude).to_string()
    };
    let lit: TokenStream = lit.parse().unwrap_or_default();
    Ok(if value < 0 {
        quote! { -#lit }
    } else {
        lit
    })
}

/// A float literal for `text` if it parses as a finite `T` and prints back as `text`.
fn float_literal<T>(text: &str, what: &str) -> Result<TokenStream, String>
where
    T: std::str::FromStr + ToString + Into<f64> + Copy,
{
    let value: T = text.parse().map_err(|_| format!("not a valid {what}"))?;
    if !value.into().is_finite() {
        return Err(format!("not a finite {what}"));
    }
    if value.to_string() != text {
        return Err(format!(
            "would be sent as {} (the {what} does not keep this spelling)",
            value.to_string()
        ));
    }
    // `text` is the value's shortest exact spelling: as a literal it needs a fraction.
    let magnitude = text.trim_start_matches('-');
    let lit = if magnitude.contains('.') {
        magnitude.to_owned()
    } else {
        format!("{magnitude}.0")
    };
    let lit: TokenStream = lit.parse().unwrap_or_default();
    Ok(if text.starts_with('-') {
        quote! { -#lit }
    } else {
        lit
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use dwgen_spec::{Encoding, Field, Param, Request, Response, Schema};

    fn param(name: &str, ty: Type, required: bool) -> Param {
        Param::new(name, ty, required)
    }

    fn field(name: &str, ty: Type, required: Option<bool>) -> Field {
        Field {
            required,
            ..Field::new(name, ty)
        }
    }

    /// An example's parameters, as the scraper writes them into the spec.
    fn example(pairs: &[(&str, &str)]) -> Vec<dwgen_spec::ExampleParam> {
        pairs
            .iter()
            .map(|(name, value)| dwgen_spec::ExampleParam {
                name: (*name).to_owned(),
                value: (*value).to_owned(),
            })
            .collect()
    }

    fn spec(request: Vec<dwgen_spec::ExampleParam>) -> Spec {
        let mut tags = param("Tags", Type::Array, false);
        tags.items = Some(Box::new(Schema::of(Type::String)));
        let mut columns = param("Columns", Type::Array, false);
        let mut column = Schema::of(Type::Object);
        column.type_name = Some("Column".into());
        column.fields = vec![
            field("Name", Type::String, Some(true)),
            field("Length", Type::Int32, None),
        ];
        columns.items = Some(Box::new(column));
        let mut json = param("Spec", Type::Object, false);
        json.encoding = Encoding::Json;
        json.fields = vec![field("Size", Type::Int32, None)];
        let mut node_id = param("NodeId", Type::Int64, true);
        node_id.example = Some("7".into());
        let op = Operation {
            name: "PutThing".into(),
            category: "data-development".into(),
            qps_tier: Some(3),
            summary: "s".into(),
            description: "s".into(),
            deprecated: false,
            request: Request {
                params: vec![
                    param("ProjectId", Type::Int64, true),
                    param("Flag", Type::Boolean, false),
                    node_id,
                    tags,
                    columns,
                    json,
                ],
                ..Request::default()
            },
            response: Response::default(),
            errors: vec![],
            examples: dwgen_spec::Examples {
                request,
                response_json: None,
            },
            sources: vec![],
        };
        Spec::new(
            crate::emit::test_support::service("data-development", "数据开发"),
            vec![op],
        )
    }

    fn rendered(pairs: &[(&str, &str)]) -> String {
        let spec = spec(example(pairs));
        let space = crate::plan::TypeSpace::plan(&spec);
        let files = emit(&spec, &space);
        [
            ("tests/examples/mod.rs", files.builders),
            ("tests/request_examples.rs", files.tests),
        ]
        .iter()
        .map(|(path, tokens)| {
            super::super::format::rust_file(Path::new(path), tokens).expect("parses")
        })
        .collect()
    }

    fn squash(s: &str) -> String {
        s.split_whitespace().collect()
    }

    #[test]
    fn literals_must_keep_the_example_spelling() {
        assert_eq!(
            int_literal::<i64>("10000", "int64", false)
                .unwrap()
                .to_string(),
            "10000"
        );
        assert_eq!(
            int_literal::<i64>("-5", "int64", true).unwrap().to_string(),
            "- 5i64"
        );
        assert!(int_literal::<i64>("007", "int64", false).is_err());
        assert!(int_literal::<i32>("1617115071885", "int32", false).is_err());
        assert!(int_literal::<i32>("abc", "int32", false).is_err());
        assert_eq!(
            float_literal::<f32>("1", "float").unwrap().to_string(),
            "1.0"
        );
        assert_eq!(
            float_literal::<f64>("2.5", "double").unwrap().to_string(),
            "2.5"
        );
        assert!(float_literal::<f32>("1.0", "float").is_err());
        assert!(float_literal::<f64>("NaN", "double").is_err());
        assert_eq!(
            with_index_placeholders("Columns.1.ColumnName"),
            "Columns.N.ColumnName"
        );
    }

    #[test]
    fn examples_become_builder_calls_and_expected_pairs() {
        let out = squash(&rendered(&[
            ("Action", "PutThing"),
            ("ProjectId", "10000"),
            ("Flag", "true"),
            ("Tags.1", "a"),
            ("Tags.2", "b"),
            ("Columns.1.Name", "id"),
            ("Columns.1.Length", "10"),
            ("Spec", "{\"Size\": 3}"),
        ]));
        for needle in [
            "#[cfg(feature = \"data-development\")] #[test] fn put_thing() { let request = examples::put_thing();",
            "#[cfg(feature = \"data-development\")] pub fn put_thing() -> dataworks_public::data_development::put_thing::PutThingRequest {",
            "dataworks_public::data_development::put_thing::PutThingRequest::builder()",
            ".project_id(10000)",
            ".flag(true)",
            ".tags(\"a\").tags(\"b\")",
            ".columns(dataworks_public::data_development::put_thing::Column::default().name(\"id\").length(10),)",
            ".spec(dataworks_public::data_development::put_thing::Spec::default().size(3))",
            ".node_id(7)",
            "assert_eq!(<dataworks_public::data_development::put_thing::PutThingRequest as dataworks_public::Operation>::NAME, \"PutThing\");",
            "check_params(dataworks_public::Operation::params(&request),",
            "(\"ProjectId\", \"10000\"), (\"Flag\", \"true\"), (\"Tags.1\", \"a\"), (\"Tags.2\", \"b\"), (\"Columns.1.Name\", \"id\"), (\"Columns.1.Length\", \"10\"), (\"Spec\", \"{\\\"Size\\\": 3}\"),",
            "&[\"Spec\"], &[\"NodeId\"],",
            "/// - NodeId: required, but the example does not give it; set to its documented example 7 and not compared",
            "1 examples; 0 of their parameters are left out of the comparison and 1 required parameters",
        ] {
            assert!(out.contains(&squash(needle)), "missing `{needle}` in:\n{out}");
        }
    }

    #[test]
    fn what_cannot_be_encoded_is_left_out_with_its_reason() {
        let out = squash(&rendered(&[
            ("Action", "PutThing"),
            ("ProjectId", "1x"),
            ("NodeId", "5"),
            ("Flag", "1"),
            ("RegionId", "cn-shanghai"),
            ("Nope", "1"),
            ("Tags.1", "a"),
            ("Tags.3", "c"),
            ("Columns.1.Length", "4"),
            ("Columns.1.Bad", "4"),
            ("Spec", "{\"Size\": \"3\"}"),
            ("NodeId", "6"),
        ]));
        for needle in [
            "/// - ProjectId=1x: not a valid int64",
            "/// - Flag=1: not a boolean (true or false)",
            "/// - RegionId=cn-shanghai: a common request parameter",
            "/// - Nope=1: not a documented request parameter of PutThing",
            "/// - Tags.3=c: array index 3 where 2 is missing",
            "/// - Columns.1.Bad=4: not a documented member of its object",
            "/// - Spec={\"Size\": \"3\"}: JSON value \"3\" does not have the documented type",
            "/// - NodeId=6: given twice; the first is used",
            "/// - ProjectId: required, but the example does not give it; set to a placeholder and not compared",
            "/// - Columns.1.Name: required, but the example does not give it; set to a placeholder and not compared",
            ".project_id(0)",
            ".columns(dataworks_public::data_development::put_thing::Column::default().length(4).name(\"\"),)",
            "&[\"Columns.1.Name\", \"ProjectId\"],",
        ] {
            assert!(out.contains(&squash(needle)), "missing `{needle}` in:\n{out}");
        }
    }
}
