//! Value-set enums: a documented value set becomes a Rust enum with one variant per value
//! and an `Unknown(String)` (or `Unknown(i64)` for integers) fallback, with `as_str()` /
//! `as_i64()`, `From`, `Display` and serde impls through the wire value. Deserialization
//! goes through the generated crate's `de::wire_string` / `de::wire_int`, so a value may
//! arrive as a string or a number either way. The enums are `#[non_exhaustive]`: a value
//! documented later adds a variant without breaking a user's `match`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::{types, OpCx};
use crate::naming::{self, Namespace};
use crate::spec::{EnumValue, Type};

/// Emits an enum for `values` into `cx.items`, named by the first free name of
/// `name_hints`; returns its type name.
pub fn emit(
    cx: &mut OpCx<'_>,
    name_hints: &[String],
    values: &[EnumValue],
    ty: Type,
    doc: &str,
) -> Ident {
    let name = cx.types.claim_first(name_hints);
    let ident = naming::ident(&name);
    cx.items.push(tokens(&ident, values, ty, doc));
    ident
}

/// One variant: its name, wire value and documentation.
struct Variant<'v> {
    ident: Ident,
    value: &'v EnumValue,
}

/// The variants of a value set: repeated values dropped, names from the label (else the
/// value) and unique, `Unknown` kept free for the fallback.
fn variants(values: &[EnumValue]) -> Vec<Variant<'_>> {
    let mut names = Namespace::with_reserved(["Unknown"]);
    let mut out: Vec<Variant<'_>> = Vec::with_capacity(values.len());
    for value in values {
        if out.iter().any(|v| v.value.value == value.value) {
            continue;
        }
        let raw = match value.label.as_deref().filter(|l| !l.trim().is_empty()) {
            Some(label) => naming::variant_name(label),
            None => match value.value.strip_prefix('-') {
                Some(n) if n.parse::<u64>().is_ok() => naming::variant_name(&format!("neg_{n}")),
                _ => naming::variant_name(&value.value),
            },
        };
        out.push(Variant {
            ident: naming::ident(&names.claim(&raw)),
            value,
        });
    }
    out
}

/// Whether the enum for this value set is integer-backed (`Unknown(i64)`, `as_i64()`):
/// the type is an integer and every value is a distinct integer.
pub fn is_integer_set(values: &[EnumValue], ty: Type) -> bool {
    integer_values(&variants(values), ty).is_some()
}

/// The variants' values as integers, where the set is integer-backed.
fn integer_values(variants: &[Variant<'_>], ty: Type) -> Option<Vec<i64>> {
    if !types::is_integer(ty) {
        return None;
    }
    let ints: Vec<i64> = variants
        .iter()
        .map(|v| v.value.value.trim().parse().ok())
        .collect::<Option<_>>()?;
    // Two spellings of one number ("1", "01") cannot both be match arms.
    let distinct = ints.iter().enumerate().all(|(k, i)| !ints[..k].contains(i));
    distinct.then_some(ints)
}

/// The enum's tokens: integer enums when the type is an integer and every value parses
/// as one, string enums otherwise.
fn tokens(ident: &Ident, values: &[EnumValue], ty: Type, doc: &str) -> TokenStream {
    let variants = variants(values);
    let ints = integer_values(&variants, ty);
    let text = if doc.trim().is_empty() {
        "A documented value set.".to_owned()
    } else {
        doc.to_owned()
    };
    let docs = doc_attrs(&format!(
        "{text}\nValues the documentation does not list are kept in the Unknown variant."
    ));
    let names: Vec<&Ident> = variants.iter().map(|v| &v.ident).collect();
    let variant_docs = variants.iter().map(|v| {
        let d = &v.value.description;
        doc_attrs(&if d.trim().is_empty() {
            v.value.value.clone()
        } else {
            format!("{}: {d}", v.value.value)
        })
    });
    let (unknown, copy, impls) = match ints {
        Some(ints) => (
            quote! { i64 },
            quote! { Copy, },
            int_impls(ident, &names, &ints),
        ),
        None => {
            let wires: Vec<&str> = variants.iter().map(|v| v.value.value.as_str()).collect();
            (
                quote! { String },
                quote! {},
                string_impls(ident, &names, &wires),
            )
        }
    };
    quote! {
        #docs
        #[non_exhaustive]
        #[derive(Debug, Clone, #copy PartialEq, Eq, Hash)]
        pub enum #ident {
            #(#variant_docs #names,)*
            /// A value the documentation does not list, as received.
            Unknown(#unknown),
        }
        #impls
    }
}

/// Methods and trait impls of a string enum.
fn string_impls(ident: &Ident, names: &[&Ident], wires: &[&str]) -> TokenStream {
    let known = if names.is_empty() {
        quote! { let _ = v; None }
    } else {
        quote! {
            match v {
                #(#wires => Some(Self::#names),)*
                _ => None,
            }
        }
    };
    quote! {
        impl #ident {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#names => #wires,)*
                    Self::Unknown(v) => v,
                }
            }
            fn known(v: &str) -> Option<Self> {
                #known
            }
        }
        impl From<&str> for #ident {
            fn from(v: &str) -> Self {
                Self::known(v).unwrap_or_else(|| Self::Unknown(v.to_owned()))
            }
        }
        impl From<String> for #ident {
            fn from(v: String) -> Self {
                match Self::known(&v) {
                    Some(known) => known,
                    None => Self::Unknown(v),
                }
            }
        }
        impl std::fmt::Display for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::de::wire_string(d).map(Self::from)
            }
        }
        impl serde::Serialize for #ident {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    }
}

