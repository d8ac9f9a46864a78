//! Lowering: [`Model`] → [`Service`], in small named passes.
//!
//! 1. `find_service` — the one service shape and its protocol.
//! 2. `select_operations` — all operations, or the subset asked for.
//! 3. `collect_reachable` — the generated shapes the operations reach.
//! 4. `assign_type_names` — Rust names, with collisions reported.
//! 5. `lower_shape` — members, resolved types, effective constraints, defaults, bindings.
//! 6. `mark_boxes` — members that close a cycle of direct structure/union members.
//! 7. `lower_operations` — HTTP bindings, errors, closures and the uses of each shape.
//! 8. `unbind_response_members` — label and query bindings in outputs and errors become body members.
//! 9. `name_error_sets` — one error enum per distinct set of errors, named from its errors.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::Value;

use crate::error::{ErrorKind, Result};
use crate::ir::*;
use crate::model::{Model, Shape, ShapeId, ShapeType};
use crate::naming;
use crate::pattern::{self, Translated};

/// What to generate.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Only these operations (by model name) and the shapes they reach; all when empty.
    pub operations: Vec<String>,
    /// Pattern checks switched off by the maintainer: shape or member ID → reason.
    pub pattern_overrides: BTreeMap<String, String>,
    /// The service to generate, when the model defines several.
    pub service: Option<String>,
    /// Operations (by model name) left out on purpose: no warning for them.
    pub exclude: Vec<String>,
    /// The service's SDK customizations to apply (`glacier`), from configuration.
    pub customizations: Vec<Customization>,
    /// The operation (by model name) the crate root's example fakes and
    /// calls; one picked by the generator when `None`, or when an
    /// `operations` subset leaves it out. Naming no operation of the
    /// service is an error.
    pub headline: Option<String>,
}

/// Per-run state of lowering: translated patterns (each translated once),
/// which overrides were used, and the patterns that cannot be enforced.
struct PatternCx<'o> {
    /// The service's protocol: whether HTTP binding traits and `@jsonName` apply.
    protocol: Protocol,
    overrides: &'o BTreeMap<String, String>,
    translated: RefCell<BTreeMap<String, Result<Translated, String>>>,
    used: RefCell<BTreeSet<String>>,
    unenforced: RefCell<BTreeMap<String, String>>,
}

impl PatternCx<'_> {
    /// The pattern declared by `owner`, translated, or switched off by an
    /// override, or (when it cannot be translated) documented as not
    /// enforced and reported as a warning.
    fn pattern(&self, owner: &str, source: String) -> Pattern {
        if let Some(reason) = self.overrides.get(owner) {
            self.used.borrow_mut().insert(owner.to_string());
            return Pattern {
                source,
                owner: owner.to_string(),
                check: PatternCheck::Overridden(reason.clone()),
            };
        }
        let translated = self
            .translated
            .borrow_mut()
            .entry(source.clone())
            .or_insert_with(|| pattern::translate(&source))
            .clone();
        match translated {
            Ok(t) => Pattern {
                source,
                owner: owner.to_string(),
                check: PatternCheck::Enforced(t),
            },
            Err(why) => {
                self.unenforced.borrow_mut().insert(owner.to_string(), format!("pattern `{source}` cannot be enforced exactly ({why}); it is documented as not checked"));
                Pattern {
                    source,
                    owner: owner.to_string(),
                    check: PatternCheck::Untranslatable(why.to_string()),
                }
            }
        }
    }
}

/// Lowers a loaded model into the IR.
pub fn lower(model: &Model, options: &Options) -> Result<Service> {
    let (service, protocol) = find_service(model, options.service.as_deref())?;
    let (ops, skipped) = select_operations(model, service, options)?;
    let reachable = collect_reachable(model, service, &ops)?;
    let names = assign_type_names(model, &reachable, &service.rename)?;
    let cx = PatternCx {
        protocol,
        overrides: &options.pattern_overrides,
        translated: Default::default(),
        used: Default::default(),
        unenforced: Default::default(),
    };
    let mut shapes = BTreeMap::new();
    for id in &reachable {
        let shape = model.get(id, id.as_str())?;
        shapes.insert(id.clone(), lower_shape(model, shape, &names, &cx)?);
    }
    use crate::error::{Warning, WarningKind};
    let warning = |shape: &str, message: String, kind: WarningKind| Warning {
        file: model.file_of(shape).to_path_buf(),
        shape: shape.to_string(),
        message,
        kind,
    };
    let mut warnings: Vec<Warning> = cx
        .unenforced
        .borrow()
        .iter()
        .map(|(owner, why)| warning(owner, why.clone(), WarningKind::UnenforcedPattern))
        .collect();
    // With a subset of operations, an override may concern a shape left out.
    let unused_overrides: Vec<String> = if options.operations.is_empty() {
        let used = cx.used.borrow();
        options
            .pattern_overrides
            .keys()
            .filter(|k| !used.contains(*k))
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    warnings.extend(
        skipped
            .into_iter()
            .map(|(id, why)| warning(&id, why, WarningKind::SkippedOperation)),
    );
    warnings.extend(unused_overrides.iter().map(|k| {
        let why = "the overrides file switches off this pattern, but no generated shape uses a pattern declared here; remove the entry";
        warning(k, why.into(), WarningKind::UnusedOverride)
    }));
    mark_boxes(&mut shapes);
    let service_auth = service_auth(model, service)?;
    let mut operations =
        lower_operations(model, service, protocol, &service_auth, &ops, &mut shapes)?;
    unbind_response_members(&operations, &mut shapes);
    let error_sets = name_error_sets(model, &mut operations, &shapes)?;
    // File and module names, unique within their folder.
    let modules = naming::module_names(shapes.values().map(|s| s.rust_name.as_str()));
    for shape in shapes.values_mut() {
        shape.module = modules[&shape.rust_name].clone();
    }
    let modules = naming::module_names(operations.iter().map(|o| o.name.as_str()));
    for op in &mut operations {
        op.module = modules[&op.name].clone();
    }
    let traits = &service.traits;
    let sdk_id = traits
        .get("aws.api#service")
        .and_then(|v| v.get("sdkId"))
        .and_then(Value::as_str)
        .unwrap_or(service.id.name())
        .to_string();
    let aws = traits.get("aws.api#service");
    let doc_id = ["endpointPrefix", "arnNamespace"]
        .iter()
        .find_map(|k| aws.and_then(|a| a.get(*k)).and_then(Value::as_str))
        .map_or_else(|| sdk_id.to_lowercase().replace(' ', "-"), str::to_string);
    Ok(Service {
        id: service.id.clone(),
        doc_id,
        signing_name: traits
            .get("aws.auth#sigv4")
            .and_then(|v| v.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string),
        endpoint_prefix: aws
            .and_then(|a| a.get("endpointPrefix"))
            .and_then(Value::as_str)
            .map(str::to_string),
        endpoint_rules: traits
            .get("smithy.rules#endpointRuleSet")
            .map(Value::to_string),
        title: str_trait(traits, "smithy.api#title")
            .unwrap_or_else(|| service.id.name().to_string()),
        trait_name: naming::trait_name(&sdk_id),
        sdk_id,
        protocol,
        customizations: options.customizations.clone(),
        headline: options
            .headline
            .clone()
            .filter(|h| operations.iter().any(|o| &o.name == h)),
        bearer: operations
            .iter()
            .any(|o| o.auth.contains(&AuthScheme::Bearer)),
        auth: service_auth,
        version: service.version.clone().unwrap_or_default(),
        docs: doc_trait(traits),
        operations,
        shapes,
        error_sets,
        warnings,
        unused_overrides,
    })
}

/// The authentication traits the generator writes, by shape ID.
const AUTH_TRAITS: &[(&str, AuthScheme)] = &[
    ("aws.auth#sigv4", AuthScheme::SigV4),
    ("smithy.api#httpBearerAuth", AuthScheme::Bearer),
];

/// Authentication traits the generator knows and does not write: a service
/// may offer them beside one it writes (which is then used); alone, they
/// are refused.
const OTHER_AUTH_TRAITS: &[&str] = &[
    "aws.auth#cognitoUserPools",
    "aws.auth#sigv4a",
    "smithy.api#httpApiKeyAuth",
    "smithy.api#httpBasicAuth",
    "smithy.api#httpDigestAuth",
];

/// The schemes of authentication trait IDs, in their order, leaving out
/// those the generator does not write; an error when that leaves none of a
/// non-empty list (nothing could call the operation as the model says).
fn auth_schemes<'i>(
    model: &Model,
    at: &str,
    ids: impl IntoIterator<Item = &'i str>,
) -> Result<Vec<AuthScheme>> {
    let ids: Vec<&str> = ids.into_iter().collect();
    let out: Vec<AuthScheme> = ids
        .iter()
        .filter_map(|id| AUTH_TRAITS.iter().find(|(t, _)| t == id).map(|(_, s)| *s))
        .collect();
    if out.is_empty()
        && let Some(id) = ids.first()
    {
        return Err(model.error(
            at,
            ErrorKind::Unsupported(format!(
                "authentication scheme `{id}`; the generator writes `aws.auth#sigv4` and `smithy.api#httpBearerAuth`"
            )),
        ));
    }
    Ok(out)
}

