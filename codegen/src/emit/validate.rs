//! `Validate` impls: one `v.member(…)` call per member that has something to
//! check, with the rules built from the IR's effective constraints. Patterns
//! become `static`s in `src/patterns.rs`, compiled once on first use. Each
//! types file imports the runtime's validation module as `rt` (generated type
//! names are UpperCamelCase, so the alias cannot clash).

use std::collections::BTreeMap;

use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::quote;

use super::common::*;
use crate::ir::*;
use crate::model::ShapeId;

/// What validation emission needs to know about the whole crate.
pub struct ValidationPlan {
    /// Whether a generated type has anything to check (directly or nested).
    needs: BTreeMap<ShapeId, bool>,
    /// Pattern statics by owner (shape or member ID): (static name, source, translation).
    patterns: BTreeMap<String, (String, String, crate::pattern::Translated)>,
}

impl ValidationPlan {
    /// Works out which types need checks (a fixed point over recursion) and
    /// names a static for every enforced pattern.
    pub fn new(service: &Service) -> Self {
        let mut patterns = BTreeMap::new();
        let mut taken: BTreeMap<String, String> = BTreeMap::new();
        for shape in service.shapes.values() {
            for m in members_of(shape) {
                collect_patterns(&m.ty, &mut patterns, &mut taken);
            }
        }
        let mut needs: BTreeMap<ShapeId, bool> = service
            .shapes
            .iter()
            .map(|(id, s)| {
                (
                    id.clone(),
                    matches!(s.kind, ShapeKind::Enum(_) | ShapeKind::IntEnum(_)),
                )
            })
            .collect();
        loop {
            let mut changed = false;
            for (id, shape) in &service.shapes {
                if !needs[id]
                    && members_of(shape)
                        .iter()
                        .any(|m| needs_required_check(m) || ty_needs(&m.ty, &needs))
                {
                    needs.insert(id.clone(), true);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        ValidationPlan { needs, patterns }
    }

    /// The rule expression for a value of this type, or `None` when there is
    /// nothing to check. Written with the runtime's const constructors under
    /// the file's `rt` alias: `rt::StrRules::len(rt::Length::between(1, 100))`.
    pub fn rules(&self, ty: &Ty) -> Option<TokenStream> {
        let c = &ty.constraints;
        let length = c.length.as_ref().map(length_tokens);
        match &ty.kind {
            TyKind::String => {
                let pattern = c.pattern.as_ref().and_then(|p| {
                    p.check.enforced()?;
                    let (name, _, _) = self.patterns.get(&p.owner)?;
                    let name = ident(name);
                    Some(quote! { &crate::patterns::#name })
                });
                match (length, pattern) {
                    (None, None) => None,
                    (Some(l), None) => Some(quote! { rt::StrRules::len(#l) }),
                    (None, Some(p)) => Some(quote! { rt::StrRules::pat(#p) }),
                    (Some(l), Some(p)) => Some(quote! { rt::StrRules::len_pat(#l, #p) }),
                }
            }
            TyKind::Blob => {
                let l = length?;
                Some(quote! { rt::BlobRules::len(#l) })
            }
            TyKind::Byte | TyKind::Short | TyKind::Integer | TyKind::Long => {
                let r = c.range.as_ref()?;
                let min = r.min.as_ref().map(|b| b.to_i64(true));
                let max = r.max.as_ref().map(|b| b.to_i64(false));
                let text =
                    |b: &Option<Bound>| b.as_ref().map(|b| b.text.clone()).unwrap_or_default();
                let (a, b) = (text(&r.min), text(&r.max));
                match (min, max) {
                    (Some(lo), Some(hi)) => {
                        Some(quote! { rt::IntRange::between(#lo, #hi, #a, #b) })
                    }
                    (Some(lo), None) => Some(quote! { rt::IntRange::at_least(#lo, #a) }),
                    (None, Some(hi)) => Some(quote! { rt::IntRange::at_most(#hi, #b) }),
                    (None, None) => None,
                }
            }
            TyKind::Float | TyKind::Double => {
                let r = c.range.as_ref()?;
                let f = |b: &Option<Bound>| {
                    b.as_ref()
                        .map(|b| proc_macro2::Literal::f64_unsuffixed(b.float))
                };
                let text =
                    |b: &Option<Bound>| b.as_ref().map(|b| b.text.clone()).unwrap_or_default();
                let (a, b) = (text(&r.min), text(&r.max));
                match (f(&r.min), f(&r.max)) {
                    (Some(lo), Some(hi)) => {
                        Some(quote! { rt::FloatRange::between(#lo, #hi, #a, #b) })
                    }
                    (Some(lo), None) => Some(quote! { rt::FloatRange::at_least(#lo, #a) }),
                    (None, Some(hi)) => Some(quote! { rt::FloatRange::at_most(#hi, #b) }),
                    (None, None) => None,
                }
            }
            TyKind::List(item) => {
                let item_rules = self.rules(item).map(|r| {
                    if ty.sparse {
                        quote! { rt::Sparse(#r) }
                    } else {
                        r
                    }
                });
                if length.is_none() && !c.unique_items && item_rules.is_none() {
                    return None;
                }
                let item_rules = item_rules.unwrap_or_else(|| quote! { rt::Unchecked });
                let length = length.unwrap_or_else(|| quote! { rt::Length::ANY });
                let unique = c.unique_items;
                Some(quote! { rt::ListRules::new(#length, #unique, #item_rules) })
            }
            TyKind::Map(k, v) => {
                let (kr, vr) = (
                    self.rules(k),
                    self.rules(v).map(|r| {
                        if ty.sparse {
                            quote! { rt::Sparse(#r) }
                        } else {
                            r
                        }
                    }),
                );
                if length.is_none() && kr.is_none() && vr.is_none() {
                    return None;
                }
                let kr = kr.unwrap_or_else(|| quote! { rt::Unchecked });
                let vr = vr.unwrap_or_else(|| quote! { rt::Unchecked });
                let length = length.unwrap_or_else(|| quote! { rt::Length::ANY });
                Some(quote! { rt::MapRules::new(#length, #kr, #vr) })
            }
            TyKind::Named(r) if self.needs.get(&r.id).copied().unwrap_or(true) => {
                Some(quote! { rt::Nested })
            }
            _ => None,
        }
    }

    /// `src/patterns.rs`: one static per enforced pattern.
    pub fn emit_patterns(&self) -> TokenStream {
        let mut by_name: Vec<&(String, String, crate::pattern::Translated)> =
            self.patterns.values().collect();
        by_name.sort_by(|a, b| a.0.cmp(&b.0));
        let statics = by_name.iter().map(|(name, source, t)| {
            let name = ident(name);
            let regex = &t.regex;
            let prefix = match &t.forbidden_prefix {
                Some(p) => quote! { ::std::option::Option::Some(#p) },
                None => quote! { ::std::option::Option::None },
            };
            let required = &t.required_prefixes;
            let required = quote! { &[#(#required),*] };
            let count = match t.char_count {
                Some((lo, hi)) => quote! { ::std::option::Option::Some((#lo, #hi)) },
                None => quote! { ::std::option::Option::None },
            };
            quote! {
                pub(crate) static #name: Pattern = Pattern::new(#source, #regex, #prefix, #required, #count);
            }
        });
        let import = (!self.patterns.is_empty())
            .then(|| quote! { use ::smithy_runtime::validate::Pattern; });
        quote! {
            #![doc = " `@pattern` checks, translated from ECMA-262 to the `regex` crate's syntax by the generator."]
            #import
            #(#statics)*
        }
    }

    /// The `Validate` impl of a generated type.
    pub fn emit_impl(&self, shape: &NamedShape) -> TokenStream {
        let name = ident(&shape.rust_name);
        let body = match &shape.kind {
            ShapeKind::Structure(st) => {
                let checks: Vec<TokenStream> = st
                    .members
                    .iter()
                    .filter_map(|m| self.member_check(m))
                    .collect();
                quote! { #(#checks)* }
            }
            ShapeKind::Union(u) => {
                let arms: Vec<(TokenStream, TokenStream)> = u
                    .variants
                    .iter()
                    .filter(|m| !matches!(m.ty.kind, TyKind::Unit))
                    .filter_map(|m| {
                        let rules = self.rules(&m.ty)?;
                        let var = ident(&m.rust_name);
                        let key = &m.name;
                        Some((
                            quote! { Self::#var(value) },
                            quote! { v.member(#key, value, &#rules) },
                        ))
                    })
                    .collect();
                match arms.as_slice() {
                    [] => quote! {},
                    [(pat, check)] => quote! { if let #pat = self { #check; } },
                    _ => {
                        let arms = arms.iter().map(|(pat, check)| quote! { #pat => #check, });
                        quote! { match self { #(#arms)* _ => {} } }
                    }
                }
            }
            ShapeKind::Enum(e) => {
                let unknown = ident(&e.unknown_variant);
                let set = format!(
                    "[{}]",
                    e.variants
                        .iter()
                        .filter(|v| !v.internal)
                        .map(|v| v.value.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                quote! { if let Self::#unknown(_) = self { v.not_in_enum(#set); } }
            }
            ShapeKind::IntEnum(e) => {
                let unknown = ident(&e.unknown_variant);
                let set = format!(
                    "[{}]",
                    e.variants
                        .iter()
                        .map(|v| v.value.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                quote! { if let Self::#unknown(_) = self { v.not_in_enum(#set); } }
            }
        };
        let v = if body.is_empty() {
            quote! { _v }
        } else {
            quote! { v }
        };
        quote! {
            impl rt::Validate for #name {
                #[inline]
                #[allow(deprecated)]
                fn validate_into<'a>(&'a self, #v: &mut rt::Validator<'a>) {
                    #body
                }
            }
        }
    }

    fn member_check(&self, m: &Member) -> Option<TokenStream> {
        let f = ident(&m.rust_name);
        let key = &m.name;
        let rules = self.rules(&m.ty);
        match (&m.presence, rules) {
            (Presence::Optional, rules) if needs_required_check(m) => {
                let rules = rules.unwrap_or_else(|| quote! { rt::Unchecked });
                Some(quote! { v.required(#key, &self.#f, &#rules); })
            }
            (_, None) => None,
            (Presence::Optional, Some(rules)) => {
                Some(quote! { v.optional(#key, &self.#f, &#rules); })
            }
            (Presence::Required | Presence::Default(_), Some(rules)) => {
                Some(quote! { v.member(#key, &self.#f, &#rules); })
            }
        }
    }
}

/// A member that is `Option` in Rust but must be set for the service.
fn needs_required_check(m: &Member) -> bool {
    m.presence == Presence::Optional && m.must_be_set()
}

/// Whether a value of this type has anything to check, given what is known of the generated types.
fn ty_needs(ty: &Ty, needs: &BTreeMap<ShapeId, bool>) -> bool {
    let c = &ty.constraints;
    let own = c.length.is_some()
        || c.range.is_some()
        || c.unique_items
        || c.pattern
            .as_ref()
            .is_some_and(|p| p.check.enforced().is_some());
    own || match &ty.kind {
        TyKind::List(item) => ty_needs(item, needs),
        TyKind::Map(k, v) => ty_needs(k, needs) || ty_needs(v, needs),
        TyKind::Named(r) => needs.get(&r.id).copied().unwrap_or(true),
        _ => false,
    }
}

fn members_of(shape: &NamedShape) -> &[Member] {
    match &shape.kind {
        ShapeKind::Structure(st) => &st.members,
        ShapeKind::Union(u) => &u.variants,
        _ => &[],
    }
}

fn collect_patterns(
    ty: &Ty,
    out: &mut BTreeMap<String, (String, String, crate::pattern::Translated)>,
    taken: &mut BTreeMap<String, String>,
) {
    // Only strings are checked against patterns (an enum's pattern holds for its values already).
    if let (TyKind::String, Some(p)) = (&ty.kind, &ty.constraints.pattern)
        && let (Some(t), false) = (p.check.enforced(), out.contains_key(&p.owner))
    {
        let id = ShapeId::new(p.owner.clone());
        let base = match p.owner.split_once('$') {
            Some((_, member)) => format!("{}_{}", id.name(), member),
            None => id.name().to_string(),
        };
        let mut name = base.to_shouty_snake_case();
        while taken.contains_key(&name) {
            name.push('_');
        }
        taken.insert(name.clone(), p.owner.clone());
        out.insert(p.owner.clone(), (name, p.source.clone(), t.clone()));
    }
    match &ty.kind {
        TyKind::List(item) => collect_patterns(item, out, taken),
        TyKind::Map(k, v) => {
            collect_patterns(k, out, taken);
            collect_patterns(v, out, taken);
        }
        _ => {}
    }
}

fn length_tokens(b: &Bounds) -> TokenStream {
    let n = |v: &Option<Bound>| {
        v.as_ref()
            .and_then(|b| b.integer)
            .and_then(|i| u64::try_from(i).ok())
            .map(proc_macro2::Literal::u64_unsuffixed)
    };
    match (n(&b.min), n(&b.max)) {
        (Some(lo), Some(hi)) => quote! { rt::Length::between(#lo, #hi) },
        (Some(lo), None) => quote! { rt::Length::at_least(#lo) },
        (None, Some(hi)) => quote! { rt::Length::at_most(#hi) },
        (None, None) => quote! { rt::Length::ANY },
    }
}
