//! `tests/response_examples.rs`: for every operation whose documentation has a JSON
//! response example, a test that decodes it into the generated response type (the
//! runtime's `FromJson`, as the client does), re-serializes it and checks that no
//! documented field was lost or changed: every leaf of the re-serialized value equals
//! the example's (numbers and booleans the example gives as strings compare by their
//! text), every member of the example that the spec documents (the paths listed per
//! test) is still there, and the request id is the example's `RequestId`. The envelope
//! ([`crate::envelope`]) is not a member of the typed response, so its other members are
//! not among the paths.

use std::str::FromStr;

use proc_macro2::TokenStream;
use quote::quote;

use super::OpNames;
use crate::naming;
use dwgen_spec::Spec;
use dwgen_spec::{Field, Operation, Schema};

/// Examples that cannot pass because the documentation contradicts itself in a way no
/// client should paper over: (operation, reason). Their tests are generated with
/// `#[ignore = reason]` and listed in the test file's docs.
const EXCLUDED: &[(&str, &str)] = &[];

/// The test file's tokens.
pub fn emit(spec: &Spec) -> TokenStream {
    let with_examples: Vec<&Operation> = spec
        .operations
        .iter()
        .filter(|op| op.examples.response_json.is_some())
        .collect();
    let mut doc = format!(
        "Every JSON response example of the documentation ({} operations) deserialized into \
         the generated response type and re-serialized: no documented member may be lost \
         or changed.\n",
        with_examples.len()
    );
    let excluded: Vec<&(&str, &str)> = EXCLUDED
        .iter()
        .filter(|(name, _)| with_examples.iter().any(|op| op.name == *name))
        .collect();
    if excluded.is_empty() {
        doc.push_str("\nNo example is excluded.\n");
    } else {
        doc.push_str(
            "\nExcluded (ignored) examples, where the documentation contradicts itself:\n",
        );
        for (name, reason) in &excluded {
            doc.push_str(&format!("\n- {name}: {reason}\n"));
        }
    }
    let doc_lines = doc.lines().map(|l| {
        let l = format!(" {l}");
        quote! { #![doc = #l] }
    });
    let tests = with_examples.iter().map(|op| test_fn(op));
    let helpers = helpers();
    quote! {
        #(#doc_lines)*
        // The helpers are unused when no category feature is enabled.
        #![allow(dead_code)]

        #helpers
        #(#tests)*
    }
}

/// One operation's test.
fn test_fn(op: &Operation) -> TokenStream {
    let names = OpNames::of(op);
    let feature = naming::feature_name(&op.category);
    let category = naming::ident(&naming::category_module(&op.category));
    let module = &names.module;
    let response = &names.response;
    let json = op.examples.response_json.as_deref().unwrap_or_default();
    let example = raw_string(json);
    let body: Vec<Field> = op
        .response
        .fields
        .iter()
        .filter(|f| !crate::envelope::is_envelope(&f.name))
        .cloned()
        .collect();
    let paths = documented_paths(&body);
    let ignore = EXCLUDED
        .iter()
        .find(|(name, _)| *name == op.name)
        .map(|(_, reason)| quote! { #[ignore = #reason] });
    quote! {
        #[cfg(feature = #feature)]
        #[test]
        #ignore
        fn #module() {
            const EXAMPLE: &str = #example;
            const DOCUMENTED: &[&str] = &[#(#paths),*];
            check::<dataworks_public::#category::#module::#response>(EXAMPLE, DOCUMENTED);
        }
    }
}

/// A raw string literal holding `text` verbatim, with enough `#`s.
pub(crate) fn raw_string(text: &str) -> TokenStream {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    let literal = format!("r{hashes}\"{text}\"{hashes}");
    TokenStream::from_str(&literal).unwrap_or_else(|_| {
        let lit = proc_macro2::Literal::string(text);
        quote! { #lit }
    })
}

/// Every path the spec documents in a response, in documentation order: `Data`,
/// `Data.Deployment`, `Data.Deployment.Status`, `Data.DeployedItems[].FileId`. Members
/// of maps and untyped values are not documented individually.
pub fn documented_paths(fields: &[Field]) -> Vec<String> {
    let mut out = Vec::new();
    add_fields(fields, "", &mut out);
    out
}

fn add_fields(fields: &[Field], prefix: &str, out: &mut Vec<String>) {
    for field in fields {
        let path = format!("{prefix}{}", field.name);
        if !out.contains(&path) {
            out.push(path.clone());
        }
        add_fields(&field.fields, &format!("{path}."), out);
        if let Some(items) = &field.items {
            add_items(items, &path, out);
        }
    }
}

fn add_items(items: &Schema, path: &str, out: &mut Vec<String>) {
    let path = format!("{path}[]");
    add_fields(&items.fields, &format!("{path}."), out);
    if let Some(inner) = &items.items {
        add_items(inner, &path, out);
    }
}

/// The comparison helpers at the top of the test file.
fn helpers() -> TokenStream {
    quote! {
        use dataworks_public::runtime::{FromJson, RequestId};
        use serde_json::Value;

        /// Decodes `example` as `T`, re-serializes it, and panics with every lost or
        /// changed member.
        fn check<T: FromJson + RequestId + serde::Serialize>(example: &str, documented: &[&str]) {
            let original: Value = serde_json::from_str(example).expect("the example is JSON");
            let typed = T::decode(example.as_bytes())
                .unwrap_or_else(|e| panic!("the example does not decode: {e}"));
            let request_id = original.get("RequestId").and_then(Value::as_str);
            assert_eq!(typed.request_id(), request_id, "the request id is kept");
            let back = serde_json::to_value(&typed).expect("the response re-serializes");
            let mut problems = Vec::new();
            same_leaves(&back, &original, "", &mut problems);
            documented_kept(&original, &back, "", "", documented, &mut problems);
            assert!(problems.is_empty(), "{}", problems.join("\n"));
        }

        /// The example's value read as a list where the re-serialized value is an array
        /// (a single object where the docs say array is one element).
        fn as_items<'v>(back: &Value, example: &'v Value) -> Option<&'v [Value]> {
            match (back, example) {
                (Value::Array(_), Value::Array(items)) => Some(items),
                (Value::Array(_), other) => Some(std::slice::from_ref(other)),
                _ => None,
            }
        }

        fn join(path: &str, key: &str) -> String {
            if path.is_empty() {
                key.to_owned()
            } else {
                format!("{path}.{key}")
            }
        }

        /// The example's value as structured JSON where `back` is structured and the
        /// example holds it as JSON text (documented maps the service sends as strings).
        fn structured(back: &Value, example: &Value) -> Option<Value> {
            match (back, example) {
                (Value::Object(_) | Value::Array(_), Value::String(text)) => serde_json::from_str(text).ok(),
                _ => None,
            }
        }

        /// (a) Every leaf of `back` exists in `example` with an equal value.
        fn same_leaves(back: &Value, example: &Value, path: &str, problems: &mut Vec<String>) {
            if let Some(decoded) = structured(back, example) {
                return same_leaves(back, &decoded, path, problems);
            }
            match back {
                Value::Object(members) => {
                    for (key, value) in members {
                        let here = join(path, key);
                        match example.get(key) {
                            Some(original) => same_leaves(value, original, &here, problems),
                            None => problems.push(format!("{here}: not in the example")),
                        }
                    }
                }
                Value::Array(items) => match as_items(back, example) {
                    Some(originals) if originals.len() == items.len() => {
                        for (k, (item, original)) in items.iter().zip(originals).enumerate() {
                            same_leaves(item, original, &format!("{path}[{k}]"), problems);
                        }
                    }
                    _ => problems.push(format!("{path}: array {back} vs example {example}")),
                },
                _ => {
                    if !same_scalar(back, example) {
                        problems.push(format!("{path}: {back} vs example {example}"));
                    }
                }
            }
        }

        /// A scalar as a number, where it is one (strings by their text, booleans as 0/1).
        fn number(v: &Value) -> Option<f64> {
            match v {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse().ok(),
                Value::Bool(b) => Some(f64::from(u8::from(*b))),
                _ => None,
            }
        }

        /// A number or boolean as JSON text.
        fn scalar_text(v: &Value) -> Option<String> {
            match v {
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            }
        }

        /// Whether two scalars are the same value, allowing for text vs number and for
        /// `f32` rounding.
        fn same_scalar(back: &Value, example: &Value) -> bool {
            if back == example {
                return true;
            }
            if let (Some(a), Some(b)) = (back.as_i64(), example.as_i64()) {
                return a == b;
            }
            if let (Value::Bool(b), Value::String(s)) = (back, example) {
                if s.trim().eq_ignore_ascii_case(if *b { "true" } else { "false" }) {
                    return true;
                }
            }
            match (back, example) {
                (Value::String(_), Value::String(_)) => return false,
                (Value::String(text), other) | (other, Value::String(text))
                    if scalar_text(other).as_deref() == Some(text.trim()) =>
                {
                    return true
                }
                _ => {}
            }
            match (number(back), number(example)) {
                (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0),
                _ => false,
            }
        }

        /// (b) Every member of `example` whose path is documented is still in `back`.
        /// `abstract_path` has `[]` for array elements, `path` the indices.
        fn documented_kept(
            example: &Value,
            back: &Value,
            abstract_path: &str,
            path: &str,
            documented: &[&str],
            problems: &mut Vec<String>,
        ) {
            if let Some(decoded) = structured(back, example) {
                return documented_kept(&decoded, back, abstract_path, path, documented, problems);
            }
            if let Some(items) = as_items(back, example) {
                let backs = back.as_array().map(Vec::as_slice).unwrap_or_default();
                for (k, (item, b)) in items.iter().zip(backs).enumerate() {
                    let (a, p) = (format!("{abstract_path}[]"), format!("{path}[{k}]"));
                    documented_kept(item, b, &a, &p, documented, problems);
                }
                return;
            }
            let Value::Object(members) = example else {
                return;
            };
            for (key, value) in members {
                if value.is_null() || value.as_str() == Some("") {
                    continue;
                }
                let (a, p) = (join(abstract_path, key), join(path, key));
                match back.get(key) {
                    Some(b) => documented_kept(value, b, &a, &p, documented, problems),
                    None if documented.contains(&a.as_str()) => {
                        problems.push(format!("{p}: documented, lost (example {value})"))
                    }
                    None => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dwgen_spec::Type;

    fn field(name: &str, ty: Type) -> Field {
        Field::new(name, ty)
    }

    #[test]
    fn documented_paths_cover_objects_and_array_items() {
        let mut items = Schema::of(Type::Object);
        items.fields = vec![field("FileId", Type::Int64)];
        let mut list = field("DeployedItems", Type::Array);
        list.items = Some(Box::new(items));
        let mut data = field("Data", Type::Object);
        data.fields = vec![field("Status", Type::Int32), list];
        let paths = documented_paths(&[field("RequestId", Type::String), data]);
        assert_eq!(
            paths,
            [
                "RequestId",
                "Data",
                "Data.Status",
                "Data.DeployedItems",
                "Data.DeployedItems[].FileId",
            ]
        );
    }

    #[test]
    fn each_example_becomes_a_feature_gated_test() {
        use dwgen_spec::{Examples, Request, Response};
        let service = crate::emit::test_support::service("data-development", "数据开发");
        let op = |name: &str, json: Option<&str>| Operation {
            name: name.into(),
            category: "data-development".into(),
            qps_tier: Some(1),
            summary: String::new(),
            description: String::new(),
            deprecated: false,
            request: Request::default(),
            response: Response {
                fields: vec![field("RequestId", Type::String)],
            },
            errors: vec![],
            examples: Examples {
                request: Vec::new(),
                response_json: json.map(Into::into),
            },
            sources: vec![],
        };
        let spec = Spec::new(
            service,
            vec![
                op("GetIDEEventDetail", Some("{\"RequestId\": \"x\"}")),
                op("DeleteFile", None),
            ],
        );
        let out =
            super::super::format::rust_file(std::path::Path::new("t.rs"), &emit(&spec)).unwrap();
        assert!(out.contains("//! No example is excluded."));
        assert!(out.contains(
            "#[cfg(feature = \"data-development\")]\n#[test]\nfn get_ide_event_detail() {"
        ));
        assert!(
            out.contains("const DOCUMENTED: &[&str] = &[];"),
            "the envelope is not a documented member of the typed response: {out}"
        );
        assert!(out.contains(
            "dataworks_public::data_development::get_ide_event_detail::GetIdeEventDetailResponse"
        ));
        assert!(out.contains("r#\"{\"RequestId\": \"x\"}\"#"));
        assert!(!out.contains("fn delete_file"));
        assert!(out.contains("fn check<T: FromJson + RequestId + serde::Serialize>("));
        assert!(out.contains("assert_eq!(typed.request_id(), request_id"));
    }

    #[test]
    fn raw_strings_survive_quotes_and_hashes() {
        let tokens = raw_string("{\"a\": \"#\"}");
        assert_eq!(tokens.to_string(), "r##\"{\"a\": \"#\"}\"##");
        let lit: syn::LitStr = syn::parse2(tokens).unwrap();
        assert_eq!(lit.value(), "{\"a\": \"#\"}");
    }
}