/// An `@auth` list: the schemes in order (`[]`: anonymous).
fn auth_list(model: &Model, at: &str, list: &Value) -> Result<Vec<AuthScheme>> {
    let ids = list.as_array().ok_or_else(|| {
        model.error(
            at,
            ErrorKind::InvalidTrait {
                trait_id: "smithy.api#auth".into(),
                reason: "must be a list of shape IDs".into(),
            },
        )
    })?;
    let mut out = auth_schemes(
        model,
        at,
        ids.iter().map(|id| id.as_str().unwrap_or_default()),
    )?;
    if out.is_empty() {
        out.push(AuthScheme::Anonymous);
    }
    Ok(out)
}

/// The service's schemes in order of preference: its `@auth` list, else
/// every authentication trait it carries, sorted by shape ID (as Smithy
/// says); anonymous when it has none. Schemes the generator does not write
/// are left out where one it writes remains, refused otherwise.
fn service_auth(model: &Model, service: &Shape) -> Result<Vec<AuthScheme>> {
    let at = service.id.as_str();
    if let Some(list) = service.traits.get("smithy.api#auth") {
        return auth_list(model, at, list);
    }
    let mut ids: Vec<&str> = service
        .traits
        .keys()
        .map(String::as_str)
        .filter(|id| AUTH_TRAITS.iter().any(|(t, _)| t == id) || OTHER_AUTH_TRAITS.contains(id))
        .collect();
    ids.sort_unstable();
    let mut out = auth_schemes(model, at, ids)?;
    if out.is_empty() {
        out.push(AuthScheme::Anonymous);
    }
    Ok(out)
}

/// An operation's schemes: its own `@auth` list, else the service's; then
/// anonymous too with `@optionalAuth`.
fn operation_auth(model: &Model, op: &Shape, service: &[AuthScheme]) -> Result<Vec<AuthScheme>> {
    let mut out = match op.traits.get("smithy.api#auth") {
        Some(list) => auth_list(model, op.id.as_str(), list)?,
        None => service.to_vec(),
    };
    if op.traits.contains_key("smithy.api#optionalAuth") && !out.contains(&AuthScheme::Anonymous) {
        out.push(AuthScheme::Anonymous);
    }
    Ok(out)
}

/// `@documentation`, converted from HTML (once: every emitter reads the result).
fn doc_trait(traits: &crate::model::Traits) -> Option<Docs> {
    traits
        .get("smithy.api#documentation")
        .and_then(Value::as_str)
        .map(crate::docs::convert)
}

fn str_trait(traits: &crate::model::Traits, id: &str) -> Option<String> {
    traits.get(id).and_then(Value::as_str).map(str::to_string)
}

/// Pass 1: the model must define exactly one service, speaking restJson1.
fn find_service<'m>(model: &'m Model, wanted: Option<&str>) -> Result<(&'m Shape, Protocol)> {
    let services: Vec<&Shape> = model
        .shapes
        .values()
        .filter(|s| s.ty == ShapeType::Service)
        .collect();
    let service = match (services.as_slice(), wanted) {
        (_, Some(id)) => *services
            .iter()
            .find(|s| s.id.as_str() == id)
            .ok_or_else(|| {
                let known: Vec<&str> = services.iter().map(|s| s.id.as_str()).collect();
                crate::error::Error::file(
                    &model.file,
                    ErrorKind::Invalid(format!(
                        "the model defines no service `{id}` (it defines: {})",
                        known.join(", ")
                    )),
                )
            })?,
        ([one], None) => *one,
        ([], None) => {
            return Err(crate::error::Error::file(
                &model.file,
                ErrorKind::Invalid("the model defines no service shape".into()),
            ));
        }
        (several, None) => {
            let known: Vec<&str> = several.iter().map(|s| s.id.as_str()).collect();
            return Err(crate::error::Error::file(
                &model.file,
                ErrorKind::Invalid(format!(
                    "the model defines several services; choose one with --service: {}",
                    known.join(", ")
                )),
            ));
        }
    };
    // The first protocol the generator writes, in this order; the model may declare several.
    let written = [
        ("aws.protocols#restJson1", Protocol::RestJson1),
        (
            "aws.protocols#awsJson1_1",
            Protocol::AwsJson {
                version: AwsJsonVersion::V1_1,
                query_compatible: false,
            },
        ),
        (
            "aws.protocols#awsJson1_0",
            Protocol::AwsJson {
                version: AwsJsonVersion::V1_0,
                query_compatible: false,
            },
        ),
    ];
    let Some(mut protocol) = written
        .iter()
        .find(|(id, _)| service.traits.contains_key(*id))
        .map(|(_, p)| *p)
    else {
        let found = service
            .traits
            .keys()
            .find(|k| k.starts_with("aws.protocols#") || k.starts_with("smithy.protocols#"))
            .map_or("none".to_string(), |p| format!("`{p}`"));
        return Err(model.error(
            service.id.as_str(),
            ErrorKind::Unsupported(format!(
                "protocol {found}; the generator writes `aws.protocols#restJson1`, `awsJson1_0` and `awsJson1_1`"
            )),
        ));
    };
    if let Protocol::AwsJson {
        query_compatible, ..
    } = &mut protocol
    {
        *query_compatible = service
            .traits
            .contains_key("aws.protocols#awsQueryCompatible");
    }
    check_traits(model, service.id.as_str(), &service.traits)?;
    Ok((service, protocol))
}

/// The selected operations, and those skipped (shape ID, why).
type Selected<'m> = (Vec<&'m Shape>, Vec<(String, String)>);

