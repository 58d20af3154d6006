//! Comparing two specs into a [`Report`]: `service.yaml` key by key, operations by name
//! (category, QPS level, deprecation, read-only or mutating, texts), errors by code. Request parameters and
//! response fields are compared as trees by the private `tree` module, with moves and
//! hints from the private `moves` module; the planned types of both sides (splits,
//! merges, renames, shared paths) by the private `types` module. `sources` (provenance)
//! are never compared.

use std::collections::{BTreeMap, BTreeSet};

use codegen::operation_kind;
use dwgen_spec::Spec;
use dwgen_spec::{ErrorSpec, Operation, Service};

use super::model::{Change, ChangeKind, OperationReport, Part, Report};
use super::tree::{members, params, side};
use super::types::TypeDiff;

/// Compares two whole specs; `old_label` and `new_label` say where they came from.
pub fn compare(old: &Spec, new: &Spec, old_label: &str, new_label: &str) -> Report {
    let old_ops: BTreeMap<&str, &Operation> = old
        .operations
        .iter()
        .map(|o| (o.name.as_str(), o))
        .collect();
    let new_ops: BTreeMap<&str, &Operation> = new
        .operations
        .iter()
        .map(|o| (o.name.as_str(), o))
        .collect();
    let names: BTreeSet<&str> = old_ops.keys().chain(new_ops.keys()).copied().collect();
    let type_diff = TypeDiff::new(old, new);
    let mut type_changes = type_diff.changes();
    let mut operations = Vec::new();
    for name in names {
        let (category, changes) = match (old_ops.get(name), new_ops.get(name)) {
            (Some(o), Some(n)) => {
                let mut changes = operation(o, n);
                let read_only = operation_kind::read_only(new, name);
                if operation_kind::read_only(old, name) != read_only {
                    changes.push(Change::new(ChangeKind::ReadOnlyChanged { read_only }));
                }
                changes.extend(waiter(old, new, name));
                let types = type_changes.operations.remove(name).unwrap_or_default();
                type_diff.attach(name, &mut changes, types);
                (n.category.clone(), changes)
            }
            (None, Some(n)) => (
                n.category.clone(),
                vec![Change::new(ChangeKind::OperationAdded {
                    category: n.category.clone(),
                })],
            ),
            (Some(o), None) => (
                o.category.clone(),
                vec![Change::new(ChangeKind::OperationRemoved {
                    category: o.category.clone(),
                })],
            ),
            (None, None) => continue,
        };
        if !changes.is_empty() {
            operations.push(OperationReport {
                name: name.to_owned(),
                category,
                changes: by_class(changes),
            });
        }
    }
    Report {
        old_label: old_label.to_owned(),
        new_label: new_label.to_owned(),
        old_operations: old.operations.len(),
        new_operations: new.operations.len(),
        service: by_class({
            let mut changes = service(&old.service, &new.service);
            changes.extend(endpoints(old, new));
            changes
        }),
        // Type-level changes are attached to operations on both sides; any other
        // (none are expected) is kept with the shared types rather than lost.
        shared_types: by_class(
            type_changes
                .shared
                .into_iter()
                .chain(type_changes.operations.into_values().flatten())
                .collect(),
        ),
        operations,
    }
}

/// Breaking first, then compatible, then documentation; found order within a class.
fn by_class(mut changes: Vec<Change>) -> Vec<Change> {
    changes.sort_by_key(|c| c.class);
    changes
}

fn text(out: &mut Vec<Change>, location: String) {
    out.push(Change::new(ChangeKind::TextChanged { location }));
}

