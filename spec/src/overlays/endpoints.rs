//! `spec/endpoints.yaml`: where the service is, by region and network. The endpoints
//! are service facts the documentation seeds do not hold (the endpoint page is not among
//! them), so they are a reviewed file naming its source:
//!
//! ```yaml
//! source: https://www.alibabacloud.com/help/en/dataworks/developer-reference/api-dataworks-public-2020-05-18-endpoint
//! public: dataworks.{region}.aliyuncs.com      # every region not listed below
//! vpc: dataworks-vpc.{region}.aliyuncs.com     # omit when the service has none
//! regions:                                     # regions served otherwise
//! - region: cn-qingdao
//!   public: dataworks.aliyuncs.com              # the central endpoint
//!   vpc: null                                  # no VPC endpoint
//!   why: the endpoint page lists cn-qingdao under the central endpoint, without a VPC endpoint
//! ```
//!
//! The generator emits it as the generated crate's `ENDPOINTS` (a
//! `dataworks_runtime::endpoint::EndpointRules`), which every request's `Operation` impl
//! points at; the client resolves a call's endpoint from it, so the runtime holds no
//! host or region of its own. [`Endpoints::check`] refuses a file that could not give a
//! valid URL.

use serde::{Deserialize, Serialize};

/// The placeholder of the region in a host pattern.
pub const REGION_PLACEHOLDER: &str = "{region}";

/// The whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoints {
    /// Where the facts come from (a URL or a document).
    pub source: String,
    /// The public host of a region not listed in `regions`, with `{region}`.
    pub public: String,
    /// The VPC host of a region not listed in `regions`, with `{region}`; `None` when
    /// the service has no VPC endpoints.
    #[serde(default)]
    pub vpc: Option<String>,
    /// Regions whose endpoints do not follow the patterns.
    #[serde(default)]
    pub regions: Vec<RegionEndpoints>,
}

/// A region served otherwise than by the patterns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionEndpoints {
    /// The region id, e.g. `cn-qingdao`.
    pub region: String,
    /// Its public host.
    pub public: String,
    /// Its VPC host; `None` (`null`) when it has none.
    pub vpc: Option<String>,
    /// Why, from the source.
    pub why: String,
}

impl Endpoints {
    /// Checks that every pattern names `{region}` once, every host is a plain host name,
    /// every region id is a region id and listed once, and every entry says why.
    pub fn check(&self) -> Result<(), String> {
        if self.source.trim().is_empty() {
            return Err("`source` is empty: say where the endpoints come from".to_owned());
        }
        check_pattern("public", &self.public)?;
        if let Some(vpc) = &self.vpc {
            check_pattern("vpc", vpc)?;
        }
        let mut seen: Vec<&str> = Vec::new();
        for entry in &self.regions {
            let at = format!("region `{}`", entry.region);
            if !is_region_id(&entry.region) {
                return Err(format!(
                    "{at}: not a region id (lower-case letters, digits and `-`)"
                ));
            }
            if seen.contains(&entry.region.as_str()) {
                return Err(format!("{at}: listed twice"));
            }
            seen.push(&entry.region);
            check_host(&format!("{at}: public"), &entry.public)?;
            if let Some(vpc) = &entry.vpc {
                check_host(&format!("{at}: vpc"), vpc)?;
            }
            if entry.why.trim().is_empty() {
                return Err(format!("{at}: `why` is empty"));
            }
        }
        Ok(())
    }
}

/// A region id: lower-case letters, digits and `-`, not empty.
pub fn is_region_id(region: &str) -> bool {
    !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn check_pattern(what: &str, pattern: &str) -> Result<(), String> {
    if pattern.matches(REGION_PLACEHOLDER).count() != 1 {
        return Err(format!(
            "`{what}`: `{pattern}` must name {REGION_PLACEHOLDER} exactly once"
        ));
    }
    check_host(what, &pattern.replace(REGION_PLACEHOLDER, "cn-example-1"))
}

fn check_host(what: &str, host: &str) -> Result<(), String> {
    let valid = !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{what}`: `{host}` is not a host name (lower-case labels joined by `.`, no scheme or path)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "source: https://example.com/endpoints\npublic: svc.{region}.example.com\nvpc: svc-vpc.{region}.example.com\nregions:\n- region: cn-qingdao\n  public: svc.example.com\n  vpc: null\n  why: central\n";

    #[test]
    fn a_file_reads_and_checks() {
        let endpoints: Endpoints = serde_norway::from_str(FILE).expect("valid");
        assert_eq!(endpoints.regions[0].vpc, None);
        endpoints.check().expect("checks");
        assert!(serde_norway::from_str::<Endpoints>(&format!("{FILE}surprise: 1\n")).is_err());
    }

    #[test]
    fn bad_files_are_named() {
        let base: Endpoints = serde_norway::from_str(FILE).unwrap();
        let mut e = base.clone();
        e.public = "svc.example.com".into();
        assert!(e.check().unwrap_err().contains("{region} exactly once"));
        let mut e = base.clone();
        e.vpc = Some("https://svc-vpc.{region}.example.com/".into());
        assert!(e.check().unwrap_err().contains("not a host name"));
        let mut e = base.clone();
        e.regions.push(e.regions[0].clone());
        assert!(e.check().unwrap_err().contains("listed twice"));
        let mut e = base.clone();
        e.regions[0].region = "CN_X".into();
        assert!(e.check().unwrap_err().contains("not a region id"));
        let mut e = base;
        e.regions[0].why = " ".into();
        assert!(e.check().unwrap_err().contains("`why` is empty"));
    }
}
