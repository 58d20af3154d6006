//! Value-set enums: a documented value set becomes a Rust enum with one variant per
//! value (named by [`crate::plan::shapes::value_set`]) and an `Unknown` fallback holding
//! the runtime's opaque `UnknownValue` (or `UnknownInteger` for integers), with
//! `as_str()` / `as_i64()`, `VALUES`, `From` and `Display`. An enum used in responses
//! decodes through the runtime's `FromJson` (tolerantly: a value may arrive as a string
//! or a number either way) and serializes only with the `serialize` feature; one used in
//! requests encodes through `Encode` and serializes (JSON-encoded parameters need it).
//!
//! Forward compatibility is sound: the enums are `#[non_exhaustive]`, and the unknown
//! payload cannot be matched by value, so a value documented later (a new variant)
//! cannot change which arm a user's `match` takes.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::docs::{code_span, doc_attrs, sanitize};
use crate::naming;
use crate::plan::Variant;

/// Where an enum is used: what it must be able to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uses {
    /// In a request: encoded, and serialized for JSON-encoded parameters.
    pub request: bool,
    /// In a response: decoded.
    pub response: bool,
}

/// The enum named `ident` for these variants.
pub fn tokens(
    ident: &Ident,
    integer: bool,
    variants: &[Variant],
    doc: &str,
    uses: Uses,
) -> TokenStream {
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
    let (unknown, copy, accessor, impls) = match ints {
        Some(ints) => (
            quote! { dataworks_runtime::UnknownInteger },
            quote! { Copy, },
            "as_i64()",
            int_impls(ident, &names, &ints, uses),
        ),
        None => {
            let wires: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
            (
                quote! { dataworks_runtime::UnknownValue },
                quote! {},
                "as_str()",
                string_impls(ident, &names, &wires, uses),
            )
        }
    };
    let unknown_doc = format!(
        " A value the documentation does not list. Opaque: read it with `{accessor}`; a value documented later gets a variant of its own."
    );
    quote! {
        #docs
        #[doc = ""]
        #[doc = " Values the documentation does not list are kept in `Unknown`."]
        #[non_exhaustive]
        #[derive(Debug, Clone, #copy PartialEq, Eq, Hash)]
        pub enum #ident {
            #(#variant_docs #names,)*
            #[doc = #unknown_doc]
            Unknown(#unknown),
        }
        #impls
    }
}

/// `impl serde::Serialize` through the wire value: always for an enum used in requests,
/// else only with the `serialize` feature.
fn serialize_impl(ident: &Ident, uses: Uses, body: TokenStream) -> TokenStream {
    let gate = (!uses.request).then(|| quote! { #[cfg(feature = "serialize")] });
    quote! {
        #gate
        impl serde::Serialize for #ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #body
            }
        }
    }
}

/// Methods and trait impls of a string enum.
fn string_impls(ident: &Ident, names: &[Ident], wires: &[&str], uses: Uses) -> TokenStream {
    let decode = uses.response.then(|| {
        quote! {
            impl dataworks_runtime::FromJson for #ident {
                #[inline]
                fn from_json(value: serde_json::Value) -> Result<Option<Self>, dataworks_runtime::DecodeError> {
                    dataworks_runtime::__private::text_value_set(value)
                }
            }
        }
    });
    let encode = uses.request.then(|| {
        quote! {
            impl dataworks_runtime::__private::Encode for #ident {
                #[inline]
                fn encode(&self, name: &str, out: &mut dataworks_runtime::Params) {
                    dataworks_runtime::__private::put_text(out, name, self.as_str());
                }
            }
        }
    });
    let serialize = serialize_impl(
        ident,
        uses,
        quote! { serializer.serialize_str(self.as_str()) },
    );
    quote! {
        impl #ident {
            /// The documented wire values, in documentation order.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#names => #wires,)*
                    Self::Unknown(v) => v.as_str(),
                }
            }
        }
        impl From<&str> for #ident {
            #[inline]
            fn from(v: &str) -> Self {
                match v {
                    #(#wires => Self::#names,)*
                    _ => Self::Unknown(dataworks_runtime::__private::unknown_value(v)),
                }
            }
        }
        impl From<String> for #ident {
            #[inline]
            fn from(v: String) -> Self {
                match Self::from(v.as_str()) {
                    Self::Unknown(_) => Self::Unknown(dataworks_runtime::__private::unknown_value(v)),
                    known => known,
                }
            }
        }
        impl std::fmt::Display for #ident {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        #decode
        #serialize
        #encode
    }
}