fn service(old: &Service, new: &Service) -> Vec<Change> {
    let mut out = Vec::new();
    for (key, o, n) in [
        ("product", &old.product, &new.product),
        ("api_version", &old.api_version, &new.api_version),
        ("protocol", &old.protocol, &new.protocol),
    ] {
        if o != n {
            out.push(Change::new(ChangeKind::ServiceValueChanged {
                key,
                old: o.clone(),
                new: n.clone(),
            }));
        }
    }
    for c in &old.categories {
        if !new.categories.iter().any(|n| n.id == c.id) {
            out.push(Change::new(ChangeKind::CategoryRemoved {
                id: c.id.clone(),
            }));
        }
    }
    for c in &new.categories {
        match old.categories.iter().find(|o| o.id == c.id) {
            None => out.push(Change::new(ChangeKind::CategoryAdded { id: c.id.clone() })),
            Some(o) if o.title != c.title => {
                text(&mut out, format!("category `{}` title", c.id));
            }
            Some(_) => {}
        }
    }
    let limits = |t: &dwgen_spec::QpsTier| match t.daily_calls {
        Some(d) => format!("{} qps, {d}/day", t.qps),
        None => format!("{} qps", t.qps),
    };
    for t in &old.qps_tiers {
        if !new.qps_tiers.iter().any(|n| n.tier == t.tier) {
            out.push(Change::new(ChangeKind::QpsTierRemoved { tier: t.tier }));
        }
    }
    for t in &new.qps_tiers {
        match old.qps_tiers.iter().find(|o| o.tier == t.tier) {
            None => out.push(Change::new(ChangeKind::QpsTierAdded { tier: t.tier })),
            Some(o) if o != t => out.push(Change::new(ChangeKind::QpsTierLimitsChanged {
                tier: t.tier,
                old: limits(o),
                new: limits(t),
            })),
            Some(_) => {}
        }
    }
    out.extend(errors(&old.common_errors, &new.common_errors, true));
    out.extend(pricing(old.pricing.as_ref(), new.pricing.as_ref()));
    out
}

/// The endpoint rules (`endpoints.yaml`): the host patterns and each region served
/// otherwise.
fn endpoints(old: &Spec, new: &Spec) -> Vec<Change> {
    let (Some(o), Some(n)) = (&old.endpoints, &new.endpoints) else {
        return match (&old.endpoints, &new.endpoints) {
            (None, Some(_)) => vec![Change::new(ChangeKind::EndpointsChanged {
                what: "endpoint rules added".to_owned(),
            })],
            (Some(_), None) => vec![Change::new(ChangeKind::EndpointsChanged {
                what: "endpoint rules removed".to_owned(),
            })],
            _ => Vec::new(),
        };
    };
    let mut what = Vec::new();
    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_owned());
    if o.public != n.public {
        what.push(format!("public pattern `{}` → `{}`", o.public, n.public));
    }
    if o.vpc != n.vpc {
        what.push(format!(
            "VPC pattern `{}` → `{}`",
            shown(&o.vpc),
            shown(&n.vpc)
        ));
    }
    let regions: std::collections::BTreeSet<&str> = o
        .regions
        .iter()
        .chain(&n.regions)
        .map(|r| r.region.as_str())
        .collect();
    for region in regions {
        let find = |e: &dwgen_spec::overlays::endpoints::Endpoints| {
            e.regions
                .iter()
                .find(|r| r.region == region)
                .map(|r| format!("{} (VPC {})", r.public, shown(&r.vpc)))
        };
        let (before, after) = (find(o), find(n));
        if before != after {
            let text = |v: Option<String>| v.unwrap_or_else(|| "the patterns".to_owned());
            what.push(format!(
                "region `{region}`: {} → {}",
                text(before),
                text(after)
            ));
        }
    }
    what.into_iter()
        .map(|what| Change::new(ChangeKind::EndpointsChanged { what }))
        .collect()
}