/// Methods and trait impls of an integer enum.
fn int_impls(ident: &Ident, names: &[&Ident], ints: &[i64]) -> TokenStream {
    let lits: Vec<proc_macro2::Literal> = ints
        .iter()
        .map(|i| proc_macro2::Literal::i64_unsuffixed(*i))
        .collect();
    quote! {
        impl #ident {
            /// The wire value.
            pub fn as_i64(&self) -> i64 {
                match self {
                    #(Self::#names => #lits,)*
                    Self::Unknown(v) => *v,
                }
            }
        }
        impl From<i64> for #ident {
            fn from(v: i64) -> Self {
                match v {
                    #(#lits => Self::#names,)*
                    _ => Self::Unknown(v),
                }
            }
        }
        impl std::fmt::Display for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.as_i64(), f)
            }
        }
        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::de::wire_int(d).map(Self::from)
            }
        }
        impl serde::Serialize for #ident {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i64(self.as_i64())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(value: &str, description: &str, label: Option<&str>) -> EnumValue {
        EnumValue {
            value: value.into(),
            description: description.into(),
            label: label.map(Into::into),
        }
    }

    fn render(values: &[EnumValue], ty: Type) -> String {
        let ident = naming::ident("Status");
        let tokens = tokens(&ident, values, ty, "发布包的状态。");
        super::super::format::rust_file(std::path::Path::new("x.rs"), &tokens).unwrap()
    }

    fn names(values: &[EnumValue]) -> Vec<String> {
        variants(values)
            .iter()
            .map(|v| v.ident.to_string())
            .collect()
    }

    #[test]
    fn variant_names_come_from_labels_or_values_and_are_unique() {
        let values = [
            value("0", "未发布", Some("UNPUBLISHED")),
            value("4", "发布失败", Some("DEPLOY_ERROR")),
        ];
        assert_eq!(names(&values), ["Unpublished", "DeployError"]);
        let values = [
            value("DI_REALTIME", "", None),
            value("0", "", None),
            value("-1", "", None),
            value("1", "", None),
            value("Unknown", "", None),
            value("success", "", None),
            value("SUCCESS", "", None),
            value("success", "repeated", None),
        ];
        assert_eq!(
            names(&values),
            [
                "DiRealtime",
                "V0",
                "Neg1",
                "V1",
                "Unknown2",
                "Success",
                "Success2"
            ]
        );
    }

    #[test]
    fn string_enums_round_trip_the_wire_value() {
        let out = render(
            &[value("DEV", "开发环境", None), value("PRD", "", None)],
            Type::String,
        );
        // Non-exhaustive: a value documented later must not break a user's `match`.
        assert!(out.contains(
            "#[non_exhaustive]\n#[derive(Debug, Clone, PartialEq, Eq, Hash)]\npub enum Status {"
        ));
        assert!(out.contains("    /// DEV: 开发环境\n    Dev,\n"));
        assert!(out.contains("    /// PRD\n    Prd,\n"));
        assert!(out.contains("    Unknown(String),\n"));
        assert!(out.contains("pub fn as_str(&self) -> &str {"));
        assert!(out.contains("Self::Dev => \"DEV\","));
        assert!(out.contains("\"PRD\" => Some(Self::Prd),"));
        assert!(out.contains("impl From<&str> for Status {"));
        assert!(out.contains("impl From<String> for Status {"));
        assert!(out.contains("impl std::fmt::Display for Status {"));
        assert!(out.contains("crate::de::wire_string(d).map(Self::from)"));
        assert!(out.contains("s.serialize_str(self.as_str())"));
    }

    #[test]
    fn integer_enums_use_i64() {
        let out = render(
            &[value("0", "就绪", None), value("-2", "失败", None)],
            Type::Int32,
        );
        assert!(out.contains("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]"));
        assert!(out.contains("    Unknown(i64),\n"));
        assert!(out.contains("pub fn as_i64(&self) -> i64 {"));
        assert!(out.contains("Self::Neg2 => -2,"));
        assert!(out.contains("-2 => Self::Neg2,"));
        assert!(out.contains("impl From<i64> for Status {"));
        assert!(out.contains("crate::de::wire_int(d).map(Self::from)"));
        assert!(out.contains("s.serialize_i64(self.as_i64())"));
        assert!(is_integer_set(&[value("0", "", None)], Type::Int64));
        // An integer set whose values are not all integers is a string enum.
        let odd = [value("0", "", None), value("x", "", None)];
        assert!(!is_integer_set(&odd, Type::Int64));
        let out = render(&odd, Type::Int64);
        assert!(out.contains("Unknown(String)"));
        assert!(!is_integer_set(&[value("0", "", None)], Type::String));
    }
}
