//! Client emitter: the generated crate's `src/client.rs`, with the `DataWorks` extension
//! trait: one method per operation on the runtime's `Client`, named like the operation's
//! module and gated by its category's feature, returning the operation's request builder
//! holding the client (`XRequestBuilder<Client>`), whose `send()` sends it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::sanitize;
#[cfg(test)]
use super::format::rust_file;
use super::format::RustFormatter;
use super::{CodegenError, Files, OpNames};
use crate::naming;
use dwgen_spec::Operation;
use dwgen_spec::Spec;

/// Methods of the runtime's `Client` (inherent, or from traits it implements) that an
/// operation's method must not be named like: inherent methods would shadow it, trait
/// methods would make calls ambiguous.
const CLIENT_METHODS: &[&str] = &[
    "builder",
    "region",
    "endpoint",
    "rate_limiter",
    "retry_policy",
    "signature_version",
    "call",
    "clone",
    "clone_from",
    "fmt",
    "to_owned",
    "clone_into",
    "into",
    "try_into",
    "from",
    "try_from",
    "borrow",
    "borrow_mut",
    "type_id",
];

/// The `DataWorks` method of an operation: its module name (`deploy_file`).
pub fn method_name(op: &Operation) -> String {
    naming::module_name(&op.name)
}

/// Checks that the operations' method names are unique and free.
fn check(spec: &Spec) -> Result<(), CodegenError> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for op in &spec.operations {
        let name = method_name(op);
        if CLIENT_METHODS.contains(&name.as_str()) {
            return Err(CodegenError::Spec(format!(
                "operation {}: its client method `{name}` would clash with `Client::{name}`",
                op.name
            )));
        }
        if let Some(other) = seen.insert(name.clone(), &op.name) {
            return Err(CodegenError::Spec(format!(
                "operations {other} and {} would both get the client method `{name}`",
                op.name
            )));
        }
    }
    Ok(())
}

/// The builder's path from the crate root: `crate::data_development::DeployFileRequestBuilder`.
fn builder_path(op: &Operation) -> TokenStream {
    let category = naming::ident(&naming::category_module(&op.category));
    let builder = OpNames::of(op).builder;
    quote! { crate::#category::#builder }
}

/// The fluent builder type a method returns: the builder holding the client.
fn bound_builder(op: &Operation) -> TokenStream {
    let path = builder_path(op);
    quote! { #path<Client> }
}

/// Writes `src/client.rs`.
pub fn emit(spec: &Spec, fmt: &dyn RustFormatter, files: &mut Files) -> Result<(), CodegenError> {
    check(spec)?;
    let path = PathBuf::from("src/client.rs");
    files.insert(path.clone(), fmt.format(&path, &tokens(spec))?);
    Ok(())
}

/// The tokens of `src/client.rs`.
fn tokens(spec: &Spec) -> TokenStream {
    let (mut decls, mut impls) = (Vec::new(), Vec::new());
    for op in &spec.operations {
        let method = naming::ident(&method_name(op));
        let feature = naming::feature_name(&op.category);
        let builder = builder_path(op);
        let bound = bound_builder(op);
        let summary = sanitize(&op.summary).join(" ");
        let name = OpNames::of(op).builder;
        let link = format!("crate::{}::{name}", naming::category_module(&op.category));
        let lines = [
            format!(" `{}`: {summary}", op.name),
            String::new(),
            format!(" Returns [`{name}`]({link}) holding this client: set the parameters,"),
            " then `.send().await`.".to_owned(),
        ];
        decls.push(quote! {
            #(#[doc = #lines])*
            #[cfg(feature = #feature)]
            fn #method(&self) -> #bound;
        });
        impls.push(quote! {
            #[cfg(feature = #feature)]
            fn #method(&self) -> #bound {
                #builder::with_client(self.clone())
            }
        });
    }
    quote! {
        //! Calling the service: the [`DataWorks`] trait gives the runtime's [`Client`] one
        //! method per operation (named like the operation's module, and there only when
        //! the operation's API group feature is on), returning the operation's request
        //! builder bound to the client:
        //!
        //! ```no_run
        //! # #[cfg(feature = "data-development")]
        //! # async fn demo(client: dataworks_public::Client) -> Result<(), Box<dyn std::error::Error>> {
        //! use dataworks_public::prelude::*;
        //! let response = client.deploy_file().file_id(10000001).project_id(10000).send().await?;
        //! # let _ = response; Ok(()) }
        //! ```
        use dataworks_runtime::Client;

        mod sealed {
            /// Only the runtime's client implements [`DataWorks`](super::DataWorks).
            pub trait Sealed {}

            impl Sealed for dataworks_runtime::Client {}
        }

        /// The operations of the service as methods of [`Client`]: each returns the
        /// operation's request builder holding the client, whose `send()` builds the
        /// request and sends it (paced, signed and retried by the client). Sealed: only
        /// [`Client`] implements it.
        pub trait DataWorks: sealed::Sealed {
            #(#decls)*
        }

        impl DataWorks for Client {
            #(#impls)*
        }

    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(name: &str, category: &str) -> Operation {
        Operation {
            qps_tier: Some(3),
            summary: "发布文件。".into(),
            ..Operation::new(name, category)
        }
    }

    fn spec(operations: Vec<Operation>) -> Spec {
        Spec::new(
            crate::emit::test_support::service("data-development", "数据开发"),
            operations,
        )
    }

    #[test]
    fn one_gated_method_per_operation() {
        let out = rust_file(
            std::path::Path::new("src/client.rs"),
            &tokens(&spec(vec![op("DeployFile", "data-development")])),
        )
        .expect("parses");
        assert!(
            out.contains("pub trait DataWorks: sealed::Sealed {"),
            "{out}"
        );
        assert!(out.contains(
            "    #[cfg(feature = \"data-development\")]\n    fn deploy_file(&self) -> crate::data_development::DeployFileRequestBuilder<Client>;"
        ), "{out}");
        assert!(out.contains(
            "crate::data_development::DeployFileRequestBuilder::with_client(self.clone())"
        ));
        assert!(out.contains(
            "/// Returns [`DeployFileRequestBuilder`](crate::data_development::DeployFileRequestBuilder) holding this client: set the parameters,"
        ));
        assert!(out.contains("/// `DeployFile`: 发布文件。"));
    }

    #[test]
    fn clashing_method_names_are_a_spec_error() {
        let mut files = Files::new();
        assert!(emit(
            &spec(vec![op("Call", "data-development")]),
            &crate::emit::format::Plain,
            &mut files
        )
        .is_err());
        let twins = spec(vec![
            op("GetIDEEvent", "data-development"),
            op("GetIdeEvent", "data-development"),
        ]);
        let err = emit(&twins, &crate::emit::format::Plain, &mut files).expect_err("same method");
        assert!(err.to_string().contains("get_ide_event"), "{err}");
        assert!(emit(
            &spec(vec![op("DeployFile", "data-development")]),
            &crate::emit::format::Plain,
            &mut files
        )
        .is_ok());
    }
}