/// The price table: editions added or removed, free quotas and the price changed.
fn pricing(old: Option<&dwgen_spec::Pricing>, new: Option<&dwgen_spec::Pricing>) -> Vec<Change> {
    let mut out = Vec::new();
    let editions =
        |p: Option<&dwgen_spec::Pricing>| p.map(|p| p.editions.clone()).unwrap_or_default();
    let (old_editions, new_editions) = (editions(old), editions(new));
    for e in &old_editions {
        if !new_editions.iter().any(|n| n.id == e.id) {
            out.push(Change::new(ChangeKind::EditionRemoved { id: e.id.clone() }));
        }
    }
    for e in &new_editions {
        match old_editions.iter().find(|o| o.id == e.id) {
            None => out.push(Change::new(ChangeKind::EditionAdded { id: e.id.clone() })),
            Some(o) if o.free_calls_per_month != e.free_calls_per_month => {
                out.push(Change::new(ChangeKind::PriceChanged {
                    what: format!("`{}` free calls a month", e.id),
                    old: o.free_calls_per_month.to_string(),
                    new: e.free_calls_per_month.to_string(),
                }));
            }
            Some(o) if o.title != e.title => text(&mut out, format!("edition `{}` title", e.id)),
            Some(_) => {}
        }
    }
    let price = |p: Option<&dwgen_spec::Pricing>| {
        p.map(|p| format!("{} USD per {} calls", p.usd_per_unit, p.calls_per_unit))
    };
    if let (Some(o), Some(n)) = (price(old), price(new)) {
        if o != n {
            out.push(Change::new(ChangeKind::PriceChanged {
                what: "the price beyond the free calls".to_owned(),
                old: o,
                new: n,
            }));
        }
    }
    out
}

/// The waiter starting at operation `name` (`spec/waiters.yaml`): added, removed or
/// changed.
fn waiter(old: &Spec, new: &Spec, name: &str) -> Vec<Change> {
    let find = |spec: &Spec| spec.waiters.iter().find(|w| w.operation == name).cloned();
    match (find(old), find(new)) {
        (None, Some(n)) => vec![Change::new(ChangeKind::WaiterAdded { poll: n.poll })],
        (Some(o), None) => vec![Change::new(ChangeKind::WaiterRemoved { poll: o.poll })],
        (Some(o), Some(n)) => {
            let mut what = Vec::new();
            let mut differs = |label: &str, a: String, b: String| {
                if a != b {
                    what.push(format!("{label} {a} → {b}"));
                }
            };
            differs("polls", o.poll.clone(), n.poll.clone());
            differs("id", o.id.clone(), n.id.clone());
            differs("id parameter", o.id_param.clone(), n.id_param.clone());
            differs("status", o.status.clone(), n.status.clone());
            differs(
                "success values",
                format!("{:?}", o.success),
                format!("{:?}", n.success),
            );
            differs(
                "failure values",
                format!("{:?}", o.failure),
                format!("{:?}", n.failure),
            );
            differs("message", o.message.clone(), n.message.clone());
            differs(
                "carried",
                format!("{:?}", o.carried),
                format!("{:?}", n.carried),
            );
            differs("method", o.method.clone(), n.method.clone());
            differs("error type", o.error.clone(), n.error.clone());
            let renamed = o.method != n.method || o.error != n.error;
            if what.is_empty() {
                Vec::new()
            } else {
                vec![Change::new(ChangeKind::WaiterChanged {
                    what: what.join("; "),
                    renamed,
                })]
            }
        }
        (None, None) => Vec::new(),
    }
}