/// An operation's `@paginated`, each property defaulting to the service's;
/// `None` when it has none, or when a path is nested (`a.b`: not generated).
fn pagination(model: &Model, service: &Shape, op: &Shape) -> Result<Option<Pagination>> {
    let Some(own) = op.traits.get("smithy.api#paginated") else {
        return Ok(None);
    };
    let defaults = service.traits.get("smithy.api#paginated");
    let get = |k: &str| {
        own.get(k)
            .or_else(|| defaults.and_then(|d| d.get(k)))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let (Some(input_token), Some(output_token)) = (get("inputToken"), get("outputToken")) else {
        return Err(model.error(
            op.id.as_str(),
            ErrorKind::InvalidTrait {
                trait_id: "smithy.api#paginated".into(),
                reason: "needs an inputToken and an outputToken".into(),
            },
        ));
    };
    let p = Pagination {
        input_token,
        output_token,
        items: get("items"),
        page_size: get("pageSize"),
    };
    let nested = [
        Some(&p.input_token),
        Some(&p.output_token),
        p.items.as_ref(),
        p.page_size.as_ref(),
    ]
    .into_iter()
    .flatten()
    .any(|m| m.contains('.'));
    Ok((!nested).then_some(p))
}

/// Pass 2: the service's operations, or the named subset, sorted by name;
/// without those excluded, and without event-stream operations (each one a warning).
fn select_operations<'m>(
    model: &'m Model,
    service: &Shape,
    options: &Options,
) -> Result<Selected<'m>> {
    let mut all = BTreeMap::new();
    let mut skipped = Vec::new();
    for id in &bound_operations(model, service)? {
        let op = model.get(id, service.id.as_str())?;
        if op.ty != ShapeType::Operation {
            return Err(model.error(
                service.id.as_str(),
                ErrorKind::Invalid(format!(
                    "`{id}` is listed as an operation but is a {:?}",
                    op.ty
                )),
            ));
        }
        if options.exclude.iter().any(|e| e == id.name()) {
            continue;
        }
        if let Some(stream) = event_stream(model, op)? {
            let why = format!(
                "left out: `{stream}` is an event stream, which the generator does not support yet (list the operation under `exclude` to silence this)"
            );
            skipped.push((id.to_string(), why));
            continue;
        }
        if let Some(prev) = all.insert(id.name().to_string(), op) {
            return Err(model.error(
                id.as_str(),
                ErrorKind::NameCollision {
                    rust_name: id.name().into(),
                    other: prev.id.to_string(),
                },
            ));
        }
    }
    if let Some(name) = &options.headline
        && !all.contains_key(name.as_str())
    {
        return Err(model.error(
            service.id.as_str(),
            ErrorKind::Invalid(format!(
                "the headline operation `{name}` is not an operation of the service (or is left out)"
            )),
        ));
    }
    if options.operations.is_empty() {
        return Ok((all.into_values().collect(), skipped));
    }
    let mut picked = BTreeMap::new();
    for name in &options.operations {
        match all.get(name.as_str()) {
            Some(op) => {
                picked.insert(name.clone(), *op);
            }
            None => {
                return Err(model.error(
                    service.id.as_str(),
                    ErrorKind::Invalid(format!("the service has no operation named `{name}`")),
                ));
            }
        }
    }
    Ok((picked.into_values().collect(), skipped))
}

/// The member of an operation's input or output that is an event stream (it
/// targets a `@streaming` union), if any.
fn event_stream(model: &Model, op: &Shape) -> Result<Option<String>> {
    for io in op.input.iter().chain(&op.output).filter(|id| !is_unit(id)) {
        let shape = model.get(io, op.id.as_str())?;
        for m in &shape.members {
            let target = model.get(&m.target, &io.member(&m.name))?;
            if target.ty == ShapeType::Union && target.traits.contains_key("smithy.api#streaming") {
                return Ok(Some(io.member(&m.name)));
            }
        }
    }
    Ok(None)
}

/// The operations of a service: its own, then those of its resources and
/// their nested resources (lifecycle, instance and collection operations),
/// depth first; each once.
fn bound_operations(model: &Model, service: &Shape) -> Result<Vec<ShapeId>> {
    let mut ops = Vec::new();
    let mut seen_resources = BTreeSet::new();
    let mut stack: Vec<&Shape> = vec![service];
    while let Some(shape) = stack.pop() {
        for op in &shape.operations {
            if !ops.contains(op) {
                ops.push(op.clone());
            }
        }
        for r in shape.resources.iter().rev() {
            let resource = model.get(r, shape.id.as_str())?;
            if resource.ty != ShapeType::Resource {
                return Err(model.error(
                    shape.id.as_str(),
                    ErrorKind::Invalid(format!(
                        "`{r}` is listed as a resource but is a {:?}",
                        resource.ty
                    )),
                ));
            }
            if seen_resources.insert(r.clone()) {
                stack.push(resource);
            }
        }
    }
    Ok(ops)
}

/// Whether a shape type becomes a generated Rust type.
fn is_named(ty: ShapeType) -> bool {
    matches!(
        ty,
        ShapeType::Structure | ShapeType::Union | ShapeType::Enum | ShapeType::IntEnum
    )
}

fn is_unit(id: &ShapeId) -> bool {
    id.as_str() == "smithy.api#Unit"
}

/// Pass 3: every structure, union and enum the operations reach, plus the
/// targets of every member on the way (which must exist).
fn collect_reachable(model: &Model, service: &Shape, ops: &[&Shape]) -> Result<BTreeSet<ShapeId>> {
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::new();
    let mut roots: Vec<(ShapeId, String)> = Vec::new();
    for e in &service.errors {
        roots.push((e.clone(), service.id.to_string()));
    }
    for op in ops {
        check_traits(model, op.id.as_str(), &op.traits)?;
        for t in op.input.iter().chain(&op.output).chain(&op.errors) {
            roots.push((t.clone(), op.id.to_string()));
        }
    }
    for (id, from) in roots {
        if is_unit(&id) {
            continue;
        }
        let shape = model.get(&id, &from)?;
        if shape.ty != ShapeType::Structure {
            return Err(model.error(
                &from,
                ErrorKind::Invalid(format!("`{id}` must be a structure")),
            ));
        }
        queue.push_back(id);
    }
    let mut visited = BTreeSet::new();
    while let Some(id) = queue.pop_front() {
        if !visited.insert(id.clone()) {
            continue;
        }
        let shape = model.get(&id, id.as_str())?;
        if is_named(shape.ty) {
            seen.insert(id.clone());
        }
        for m in &shape.members {
            if shape.ty == ShapeType::Enum || shape.ty == ShapeType::IntEnum {
                continue;
            }
            let member_id = id.member(&m.name);
            if shape.ty == ShapeType::Union && is_unit(&m.target) {
                continue;
            }
            let target = model.get(&m.target, &member_id)?;
            if matches!(
                target.ty,
                ShapeType::Operation | ShapeType::Service | ShapeType::Resource
            ) {
                return Err(model.error(
                    member_id,
                    ErrorKind::Invalid(format!(
                        "a member cannot target the {:?} `{}`",
                        target.ty, target.id
                    )),
                ));
            }
            queue.push_back(m.target.clone());
        }
    }
    Ok(seen)
}

/// Pass 4: Rust type names, unique across the crate.
fn assign_type_names(
    model: &Model,
    reachable: &BTreeSet<ShapeId>,
    rename: &BTreeMap<String, String>,
) -> Result<BTreeMap<ShapeId, String>> {
    let mut taken: BTreeMap<String, &ShapeId> = BTreeMap::new();
    let mut names = BTreeMap::new();
    for id in reachable {
        // The service's `rename` gives a shape its name in this service.
        let name = naming::type_name(rename.get(id.as_str()).map_or(id.name(), String::as_str));
        if let Some(other) = taken.insert(name.clone(), id) {
            return Err(model.error(
                id.as_str(),
                ErrorKind::NameCollision {
                    rust_name: name,
                    other: other.to_string(),
                },
            ));
        }
        names.insert(id.clone(), name);
    }
    Ok(names)
}

