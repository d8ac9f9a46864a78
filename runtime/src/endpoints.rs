//! Endpoint rules (the `aws` feature): an interpreter of Smithy's
//! `smithy.rules#endpointRuleSet` (version 1.0), with the `aws.partition`
//! function reading AWS's partition data. A service's rules and the
//! partitions come as JSON (the generated crate embeds both); the
//! parameters (`Region`, `UseFIPS`, `UseDualStack`, `Endpoint`…) come from
//! the client's settings. Functions: `isSet`, `not`, `booleanEquals`,
//! `stringEquals`, `getAttr`, `isValidHostLabel`, `substring`, `uriEncode`,
//! `parseURL`, `aws.partition`; an unknown one is an error, never a guess.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// The URL requests go to.
    pub url: String,
    /// Headers the rules add.
    pub headers: BTreeMap<String, Vec<String>>,
    /// Properties (`authSchemes`, with the signing name and region to use).
    pub properties: Map<String, Value>,
}

impl Endpoint {
    /// The SigV4 signing name and region the endpoint's `authSchemes` ask
    /// for, when they say.
    pub fn sigv4(&self) -> (Option<&str>, Option<&str>) {
        let scheme = self
            .properties
            .get("authSchemes")
            .and_then(Value::as_array)
            .and_then(|s| s.iter().find(|s| s["name"] == "sigv4"));
        (
            scheme.and_then(|s| s["signingName"].as_str()),
            scheme.and_then(|s| s["signingRegion"].as_str()),
        )
    }
}

/// The client settings the rules' built-in parameters stand for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// `AWS::Region`.
    pub region: Option<String>,
    /// `AWS::UseFIPS`: a FIPS-compliant endpoint.
    pub use_fips: bool,
    /// `AWS::UseDualStack`: an endpoint that answers over IPv4 and IPv6.
    pub use_dual_stack: bool,
    /// `SDK::Endpoint`: an endpoint set by hand (a local fake, a proxy).
    pub endpoint: Option<String>,
}

/// Resolves the rules' parameters from `settings` through their `builtIn`s.
pub fn resolve_settings(
    rules: &Value,
    partitions: &Value,
    settings: &Settings,
) -> Result<Endpoint, String> {
    let mut params = BTreeMap::new();
    for (name, p) in rules["parameters"].as_object().into_iter().flatten() {
        let v = match p["builtIn"].as_str() {
            Some("AWS::Region") => settings.region.clone().map(Value::from),
            Some("AWS::UseFIPS") => Some(Value::Bool(settings.use_fips)),
            Some("AWS::UseDualStack") => Some(Value::Bool(settings.use_dual_stack)),
            Some("SDK::Endpoint") => settings.endpoint.clone().map(Value::from),
            _ => None,
        };
        if let Some(v) = v {
            params.insert(name.clone(), v);
        }
    }
    resolve(rules, partitions, &params)
}

/// Resolves `params` against the rule set `rules` with the `partitions` data.
/// `Err` carries the rule set's own error message (`Invalid Configuration: …`)
/// or what is wrong with the rule set.
pub fn resolve(
    rules: &Value,
    partitions: &Value,
    params: &BTreeMap<String, Value>,
) -> Result<Endpoint, String> {
    let mut scope: BTreeMap<String, Value> = BTreeMap::new();
    for (name, p) in rules["parameters"].as_object().into_iter().flatten() {
        match params
            .get(name)
            .filter(|v| !v.is_null())
            .or_else(|| p.get("default"))
        {
            Some(v) => {
                scope.insert(name.clone(), v.clone());
            }
            None if p["required"] == true => {
                return Err(format!("the endpoint parameter `{name}` is required"));
            }
            None => {}
        }
    }
    let cx = Cx { partitions };
    match cx.rules(
        rules["rules"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default(),
        &mut scope,
    )? {
        Some(outcome) => outcome,
        None => Err("no endpoint rule matched".into()),
    }
}

struct Cx<'a> {
    partitions: &'a Value,
}

type Outcome = Result<Endpoint, String>;

