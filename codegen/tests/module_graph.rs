//! The modules of `codegen` use each other without cycles: a module's
//! dependencies can be read, changed and tested without the modules that
//! use it.
//!
//! The graph is read from the sources: a node per module file
//! (`src/model.rs` is `model`, `src/emit/mod.rs` is `emit`,
//! `src/emit/docs.rs` is `emit::docs`), and an edge wherever a file names
//! another module by a `crate::…`, `super::…` or `self::…` path (in a `use`
//! or in code), or, in a module with submodules, names a submodule
//! directly (`docs::…` in `emit/mod.rs`). Comments, string literals and
//! the bodies of `quote!` (code of the generated crate, whose
//! `crate::operations::…` are not ours) are skipped. The crate root
//! (`lib.rs`) is not a node: it declares every module, and `crate::Config`
//! and other items of the root are not edges.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Edges allowed to close a cycle: none. Names live in the IR (made in
/// lowering), so the emitters no longer reach into each other for them,
/// and protocol plug-ins share what they need through `emit::protocol::wire`.
/// Never add a loader module's edge.
const ALLOWED: &[(&str, &str)] = &[];

/// The loader's modules, which must stay layered (see
/// [`the_loader_is_layered`]).
const LOADER: &[&str] = &["ast", "idl", "assemble", "model", "load"];

/// Module → the modules it uses.
type Graph = BTreeMap<String, BTreeSet<String>>;

/// Every module file under `src` as (module name, text); the crate root is
/// left out.
fn read_crate(src: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            if parts == ["lib"] || parts == ["main"] {
                continue;
            }
            out.push((parts.join("::"), std::fs::read_to_string(&path).unwrap()));
        }
    }
    out.sort();
    out
}

/// The module graph of sources given as (module name, text).
fn graph_of(sources: &[(String, String)]) -> Graph {
    let known: BTreeSet<String> = sources.iter().map(|(m, _)| m.clone()).collect();
    let mut graph = Graph::new();
    for (module, text) in sources {
        let deps = graph.entry(module.clone()).or_default();
        for path in paths(module, &tokens(&code_only(text)), &known) {
            // The longest prefix of the path that is a module.
            let target = (1..=path.len())
                .rev()
                .map(|n| path[..n].join("::"))
                .find(|m| known.contains(m));
            if let Some(target) = target
                && target != *module
            {
                deps.insert(target);
            }
        }
    }
    graph
}