fn operation(old: &Operation, new: &Operation) -> Vec<Change> {
    let mut out = Vec::new();
    if old.category != new.category {
        out.push(Change::new(ChangeKind::CategoryChanged {
            old: old.category.clone(),
            new: new.category.clone(),
        }));
    }
    if old.qps_tier != new.qps_tier {
        out.push(Change::new(ChangeKind::QpsTierChanged {
            old: old.qps_tier,
            new: new.qps_tier,
        }));
    }
    if old.deprecated != new.deprecated {
        out.push(Change::new(ChangeKind::DeprecatedChanged {
            deprecated: new.deprecated,
        }));
    }
    if old.summary != new.summary {
        text(&mut out, "summary".to_owned());
    }
    if old.description != new.description {
        text(&mut out, "description".to_owned());
    }
    if old.examples.request != new.examples.request {
        text(&mut out, "request example".to_owned());
    }
    if old.examples.response_json != new.examples.response_json {
        text(&mut out, "response example".to_owned());
    }
    out.extend(side(
        Part::Request,
        &params(&old.request.params),
        &params(&new.request.params),
    ));
    out.extend(side(
        Part::Response,
        &members(&old.response.fields),
        &members(&new.response.fields),
    ));
    out.extend(one_of(old, new));
    out.extend(errors(&old.errors, &new.errors, false));
    out
}

/// One-of groups added or removed (a group is its set of members).
fn one_of(old: &Operation, new: &Operation) -> Vec<Change> {
    let set = |g: &Vec<String>| {
        let mut s = g.clone();
        s.sort();
        s
    };
    let (olds, news): (Vec<Vec<String>>, Vec<Vec<String>>) = (
        old.request.one_of.iter().map(set).collect(),
        new.request.one_of.iter().map(set).collect(),
    );
    let mut out = Vec::new();
    for (g, sorted) in old.request.one_of.iter().zip(&olds) {
        if !news.contains(sorted) {
            out.push(Change::new(ChangeKind::OneOfRemoved { members: g.clone() }));
        }
    }
    for (g, sorted) in new.request.one_of.iter().zip(&news) {
        if !olds.contains(sorted) {
            let covered = g.iter().any(|m| {
                old.request
                    .params
                    .iter()
                    .any(|p| &p.name == m && p.required)
            });
            out.push(Change::new(ChangeKind::OneOfAdded {
                members: g.clone(),
                covered,
            }));
        }
    }
    if old.request.one_of_notes != new.request.one_of_notes {
        text(&mut out, "one-of note".to_owned());
    }
    out
}

/// Error codes in first-seen order with their statuses (sorted), message and description.
fn error_table(errors: &[ErrorSpec]) -> Vec<(&str, Vec<u16>, &str, &str)> {
    let mut out: Vec<(&str, Vec<u16>, &str, &str)> = Vec::new();
    for e in errors {
        match out.iter_mut().find(|(code, ..)| *code == e.code) {
            Some((_, statuses, ..)) => {
                if !statuses.contains(&e.status) {
                    statuses.push(e.status);
                    statuses.sort_unstable();
                }
            }
            None => out.push((&e.code, vec![e.status], &e.message, &e.description)),
        }
    }
    out
}

fn statuses(s: &[u16]) -> String {
    s.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
}

/// Compares error tables; `common` for the service's common errors.
fn errors(old: &[ErrorSpec], new: &[ErrorSpec], common: bool) -> Vec<Change> {
    let noun = if common { "common error" } else { "error" };
    let (old, new) = (error_table(old), error_table(new));
    let mut out = Vec::new();
    for (code, st, ..) in &old {
        if !new.iter().any(|n| n.0 == *code) {
            out.push(Change::new(ChangeKind::ErrorRemoved {
                common,
                code: (*code).to_owned(),
                status: statuses(st),
            }));
        }
    }
    for (code, st, message, description) in &new {
        let Some((_, ost, omessage, odescription)) = old.iter().find(|o| o.0 == *code) else {
            out.push(Change::new(ChangeKind::ErrorAdded {
                common,
                code: (*code).to_owned(),
                status: statuses(st),
            }));
            continue;
        };
        if ost != st {
            out.push(Change::new(ChangeKind::ErrorStatusChanged {
                common,
                code: (*code).to_owned(),
                old: statuses(ost),
                new: statuses(st),
            }));
        }
        if omessage != message || odescription != description {
            text(&mut out, format!("{noun} `{code}` message or description"));
        }
    }
    out
}