/// `smithy.api#` traits the generator understands or may safely ignore.
const KNOWN_TRAITS: &[&str] = &[
    "addedDefault",
    "auth",
    "box",
    "clientOptional",
    "cors",
    "default",
    "deprecated",
    "documentation",
    "endpoint",
    "enumValue",
    "error",
    "examples",
    "externalDocumentation",
    "hostLabel",
    "http",
    "httpApiKeyAuth",
    "httpBasicAuth",
    "httpBearerAuth",
    "httpChecksumRequired",
    "httpDigestAuth",
    "httpError",
    "httpHeader",
    "httpLabel",
    "httpPayload",
    "httpPrefixHeaders",
    "httpQuery",
    "httpQueryParams",
    "httpResponseCode",
    "idempotencyToken",
    "idempotent",
    "idRef",
    "input",
    "internal",
    "requiresLength",
    "sparse",
    "streaming",
    "jsonName",
    "length",
    "mediaType",
    "noReplace",
    "notProperty",
    "optionalAuth",
    "output",
    "paginated",
    "pattern",
    "private",
    "property",
    "protocolDefinition",
    "authDefinition",
    "range",
    "readonly",
    "recommended",
    "references",
    "required",
    "requestCompression",
    "resourceIdentifier",
    "retryable",
    "sensitive",
    "since",
    "suppress",
    "tags",
    "timestampFormat",
    "title",
    "trait",
    "uniqueItems",
    "unitType",
    "unstable",
    "xmlAttribute",
    "xmlFlattened",
    "xmlName",
    "xmlNamespace",
    "nestedProperties",
];

/// Rejects `smithy.api#` traits whose meaning the generator would silently
/// get wrong (a trait newer than the generator).
fn check_traits(model: &Model, at: &str, traits: &crate::model::Traits) -> Result<()> {
    for id in traits.keys() {
        if let Some(name) = id.strip_prefix("smithy.api#")
            && !KNOWN_TRAITS.contains(&name)
        {
            return Err(model.error(at, ErrorKind::Unsupported(format!("trait `{id}`"))));
        }
    }
    Ok(())
}

fn deprecated(traits: &crate::model::Traits) -> Option<Deprecated> {
    traits.get("smithy.api#deprecated").map(|v| {
        let message = v.get("message").and_then(Value::as_str).map(str::to_string);
        Deprecated {
            message_markdown: message
                .as_deref()
                .map(|m| crate::docs::html_to_markdown(m).join(" ")),
            message,
            since: v.get("since").and_then(Value::as_str).map(str::to_string),
        }
    })
}

/// Picks the catch-all variant's name: `Unknown`, unless a model member took it.
fn unknown_variant_name(variants: &BTreeSet<String>) -> String {
    let mut name = "Unknown".to_string();
    while variants.contains(&name) {
        name.push_str("Value");
    }
    name
}

/// Pass 5: one generated type.
fn lower_shape(
    model: &Model,
    shape: &Shape,
    names: &BTreeMap<ShapeId, String>,
    cx: &PatternCx<'_>,
) -> Result<NamedShape> {
    check_traits(model, shape.id.as_str(), &shape.traits)?;
    let kind = match shape.ty {
        ShapeType::Structure => ShapeKind::Structure(lower_structure(model, shape, names, cx)?),
        ShapeType::Union => ShapeKind::Union(lower_union(model, shape, names, cx)?),
        ShapeType::Enum => ShapeKind::Enum(lower_enum(model, shape)?),
        ShapeType::IntEnum => ShapeKind::IntEnum(lower_int_enum(model, shape)?),
        other => {
            return Err(model.error(
                shape.id.as_str(),
                ErrorKind::Invalid(format!("a {other:?} is not a generated type")),
            ));
        }
    };
    Ok(NamedShape {
        id: shape.id.clone(),
        rust_name: names[&shape.id].clone(),
        // Set once every shape is known (unique among them).
        module: String::new(),
        docs: doc_trait(&shape.traits),
        sensitive: shape.traits.contains_key("smithy.api#sensitive"),
        deprecated: deprecated(&shape.traits),
        uses: Vec::new(),
        kind,
    })
}

