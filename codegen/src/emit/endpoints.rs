//! Endpoints emitter: the generated crate's `src/endpoints.rs`, the static `ENDPOINTS`
//! (a `dataworks_runtime::endpoint::EndpointRules`) from the reviewed
//! `spec/endpoints.yaml` ([`dwgen_spec::overlays::endpoints`]). Every request's
//! `Operation` impl points at it (`const ENDPOINTS`, the request emitter's), and the
//! client resolves each call's endpoint from it: the runtime holds no host or region.
//! Without the file, nothing is emitted and the operations have no rules (the client
//! then needs an explicit endpoint).

use std::fmt::Write as _;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use super::{CodegenError, Files};
use dwgen_spec::overlays::endpoints::Endpoints;
use dwgen_spec::Spec;

/// The generated file.
pub const PATH: &str = "src/endpoints.rs";

/// `Some(&crate::endpoints::ENDPOINTS)`, or `None` without endpoints: the value of each
/// operation's `const ENDPOINTS`.
pub fn operation_const(spec: &Spec) -> TokenStream {
    match spec.endpoints {
        Some(_) => quote! { Some(&crate::endpoints::ENDPOINTS) },
        None => quote! { None },
    }
}

/// What the crate docs say about endpoints (Markdown), when the spec has them.
pub fn crate_doc(spec: &Spec) -> Option<String> {
    let e = spec.endpoints.as_ref()?;
    let mut doc = format!(
        "# Endpoints\nA client sends to the endpoint of its region on its network ([`runtime::endpoint::Network`]: public unless `ClientBuilder::network` or `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true` asks for VPC), from [`ENDPOINTS`]: `https://{}/`",
        e.public
    );
    match &e.vpc {
        Some(vpc) => {
            let _ = write!(doc, ", and `https://{vpc}/` on the VPC network");
        }
        None => doc.push_str("; the service has no VPC endpoints"),
    }
    doc.push_str(". An endpoint given with `ClientBuilder::endpoint` wins.");
    if !e.regions.is_empty() {
        doc.push_str(" Regions served otherwise:\n");
        for r in &e.regions {
            let vpc = r.vpc.as_ref().map_or(
                "no VPC endpoint (asking for one is an error of the call)".to_owned(),
                |v| format!("VPC `{v}`"),
            );
            let _ = writeln!(doc, "- `{}`: `{}`, {vpc}", r.region, r.public);
        }
    } else {
        doc.push('\n');
    }
    let _ = writeln!(doc, "\nSource: <{}>.", e.source);
    Some(doc)
}

/// Emits `src/endpoints.rs` when the spec has endpoints.
pub fn emit(
    spec: &Spec,
    fmt: &dyn super::format::RustFormatter,
    files: &mut Files,
) -> Result<(), CodegenError> {
    let Some(endpoints) = &spec.endpoints else {
        return Ok(());
    };
    let path = PathBuf::from(PATH);
    let text = fmt.format(&path, &render(endpoints))?;
    files.insert(path, text);
    Ok(())
}

fn render(e: &Endpoints) -> TokenStream {
    let public = &e.public;
    let vpc = option(e.vpc.as_deref());
    let source = &e.source;
    let regions = e.regions.iter().map(|r| {
        let (region, public, vpc) = (&r.region, &r.public, option(r.vpc.as_deref()));
        quote! { dataworks_runtime::endpoint::RegionEndpoints::new(#region, #public, #vpc), }
    });
    let doc = format!(
        " Where the service is, by region and network: public `{public}`{}, and the regions served otherwise. From the reviewed `spec/endpoints.yaml`; source: <{source}>.",
        e.vpc
            .as_deref()
            .map(|v| format!(", VPC `{v}`"))
            .unwrap_or_default()
    );
    quote! {
        //! The service's endpoints, by region and network (from the reviewed `spec/endpoints.yaml`).

        #[doc = #doc]
        pub static ENDPOINTS: dataworks_runtime::endpoint::EndpointRules =
            dataworks_runtime::endpoint::EndpointRules::new(
                #public,
                #vpc,
                &[#(#regions)*],
                #source,
            );
    }
}

fn option(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote! { Some(#v) },
        None => quote! { None },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dwgen_spec::overlays::endpoints::RegionEndpoints;

    fn endpoints() -> Endpoints {
        Endpoints {
            source: "https://example.com/endpoints".into(),
            public: "svc.{region}.example.com".into(),
            vpc: Some("svc-vpc.{region}.example.com".into()),
            regions: vec![RegionEndpoints {
                region: "cn-central".into(),
                public: "svc.example.com".into(),
                vpc: None,
                why: "central".into(),
            }],
        }
    }

    #[test]
    fn the_static_holds_the_file() {
        let text = render(&endpoints()).to_string().replace(' ', "");
        assert!(
            text.contains(r#"EndpointRules::new("svc.{region}.example.com",Some("svc-vpc.{region}.example.com"),&[dataworks_runtime::endpoint::RegionEndpoints::new("cn-central","svc.example.com",None),],"https://example.com/endpoints",)"#),
            "{text}"
        );
    }

    #[test]
    fn operations_point_at_it_only_when_there_is_one() {
        let mut spec = Spec::new(
            crate::emit::test_support::service("data-development", "数据开发"),
            Vec::new(),
        );
        assert_eq!(operation_const(&spec).to_string(), "None");
        assert!(crate_doc(&spec).is_none());
        spec.endpoints = Some(endpoints());
        assert_eq!(
            operation_const(&spec).to_string().replace(' ', ""),
            "Some(&crate::endpoints::ENDPOINTS)"
        );
        let doc = crate_doc(&spec).expect("doc");
        assert!(
            doc.contains("`cn-central`: `svc.example.com`, no VPC endpoint"),
            "{doc}"
        );
    }
}
