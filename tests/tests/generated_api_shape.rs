//! The generated crate, read as a Rust user reads it (every file of `generated/src`
//! parsed with syn): value-set variants are named, no shape is emitted twice, list
//! element types are singular, and no builder holds an optional client.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use quote::ToTokens;

/// Every `.rs` file under `generated/src`, parsed.
fn generated() -> Vec<(PathBuf, syn::File)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src");
    let mut out = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("generated/src is readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("readable");
                let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
                out.push((path, file));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() > 200, "{} files", out.len());
    out
}

/// A type's shape without its name and docs: derives, fields (their types resolved to
/// what the file's names mean) or variants.
fn shape(attrs: &[syn::Attribute], body: String) -> String {
    let derives: Vec<String> = attrs
        .iter()
        .filter(|a| !a.path().is_ident("doc"))
        .map(|a| a.to_token_stream().to_string())
        .collect();
    format!("{} {body}", derives.join(" "))
}

/// What each type name of a file means: a type it defines (`file::Name`), or a shared
/// type it re-exports, possibly under another name (`types::Shared`).
fn names_in(path: &Path, file: &syn::File) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for item in &file.items {
        match item {
            syn::Item::Struct(s) => {
                names.insert(
                    s.ident.to_string(),
                    format!("{}::{}", path.display(), s.ident),
                );
            }
            syn::Item::Enum(e) => {
                names.insert(
                    e.ident.to_string(),
                    format!("{}::{}", path.display(), e.ident),
                );
            }
            syn::Item::Use(u) => {
                let text = u.tree.to_token_stream().to_string().replace(' ', "");
                if let Some(list) = text.strip_prefix("crate::types::") {
                    for part in list.trim_matches(|c| c == '{' || c == '}').split(',') {
                        let (shared, local) = part.split_once("as").unwrap_or((part, part));
                        names.insert(local.to_owned(), format!("types::{shared}"));
                    }
                }
            }
            _ => {}
        }
    }
    names
}