fn lower_structure(
    model: &Model,
    shape: &Shape,
    names: &BTreeMap<ShapeId, String>,
    cx: &PatternCx<'_>,
) -> Result<Structure> {
    let is_input = shape.traits.contains_key("smithy.api#input");
    let error = match shape.traits.get("smithy.api#error") {
        None => None,
        Some(v) => {
            let fault = match v.as_str() {
                Some("client") => Fault::Client,
                Some("server") => Fault::Server,
                _ => {
                    return Err(model.error(
                        shape.id.as_str(),
                        ErrorKind::InvalidTrait {
                            trait_id: "smithy.api#error".into(),
                            reason: "must be \"client\" or \"server\"".into(),
                        },
                    ));
                }
            };
            let http_status = match shape.traits.get("smithy.api#httpError") {
                None => {
                    if fault == Fault::Client {
                        400
                    } else {
                        500
                    }
                }
                Some(v) => v
                    .as_u64()
                    .and_then(|n| u16::try_from(n).ok())
                    .filter(|n| (100..600).contains(n))
                    .ok_or_else(|| {
                        model.error(
                            shape.id.as_str(),
                            ErrorKind::InvalidTrait {
                                trait_id: "smithy.api#httpError".into(),
                                reason: "must be an HTTP status code".into(),
                            },
                        )
                    })?,
            };
            Some(ErrorInfo {
                fault,
                http_status,
                message_field: None,
                query_code: shape
                    .traits
                    .get("aws.protocols#awsQueryError")
                    .and_then(|q| q.get("code"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
            })
        }
    };
    let mut members = Vec::new();
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    for m in &shape.members {
        let member_id = shape.id.member(&m.name);
        let member = lower_member(model, &member_id, m, names, is_input, cx)?;
        if let Some(other) = fields.insert(member.rust_name.clone(), member_id.clone()) {
            return Err(model.error(
                member_id,
                ErrorKind::NameCollision {
                    rust_name: member.rust_name,
                    other,
                },
            ));
        }
        members.push(member);
    }
    let error = error.map(|mut e| {
        e.message_field = members
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case("message") && matches!(m.ty.kind, TyKind::String))
            .map(|m| (m.rust_name.clone(), m.presence != Presence::Optional));
        e
    });
    Ok(Structure {
        members,
        is_input,
        error,
    })
}

fn lower_union(
    model: &Model,
    shape: &Shape,
    names: &BTreeMap<ShapeId, String>,
    cx: &PatternCx<'_>,
) -> Result<Union> {
    let mut variants = Vec::new();
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    for m in &shape.members {
        let member_id = shape.id.member(&m.name);
        let mut member = lower_member(model, &member_id, m, names, false, cx)?;
        member.rust_name = naming::variant_name(&m.name);
        member.presence = Presence::Required;
        if let Some(other) = taken.insert(member.rust_name.clone(), member_id.clone()) {
            return Err(model.error(
                member_id,
                ErrorKind::NameCollision {
                    rust_name: member.rust_name,
                    other,
                },
            ));
        }
        variants.push(member);
    }
    if variants.is_empty() {
        return Err(model.error(
            shape.id.as_str(),
            ErrorKind::Invalid("a union needs at least one member".into()),
        ));
    }
    let unknown_variant = unknown_variant_name(&taken.keys().cloned().collect());
    Ok(Union {
        variants,
        unknown_variant,
    })
}

fn lower_enum(model: &Model, shape: &Shape) -> Result<Enum> {
    let mut variants = Vec::new();
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    let mut values = BTreeSet::new();
    for m in &shape.members {
        let member_id = shape.id.member(&m.name);
        check_traits(model, &member_id, &m.traits)?;
        let value = match m.traits.get("smithy.api#enumValue") {
            None => m.name.clone(),
            Some(Value::String(s)) => s.clone(),
            Some(_) => {
                return Err(model.error(
                    member_id,
                    ErrorKind::InvalidTrait {
                        trait_id: "smithy.api#enumValue".into(),
                        reason: "an enum value must be a string".into(),
                    },
                ));
            }
        };
        if !values.insert(value.clone()) {
            return Err(model.error(
                member_id,
                ErrorKind::Invalid(format!("enum value `{value}` appears twice")),
            ));
        }
        let rust_name = naming::variant_name(&m.name);
        if let Some(other) = taken.insert(rust_name.clone(), member_id.clone()) {
            return Err(model.error(member_id, ErrorKind::NameCollision { rust_name, other }));
        }
        variants.push(EnumVariant {
            name: m.name.clone(),
            rust_name,
            value,
            docs: doc_trait(&m.traits),
            internal: m.traits.contains_key("smithy.api#internal"),
            deprecated: deprecated(&m.traits),
        });
    }
    let unknown_variant = unknown_variant_name(&taken.keys().cloned().collect());
    Ok(Enum {
        variants,
        unknown_variant,
    })
}

fn lower_int_enum(model: &Model, shape: &Shape) -> Result<IntEnum> {
    let mut variants = Vec::new();
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    for m in &shape.members {
        let member_id = shape.id.member(&m.name);
        check_traits(model, &member_id, &m.traits)?;
        let value = m
            .traits
            .get("smithy.api#enumValue")
            .and_then(Value::as_i64)
            .and_then(|v| i32::try_from(v).ok())
            .ok_or_else(|| {
                model.error(
                    &member_id,
                    ErrorKind::InvalidTrait {
                        trait_id: "smithy.api#enumValue".into(),
                        reason: "an intEnum value must be a 32-bit integer".into(),
                    },
                )
            })?;
        let rust_name = naming::variant_name(&m.name);
        if let Some(other) = taken.insert(rust_name.clone(), member_id.clone()) {
            return Err(model.error(member_id, ErrorKind::NameCollision { rust_name, other }));
        }
        variants.push(IntEnumVariant {
            name: m.name.clone(),
            rust_name,
            value,
            docs: doc_trait(&m.traits),
        });
    }
    let unknown_variant = unknown_variant_name(&taken.keys().cloned().collect());
    Ok(IntEnum {
        variants,
        unknown_variant,
    })
}

fn lower_member(
    model: &Model,
    member_id: &str,
    m: &crate::model::Member,
    names: &BTreeMap<ShapeId, String>,
    in_input: bool,
    cx: &PatternCx<'_>,
) -> Result<Member> {
    check_traits(model, member_id, &m.traits)?;
    let traits = &m.traits;
    let unit_variant = is_unit(&m.target);
    let ty = if unit_variant {
        Ty {
            shape: m.target.clone(),
            kind: TyKind::Unit,
            constraints: Constraints::default(),
            sensitive: false,
            timestamp_format: None,
            sparse: false,
            media_type: None,
        }
    } else {
        resolve_ty(model, member_id, &m.target, traits, names, cx, 0)?
    };
    let target = model.get(&m.target, member_id)?;
    let required = traits.contains_key("smithy.api#required");
    let idempotency_token = traits.contains_key("smithy.api#idempotencyToken");
    let client_optional = traits.contains_key("smithy.api#clientOptional");
    let default = match traits.get("smithy.api#default") {
        Some(Value::Null) | None => None,
        Some(v) => Some(default_value(model, member_id, &ty, v)?),
    };
    let model_default = default.clone();
    let presence = if idempotency_token || client_optional {
        Presence::Optional
    } else if let Some(d) = default {
        if in_input {
            Presence::Optional
        } else {
            Presence::Default(d)
        }
    } else if required {
        Presence::Required
    } else {
        Presence::Optional
    };
    // The awsJson protocols ignore the HTTP binding traits: every member is in the document.
    let rest = cx.protocol == Protocol::RestJson1;
    let binding = if !rest {
        Binding::Body
    } else if traits.contains_key("smithy.api#httpLabel") {
        Binding::Label
    } else if let Some(q) = traits.get("smithy.api#httpQuery") {
        Binding::Query(trait_string(model, member_id, "smithy.api#httpQuery", q)?)
    } else if let Some(h) = traits.get("smithy.api#httpHeader") {
        Binding::Header(trait_string(model, member_id, "smithy.api#httpHeader", h)?)
    } else if traits.contains_key("smithy.api#httpResponseCode") && !in_input {
        // Smithy ignores the trait on input structures: there the member is a body member.
        Binding::ResponseCode
    } else if traits.contains_key("smithy.api#httpPayload") {
        Binding::Payload
    } else if let Some(p) = traits.get("smithy.api#httpPrefixHeaders") {
        Binding::PrefixHeaders(trait_string(
            model,
            member_id,
            "smithy.api#httpPrefixHeaders",
            p,
        )?)
    } else if traits.contains_key("smithy.api#httpQueryParams") {
        Binding::QueryParams
    } else {
        Binding::Body
    };
    // HTTP bindings the generator writes: scalars (and enums) in labels, query
    // parameters and headers; lists of them in query parameters and headers;
    // maps of strings (or of lists of strings, in the query) for prefix
    // headers and query maps; any type but a list or map as the payload.
    let scalar = |k: &TyKind| {
        !matches!(
            k,
            TyKind::List(_)
                | TyKind::Map(..)
                | TyKind::Document
                | TyKind::Blob
                | TyKind::Unit
                | TyKind::BigInteger
                | TyKind::BigDecimal
        ) && !matches!(k, TyKind::Named(r) if matches!(r.kind, NamedKind::Structure | NamedKind::Union))
    };
    let string = |k: &TyKind| {
        matches!(
            k,
            TyKind::String
                | TyKind::Named(NamedRef {
                    kind: NamedKind::Enum,
                    ..
                })
        )
    };
    let supported = match (&binding, &ty.kind) {
        (Binding::Body, _) => true,
        (Binding::ResponseCode, kind) => matches!(kind, TyKind::Integer),
        (Binding::Query(_) | Binding::Header(_), TyKind::List(item)) => {
            scalar(&item.kind) && !ty.sparse
        }
        (Binding::Payload, kind) => !matches!(
            kind,
            TyKind::List(_)
                | TyKind::Map(..)
                | TyKind::Unit
                | TyKind::BigInteger
                | TyKind::BigDecimal
        ),
        (Binding::PrefixHeaders(_), TyKind::Map(_, v)) => string(&v.kind) && !ty.sparse,
        (Binding::QueryParams, TyKind::Map(_, v)) => {
            !ty.sparse
                && (string(&v.kind)
                    || matches!(&v.kind, TyKind::List(i) if string(&i.kind) && !v.sparse))
        }
        (Binding::Label, kind) => scalar(kind),
        (Binding::Query(_) | Binding::Header(_), kind) => scalar(kind),
        (Binding::PrefixHeaders(_) | Binding::QueryParams, _) => false,
    };
    if !supported {
        return Err(model.error(
            member_id,
            ErrorKind::Unsupported(format!(
                "an HTTP {binding:?} binding of a {}",
                crate::emit::common::type_label(&ty)
            )),
        ));
    }
    let wire_name = match traits.get("smithy.api#jsonName").filter(|_| rest) {
        Some(v) => trait_string(model, member_id, "smithy.api#jsonName", v)?,
        None => m.name.clone(),
    };
    let docs = doc_trait(traits).or_else(|| doc_trait(&target.traits));
    Ok(Member {
        name: m.name.clone(),
        rust_name: naming::field_name(&m.name),
        wire_name,
        ty,
        presence,
        required,
        model_default,
        boxed: false,
        docs,
        binding,
        idempotency_token,
        deprecated: deprecated(traits),
        host_label: traits.contains_key("smithy.api#hostLabel"),
    })
}

fn trait_string(model: &Model, at: &str, trait_id: &str, v: &Value) -> Result<String> {
    v.as_str().map(str::to_string).ok_or_else(|| {
        model.error(
            at,
            ErrorKind::InvalidTrait {
                trait_id: trait_id.into(),
                reason: "must be a string".into(),
            },
        )
    })
}

/// Resolves the type at a use site. `member_traits` are the traits of the
/// member that targets it (they replace the target's constraints of the same kind).
fn resolve_ty(
    model: &Model,
    at: &str,
    target: &ShapeId,
    member_traits: &crate::model::Traits,
    names: &BTreeMap<ShapeId, String>,
    cx: &PatternCx<'_>,
    depth: usize,
) -> Result<Ty> {
    if depth > 32 {
        return Err(model.error(at, ErrorKind::Unsupported("lists and maps nested more than 32 deep (or one that contains itself without a structure or union in between)".into())));
    }
    let shape = model.get(target, at)?;
    check_traits(model, shape.id.as_str(), &shape.traits)?;
    let pick = |id: &str| member_traits.get(id).or_else(|| shape.traits.get(id));
    let constraints = Constraints {
        length: pick("smithy.api#length")
            .map(|v| bounds(model, at, "smithy.api#length", v))
            .transpose()?,
        range: pick("smithy.api#range")
            .map(|v| bounds(model, at, "smithy.api#range", v))
            .transpose()?,
        pattern: match (
            member_traits.get("smithy.api#pattern"),
            shape.traits.get("smithy.api#pattern"),
        ) {
            (Some(v), _) => Some(cx.pattern(at, trait_string(model, at, "smithy.api#pattern", v)?)),
            (None, Some(v)) => {
                let owner = shape.id.as_str();
                Some(cx.pattern(owner, trait_string(model, owner, "smithy.api#pattern", v)?))
            }
            (None, None) => None,
        },
        unique_items: pick("smithy.api#uniqueItems").is_some() || shape.ty == ShapeType::Set,
    };
    let item = |name: &str| -> Result<Ty> {
        let m = shape
            .members
            .iter()
            .find(|m| m.name == name)
            .ok_or_else(|| {
                model.error(
                    shape.id.as_str(),
                    ErrorKind::Malformed(format!("missing `{name}` member")),
                )
            })?;
        let member_id = shape.id.member(name);
        check_traits(model, &member_id, &m.traits)?;
        resolve_ty(
            model,
            &member_id,
            &m.target,
            &m.traits,
            names,
            cx,
            depth + 1,
        )
    };
    let kind = match shape.ty {
        ShapeType::Blob => TyKind::Blob,
        ShapeType::Boolean => TyKind::Boolean,
        ShapeType::String => TyKind::String,
        ShapeType::Byte => TyKind::Byte,
        ShapeType::Short => TyKind::Short,
        ShapeType::Integer => TyKind::Integer,
        ShapeType::Long => TyKind::Long,
        ShapeType::Float => TyKind::Float,
        ShapeType::Double => TyKind::Double,
        ShapeType::BigInteger => TyKind::BigInteger,
        ShapeType::BigDecimal => TyKind::BigDecimal,
        ShapeType::Timestamp => TyKind::Timestamp,
        ShapeType::Document => TyKind::Document,
        ShapeType::List | ShapeType::Set => TyKind::List(Box::new(item("member")?)),
        ShapeType::Map => {
            let key = item("key")?;
            if !matches!(
                key.kind,
                TyKind::String
                    | TyKind::Named(NamedRef {
                        kind: NamedKind::Enum,
                        ..
                    })
            ) {
                return Err(model.error(
                    shape.id.as_str(),
                    ErrorKind::Invalid("map keys must be strings or string enums".into()),
                ));
            }
            TyKind::Map(Box::new(key), Box::new(item("value")?))
        }
        ShapeType::Structure | ShapeType::Union | ShapeType::Enum | ShapeType::IntEnum => {
            let rust_name = names.get(target).cloned().ok_or_else(|| {
                model.error(
                    at,
                    ErrorKind::Invalid(format!("`{target}` was not collected as reachable")),
                )
            })?;
            let kind = match shape.ty {
                ShapeType::Structure => NamedKind::Structure,
                ShapeType::Union => NamedKind::Union,
                ShapeType::Enum => NamedKind::Enum,
                _ => NamedKind::IntEnum,
            };
            TyKind::Named(NamedRef {
                id: target.clone(),
                rust_name,
                kind,
            })
        }
        other => {
            return Err(model.error(
                at,
                ErrorKind::Invalid(format!("a member cannot target a {other:?}")),
            ));
        }
    };
    // The use site's format, else the target's (Smithy: member trait, else
    // target trait, else the binding's default, which emitters supply).
    let timestamp_format = match (&kind, pick("smithy.api#timestampFormat")) {
        (TyKind::Timestamp, Some(v)) => Some(match v.as_str() {
            Some("epoch-seconds") => TimestampFormat::EpochSeconds,
            Some("date-time") => TimestampFormat::DateTime,
            Some("http-date") => TimestampFormat::HttpDate,
            _ => {
                return Err(model.error(
                    at,
                    ErrorKind::InvalidTrait {
                        trait_id: "smithy.api#timestampFormat".into(),
                        reason: "must be epoch-seconds, date-time or http-date".into(),
                    },
                ));
            }
        }),
        _ => None,
    };
    Ok(Ty {
        shape: target.clone(),
        kind,
        constraints,
        sensitive: shape.traits.contains_key("smithy.api#sensitive"),
        timestamp_format,
        sparse: shape.traits.contains_key("smithy.api#sparse"),
        media_type: shape
            .traits
            .get("smithy.api#mediaType")
            .and_then(Value::as_str)
            .map(str::to_string),
    })
}

/// Reads `@length`/`@range` bounds, keeping each number's text as written.
fn bounds(model: &Model, at: &str, trait_id: &str, v: &Value) -> Result<Bounds> {
    let err = |reason: &str| {
        model.error(
            at,
            ErrorKind::InvalidTrait {
                trait_id: trait_id.into(),
                reason: reason.into(),
            },
        )
    };
    let obj = v
        .as_object()
        .ok_or_else(|| err("must be an object with `min` and/or `max`"))?;
    let num = |key: &str| -> Result<Option<Bound>> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(Some(Bound::of(n))),
            Some(_) => Err(err(&format!("`{key}` must be a number"))),
        }
    };
    let b = Bounds {
        min: num("min")?,
        max: num("max")?,
    };
    if trait_id == "smithy.api#length" {
        for n in b.min.iter().chain(&b.max) {
            if n.text.parse::<u64>().is_err() {
                return Err(err("length bounds must be non-negative integers"));
            }
        }
    }
    if let (Some(min), Some(max)) = (&b.min, &b.max)
        && min.float > max.float
    {
        return Err(err("`min` is greater than `max`"));
    }
    Ok(b)
}

