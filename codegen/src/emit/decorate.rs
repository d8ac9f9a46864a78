//! Service customizations: what an AWS SDK adds to one service's requests
//! beyond its model. Each is a [`Decorator`] the emitters consult at fixed
//! points, turned on by configuration (`customizations` in a crate's
//! `[crate]` table, carried into [`Service::customizations`]).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::*;

/// Hooks of a service customization.
pub trait Decorator: Sync {
    /// The runtime features the customization needs (`glacier`).
    fn runtime_features(&self) -> &'static [&'static str] {
        &[]
    }

    /// The statement that sends URI label `m`'s text (`text`, a `&str`
    /// expression) instead of the usual `r.label(…)`, if the customization
    /// changes it.
    fn label(&self, m: &Member, text: &TokenStream) -> Option<TokenStream> {
        let _ = (m, text);
        None
    }

    /// Statements added at the end of a request's building (on `r`, an
    /// `rt::RequestBuilder`).
    fn request(&self, service: &Service, ins: &[Member]) -> Vec<TokenStream> {
        let _ = (service, ins);
        Vec::new()
    }
}

/// Amazon Glacier's customization, as its SDKs apply it: every request
/// carries `X-Amz-Glacier-Version` (the API version), a blob payload its
/// SHA-256 and tree hash, and an empty account ID is sent as `-` (the
/// caller's own account).
pub struct Glacier;

impl Decorator for Glacier {
    fn runtime_features(&self) -> &'static [&'static str] {
        &["glacier"]
    }

    fn label(&self, m: &Member, text: &TokenStream) -> Option<TokenStream> {
        if m.name != "accountId" {
            return None;
        }
        let label = &m.name;
        Some(quote! {
            let account: &str = #text;
            r.label(#label, if account.is_empty() { "-" } else { account })?;
        })
    }

    fn request(&self, service: &Service, ins: &[Member]) -> Vec<TokenStream> {
        let version = &service.version;
        let mut out = vec![quote! { r.fixed_header("X-Amz-Glacier-Version", #version); }];
        if ins
            .iter()
            .any(|m| m.binding == Binding::Payload && matches!(m.ty.kind, TyKind::Blob))
        {
            out.push(quote! { r.glacier_checksums(); });
        }
        out
    }
}

/// The decorators of the service's customizations, in configuration order.
pub fn of(service: &Service) -> Vec<&'static dyn Decorator> {
    service
        .customizations
        .iter()
        .map(|c| match c {
            Customization::Glacier => &Glacier as &'static dyn Decorator,
        })
        .collect()
}