/// A type with the file's names resolved to the types they mean.
fn resolved(ty: &syn::Type, names: &BTreeMap<String, String>) -> String {
    ty.to_token_stream()
        .into_iter()
        .map(|t| {
            let text = t.to_string();
            names.get(&text).cloned().unwrap_or(text)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn fields_without_docs(fields: &syn::Fields, names: &BTreeMap<String, String>) -> String {
    fields
        .iter()
        .map(|f| {
            let attrs: Vec<String> = f
                .attrs
                .iter()
                .filter(|a| !a.path().is_ident("doc"))
                .map(|a| a.to_token_stream().to_string())
                .collect();
            format!(
                "{} {:?}: {}",
                attrs.join(" "),
                f.ident.as_ref().map(ToString::to_string),
                resolved(&f.ty, names)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn value_set_variants_are_named_from_the_documentation() {
    let mut numbered = Vec::new();
    let mut variants = 0;
    for (path, file) in generated() {
        for item in &file.items {
            if let syn::Item::Enum(e) = item {
                for v in &e.variants {
                    variants += 1;
                    let name = v.ident.to_string();
                    let digits = name
                        .strip_prefix("Neg")
                        .or_else(|| name.strip_prefix('V'))
                        .is_some_and(|rest| {
                            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())
                        });
                    if digits {
                        numbered.push(format!("{}: {}::{name}", path.display(), e.ident));
                    }
                }
            }
        }
    }
    assert!(variants > 500, "{variants} variants seen");
    assert!(numbered.is_empty(), "numbered variants: {numbered:#?}");
}

#[test]
fn no_shape_is_emitted_twice() {
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, file) in generated() {
        let names = names_in(&path, &file);
        for item in &file.items {
            let (name, key) = match item {
                syn::Item::Struct(s) => (
                    s.ident.to_string(),
                    shape(&s.attrs, fields_without_docs(&s.fields, &names)),
                ),
                syn::Item::Enum(e) => {
                    let variants: Vec<String> = e
                        .variants
                        .iter()
                        .map(|v| format!("{}{}", v.ident, fields_without_docs(&v.fields, &names)))
                        .collect();
                    (e.ident.to_string(), shape(&e.attrs, variants.join(",")))
                }
                _ => continue,
            };
            // The operations' own request, builder, response and error types have
            // their operation's name; only nested types and value sets can repeat.
            let own = ["Request", "RequestBuilder", "Response", "Error"]
                .iter()
                .any(|s| name.ends_with(s));
            if !own {
                seen.entry(key)
                    .or_default()
                    .push(format!("{}: {name}", path.display()));
            }
        }
    }
    let copies: Vec<&Vec<String>> = seen.values().filter(|v| v.len() > 1).collect();
    assert!(copies.is_empty(), "emitted more than once: {copies:#?}");
}

/// Whether a type name is evidently plural (its last word ends in `s`, but not as in
/// `Status`, `Business`, `Analysis`).
fn plural(name: &str) -> bool {
    name.ends_with('s') && !["ss", "us", "sis", "xis"].iter().any(|e| name.ends_with(e))
}

#[test]
fn list_element_types_are_singular() {
    let mut plurals = Vec::new();
    let mut lists = 0;
    for (path, file) in generated() {
        for item in &file.items {
            let syn::Item::Struct(s) = item else { continue };
            for f in &s.fields {
                let ty = f.ty.to_token_stream().to_string().replace(' ', "");
                let Some(inner) = ty
                    .strip_prefix("Option<Vec<")
                    .or_else(|| ty.strip_prefix("Vec<"))
                else {
                    continue;
                };
                let element = inner.trim_end_matches('>');
                if element.starts_with(|c: char| c.is_ascii_uppercase())
                    && !["String", "Vec"].iter().any(|p| element.starts_with(p))
                    && !element.contains("::")
                {
                    lists += 1;
                    if plural(element) {
                        plurals.push(format!("{}: {}.{element}", path.display(), s.ident));
                    }
                }
            }
        }
    }
    assert!(lists > 50, "{lists} lists of generated types seen");
    assert!(plurals.is_empty(), "plural element types: {plurals:#?}");
}

#[test]
fn no_builder_holds_an_optional_client() {
    let mut optional = Vec::new();
    let mut builders = 0;
    for (path, file) in generated() {
        for item in &file.items {
            let syn::Item::Struct(s) = item else { continue };
            if !s.ident.to_string().ends_with("RequestBuilder") {
                continue;
            }
            builders += 1;
            let client = s
                .fields
                .iter()
                .find(|f| f.ident.as_ref().is_some_and(|i| i == "client"))
                .unwrap_or_else(|| panic!("{}: {} has no client slot", path.display(), s.ident));
            let ty = client.ty.to_token_stream().to_string();
            if ty.contains("Option") {
                optional.push(format!("{}: {}", path.display(), s.ident));
            }
            assert_eq!(
                ty, "C",
                "{}: the client slot is the type parameter",
                s.ident
            );
        }
    }
    assert_eq!(builders, 202);
    assert!(optional.is_empty(), "{optional:?}");
}

/// The tokens of a whole file, spaces removed.
fn flat(file: &syn::File) -> String {
    file.to_token_stream().to_string().replace(' ', "")
}

#[test]
fn responses_decode_once_through_from_json() {
    let mut decoders = 0;
    for (path, file) in generated() {
        for item in &file.items {
            let syn::Item::Impl(imp) = item else { continue };
            let Some((_, trait_path, _)) = &imp.trait_ else {
                continue;
            };
            let name = trait_path.to_token_stream().to_string().replace(' ', "");
            assert!(
                !name.ends_with("Deserialize<'de>") && !name.ends_with("Deserialize"),
                "{}: a serde Deserialize impl ({name}); responses decode through FromJson only",
                path.display()
            );
            if name.ends_with("FromJson") {
                decoders += 1;
            }
        }
    }
    assert!(decoders > 400, "{decoders} FromJson impls");
}

/// The per-operation glue (decoders, encoders, error lookups) is marked `#[inline]`, so
/// it is compiled only where a program uses the operation: a dependent that calls ten
/// operations does not pay LLVM for two hundred. (Measured with `cargo xtask bench`.)
#[test]
fn per_operation_trait_impls_are_inline() {
    let mut checked = 0;
    let mut outline = Vec::new();
    for (path, file) in generated() {
        let rel = path.to_string_lossy().replace('\\', "/");
        // Operation modules live one directory below `src/` (`src/<group>/<op>.rs`).
        let in_group = rel
            .rsplit_once("/src/")
            .is_some_and(|(_, tail)| tail.contains('/') && !tail.ends_with("mod.rs"));
        if !in_group {
            continue;
        }
        for item in &file.items {
            let syn::Item::Impl(imp) = item else { continue };
            if imp.trait_.is_none() {
                continue;
            }
            for member in &imp.items {
                let syn::ImplItem::Fn(f) = member else {
                    continue;
                };
                // A generic fn is compiled where it is instantiated anyway.
                if f.sig.generics.type_params().next().is_some() {
                    continue;
                }
                if !f.attrs.iter().any(|a| a.path().is_ident("inline")) {
                    outline.push(format!(
                        "{}: `fn {}` of `impl {} for {}`",
                        path.display(),
                        f.sig.ident,
                        imp.trait_
                            .as_ref()
                            .map(|t| t.1.to_token_stream().to_string())
                            .unwrap_or_default(),
                        imp.self_ty.to_token_stream()
                    ));
                }
                checked += 1;
            }
        }
    }
    assert!(
        outline.is_empty(),
        "{} trait impl fns are not #[inline], e.g.:\n{}",
        outline.len(),
        outline[..outline.len().min(20)].join("\n")
    );
    assert!(checked > 1000, "{checked} trait impl fns checked");
}

#[test]
fn responses_hold_the_operation_s_members_not_the_envelope() {
    let envelope = codegen::envelope::ENVELOPE_MEMBERS;
    let mut responses = 0;
    for (path, file) in generated() {
        for item in &file.items {
            let syn::Item::Struct(s) = item else { continue };
            if !s.ident.to_string().ends_with("Response") {
                continue;
            }
            responses += 1;
            for field in &s.fields {
                let wire = field
                    .attrs
                    .iter()
                    .map(|a| a.to_token_stream().to_string())
                    .find_map(|a| {
                        let at = a.find("rename = \"")?;
                        let rest = &a[at + 10..];
                        Some(rest[..rest.find('"')?].to_owned())
                    });
                if let Some(wire) = wire {
                    assert!(
                        !envelope.contains(&wire.as_str()),
                        "{}: {} has the envelope member {wire}",
                        path.display(),
                        s.ident
                    );
                }
                if let syn::Visibility::Public(_) = field.vis {
                    continue;
                }
                // The one private field: the request id, behind `RequestId`.
                assert_eq!(
                    field.ident.as_ref().map(ToString::to_string).as_deref(),
                    Some("_request_id"),
                    "{}",
                    path.display()
                );
            }
            let text = flat(&file);
            assert!(
                text.contains(&format!("impldataworks_runtime::RequestIdfor{}", s.ident)),
                "{}: {} gives no request id",
                path.display(),
                s.ident
            );
        }
    }
    assert!(responses >= 202, "{responses} responses");
}

#[test]
fn unknown_cases_are_opaque() {
    for (path, file) in generated() {
        for item in &file.items {
            let syn::Item::Enum(e) = item else { continue };
            for v in &e.variants {
                if v.ident != "Unknown" {
                    continue;
                }
                let payload = v.fields.to_token_stream().to_string().replace(' ', "");
                assert!(
                    matches!(
                        payload.as_str(),
                        "(dataworks_runtime::UnknownValue)"
                            | "(dataworks_runtime::UnknownInteger)"
                            | "(dataworks_runtime::UnknownError)"
                    ),
                    "{}: {}::Unknown holds {payload}, which a pattern could match by value",
                    path.display(),
                    e.ident
                );
            }
        }
    }
}

#[test]
fn generated_code_reaches_the_runtime_through_public_items_or_the_hidden_plumbing() {
    for (path, file) in generated() {
        let text = flat(&file);
        for module in [
            "wire",
            "de",
            "error::common_or_unknown",
            "error::CommonErrors",
        ] {
            assert!(
                !text.contains(&format!("dataworks_runtime::{module}::"))
                    && !text.contains(&format!("dataworks_runtime::{module}(")),
                "{}: names the runtime's `{module}` instead of `__private`",
                path.display()
            );
        }
    }
    let lib = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src/lib.rs"),
    )
    .expect("runtime lib.rs");
    assert!(
        lib.contains("#[doc(hidden)]\n#[path = \"private.rs\"]\npub mod __private;"),
        "the plumbing module is hidden"
    );
    assert!(
        lib.contains("\nmod wire;") && lib.contains("\nmod de;"),
        "wire and de are private"
    );
}