fn default_value(model: &Model, at: &str, ty: &Ty, v: &Value) -> Result<DefaultValue> {
    let bad = || {
        model.error(
            at,
            ErrorKind::InvalidTrait {
                trait_id: "smithy.api#default".into(),
                reason: format!("`{v}` does not fit the member's type"),
            },
        )
    };
    Ok(match (&ty.kind, v) {
        (TyKind::Boolean, Value::Bool(b)) => DefaultValue::Bool(*b),
        (TyKind::Byte | TyKind::Short | TyKind::Integer | TyKind::Long, Value::Number(n)) => {
            DefaultValue::Int(n.as_i64().ok_or_else(bad)?)
        }
        (
            TyKind::Named(NamedRef {
                kind: NamedKind::IntEnum,
                ..
            }),
            Value::Number(n),
        ) => DefaultValue::Int(n.as_i64().ok_or_else(bad)?),
        (TyKind::Float | TyKind::Double, Value::Number(n)) => {
            DefaultValue::Float(n.as_f64().ok_or_else(bad)?)
        }
        (TyKind::String | TyKind::BigInteger | TyKind::BigDecimal, Value::String(s)) => {
            DefaultValue::String(s.clone())
        }
        (
            TyKind::Named(NamedRef {
                kind: NamedKind::Enum,
                ..
            }),
            Value::String(s),
        ) => DefaultValue::String(s.clone()),
        (TyKind::Timestamp, Value::Number(n)) => {
            DefaultValue::Timestamp(n.as_f64().ok_or_else(bad)?)
        }
        (TyKind::Blob, Value::String(s)) if is_base64(s) => DefaultValue::Blob(s.clone()),
        (TyKind::List(_), Value::Array(a)) if a.is_empty() => DefaultValue::EmptyList,
        (TyKind::Map(..), Value::Object(o)) if o.is_empty() => DefaultValue::EmptyMap,
        (TyKind::Document, v) => DefaultValue::Document(v.clone()),
        _ => return Err(bad()),
    })
}