/// `text` with comments, string and character literals blanked (a string
/// becomes `""`), so that only code is left.
fn code_only(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let ident = |i: usize| {
        c.get(i)
            .is_some_and(|&ch| ch.is_alphanumeric() || ch == '_')
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        match c[i] {
            '/' if c.get(i + 1) == Some(&'/') => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            }
            '/' if c.get(i + 1) == Some(&'*') => {
                let mut depth = 0;
                while i < c.len() {
                    if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                        depth += 1;
                        i += 2;
                    } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                out.push(' ');
            }
            // A raw string (`r"…"`, `r#"…"#`, `br"…"`), not a raw identifier.
            'r' if !ident(i.wrapping_sub(1)) || (c[i - 1] == 'b' && !ident(i.wrapping_sub(2))) => {
                let hashes = c[i + 1..].iter().take_while(|&&ch| ch == '#').count();
                if c.get(i + 1 + hashes) != Some(&'"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                let close: Vec<char> = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                i += 2 + hashes;
                while i < c.len() && !c[i..].starts_with(&close) {
                    i += 1;
                }
                i += close.len();
                out.push_str("\"\"");
            }
            '"' => {
                i += 1;
                while i < c.len() && c[i] != '"' {
                    i += if c[i] == '\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            // A character literal ('x', '\n', '\u{0}'), or a lifetime.
            '\'' if c.get(i + 1) == Some(&'\\') => {
                i += 3;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
            }
            '\'' if c.get(i + 2) == Some(&'\'') => {
                i += 3;
                out.push_str("' '");
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

/// Identifiers, `::` and single punctuation characters, with the bodies of
/// `quote!` and `quote_spanned!` left out.
fn tokens(code: &str) -> Vec<String> {
    let c: Vec<char> = code.chars().collect();
    let mut all = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if c[i].is_whitespace() {
            i += 1;
        } else if c[i].is_alphanumeric() || c[i] == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            all.push(c[start..i].iter().collect());
        } else if c[i] == ':' && c.get(i + 1) == Some(&':') {
            all.push("::".to_string());
            i += 2;
        } else {
            all.push(c[i].to_string());
            i += 1;
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let is_quote = matches!(all[i].as_str(), "quote" | "quote_spanned")
            && all.get(i + 1).is_some_and(|t| t == "!")
            && all
                .get(i + 2)
                .is_some_and(|t| matches!(t.as_str(), "{" | "(" | "["));
        if !is_quote {
            out.push(std::mem::take(&mut all[i]));
            i += 1;
            continue;
        }
        let mut depth = 0;
        i += 2;
        while i < all.len() {
            match all[i].as_str() {
                "{" | "(" | "[" => depth += 1,
                "}" | ")" | "]" => depth -= 1,
                _ => {}
            }
            i += 1;
            if depth == 0 {
                break;
            }
        }
    }
    out
}

fn is_ident(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// Every path (from the crate root) that the tokens of `module` name.
fn paths(module: &str, toks: &[String], known: &BTreeSet<String>) -> Vec<Vec<String>> {
    let file: Vec<String> = module.split("::").map(str::to_string).collect();
    // Inline modules (`mod tests { … }`): name and the brace depth inside.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut out = Vec::new();
    let tok = |i: usize| toks.get(i).map_or("", String::as_str);
    for i in 0..toks.len() {
        match tok(i) {
            "{" => depth += 1,
            "}" => {
                depth -= 1;
                inline.retain(|(_, d)| *d <= depth);
            }
            "mod" if is_ident(tok(i + 1)) && tok(i + 2) == "{" => {
                inline.push((tok(i + 1).to_string(), depth + 1));
            }
            _ => {}
        }
        let after_path = i > 0 && matches!(tok(i - 1), "::" | ".");
        if after_path || tok(i + 1) != "::" {
            continue;
        }
        let here: Vec<String> = file
            .iter()
            .cloned()
            .chain(inline.iter().map(|(m, _)| m.clone()))
            .collect();
        let (mut base, mut j) = match tok(i) {
            "crate" => (Vec::new(), i + 2),
            "self" => (here, i + 2),
            "super" => {
                let mut base = here;
                let mut j = i;
                while tok(j) == "super" && tok(j + 1) == "::" {
                    base.pop();
                    j += 2;
                }
                (base, j)
            }
            // A submodule named directly from its parent's file.
            t if inline.is_empty() && known.contains(&format!("{module}::{t}")) => {
                (file.clone(), i)
            }
            _ => continue,
        };
        tail(toks, &mut j, &mut base, &mut out);
    }
    out
}

/// Reads the rest of a path from `toks[*j]` on (`a::b`, `a::{b, c::d}`,
/// `a::*`), appending each full path to `out`.
fn tail(toks: &[String], j: &mut usize, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let tok = |i: usize| toks.get(i).map_or("", String::as_str);
    let len = prefix.len();
    loop {
        match tok(*j) {
            "{" => {
                *j += 1;
                while !matches!(tok(*j), "}" | "") {
                    if tok(*j) == "," {
                        *j += 1;
                        continue;
                    }
                    let start = *j;
                    tail(toks, j, prefix, out);
                    if *j == start {
                        *j += 1;
                    }
                }
                *j += 1;
                break;
            }
            "self" => {
                *j += 1;
                out.push(prefix.clone());
                break;
            }
            t if is_ident(t) => {
                prefix.push(t.to_string());
                *j += 1;
                if tok(*j) == "::" {
                    *j += 1;
                    continue;
                }
                out.push(prefix.clone());
                break;
            }
            _ => {
                out.push(prefix.clone());
                break;
            }
        }
    }
    prefix.truncate(len);
}

/// The strongly connected components of more than one module.
fn cycles(graph: &Graph) -> Vec<BTreeSet<String>> {
    // Kosaraju: finishing order on the graph, then components on its reverse.
    fn visit<'a>(n: &'a str, g: &'a Graph, seen: &mut BTreeSet<&'a str>, order: &mut Vec<&'a str>) {
        if !seen.insert(n) {
            return;
        }
        for m in g.get(n).into_iter().flatten() {
            visit(m, g, seen, order);
        }
        order.push(n);
    }
    let mut reverse = Graph::new();
    for (from, tos) in graph {
        reverse.entry(from.clone()).or_default();
        for to in tos {
            reverse.entry(to.clone()).or_default().insert(from.clone());
        }
    }
    let (mut seen, mut order) = (BTreeSet::new(), Vec::new());
    for n in graph.keys() {
        visit(n, graph, &mut seen, &mut order);
    }
    let mut assigned = BTreeSet::new();
    let mut out = Vec::new();
    for n in order.into_iter().rev() {
        let mut component = Vec::new();
        visit(n, &reverse, &mut assigned, &mut component);
        if component.len() > 1 {
            out.push(component.into_iter().map(str::to_string).collect());
        }
    }
    out
}

/// One cycle through `start` inside `component`, as `a → b → … → a`.
fn a_cycle(graph: &Graph, component: &BTreeSet<String>, start: &str) -> String {
    let mut from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        for m in graph.get(n).into_iter().flatten() {
            if !component.contains(m) {
                continue;
            }
            if m == start {
                let mut path = vec![start, n];
                let mut at = n;
                while at != start {
                    at = from[at];
                    path.push(at);
                }
                path.reverse();
                return path.join(" → ");
            }
            if !from.contains_key(m.as_str()) {
                from.insert(m, n);
                queue.push_back(m);
            }
        }
    }
    unreachable!("a strongly connected component has a cycle through each module")
}

/// The edges inside cycles, and a description of each cycle.
fn cyclic_edges(graph: &Graph) -> (BTreeSet<(String, String)>, Vec<String>) {
    let mut edges = BTreeSet::new();
    let mut described = Vec::new();
    for component in cycles(graph) {
        for from in &component {
            for to in graph[from].intersection(&component) {
                edges.insert((from.clone(), to.clone()));
            }
        }
        let first = component.first().unwrap();
        described.push(format!(
            "{{{}}}, e.g. {}",
            component.iter().cloned().collect::<Vec<_>>().join(", "),
            a_cycle(graph, &component, first)
        ));
    }
    (edges, described)
}

fn crate_graph() -> Graph {
    graph_of(&read_crate(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
    ))
}

#[test]
fn no_cycles_but_the_allowed_ones() {
    let graph = crate_graph();
    let (edges, described) = cyclic_edges(&graph);
    let allowed: BTreeSet<(String, String)> = ALLOWED
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let new: Vec<_> = edges.difference(&allowed).collect();
    let stale: Vec<_> = allowed.difference(&edges).collect();
    assert!(
        new.is_empty(),
        "module cycles:\n  {}\nedges in a cycle and not in ALLOWED: {new:?}",
        described.join("\n  ")
    );
    assert!(
        stale.is_empty(),
        "no longer in a cycle, delete from ALLOWED in {}: {stale:?}",
        file!()
    );
}

/// The loader reads bottom-up: `ast` (the JSON AST in memory) depends on no
/// other loader module; `idl` on `ast` alone; `assemble` not on `model` or
/// `load`; `model` on `ast` alone (it turns an AST into a model, and never
/// reads or assembles files); only `load` puts them together. And none of
/// them is in a cycle, whatever [`ALLOWED`] says.
#[test]
fn the_loader_is_layered() {
    let graph = crate_graph();
    let loader_deps = |m: &str| -> BTreeSet<&str> {
        graph[m]
            .iter()
            .map(String::as_str)
            .filter(|d| LOADER.contains(d))
            .collect()
    };
    assert_eq!(loader_deps("ast"), BTreeSet::new());
    assert_eq!(loader_deps("idl"), BTreeSet::from(["ast"]));
    assert_eq!(loader_deps("assemble"), BTreeSet::from(["ast", "idl"]));
    assert_eq!(loader_deps("model"), BTreeSet::from(["ast"]));
    assert_eq!(loader_deps("load"), BTreeSet::from(["assemble", "model"]));
    let (edges, described) = cyclic_edges(&graph);
    for (from, to) in &edges {
        assert!(
            !LOADER.contains(&from.as_str()) && !LOADER.contains(&to.as_str()),
            "a loader module is in a cycle: {}",
            described.join("; ")
        );
    }
}

#[test]
fn the_reader_sees_the_edges_that_are_there() {
    let graph = crate_graph();
    for (from, to) in [
        ("assemble", "idl"),
        ("lower", "model"),
        ("emit", "emit::common"),
        ("emit::enums", "emit::common"),
        ("emit::docs", "emit::synopsis"),
        ("emit::docs", "ir"),
        ("lower", "docs"),
    ] {
        assert!(graph[from].contains(to), "{from} → {to}: {:?}", graph[from]);
    }
}

fn graph_of_texts(sources: &[(&str, &str)]) -> Graph {
    let sources: Vec<(String, String)> = sources
        .iter()
        .map(|(m, t)| (m.to_string(), t.to_string()))
        .collect();
    graph_of(&sources)
}

#[test]
fn paths_in_code_count_and_others_do_not() {
    let g = graph_of_texts(&[
        (
            "a",
            r##"
            //! Uses [`crate::b`] in docs only. /* crate::b */
            use crate::{c::{self, X}, Config};
            fn f() -> &'static str {
                let _ = 'x';
                let _ = '\'';
                let _ = quote! { crate::b::f() };
                let _ = r#"crate::b::f()"#;
                "crate::b \" crate::b"
            }
            mod tests {
                use super::*;
                mod deeper { use super::super::super::d::Y; }
            }
            "##,
        ),
        ("b", "pub fn f() {}"),
        ("c", "use super::e::Z; pub struct X;"),
        ("d", "use crate::a;"),
        ("e", "pub struct Z;"),
        ("m", "pub mod x; pub mod y; use x::*; fn f() { y::g(); }"),
        ("m::x", "use super::y;"),
        ("m::y", "pub fn g() { super::h() }"),
    ]);
    let graph = g;
    let deps = |m: &str| graph[m].iter().map(String::as_str).collect::<Vec<_>>();
    assert_eq!(deps("a"), ["c", "d"]);
    assert_eq!(
        deps("c"),
        ["e"],
        "`super` of a top-level module is the root"
    );
    assert_eq!(deps("m"), ["m::x", "m::y"]);
    assert_eq!(deps("m::x"), ["m::y"]);
    assert_eq!(deps("m::y"), ["m"]);
    let (edges, described) = cyclic_edges(&graph);
    assert_eq!(described.len(), 2, "{described:?}");
    assert!(edges.contains(&("a".into(), "d".into())), "{edges:?}");
    assert!(described[0].contains(" → "), "{described:?}");
}