/// Methods and trait impls of an integer enum.
fn int_impls(ident: &Ident, names: &[Ident], ints: &[i64], uses: Uses) -> TokenStream {
    let lits: Vec<Literal> = ints.iter().map(|i| Literal::i64_unsuffixed(*i)).collect();
    let decode = uses.response.then(|| {
        quote! {
            impl dataworks_runtime::FromJson for #ident {
                #[inline]
                fn from_json(value: serde_json::Value) -> Result<Option<Self>, dataworks_runtime::DecodeError> {
                    dataworks_runtime::__private::int_value_set(value)
                }
            }
        }
    });
    let encode = uses.request.then(|| {
        quote! {
            impl dataworks_runtime::__private::Encode for #ident {
                #[inline]
                fn encode(&self, name: &str, out: &mut dataworks_runtime::Params) {
                    dataworks_runtime::__private::put_text(out, name, &self.as_i64());
                }
            }
        }
    });
    let serialize = serialize_impl(
        ident,
        uses,
        quote! { serializer.serialize_i64(self.as_i64()) },
    );
    quote! {
        impl #ident {
            /// The documented wire values, in documentation order.
            pub const VALUES: &'static [i64] = &[#(#lits),*];
            /// The wire value.
            pub fn as_i64(&self) -> i64 {
                match self {
                    #(Self::#names => #lits,)*
                    Self::Unknown(v) => v.as_i64(),
                }
            }
        }
        impl From<i64> for #ident {
            #[inline]
            fn from(v: i64) -> Self {
                match v {
                    #(#lits => Self::#names,)*
                    _ => Self::Unknown(dataworks_runtime::__private::unknown_integer(v)),
                }
            }
        }
        impl std::fmt::Display for #ident {
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.as_i64(), f)
            }
        }
        #decode
        #serialize
        #encode
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

    const BOTH: Uses = Uses {
        request: true,
        response: true,
    };

    fn render_for(integer: bool, variants: &[Variant], uses: Uses) -> String {
        let tokens = tokens(
            &naming::ident("Status"),
            integer,
            variants,
            "发布包的状态。",
            uses,
        );
        super::super::format::rust_file(std::path::Path::new("x.rs"), &tokens).unwrap()
    }

    fn render(integer: bool, variants: &[Variant]) -> String {
        render_for(integer, variants, BOTH)
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
        assert!(out.contains("Unknown(dataworks_runtime::UnknownInteger),"));
        assert!(out.contains("pub const VALUES: &'static [i64] = &[0, 1, -1];"));
        assert!(out.contains("-1 => Self::Failure,"));
        assert!(out.contains("dataworks_runtime::__private::int_value_set(value)"));
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
        assert!(out.contains("Unknown(dataworks_runtime::UnknownValue),"));
        assert!(out.contains("dataworks_runtime::__private::put_text(out, name, self.as_str());"));
        assert!(!out.contains("Copy"));
        assert!(
            !out.contains("Deserialize"),
            "decoding goes through FromJson only"
        );
    }

    #[test]
    fn only_what_the_uses_need_is_emitted() {
        let values = [variant("Prod", "PROD", "")];
        let response = render_for(
            false,
            &values,
            Uses {
                request: false,
                response: true,
            },
        );
        assert!(response.contains("impl dataworks_runtime::FromJson for Status"));
        assert!(!response.contains("Encode for Status"));
        assert!(
            response.contains("#[cfg(feature = \"serialize\")]\nimpl serde::Serialize for Status"),
            "{response}"
        );
        let request = render_for(
            false,
            &values,
            Uses {
                request: true,
                response: false,
            },
        );
        assert!(!request.contains("FromJson"));
        assert!(request.contains("Encode for Status"));
        assert!(!request.contains("feature = \"serialize\""), "{request}");
    }
}