/// Whether `s` is standard base64 (padded).
fn is_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    s.len().is_multiple_of(4)
        && s.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// Pass 8: Smithy ignores `@httpLabel`, `@httpQuery` and `@httpQueryParams`
/// in responses: in a structure that is an output or error and never an
/// input, those members are body members.
fn unbind_response_members(operations: &[Operation], shapes: &mut BTreeMap<ShapeId, NamedShape>) {
    let inputs: BTreeSet<&ShapeId> = operations.iter().filter_map(|o| o.input.as_ref()).collect();
    let responses: BTreeSet<ShapeId> = operations
        .iter()
        .flat_map(|o| o.output.iter().chain(&o.errors))
        .filter(|id| !inputs.contains(id))
        .cloned()
        .collect();
    for id in responses {
        if let Some(ShapeKind::Structure(st)) = shapes.get_mut(&id).map(|s| &mut s.kind) {
            for m in &mut st.members {
                if matches!(
                    m.binding,
                    Binding::Label | Binding::Query(_) | Binding::QueryParams
                ) {
                    m.binding = Binding::Body;
                }
            }
        }
    }
}

/// Pass 6: a member whose target is a structure or union (directly, not
/// through a list or map) in the same strongly connected component as its
/// parent closes a cycle of direct containment and must be boxed.
fn mark_boxes(shapes: &mut BTreeMap<ShapeId, NamedShape>) {
    let ids: Vec<ShapeId> = shapes.keys().cloned().collect();
    let index: BTreeMap<&ShapeId, usize> = ids.iter().enumerate().map(|(i, id)| (id, i)).collect();
    let direct = |s: &NamedShape| -> Vec<usize> {
        let members: &[Member] = match &s.kind {
            ShapeKind::Structure(st) => &st.members,
            ShapeKind::Union(u) => &u.variants,
            _ => &[],
        };
        members
            .iter()
            .filter_map(|m| match &m.ty.kind {
                TyKind::Named(r) if matches!(r.kind, NamedKind::Structure | NamedKind::Union) => {
                    index.get(&r.id).copied()
                }
                _ => None,
            })
            .collect()
    };
    let edges: Vec<Vec<usize>> = ids.iter().map(|id| direct(&shapes[id])).collect();
    let component = strongly_connected(&edges);
    for (i, id) in ids.iter().enumerate() {
        let Some(shape) = shapes.get_mut(id) else {
            continue;
        };
        let members: &mut [Member] = match &mut shape.kind {
            ShapeKind::Structure(st) => &mut st.members,
            ShapeKind::Union(u) => &mut u.variants,
            _ => &mut [],
        };
        for m in members {
            if let TyKind::Named(r) = &m.ty.kind
                && let Some(&j) = index.get(&r.id)
                && matches!(r.kind, NamedKind::Structure | NamedKind::Union)
                && component[i] == component[j]
            {
                m.boxed = true;
            }
        }
    }
}

/// Tarjan's algorithm, iterative; returns the component number of each node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_comp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut edge)) = call.last_mut() {
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if index[w] == usize::MAX {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = next_comp;
                        if w == v {
                            break;
                        }
                    }
                    next_comp += 1;
                }
            }
        }
    }
    comp
}

