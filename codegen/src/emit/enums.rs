//! Value-set enums: a documented value set becomes a Rust enum with one variant per
//! value (named by [`crate::plan::shapes::value_set`]) and an `Unknown(String)` (or
//! `Unknown(i64)` for integers) fallback, with `as_str()` / `as_i64()`, `VALUES`, `From`,
//! `Display`, the runtime's `FromJson` and `Encode`, and serde impls through the wire
//! value. Decoding is tolerant: a value may arrive as a string or a number either way.
//! The enums are `#[non_exhaustive]`: a value documented later adds a variant without
//! breaking a user's `match`.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::docs::{code_span, doc_attrs, sanitize};
use crate::naming;
use crate::plan::Variant;

/// The enum named `ident` for these variants.
pub fn tokens(ident: &Ident, integer: bool, variants: &[Variant], doc: &str) -> TokenStream {
    let text = if doc.trim().is_empty() {
        "A documented value set.".to_owned()
    } else {
        doc.to_owned()
    };
    let docs = doc_attrs(&text);
    let names: Vec<Ident> = variants.iter().map(|v| naming::ident(&v.name)).collect();
    let variant_docs = variants.iter().map(|v| {
        let mut line = format!(" {}", code_span(&v.wire));
        let meaning = sanitize(&v.description).join(" ");
        if !meaning.trim().is_empty() {
            line.push_str(": ");
            line.push_str(&meaning);
        }
        quote! { #[doc = #line] }
    });
    let ints: Option<Vec<i64>> = if integer {
        variants
            .iter()
            .map(|v| v.wire.trim().parse().ok())
            .collect()
    } else {
        None
    };
    let (unknown, copy, impls) = match ints {
        Some(ints) => (
            quote! { i64 },
            quote! { Copy, },
            int_impls(ident, &names, &ints),
        ),
        None => {
            let wires: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
            (
                quote! { String },
                quote! {},
                string_impls(ident, &names, &wires),
            )
        }
    };
    quote! {
        #docs
        #[doc = ""]
        #[doc = " Values the documentation does not list are kept in `Unknown`."]
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
fn string_impls(ident: &Ident, names: &[Ident], wires: &[&str]) -> TokenStream {
    quote! {
        impl #ident {
            /// The documented wire values, in documentation order.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#names => #wires,)*
                    Self::Unknown(v) => v,
                }
            }
        }
        impl From<&str> for #ident {
            fn from(v: &str) -> Self {
                match v {
                    #(#wires => Self::#names,)*
                    _ => Self::Unknown(v.to_owned()),
                }
            }
        }
        impl From<String> for #ident {
            fn from(v: String) -> Self {
                match Self::from(v.as_str()) {
                    Self::Unknown(_) => Self::Unknown(v),
                    known => known,
                }
            }
        }
        impl std::fmt::Display for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl dataworks_runtime::FromJson for #ident {
            fn from_json(value: serde_json::Value) -> Result<Option<Self>, dataworks_runtime::DecodeError> {
                dataworks_runtime::de::text_value_set(value)
            }
        }
        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                dataworks_runtime::de::deserialize(deserializer)
            }
        }
        impl serde::Serialize for #ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl dataworks_runtime::wire::Encode for #ident {
            fn encode(&self, name: &str, out: &mut dataworks_runtime::Params) {
                dataworks_runtime::wire::put_text(out, name, self.as_str());
            }
        }
    }
}

/// Methods and trait impls of an integer enum.
fn int_impls(ident: &Ident, names: &[Ident], ints: &[i64]) -> TokenStream {
    let lits: Vec<Literal> = ints.iter().map(|i| Literal::i64_unsuffixed(*i)).collect();
    quote! {
        impl #ident {
            /// The documented wire values, in documentation order.
            pub const VALUES: &'static [i64] = &[#(#lits),*];
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
        impl dataworks_runtime::FromJson for #ident {
            fn from_json(value: serde_json::Value) -> Result<Option<Self>, dataworks_runtime::DecodeError> {
                dataworks_runtime::de::int_value_set(value)
            }
        }
        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                dataworks_runtime::de::deserialize(deserializer)
            }
        }
        impl serde::Serialize for #ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }
        impl dataworks_runtime::wire::Encode for #ident {
            fn encode(&self, name: &str, out: &mut dataworks_runtime::Params) {
                dataworks_runtime::wire::put_text(out, name, &self.as_i64());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variant(name: &str, wire: &str, description: &str) -> Variant {
        Variant {
            name: name.into(),
            wire: wire.into(),
            description: description.into(),
        }
    }

    fn render(integer: bool, variants: &[Variant]) -> String {
        let tokens = tokens(
            &naming::ident("Status"),
            integer,
            variants,
            "发布包的状态。",
        );
        super::super::format::rust_file(std::path::Path::new("x.rs"), &tokens).unwrap()
    }

    #[test]
    fn integer_enums_keep_the_wire_value_and_the_label_in_docs() {
        let out = render(
            true,
            &[
                variant("Ready", "0", "就绪"),
                variant("Success", "1", "成功"),
                variant("Failure", "-1", ""),
            ],
        );
        assert!(out.contains("/// `0`: 就绪\n    Ready,"), "{out}");
        assert!(out.contains("/// `-1`\n    Failure,"), "{out}");
        assert!(out.contains("Unknown(i64),"));
        assert!(out.contains("pub const VALUES: &'static [i64] = &[0, 1, -1];"));
        assert!(out.contains("-1 => Self::Failure,"));
        assert!(out.contains("dataworks_runtime::de::int_value_set(value)"));
        assert!(out.contains("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]"));
    }

    #[test]
    fn string_enums_match_their_wire_text() {
        let out = render(
            false,
            &[
                variant("DiRealtime", "DI_REALTIME", "实时同步"),
                variant("DiSolution", "DI_SOLUTION", ""),
            ],
        );
        assert!(
            out.contains("\"DI_REALTIME\" => Self::DiRealtime,"),
            "{out}"
        );
        assert!(out.contains("Unknown(String),"));
        assert!(out.contains("dataworks_runtime::wire::put_text(out, name, self.as_str());"));
        assert!(!out.contains("Copy"));
    }
}
