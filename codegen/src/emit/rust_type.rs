//! Spelling planned types in Rust: a [`TypeRef`] as the type tokens a module writes. An
//! operation's module names every type it uses by its local name (a definition there or
//! a re-export of a shared type); the shared module names shared types only.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::naming;
use crate::plan::{TypeId, TypeRef, TypeSpace};
use dwgen_spec::Type;

/// The module a type is spelled in.
#[derive(Clone, Copy)]
pub enum Scope<'a> {
    /// The module of the operation with this index.
    Op(&'a TypeSpace, usize),
    /// The shared module `types`.
    Shared(&'a TypeSpace),
}

impl<'a> Scope<'a> {
    /// The type space.
    pub fn space(&self) -> &'a TypeSpace {
        match self {
            Scope::Op(space, _) | Scope::Shared(space) => space,
        }
    }

    /// The name of planned type `id` in this module.
    pub fn name(&self, id: TypeId) -> Ident {
        let name = match self {
            Scope::Op(space, op) => space.ops[*op].local_name(id).unwrap_or(&space.get(id).name),
            Scope::Shared(space) => &space.get(id).name,
        };
        naming::ident(name)
    }

    /// The Rust type of `ty` in this module.
    pub fn tokens(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Scalar(t) => scalar(*t),
            TypeRef::Named(id) => {
                let name = self.name(*id);
                quote! { #name }
            }
            TypeRef::List(inner) => {
                let t = self.tokens(inner);
                quote! { Vec<#t> }
            }
            TypeRef::Map(inner) => {
                let t = self.tokens(inner);
                quote! { std::collections::BTreeMap<String, #t> }
            }
        }
    }
}

/// The Rust type of a scalar spec type (`string` → `String`, `int64` → `i64`, ...);
/// `any` (and a container without a planned type) is `serde_json::Value`.
pub fn scalar(ty: Type) -> TokenStream {
    match ty {
        Type::String => quote! { String },
        Type::Int32 => quote! { i32 },
        Type::Int64 => quote! { i64 },
        Type::Float => quote! { f32 },
        Type::Double => quote! { f64 },
        Type::Boolean => quote! { bool },
        Type::Object | Type::Array | Type::Map | Type::Any => quote! { serde_json::Value },
    }
}

/// Whether the type is an integer.
pub fn is_integer(ty: Type) -> bool {
    matches!(ty, Type::Int32 | Type::Int64)
}