/// Pass 7: operations with their bindings, errors and closures; records on
/// each shape which operations use it and how.
fn lower_operations(
    model: &Model,
    service: &Shape,
    protocol: Protocol,
    service_auth: &[AuthScheme],
    ops: &[&Shape],
    shapes: &mut BTreeMap<ShapeId, NamedShape>,
) -> Result<Vec<Operation>> {
    let mut out = Vec::new();
    let mut methods: BTreeMap<String, String> = BTreeMap::new();
    for op in ops {
        let at = op.id.as_str();
        let http = match (protocol, op.traits.get("smithy.api#http")) {
            // The awsJson protocols send every request to `POST /`.
            (Protocol::AwsJson { .. }, _) => Http {
                method: HttpMethod::Post,
                uri: "/".into(),
                code: 200,
            },
            (Protocol::RestJson1, None) => {
                return Err(model.error(
                    at,
                    ErrorKind::Invalid("restJson1 operations need an `@http` trait".into()),
                ));
            }
            (Protocol::RestJson1, Some(http)) => {
                let invalid = |reason: &str| {
                    model.error(
                        at,
                        ErrorKind::InvalidTrait {
                            trait_id: "smithy.api#http".into(),
                            reason: reason.into(),
                        },
                    )
                };
                Http {
                    method: HttpMethod::parse(
                        http.get("method")
                            .and_then(Value::as_str)
                            .ok_or_else(|| invalid("missing `method`"))?,
                    ),
                    uri: http
                        .get("uri")
                        .and_then(Value::as_str)
                        .filter(|u| u.starts_with('/'))
                        .ok_or_else(|| invalid("missing or relative `uri`"))?
                        .to_string(),
                    code: match http.get("code") {
                        None => 200,
                        Some(c) => c
                            .as_u64()
                            .and_then(|c| u16::try_from(c).ok())
                            .ok_or_else(|| invalid("`code` must be a status code"))?,
                    },
                }
            }
        };
        let input = op.input.clone().filter(|i| !is_unit(i));
        let output = op.output.clone().filter(|o| !is_unit(o));
        let host_prefix = match op.traits.get("smithy.api#endpoint") {
            None => None,
            Some(e) => Some(
                e.get("hostPrefix")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .ok_or_else(|| {
                        model.error(
                            at,
                            ErrorKind::InvalidTrait {
                                trait_id: "smithy.api#endpoint".into(),
                                reason: "needs a string `hostPrefix`".into(),
                            },
                        )
                    })?,
            ),
        };
        let mut errors: Vec<ShapeId> = op.errors.iter().chain(&service.errors).cloned().collect();
        errors.sort();
        errors.dedup();
        for e in &errors {
            match shapes.get(e).map(|s| &s.kind) {
                Some(ShapeKind::Structure(Structure { error: Some(_), .. })) => {}
                _ => {
                    return Err(model.error(
                        at,
                        ErrorKind::Invalid(format!(
                            "`{e}` is listed as an error but has no `@error` trait"
                        )),
                    ));
                }
            }
        }
        let method = naming::method_name(op.id.name());
        if let Some(other) = methods.insert(method.clone(), op.id.to_string()) {
            return Err(model.error(
                at,
                ErrorKind::NameCollision {
                    rust_name: method,
                    other,
                },
            ));
        }
        // One walk from each root gives both the operation's closure and
        // each shape's uses, with the member path that reaches it.
        let mut closure = BTreeSet::new();
        let name = op.id.name().to_string();
        let roots = [
            (&input, Role::Input, Role::InInput),
            (&output, Role::Output, Role::InOutput),
        ];
        let roots = roots
            .into_iter()
            .filter_map(|(id, role, inner)| id.as_ref().map(|id| (id, role, inner)));
        let roots = roots.chain(errors.iter().map(|e| (e, Role::Error, Role::InError)));
        let mut seen = BTreeSet::new();
        for (root, role, inner) in roots {
            for (id, via) in paths_from(shapes, root) {
                closure.insert(id.clone());
                let (role, via) = if &id == root {
                    (role, None)
                } else {
                    (inner, Some(via))
                };
                // An error's nested shapes are named once per operation, whichever error reaches them first.
                if seen.insert((id.clone(), role))
                    && let Some(shape) = shapes.get_mut(&id)
                {
                    shape.uses.push(Use {
                        operation: name.clone(),
                        role,
                        via,
                    });
                }
            }
        }
        out.push(Operation {
            id: op.id.clone(),
            type_name: naming::type_name(&name),
            error_alias: naming::error_alias_name(&name),
            // Set once every operation is known (unique among them).
            module: String::new(),
            target: format!("{}.{}", service.id.name(), name),
            auth: operation_auth(model, op, service_auth)?,
            name,
            method,
            input,
            output,
            errors,
            http,
            host_prefix,
            checksum_required: op.traits.contains_key("smithy.api#httpChecksumRequired"),
            paginated: pagination(model, service, op)?,
            gzip: op
                .traits
                .get("smithy.api#requestCompression")
                .and_then(|t| t.get("encodings"))
                .and_then(Value::as_array)
                .is_some_and(|e| {
                    e.iter()
                        .any(|x| x.as_str().is_some_and(|s| s.eq_ignore_ascii_case("gzip")))
                }),
            docs: doc_trait(&op.traits),
            deprecated: deprecated(&op.traits),
            closure,
            error_set: String::new(),
        });
    }
    for shape in shapes.values_mut() {
        shape.uses.sort();
    }
    Ok(out)
}

/// Pass 9: the distinct sets of operation errors, each named from its
/// errors alone ([`error_set_name`]); every operation learns its set's name.
fn name_error_sets(
    model: &Model,
    operations: &mut [Operation],
    shapes: &BTreeMap<ShapeId, NamedShape>,
) -> Result<Vec<ErrorSet>> {
    let full = |id: &ShapeId| {
        shapes
            .get(id)
            .map_or_else(|| naming::type_name(id.name()), |s| s.rust_name.clone())
    };
    let stripped = |n: &str| {
        let s = n
            .strip_suffix("Exception")
            .or_else(|| n.strip_suffix("Error"))
            .unwrap_or(n);
        if s.is_empty() {
            n.to_string()
        } else {
            s.to_string()
        }
    };
    // Strip a suffix only where no other error of the service then reads the same.
    let all: BTreeSet<&ShapeId> = operations.iter().flat_map(|o| &o.errors).collect();
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for e in &all {
        *count.entry(stripped(&full(e))).or_default() += 1;
    }
    let short = |id: &ShapeId| {
        let s = stripped(&full(id));
        if count[&s] == 1 { s } else { full(id) }
    };
    let mut sets: BTreeMap<Vec<ShapeId>, ErrorSet> = BTreeMap::new();
    for op in operations.iter_mut() {
        let set = sets.entry(op.errors.clone()).or_insert_with(|| ErrorSet {
            name: naming::error_set_name(&op.errors.iter().map(short).collect::<Vec<_>>()),
            errors: op.errors.clone(),
            operations: Vec::new(),
        });
        set.operations.push(op.name.clone());
        op.error_set = set.name.clone();
    }
    let mut sets: Vec<ErrorSet> = sets.into_values().collect();
    sets.sort_by(|a, b| a.name.cmp(&b.name));
    // A shortened name carries a hash of the whole list: two sets sharing
    // one would need 2^24 sets to be likely; say which if it happens.
    if let Some(w) = sets.windows(2).find(|w| w[0].name == w[1].name) {
        // The shape ID of an operation of the second set.
        let first = w[1].operations.first();
        let id = operations
            .iter()
            .find(|o| Some(&o.name) == first)
            .map_or(String::new(), |o| o.id.to_string());
        let other = format!("the errors of `{}`", w[0].operations.join("`, `"));
        return Err(model.error(
            &id,
            ErrorKind::NameCollision {
                rust_name: w[0].name.clone(),
                other,
            },
        ));
    }
    Ok(sets)
}

/// How many members a path in the docs names before it is cut with `…`:
/// a model can nest shapes without end, and the path of each one would
/// otherwise grow with its depth (quadratic output for a chain).
const MAX_PATH_STEPS: usize = 12;

/// Every named shape reachable from `root` (itself included, with an empty
/// path), each with the shortest member path there in Rust names:
/// `contact.agent_info`, `contacts[i].agent_info`, `attributes[key]`; a
/// path of more than [`MAX_PATH_STEPS`] members ends in `.…`.
fn paths_from(shapes: &BTreeMap<ShapeId, NamedShape>, root: &ShapeId) -> Vec<(ShapeId, String)> {
    fn walk(ty: &Ty, path: String, f: &mut dyn FnMut(&ShapeId, String)) {
        // A path already cut stays as it is.
        let then = |next: &str| {
            if path.ends_with('…') {
                path.clone()
            } else {
                format!("{path}{next}")
            }
        };
        match &ty.kind {
            TyKind::List(item) => walk(item, then("[i]"), f),
            TyKind::Map(k, v) => {
                walk(k, then(".keys()"), f);
                walk(v, then("[key]"), f);
            }
            TyKind::Named(r) => f(&r.id, path),
            _ => {}
        }
    }
    let mut found: Vec<(ShapeId, String)> = Vec::new();
    let mut seen = BTreeSet::from([root.clone()]);
    let mut queue = VecDeque::from([(root.clone(), String::new(), 0)]);
    while let Some((id, path, steps)) = queue.pop_front() {
        if let Some(shape) = shapes.get(&id) {
            let members: &[Member] = match &shape.kind {
                ShapeKind::Structure(st) => &st.members,
                ShapeKind::Union(u) => &u.variants,
                _ => &[],
            };
            for m in members {
                let step = naming::unraw(&m.rust_name);
                let at = match steps {
                    0 => step.to_string(),
                    MAX_PATH_STEPS => format!("{path}.…"),
                    _ if steps > MAX_PATH_STEPS => path.clone(),
                    _ => format!("{path}.{step}"),
                };
                walk(&m.ty, at, &mut |next, p| {
                    if seen.insert(next.clone()) {
                        queue.push_back((next.clone(), p, steps + 1));
                    }
                });
            }
        }
        found.push((id, path));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn scc_finds_cycles() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let c = strongly_connected(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
    }
}