impl Cx<'_> {
    /// The first rule whose conditions hold, evaluated; `None` when none does.
    fn rules(
        &self,
        rules: &[Value],
        scope: &mut BTreeMap<String, Value>,
    ) -> Result<Option<Outcome>, String> {
        for rule in rules {
            let mut local = scope.clone();
            if !self.conditions(
                rule["conditions"]
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or_default(),
                &mut local,
            )? {
                continue;
            }
            return match rule["type"].as_str() {
                Some("endpoint") => Ok(Some(Ok(self.endpoint(&rule["endpoint"], &local)?))),
                Some("error") => Ok(Some(Err(self.string(&rule["error"], &local)?))),
                Some("tree") => match self.rules(
                    rule["rules"]
                        .as_array()
                        .map(Vec::as_slice)
                        .unwrap_or_default(),
                    &mut local,
                )? {
                    Some(outcome) => Ok(Some(outcome)),
                    // A tree whose rules all fail ends resolution (the spec's rule).
                    None => Err("no rule of a matching tree rule matched".into()),
                },
                other => Err(format!("unknown rule type {other:?}")),
            };
        }
        Ok(None)
    }

    fn conditions(
        &self,
        conditions: &[Value],
        scope: &mut BTreeMap<String, Value>,
    ) -> Result<bool, String> {
        for c in conditions {
            let v = self.call(c, scope)?;
            let holds = match &v {
                Value::Null => false,
                Value::Bool(b) => *b,
                _ => true,
            };
            if !holds {
                return Ok(false);
            }
            if let Some(name) = c["assign"].as_str() {
                scope.insert(name.to_string(), v);
            }
        }
        Ok(true)
    }

    fn endpoint(&self, e: &Value, scope: &BTreeMap<String, Value>) -> Result<Endpoint, String> {
        let url = self.string(&e["url"], scope)?;
        let mut headers = BTreeMap::new();
        for (k, vs) in e["headers"].as_object().into_iter().flatten() {
            let values = vs
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| self.string(v, scope))
                .collect::<Result<Vec<_>, _>>()?;
            headers.insert(k.clone(), values);
        }
        let properties = match self.value(&e["properties"], scope)? {
            Value::Object(o) => o,
            _ => Map::new(),
        };
        Ok(Endpoint {
            url,
            headers,
            properties,
        })
    }

    fn string(&self, v: &Value, scope: &BTreeMap<String, Value>) -> Result<String, String> {
        match self.value(v, scope)? {
            Value::String(s) => Ok(s),
            other => Err(format!("expected a string, found {other}")),
        }
    }

    /// A value: a reference, a function call, a template string, or a
    /// literal (objects and arrays evaluated member by member).
    fn value(&self, v: &Value, scope: &BTreeMap<String, Value>) -> Result<Value, String> {
        Ok(match v {
            Value::Object(o) if o.contains_key("ref") => scope
                .get(o["ref"].as_str().unwrap_or_default())
                .cloned()
                .unwrap_or(Value::Null),
            Value::Object(o) if o.contains_key("fn") => self.call(v, scope)?,
            Value::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, x)| Ok((k.clone(), self.value(x, scope)?)))
                    .collect::<Result<_, String>>()?,
            ),
            Value::Array(a) => Value::Array(
                a.iter()
                    .map(|x| self.value(x, scope))
                    .collect::<Result<_, _>>()?,
            ),
            Value::String(s) => Value::String(template(s, scope)?),
            other => other.clone(),
        })
    }

    fn call(&self, c: &Value, scope: &BTreeMap<String, Value>) -> Result<Value, String> {
        let name = c["fn"].as_str().unwrap_or_default();
        let args = c["argv"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| self.value(a, scope))
            .collect::<Result<Vec<_>, _>>()?;
        let arg = |i: usize| args.get(i).unwrap_or(&Value::Null);
        let text = |i: usize| arg(i).as_str().unwrap_or_default();
        Ok(match name {
            "isSet" => Value::Bool(!arg(0).is_null()),
            "not" => Value::Bool(arg(0) != &Value::Bool(true)),
            "booleanEquals" => Value::Bool(arg(0).is_boolean() && arg(0) == arg(1)),
            "stringEquals" => Value::Bool(arg(0).is_string() && arg(0) == arg(1)),
            "getAttr" => get_attr(arg(0), text(1)),
            "isValidHostLabel" => {
                Value::Bool(valid_host_label(text(0), arg(1) == &Value::Bool(true)))
            }
            "substring" => substring(
                text(0),
                arg(1).as_u64(),
                arg(2).as_u64(),
                arg(3) == &Value::Bool(true),
            ),
            "uriEncode" => Value::String(crate::rest::percent_encode(text(0), false)),
            "parseURL" => parse_url(text(0)),
            "aws.partition" => self.partition(text(0)),
            other => {
                return Err(format!(
                    "the endpoint rules use the function `{other}`, which is not supported"
                ));
            }
        })
    }

    /// The outputs of the partition that holds `region` (by name, else by
    /// pattern, else `aws`), with `name`, and the region's own overrides.
    fn partition(&self, region: &str) -> Value {
        let all = self.partitions["partitions"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        let by_region = all.iter().find(|p| p["regions"].get(region).is_some());
        let by_pattern = || {
            all.iter().find(|p| {
                p["regionRegex"]
                    .as_str()
                    .and_then(|r| regex::Regex::new(r).ok())
                    .is_some_and(|r| r.is_match(region))
            })
        };
        let Some(p) = by_region
            .or_else(by_pattern)
            .or_else(|| all.iter().find(|p| p["id"] == "aws"))
        else {
            return Value::Null;
        };
        let mut out = p["outputs"].as_object().cloned().unwrap_or_default();
        out.insert("name".into(), p["id"].clone());
        for (k, v) in p["regions"]
            .get(region)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if k != "description" {
                out.insert(k.clone(), v.clone());
            }
        }
        Value::Object(out)
    }
}

