//! The shared module `src/types.rs`: every type several operations use, defined once,
//! and the re-exports through which each operation's module names them.
//!
//! A shared type is compiled whenever the API group feature of any operation using it
//! is on (each of its items carries that `cfg`), and its docs say which operations use
//! it.

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use super::format::RustFormatter;
use super::rust_type::Scope;
use super::structs::type_def;
use super::{CodegenError, OpCx};
use crate::naming;
use crate::plan::{TypeId, TypeSpace};
use dwgen_spec::Spec;

/// `src/types.rs` and its contents.
pub fn render(
    spec: &Spec,
    space: &TypeSpace,
    fmt: &dyn RustFormatter,
) -> Result<(PathBuf, String), CodegenError> {
    let path = PathBuf::from("src/types.rs");
    let tokens = tokens(spec, space)?;
    let text = fmt.format(&path, &tokens)?;
    Ok((path, text))
}

/// The `cfg` predicate enabling a type: any of its users' API group features.
pub fn gate(spec: &Spec, space: &TypeSpace, id: TypeId) -> TokenStream {
    let mut features: Vec<String> = space
        .get(id)
        .users
        .iter()
        .map(|op| naming::feature_name(&spec.operations[*op].category))
        .collect();
    features.sort();
    features.dedup();
    match features.as_slice() {
        [one] => quote! { feature = #one },
        many => quote! { any(#(feature = #many),*) },
    }
}

fn tokens(spec: &Spec, space: &TypeSpace) -> Result<TokenStream, CodegenError> {
    let shared = space.shared();
    let mut doc = vec![
        " Types several operations share, each defined once: a response value or value set"
            .to_owned(),
        " one operation returns can be passed to another operation's request. Each".to_owned(),
        " operation's module re-exports the shared types it uses under the name it gives them."
            .to_owned(),
    ];
    if let Some(line) = example_reexport(spec, space) {
        doc.push(line);
    }
    doc.extend([
        " A type is compiled when the API group feature of any operation using it is on."
            .to_owned(),
        String::new(),
        format!(" {} shared types.", shared.len()),
    ]);
    let mut items = Vec::with_capacity(shared.len());
    for id in shared {
        let def = type_def(space, id, Scope::Shared(space));
        let users: Vec<String> = space
            .get(id)
            .users
            .iter()
            .map(|op| format!("`{}`", spec.operations[*op].name))
            .collect();
        let used_by = format!(" Used by {}.", users.join(", "));
        items.push(gated(def, &gate(spec, space, id), &used_by)?);
    }
    Ok(quote! {
        #(#![doc = #doc])*
        #(#items)*
    })
}

/// A doc line showing one re-export under another name, for the module docs.
fn example_reexport(spec: &Spec, space: &TypeSpace) -> Option<String> {
    (0..space.ops.len()).find_map(|op| {
        let (id, local) = space
            .reexports(op)
            .into_iter()
            .find(|(id, local)| space.get(*id).name != *local)?;
        let o = &spec.operations[op];
        Some(format!(
            " For example `{}::{}::{local}` is [`{}`].",
            naming::category_module(&o.category),
            naming::module_name(&o.name),
            space.get(id).name
        ))
    })
}

/// Puts `#[cfg(gate)]` on every item of `tokens`, and `note` at the end of the first
/// item's docs.
fn gated(tokens: TokenStream, gate: &TokenStream, note: &str) -> Result<TokenStream, CodegenError> {
    let mut file: syn::File = syn::parse2(tokens).map_err(|e| CodegenError::Unparsable {
        file: "src/types.rs".to_owned(),
        message: e.to_string(),
    })?;
    for (i, item) in file.items.iter_mut().enumerate() {
        let Some(attrs) = item_attrs(item) else {
            continue;
        };
        if i == 0 {
            // After the type's own docs, before its other attributes.
            let at = attrs
                .iter()
                .rposition(|a| a.path().is_ident("doc"))
                .map_or(0, |p| p + 1);
            attrs.insert(at, syn::parse_quote!(#[doc = #note]));
            attrs.insert(at, syn::parse_quote!(#[doc = ""]));
        }
        attrs.insert(0, syn::parse_quote!(#[cfg(#gate)]));
    }
    Ok(quote! { #file })
}

fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::Item::Struct(i) => Some(&mut i.attrs),
        syn::Item::Enum(i) => Some(&mut i.attrs),
        syn::Item::Impl(i) => Some(&mut i.attrs),
        _ => None,
    }
}

/// An operation module's `pub use crate::types::{..}` of the shared types it uses, each
/// under the operation's own name for it.
pub fn reexports(cx: OpCx<'_>) -> TokenStream {
    let mut uses: Vec<TokenStream> = cx
        .space
        .reexports(cx.index)
        .into_iter()
        .map(|(id, local)| {
            let shared = naming::ident(&cx.space.get(id).name);
            let local_ident = naming::ident(local);
            if shared == local_ident {
                quote! { #shared }
            } else {
                quote! { #shared as #local_ident }
            }
        })
        .collect();
    uses.sort_by_key(|t| t.to_string());
    match uses.len() {
        0 => quote! {},
        _ => quote! { pub use crate::types::{#(#uses),*}; },
    }
}
