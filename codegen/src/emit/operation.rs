//! Operation metadata emitter: the generated crate's `src/operation.rs` (`QpsTier` with
//! `qps()` / `daily_quota()` from `service.yaml`, `Category`, `OperationInfo` and the
//! `OPERATIONS` table of every operation, with whether it only reads:
//! [`crate::operation_kind`]). Each request's `Operation` impl (the one
//! per-operation trait, the runtime's) is the request emitter's.

use std::path::PathBuf;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::docs::sanitize;
use super::{CodegenError, Files};
use crate::naming::{self, Namespace};
use crate::operation_kind;
use dwgen_spec::Operation;
use dwgen_spec::Spec;

/// `QpsTier` variant for a documented level: `3` → `Level3`.
pub(super) fn tier_variant(tier: u8) -> Ident {
    naming::ident(&naming::variant_name(&format!("Level{tier}")))
}

/// `Some(crate::QpsTier::LevelN)` or `None`.
fn tier_expr(tier: Option<u8>) -> TokenStream {
    match tier {
        Some(t) => {
            let v = tier_variant(t);
            quote! { Some(crate::QpsTier::#v) }
        }
        None => quote! { None },
    }
}

/// `Category` variant names, one per service category in `service.yaml` order, unique.
fn category_variants(spec: &Spec) -> Vec<(String, Ident)> {
    let mut ns = Namespace::new();
    spec.service
        .categories
        .iter()
        .map(|c| {
            (
                c.id.clone(),
                naming::ident(&ns.claim(&naming::variant_name(&c.id))),
            )
        })
        .collect()
}

/// `crate::Category::X` for a category id (the id is checked by [`emit_shared`]; an
/// unknown id still gives its converted name, which then fails to compile).
fn category_expr(spec: &Spec, id: &str) -> TokenStream {
    let v = category_variants(spec)
        .into_iter()
        .find(|(cid, _)| cid == id)
        .map(|(_, v)| v)
        .unwrap_or_else(|| naming::ident(&naming::variant_name(id)));
    quote! { crate::Category::#v }
}

/// Inner or outer doc attributes from raw (already rustdoc-safe) lines.
fn raw_doc(lines: &[&str]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let l = format!(" {l}");
        quote! { #[doc = #l] }
    });
    quote! { #(#attrs)* }
}

/// Checks that every operation's tier and category is declared in `service.yaml`.
fn check(spec: &Spec) -> Result<(), CodegenError> {
    for op in &spec.operations {
        if let Some(t) = op.qps_tier {
            if !spec.service.qps_tiers.iter().any(|q| q.tier == t) {
                return Err(CodegenError::Spec(format!(
                    "operation {} names undeclared QPS tier {t}",
                    op.name
                )));
            }
        }
        if !spec.service.categories.iter().any(|c| c.id == op.category) {
            return Err(CodegenError::Spec(format!(
                "operation {} names unknown category `{}`",
                op.name, op.category
            )));
        }
    }
    Ok(())
}

/// Writes `src/operation.rs`.
pub fn emit_shared(
    spec: &Spec,
    fmt: &dyn super::format::RustFormatter,
    files: &mut Files,
) -> Result<(), CodegenError> {
    check(spec)?;
    let path = PathBuf::from("src/operation.rs");
    let tokens = shared_tokens(spec);
    files.insert(path.clone(), fmt.format(&path, &tokens)?);
    Ok(())
}

/// The tokens of `src/operation.rs`.
fn shared_tokens(spec: &Spec) -> TokenStream {
    let module_doc = [
        " Operation metadata: QPS levels, API groups, and [`OPERATIONS`], a table of every",
        " operation for tools. Each request implements the runtime's",
        " [`Operation`](dataworks_runtime::Operation), which carries the same facts as consts.",
    ]
    .map(|l| quote! { #![doc = #l] });
    let tier = tier_tokens(spec);
    let edition = edition_tokens(spec);
    let category = category_tokens(spec);
    let table = operations_table(spec);
    let version = &spec.service.api_version;
    quote! {
        #(#module_doc)*

        /// The API version every call is sent with (`Version` / `x-acs-version`).
        pub const API_VERSION: &str = #version;

        #tier
        #edition
        #category

        /// An operation's metadata, for tools that work from names.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct OperationInfo {
            /// The exact action name.
            pub name: &'static str,
            /// The documented QPS level; `None` where the documentation gives none.
            pub tier: Option<QpsTier>,
            /// The API group.
            pub category: Category,
            /// Whether the operation only reads (by its verb: `Get`, `List`, `Check`,
            /// `Search`, `Query`, `Scan`, `Top`, or a reviewed exception): the client then
            /// also retries it after a 5xx answer, a timeout or a lost connection. The
            /// same as its request's [`Operation::READ_ONLY`](dataworks_runtime::Operation::READ_ONLY).
            pub read_only: bool,
        }

        #table

        /// The metadata of the operation named `name` (exact action name).
        pub fn find(name: &str) -> Option<&'static OperationInfo> {
            OPERATIONS
                .binary_search_by(|o| o.name.cmp(name))
                .ok()
                .map(|i| &OPERATIONS[i])
        }
    }
}

/// `QpsTier` and its limits.
fn tier_tokens(spec: &Spec) -> TokenStream {
    let mut tiers = spec.service.qps_tiers.clone();
    tiers.sort_by_key(|t| t.tier);
    tiers.dedup_by_key(|t| t.tier);
    let variants = tiers.iter().map(|t| {
        let v = tier_variant(t.tier);
        let daily = t
            .daily_calls
            .map(|d| format!(" and at most {d} calls a day"))
            .unwrap_or_default();
        let doc = raw_doc(&[&format!(
            "Level {}: at most {} calls per second{daily}, per account and region.",
            t.tier, t.qps
        )]);
        quote! { #doc #v, }
    });
    let vs: Vec<Ident> = tiers.iter().map(|t| tier_variant(t.tier)).collect();
    let levels = tiers.iter().map(|t| Literal::u8_unsuffixed(t.tier));
    let levels2 = tiers.iter().map(|t| Literal::u8_unsuffixed(t.tier));
    let qps = tiers.iter().map(|t| Literal::u32_unsuffixed(t.qps));
    let daily = tiers
        .iter()
        .map(|t| match t.daily_calls.map(Literal::u32_unsuffixed) {
            Some(d) => quote! { Some(#d) },
            None => quote! { None },
        });
    let (vs1, vs2, vs3, vs4) = (&vs, &vs, &vs, &vs);
    if tiers.is_empty() {
        return quote! {
            /// A QPS level (the documentation gives none).
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub enum QpsTier {}
        };
    }
    quote! {
        /// A QPS level: the documentation puts each operation into one, and the service
        /// limits the calls of an operation by its level. The limits apply per account and
        /// region. Going over them gives a throttling error (HTTP 429, `Throttling.*`).
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum QpsTier {
            #(#variants)*
        }

        impl QpsTier {
            /// The tier of a level number (`Operation::TIER`), if documented.
            pub const fn from_level(level: u8) -> Option<QpsTier> {
                match level {
                    #(#levels2 => Some(QpsTier::#vs4),)*
                    _ => None,
                }
            }

            /// The level's number (1, 2, ...).
            pub const fn level(self) -> u8 {
                match self {
                    #(QpsTier::#vs1 => #levels,)*
                }
            }

            /// The most calls per second, per account and region.
            pub const fn qps(self) -> u32 {
                match self {
                    #(QpsTier::#vs2 => #qps,)*
                }
            }

            /// The most calls per day, per account and region, where the documentation
            /// gives a daily cap.
            pub const fn daily_quota(self) -> Option<u32> {
                match self {
                    #(QpsTier::#vs3 => #daily,)*
                }
            }

            /// The level and its limits as the runtime paces by them: each operation's
            /// [`Operation::TIER`](dataworks_runtime::Operation::TIER) is its level's.
            pub const fn tier(self) -> dataworks_runtime::Tier {
                dataworks_runtime::Tier::new(
                    self.level(),
                    dataworks_runtime::TierLimit::new(self.qps(), self.daily_quota()),
                )
            }
        }
    }
}

/// `Edition` with each edition's documented price, when the spec has a price table.
fn edition_tokens(spec: &Spec) -> TokenStream {
    let Some(pricing) = &spec.service.pricing else {
        return quote! {};
    };
    if pricing.editions.is_empty() {
        return quote! {};
    }
    let mut ns = Namespace::new();
    let vs: Vec<Ident> = pricing
        .editions
        .iter()
        .map(|e| naming::ident(&ns.claim(&naming::variant_name(&e.id))))
        .collect();
    let decls = pricing.editions.iter().zip(&vs).map(|(e, v)| {
        let title = sanitize(&e.title).join(" ");
        let doc = raw_doc(&[&format!(
            "{title} (`{}`): {} free calls a month per account and region.",
            e.id, e.free_calls_per_month
        )]);
        quote! { #doc #v, }
    });
    let ids: Vec<&str> = pricing.editions.iter().map(|e| e.id.as_str()).collect();
    let titles = pricing.editions.iter().map(|e| e.title.as_str());
    let free = pricing
        .editions
        .iter()
        .map(|e| Literal::u64_unsuffixed(e.free_calls_per_month));
    let usd = Literal::f64_unsuffixed(pricing.usd_per_unit);
    let unit = Literal::u64_unsuffixed(pricing.calls_per_unit);
    let source = format!(
        " From the documentation's 计费方式 table (`{}`, lines {} to {}): each edition's free calls a month per account and region (sub-accounts included), and {} USD per {} calls beyond them.",
        pricing.source.file,
        pricing.source.lines[0],
        pricing.source.lines[1],
        pricing.usd_per_unit,
        pricing.calls_per_unit
    );
    let (vs1, vs2, vs3, vs4) = (&vs, &vs, &vs, &vs);
    let ids2 = ids.clone();
    quote! {
        /// A DataWorks edition, for the price of OpenAPI calls
        /// ([`ClientBuilder::pricing`](dataworks_runtime::ClientBuilder::pricing) with
        /// [`Edition::pricing`], and the usage meter's cost estimate).
        #[doc = ""]
        #[doc = #source]
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Edition {
            #(#decls)*
        }

        impl Edition {
            /// Every documented edition, in documentation order.
            pub const ALL: &'static [Edition] = &[#(Edition::#vs1),*];

            /// The edition with this id (`enterprise`, ...).
            pub fn from_id(id: &str) -> Option<Edition> {
                match id {
                    #(#ids => Some(Edition::#vs2),)*
                    _ => None,
                }
            }

            /// The stable ASCII id.
            pub const fn id(self) -> &'static str {
                match self {
                    #(Edition::#vs3 => #ids2,)*
                }
            }

            /// The documentation's title.
            pub const fn title(self) -> &'static str {
                match self {
                    #(Edition::#vs4 => #titles,)*
                }
            }

            /// Free calls a month per account and region.
            pub const fn free_calls_per_month(self) -> u64 {
                match self {
                    #(Edition::#vs => #free,)*
                }
            }

            /// The documented price of calls with this edition, for the client's usage
            /// meter.
            pub const fn pricing(self) -> dataworks_runtime::Pricing {
                dataworks_runtime::Pricing::new(self.id(), self.free_calls_per_month(), #usd, #unit)
            }
        }
    }
}

/// `Category` with its ids and titles.
fn category_tokens(spec: &Spec) -> TokenStream {
    let variants = category_variants(spec);
    let decls = spec
        .service
        .categories
        .iter()
        .zip(&variants)
        .map(|(c, (_, v))| {
            let title = sanitize(&c.title).join(" ");
            let doc = raw_doc(&[&format!("{title} (`{}`).", c.id)]);
            quote! { #doc #v, }
        });
    let vs: Vec<&Ident> = variants.iter().map(|(_, v)| v).collect();
    let ids = spec.service.categories.iter().map(|c| c.id.as_str());
    let ids2 = spec.service.categories.iter().map(|c| c.id.as_str());
    let titles = spec.service.categories.iter().map(|c| c.title.as_str());
    let (vs1, vs2, vs3) = (&vs, &vs, &vs);
    quote! {
        /// An API group of the documentation.
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Category {
            #(#decls)*
        }

        impl Category {
            /// The group with this id (`Operation::CATEGORY`).
            pub fn from_id(id: &str) -> Option<Category> {
                match id {
                    #(#ids2 => Some(Category::#vs3),)*
                    _ => None,
                }
            }

            /// The group's stable id, e.g. `data-development`; also the name of the cargo
            /// feature that enables its operations.
            pub const fn id(self) -> &'static str {
                match self {
                    #(Category::#vs1 => #ids,)*
                }
            }

            /// The documentation's title of the group, e.g. `数据开发`.
            pub const fn title(self) -> &'static str {
                match self {
                    #(Category::#vs2 => #titles,)*
                }
            }
        }
    }
}

/// `OPERATIONS`: every operation, sorted by name.
fn operations_table(spec: &Spec) -> TokenStream {
    let mut ops: Vec<&Operation> = spec.operations.iter().collect();
    ops.sort_by(|a, b| a.name.cmp(&b.name));
    let count = ops.len();
    let rows = ops.iter().map(|op| {
        let name = &op.name;
        let tier = tier_expr(op.qps_tier);
        let category = category_expr(spec, &op.category);
        let read_only = operation_kind::read_only(spec, &op.name);
        quote! {
            OperationInfo {
                name: #name,
                tier: #tier,
                category: #category,
                read_only: #read_only,
            }
        }
    });
    let doc = raw_doc(&[
        &format!("Every operation of the service ({count}), sorted by name."),
        "",
        "The table lists all operations whatever cargo features are enabled: it is metadata",
        "for tools. [`find`] looks an operation up by name.",
    ]);
    quote! {
        #doc
        pub const OPERATIONS: &[OperationInfo] = &[#(#rows),*];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dwgen_spec::{Category, QpsTier, Service};

    fn op(name: &str, category: &str, tier: Option<u8>) -> Operation {
        Operation {
            qps_tier: tier,
            summary: "s".into(),
            description: "s".into(),
            ..Operation::new(name, category)
        }
    }

    fn spec(operations: Vec<Operation>) -> Spec {
        Spec::new(
            Service {
                product: "dataworks-public".into(),
                api_version: "2020-05-18".into(),
                protocol: "rpc".into(),
                qps_tiers: vec![
                    QpsTier {
                        tier: 1,
                        qps: 50,
                        daily_calls: None,
                    },
                    QpsTier {
                        tier: 3,
                        qps: 5,
                        daily_calls: Some(10000),
                    },
                ],
                categories: vec![
                    Category {
                        id: "tenant".into(),
                        title: "租户".into(),
                    },
                    Category {
                        id: "data-development".into(),
                        title: "数据开发".into(),
                    },
                ],
                common_errors: vec![],
                pricing: None,
                sources: vec![],
            },
            operations,
        )
    }

    fn render(tokens: &TokenStream) -> String {
        super::super::format::rust_file(std::path::Path::new("x.rs"), tokens).unwrap()
    }

    #[test]
    fn shared_file_has_tiers_categories_and_a_sorted_table() {
        let s = spec(vec![
            op("ListProjects", "tenant", Some(1)),
            op("DeployFile", "data-development", Some(3)),
            op("GetThing", "tenant", None),
        ]);
        let out = render(&shared_tokens(&s));
        assert!(out.contains("Level3,"), "{out}");
        assert!(out.contains("QpsTier::Level3 => 5,"));
        assert!(out.contains("QpsTier::Level3 => Some(10000),"));
        assert!(out.contains("QpsTier::Level1 => None,"));
        assert!(out.contains("per account and region"));
        assert!(out.contains("Category::DataDevelopment => \"data-development\","));
        assert!(out.contains("Category::DataDevelopment => \"数据开发\","));
        let deploy = out.find("name: \"DeployFile\"").unwrap();
        let get = out.find("name: \"GetThing\"").unwrap();
        let list = out.find("name: \"ListProjects\"").unwrap();
        assert!(deploy < get && get < list);
        assert!(out.contains("tier: Some(crate::QpsTier::Level3),"));
        assert!(out.contains("tier: None,"));
        assert!(out.contains("category: crate::Category::DataDevelopment,"));
        let row = |name: &str| {
            let at = out.find(&format!("name: \"{name}\"")).unwrap();
            out[at..at + out[at..].find('}').unwrap()].to_owned()
        };
        assert!(row("DeployFile").contains("read_only: false,"));
        assert!(row("GetThing").contains("read_only: true,"));
        assert!(row("ListProjects").contains("read_only: true,"));
        assert!(out.contains("Every operation of the service (3), sorted by name."));
        assert!(out.contains("pub const API_VERSION: &str = \"2020-05-18\";"));
        assert!(out.contains("pub fn find(name: &str) -> Option<&'static OperationInfo>"));
    }

    #[test]
    fn undeclared_tier_or_category_is_a_spec_error() {
        let mut files = Files::new();
        let s = spec(vec![op("A", "tenant", Some(2))]);
        assert!(emit_shared(&s, &crate::emit::format::Plain, &mut files).is_err());
        let s = spec(vec![op("A", "nope", Some(1))]);
        assert!(emit_shared(&s, &crate::emit::format::Plain, &mut files).is_err());
        let s = spec(vec![op("A", "tenant", None)]);
        assert!(emit_shared(&s, &crate::emit::format::Plain, &mut files).is_ok());
    }
}