/// Fills `{Name}` and `{Name#path}` in a template; `{{` and `}}` are braces.
fn template(s: &str, scope: &BTreeMap<String, Value>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if rest[i..].starts_with("{{") || rest[i..].starts_with("}}") {
            out.push_str(&rest[i..i + 1]);
            rest = &rest[i + 2..];
            continue;
        }
        if rest[i..].starts_with('}') {
            return Err(format!("an unmatched `}}` in the template {s:?}"));
        }
        let end = after
            .find('}')
            .ok_or_else(|| format!("an unclosed `{{` in the template {s:?}"))?;
        let (name, path) = after[..end]
            .split_once('#')
            .map_or((&after[..end], None), |(n, p)| (n, Some(p)));
        let v = scope.get(name).cloned().unwrap_or(Value::Null);
        let v = path.map_or(v.clone(), |p| get_attr(&v, p));
        match v {
            Value::String(x) => out.push_str(&x),
            Value::Bool(b) => out.push_str(&b.to_string()),
            Value::Number(n) => out.push_str(&n.to_string()),
            other => {
                return Err(format!(
                    "the template {s:?} refers to `{}`, which is {other}",
                    &after[..end]
                ));
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `getAttr`: a path of names and `[index]`es (`authSchemes[0].name`).
fn get_attr(v: &Value, path: &str) -> Value {
    let mut cur = v.clone();
    for part in path.split('.') {
        let (name, indexes) = part.split_once('[').map_or((part, ""), |(n, i)| (n, i));
        if !name.is_empty() {
            cur = cur.get(name).cloned().unwrap_or(Value::Null);
        }
        for i in indexes
            .split('[')
            .map(|i| i.trim_end_matches(']'))
            .filter(|i| !i.is_empty())
        {
            cur = i
                .parse::<usize>()
                .ok()
                .and_then(|i| cur.get(i).cloned())
                .unwrap_or(Value::Null);
        }
    }
    cur
}

fn valid_host_label(s: &str, allow_dots: bool) -> bool {
    let label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
    };
    if allow_dots {
        s.split('.').all(label)
    } else {
        label(s)
    }
}

fn substring(s: &str, start: Option<u64>, stop: Option<u64>, reverse: bool) -> Value {
    let (Some(start), Some(stop)) = (
        start.and_then(|x| usize::try_from(x).ok()),
        stop.and_then(|x| usize::try_from(x).ok()),
    ) else {
        return Value::Null;
    };
    if !s.is_ascii() || start >= stop || stop > s.len() {
        return Value::Null;
    }
    let (a, b) = if reverse {
        (s.len() - stop, s.len() - start)
    } else {
        (start, stop)
    };
    Value::String(s[a..b].to_string())
}

fn parse_url(s: &str) -> Value {
    let Ok(uri) = s.parse::<http::Uri>() else {
        return Value::Null;
    };
    let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
        return Value::Null;
    };
    if uri.query().is_some() {
        return Value::Null;
    }
    let path = uri.path();
    let normalized = if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    };
    let host = authority.host();
    let is_ip =
        host.parse::<std::net::IpAddr>().is_ok() || (host.starts_with('[') && host.ends_with(']'));
    serde_json::json!({"scheme": scheme, "authority": authority.as_str(), "path": if path == "/" && !s.ends_with('/') { "" } else { path }, "normalizedPath": normalized, "isIp": is_ip})
}
