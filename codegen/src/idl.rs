//! The Smithy IDL 2.0 front end, in pure Rust: one `.smithy` file → the
//! shapes, `apply` statements and metadata it declares, as ordered JSON AST
//! nodes ([`Node`]). Relative shape IDs are left as [`Node::Ref`] and
//! resolved later by [`crate::assemble`], which knows every file of the model.
//!
//! Covered: control statements (`$version`, `$operationInputSuffix`,
//! `$operationOutputSuffix`), `metadata`, `namespace`, `use`, every shape
//! kind with its body, traits with node values (strings, text blocks,
//! numbers, booleans, null, arrays, objects, unquoted shape IDs),
//! documentation comments, `apply` (one trait or a block), mixins (`with
//! […]`), `$member` target elision, `for` resource binding, member defaults,
//! and inline operation input and output (`:=`). Errors give
//! `file:line:column`.

use std::path::{Path, PathBuf};

use crate::ast::AstVersion;
use crate::error::{Error, ErrorKind, Result};

pub use crate::ast::Node;

/// Trait names are kept as `"\0<name as written>"` object keys until the
/// assembler resolves them against the file's namespace and `use`s.
pub const UNRESOLVED: char = '\u{0}';

/// What one IDL file declares.
#[derive(Debug, Default)]
pub struct IdlFile {
    /// The file.
    pub path: PathBuf,
    /// Its namespace.
    pub namespace: String,
    /// Its `use` statements (absolute shape IDs).
    pub uses: Vec<String>,
    /// Shapes it defines: absolute ID → JSON AST body (`type`, `traits`, …).
    pub shapes: Vec<(String, Node)>,
    /// `apply` statements: target (as written) and a traits object (keys unresolved).
    pub applies: Vec<(String, Node)>,
    /// `metadata` entries.
    pub metadata: Vec<(String, Node)>,
    /// Whether the file says `$version: "1"` or `"1.0"` (its shapes are
    /// upgraded to 2.0's nullability by [`crate::assemble`]).
    pub version_1: bool,
}

/// Parses one IDL file.
pub fn parse(path: &Path, text: &str) -> Result<IdlFile> {
    let mut p = Parser {
        file: path.to_path_buf(),
        chars: text.chars().collect(),
        pos: 0,
        line: 1,
        col: 1,
        namespace: String::new(),
        input_suffix: "Input".into(),
        output_suffix: "Output".into(),
        out: IdlFile {
            path: path.to_path_buf(),
            ..IdlFile::default()
        },
        depth: 0,
    };
    p.file_body()?;
    Ok(p.out)
}

struct Parser {
    file: PathBuf,
    chars: Vec<char>,
    pos: usize,
    line: usize,
    col: usize,
    namespace: String,
    input_suffix: String,
    output_suffix: String,
    out: IdlFile,
    /// How many arrays and objects the value being read is inside.
    depth: usize,
}

/// How deep node values may nest (arrays and objects): a file nesting
/// deeper is refused rather than read by unbounded recursion (the JSON
/// AST reader, serde_json, stops at 128).
const MAX_NODE_DEPTH: usize = 64;

/// A trait application: its name as written and its value.
type TraitApp = (String, Node);

impl Parser {
    fn error(&self, message: impl Into<String>) -> Error {
        Error::file(
            &self.file,
            ErrorKind::Syntax {
                line: self.line,
                column: self.col,
                message: message.into(),
            },
        )
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    /// `///` (but not `////`) starts a documentation comment.
    fn is_doc_comment(&self) -> bool {
        self.starts_with("///") && !self.starts_with("////")
    }

    fn starts_with(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, c)| self.peek_at(i) == Some(c))
    }

    /// Skips white space, commas and `//` comments, but not `///` doc
    /// comments when `docs` is set (they are returned instead).
    fn ws_docs(&mut self) -> Vec<String> {
        let mut docs = Vec::new();
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() || c == ',' => {
                    self.bump();
                }
                Some('/') if self.is_doc_comment() => {
                    for _ in 0..3 {
                        self.bump();
                    }
                    let mut line = String::new();
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        line.push(c);
                        self.bump();
                    }
                    let line = line.strip_suffix('\r').unwrap_or(&line);
                    docs.push(line.strip_prefix(' ').unwrap_or(line).to_string());
                }
                Some('/') if self.starts_with("//") => {
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                _ => return docs,
            }
        }
    }

    /// Skips white space, commas and `//` comments, stopping before a `///`
    /// documentation comment (which only [`Parser::ws_docs`] reads).
    fn ws(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() || c == ',' => {
                    self.bump();
                }
                Some('/') if self.starts_with("//") && !self.is_doc_comment() => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                _ => return,
            }
        }
    }

    fn expect(&mut self, c: char) -> Result<()> {
        self.ws();
        if self.peek() == Some(c) {
            self.bump();
            Ok(())
        } else {
            Err(self.error(format!("expected `{c}`, found {}", self.found())))
        }
    }

    fn found(&self) -> String {
        match self.peek() {
            None => "the end of the file".into(),
            Some(c) => format!("`{c}`"),
        }
    }

    fn is_ident_start(c: char) -> bool {
        c.is_ascii_alphabetic() || c == '_'
    }

    fn is_id_char(c: char) -> bool {
        c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '#' || c == '$'
    }

    /// An identifier or shape ID (`Foo`, `smithy.api#String`, `Foo$bar`).
    fn shape_id(&mut self) -> Result<String> {
        self.ws();
        match self.peek() {
            Some(c) if Self::is_ident_start(c) => {}
            _ => return Err(self.error(format!("expected a name, found {}", self.found()))),
        }
        let mut s = String::new();
        while let Some(c) = self.peek() {
            if !Self::is_id_char(c) {
                break;
            }
            s.push(c);
            self.bump();
        }
        Ok(s)
    }

    fn file_body(&mut self) -> Result<()> {
        // Control statements.
        loop {
            self.ws();
            if self.peek() != Some('$') {
                break;
            }
            self.bump();
            let key = self.shape_id()?;
            self.expect(':')?;
            let value = self.node()?;
            match (key.as_str(), &value) {
                ("version", Node::String(v)) if AstVersion::of(v).is_some() => {
                    self.out.version_1 = AstVersion::of(v) == Some(AstVersion::V1);
                }
                ("version", v) => return Err(self.error(format!("unsupported IDL version {v:?}"))),
                ("operationInputSuffix", Node::String(s)) => self.input_suffix = s.clone(),
                ("operationOutputSuffix", Node::String(s)) => self.output_suffix = s.clone(),
                _ => {}
            }
        }
        // Metadata.
        loop {
            self.ws();
            if !self.keyword("metadata") {
                break;
            }
            self.ws();
            let key = if self.peek() == Some('"') {
                self.quoted()?
            } else {
                self.shape_id()?
            };
            self.expect('=')?;
            let value = self.node()?;
            self.out.metadata.push((key, value));
        }
        self.ws();
        if self.keyword("namespace") {
            self.namespace = self.shape_id()?;
            self.out.namespace = self.namespace.clone();
        }
        let mut uses = Vec::new();
        loop {
            self.ws();
            if !self.keyword("use") {
                break;
            }
            let id = self.shape_id()?;
            if !id.contains('#') {
                return Err(self.error(format!("`use` needs an absolute shape ID, found `{id}`")));
            }
            uses.push(id);
        }
        self.out.uses = uses;
        loop {
            let docs = self.ws_docs();
            if self.peek().is_none() {
                if docs.is_empty() {
                    return Ok(());
                }
                return Err(
                    self.error("a documentation comment at the end of the file documents nothing")
                );
            }
            if self.namespace.is_empty() {
                return Err(self.error("shapes need a `namespace` statement before them"));
            }
            let traits = self.traits(docs)?;
            self.ws();
            if self.keyword("apply") {
                if !traits.is_empty() {
                    return Err(self.error("traits cannot be applied to an `apply` statement"));
                }
                self.apply()?;
            } else {
                self.shape(traits)?;
            }
        }
    }

    /// Consumes `word` if it is the next whole word.
    fn keyword(&mut self, word: &str) -> bool {
        if self.starts_with(word) && !self.peek_at(word.len()).is_some_and(Self::is_id_char) {
            for _ in 0..word.len() {
                self.bump();
            }
            true
        } else {
            false
        }
    }

    /// Trait applications (and doc comments, as `smithy.api#documentation`).
    fn traits(&mut self, mut docs: Vec<String>) -> Result<Vec<TraitApp>> {
        let mut out = Vec::new();
        loop {
            docs.extend(self.ws_docs());
            if self.peek() != Some('@') {
                break;
            }
            out.extend(self.trait_app()?);
        }
        if !docs.is_empty() {
            out.insert(
                0,
                (
                    "smithy.api#documentation".into(),
                    Node::String(docs.join("\n")),
                ),
            );
        }
        Ok(out)
    }

    /// One `@name` or `@name(value)`.
    fn trait_app(&mut self) -> Result<Vec<TraitApp>> {
        let mut out = Vec::new();
        {
            self.bump();
            let name = self.shape_id()?;
            let value = if self.peek() == Some('(') {
                self.bump();
                self.ws();
                if self.peek() == Some(')') {
                    self.bump();
                    Node::Object(Vec::new())
                } else if self.is_structure_body() {
                    let mut entries = Vec::new();
                    loop {
                        self.ws();
                        if self.peek() == Some(')') {
                            self.bump();
                            break;
                        }
                        let key = if self.peek() == Some('"') {
                            self.quoted()?
                        } else {
                            self.shape_id()?
                        };
                        self.expect(':')?;
                        entries.push((key, self.node()?));
                    }
                    Node::Object(entries)
                } else {
                    let v = self.node()?;
                    self.expect(')')?;
                    v
                }
            } else {
                Node::Object(Vec::new())
            };
            out.push((name, value));
        }
        Ok(out)
    }

    /// Whether the trait value ahead is `key: value, …` rather than one node.
    fn is_structure_body(&self) -> bool {
        let mut i = self.pos;
        let c = |i: usize| self.chars.get(i).copied();
        if c(i) == Some('"') {
            i += 1;
            while let Some(ch) = c(i) {
                if ch == '\\' {
                    i += 2;
                    continue;
                }
                if ch == '"' {
                    break;
                }
                i += 1;
            }
            i += 1;
        } else if c(i).is_some_and(Self::is_ident_start) {
            while c(i).is_some_and(Self::is_id_char) {
                i += 1;
            }
        } else {
            return false;
        }
        while c(i).is_some_and(|ch| ch.is_whitespace() || ch == ',') {
            i += 1;
        }
        c(i) == Some(':') && c(i + 1) != Some('=')
    }

    fn apply(&mut self) -> Result<()> {
        let target = self.shape_id()?;
        self.ws();
        let traits = if self.peek() == Some('{') {
            self.bump();
            let t = self.traits(Vec::new())?;
            self.expect('}')?;
            t
        } else {
            if self.peek() != Some('@') {
                return Err(self.error(format!("`apply` needs a trait, found {}", self.found())));
            }
            self.trait_app()?
        };
        self.out.applies.push((target, Self::traits_node(traits)));
        Ok(())
    }

    fn traits_node(traits: Vec<TraitApp>) -> Node {
        Node::Object(
            traits
                .into_iter()
                .map(|(name, v)| (format!("{UNRESOLVED}{name}"), v))
                .collect(),
        )
    }

    fn shape(&mut self, traits: Vec<TraitApp>) -> Result<()> {
        let kind = self.shape_id()?;
        let name = self.shape_id()?;
        if name.contains('#') || name.contains('.') || name.contains('$') {
            return Err(self.error(format!("a shape name must be relative, found `{name}`")));
        }
        let id = format!("{}#{name}", self.namespace);
        let mut body = Node::Object(vec![("type".into(), Node::String(kind.clone()))]);
        // `for Resource` and `with [Mixins]`.
        let mut resource = None;
        loop {
            self.ws();
            if self.keyword("for") {
                resource = Some(self.shape_id()?);
            } else if self.keyword("with") {
                let mixins = self.mixins()?;
                body.set("mixins", mixins);
            } else {
                break;
            }
        }
        if let Some(r) = resource {
            body.set("\u{0}for", Node::Ref(r));
        }
        match kind.as_str() {
            "string" | "blob" | "boolean" | "byte" | "short" | "integer" | "long" | "float"
            | "double" | "bigInteger" | "bigDecimal" | "timestamp" | "document" => {}
            "enum" | "intEnum" => {
                let members = self.enum_members(&kind)?;
                body.set("members", members);
            }
            "list" | "set" | "map" | "structure" | "union" => {
                let members = self.members(&id)?;
                match kind.as_str() {
                    "list" | "set" => {
                        for (k, v) in members {
                            if k != "member" {
                                return Err(self
                                    .error(format!("a {kind} has only a `member`, found `{k}`")));
                            }
                            body.set("member", v);
                        }
                    }
                    "map" => {
                        for (k, v) in members {
                            if k != "key" && k != "value" {
                                return Err(self.error(format!(
                                    "a map has only a `key` and a `value`, found `{k}`"
                                )));
                            }
                            body.set(&k, v);
                        }
                    }
                    _ => body.set("members", Node::Object(members)),
                }
            }
            "service" | "resource" | "operation" => {
                let props = self.entity_body(&name, kind == "operation")?;
                if let Node::Object(entries) = props {
                    for (k, v) in entries {
                        body.set(&k, v);
                    }
                }
            }
            other => return Err(self.error(format!("unknown shape type `{other}`"))),
        }
        if !traits.is_empty() {
            body.set("traits", Self::traits_node(traits));
        }
        self.define(id, body)
    }

    /// `[A, B]` after `with`: the JSON AST's `mixins` list.
    fn mixins(&mut self) -> Result<Node> {
        self.expect('[')?;
        let mut mixins = Vec::new();
        loop {
            self.ws();
            if self.peek() == Some(']') {
                self.bump();
                return Ok(Node::Array(mixins));
            }
            let m = self.shape_id()?;
            mixins.push(Node::Object(vec![("target".into(), Node::Ref(m))]));
        }
    }

    fn define(&mut self, id: String, body: Node) -> Result<()> {
        if self.out.shapes.iter().any(|(seen, _)| *seen == id) {
            return Err(self.error(format!("shape `{id}` is defined twice")));
        }
        self.out.shapes.push((id, body));
        Ok(())
    }

    /// `{ A  @trait B = "b" }`.
    fn enum_members(&mut self, kind: &str) -> Result<Node> {
        self.expect('{')?;
        let mut out = Vec::new();
        loop {
            let docs = self.ws_docs();
            let mut traits = self.traits(docs)?;
            self.ws();
            if self.peek() == Some('}') {
                self.bump();
                break;
            }
            let name = self.shape_id()?;
            self.ws();
            if self.peek() == Some('=') {
                self.bump();
                let v = self.node()?;
                if kind == "enum" && !matches!(v, Node::String(_))
                    || kind == "intEnum" && !matches!(v, Node::Number(_))
                {
                    return Err(self.error(format!(
                        "the value of enum member `{name}` has the wrong type"
                    )));
                }
                traits.push(("smithy.api#enumValue".into(), v));
            }
            let mut m = Node::Object(vec![(
                "target".into(),
                Node::String("smithy.api#Unit".into()),
            )]);
            if !traits.is_empty() {
                m.set("traits", Self::traits_node(traits));
            }
            out.push((name, m));
        }
        Ok(Node::Object(out))
    }

    /// `{ [docs] [traits] name: Target [= default]  $elided … }`.
    fn members(&mut self, shape: &str) -> Result<Vec<(String, Node)>> {
        self.expect('{')?;
        let mut out: Vec<(String, Node)> = Vec::new();
        loop {
            let docs = self.ws_docs();
            let mut traits = self.traits(docs)?;
            self.ws();
            if self.peek() == Some('}') {
                if !traits.is_empty() {
                    return Err(self.error("traits before `}` apply to nothing"));
                }
                self.bump();
                break;
            }
            let elided = self.peek() == Some('$');
            if elided {
                self.bump();
            }
            let name = self.shape_id()?;
            let mut m = Node::Object(Vec::new());
            if elided {
                m.set("\u{0}elided", Node::Bool(true));
            } else {
                self.expect(':')?;
                let target = self.shape_id()?;
                m.set("target", Node::Ref(target));
            }
            self.ws();
            if self.peek() == Some('=') {
                self.bump();
                let v = self.node()?;
                traits.push(("smithy.api#default".into(), v));
            }
            if !traits.is_empty() {
                m.set("traits", Self::traits_node(traits));
            }
            if out.iter().any(|(k, _)| *k == name) {
                return Err(self.error(format!("member `{name}` of `{shape}` is defined twice")));
            }
            out.push((name, m));
        }
        Ok(out)
    }

    /// A service, resource or operation body: a node object whose unquoted
    /// values are shape IDs; for operations, `input :=` / `output :=`.
    fn entity_body(&mut self, name: &str, operation: bool) -> Result<Node> {
        self.expect('{')?;
        let mut out = Vec::new();
        loop {
            self.ws();
            if self.peek() == Some('}') {
                self.bump();
                break;
            }
            let key = self.shape_id()?;
            self.ws();
            if operation && self.starts_with(":=") && (key == "input" || key == "output") {
                self.bump();
                self.bump();
                let suffix = if key == "input" {
                    self.input_suffix.clone()
                } else {
                    self.output_suffix.clone()
                };
                let inline = format!("{name}{suffix}");
                let docs = self.ws_docs();
                let mut traits = self.traits(docs)?;
                traits.push((format!("smithy.api#{key}"), Node::Object(Vec::new())));
                let mut body =
                    Node::Object(vec![("type".into(), Node::String("structure".into()))]);
                self.ws();
                if self.keyword("with") {
                    let mixins = self.mixins()?;
                    body.set("mixins", mixins);
                }
                let members = self.members(&inline)?;
                body.set("members", Node::Object(members));
                body.set("traits", Self::traits_node(traits));
                let id = format!("{}#{inline}", self.namespace);
                self.define(id, body)?;
                out.push((
                    key,
                    Node::Object(vec![("target".into(), Node::Ref(inline))]),
                ));
                continue;
            }
            self.expect(':')?;
            let value = self.node()?;
            // Shape references take the JSON AST's `{"target": …}` form.
            let value = match key.as_str() {
                "input" | "output" | "create" | "put" | "read" | "update" | "delete" | "list" => {
                    target_of(value)
                }
                "operations" | "resources" | "errors" | "collectionOperations" => match value {
                    Node::Array(items) => Node::Array(items.into_iter().map(target_of).collect()),
                    other => other,
                },
                "identifiers" | "properties" => match value {
                    Node::Object(entries) => Node::Object(
                        entries
                            .into_iter()
                            .map(|(k, v)| (k, target_of(v)))
                            .collect(),
                    ),
                    other => other,
                },
                _ => value,
            };
            out.push((key, value));
        }
        Ok(Node::Object(out))
    }

    /// A node value, at most [`MAX_NODE_DEPTH`] arrays and objects deep.
    fn node(&mut self) -> Result<Node> {
        self.ws();
        if matches!(self.peek(), Some('[' | '{')) {
            if self.depth >= MAX_NODE_DEPTH {
                return Err(self.error(format!(
                    "values nest more than {MAX_NODE_DEPTH} arrays and objects deep"
                )));
            }
            self.depth += 1;
            let node = self.node_value();
            self.depth -= 1;
            return node;
        }
        self.node_value()
    }

    fn node_value(&mut self) -> Result<Node> {
        match self.peek() {
            Some('"') if self.starts_with("\"\"\"") => Ok(Node::String(self.text_block()?)),
            Some('"') => Ok(Node::String(self.quoted()?)),
            Some('[') => {
                self.bump();
                let mut items = Vec::new();
                loop {
                    self.ws();
                    if self.peek() == Some(']') {
                        self.bump();
                        return Ok(Node::Array(items));
                    }
                    items.push(self.node()?);
                }
            }
            Some('{') => {
                self.bump();
                let mut entries: Vec<(String, Node)> = Vec::new();
                loop {
                    self.ws();
                    if self.peek() == Some('}') {
                        self.bump();
                        return Ok(Node::Object(entries));
                    }
                    let key = if self.peek() == Some('"') {
                        self.quoted()?
                    } else {
                        self.shape_id()?
                    };
                    self.expect(':')?;
                    let v = self.node()?;
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(self.error(format!("key `{key}` appears twice")));
                    }
                    entries.push((key, v));
                }
            }
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
            Some(c) if Self::is_ident_start(c) => {
                let word = self.shape_id()?;
                Ok(match word.as_str() {
                    "true" => Node::Bool(true),
                    "false" => Node::Bool(false),
                    "null" => Node::Null,
                    _ => Node::Ref(word),
                })
            }
            _ => Err(self.error(format!("expected a value, found {}", self.found()))),
        }
    }

    fn number(&mut self) -> Result<Node> {
        let mut s = String::new();
        while let Some(c) = self.peek() {
            if c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E') {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        if serde_json::from_str::<serde_json::Number>(&s).is_err() {
            return Err(self.error(format!("`{s}` is not a number")));
        }
        Ok(Node::Number(s))
    }

    /// The escape after a `\\` in a quoted string.
    fn escape(&mut self, out: &mut String) -> Result<()> {
        let mut it = self.chars[self.pos..].iter();
        let before = it.len();
        let r = unescape_one(&mut it, out);
        for _ in 0..before - it.len() {
            self.bump();
        }
        r.map_err(|why| self.error(why))
    }

    fn quoted(&mut self) -> Result<String> {
        self.bump();
        let mut out = String::new();
        loop {
            match self.bump() {
                None => return Err(self.error("unterminated string")),
                Some('"') => return Ok(out),
                Some('\\') => self.escape(&mut out)?,
                Some('\r') if self.peek() == Some('\n') => {}
                Some(c) => out.push(c),
            }
        }
    }

    /// `"""` text blocks: incidental indentation removed, escapes applied.
    fn text_block(&mut self) -> Result<String> {
        for _ in 0..3 {
            self.bump();
        }
        // The opening delimiter is followed by a line break.
        while self
            .peek()
            .is_some_and(|c| c == ' ' || c == '\t' || c == '\r')
        {
            self.bump();
        }
        if self.bump() != Some('\n') {
            return Err(self.error("a text block starts with a line break after `\"\"\"`"));
        }
        let mut raw = String::new();
        loop {
            if self.starts_with("\"\"\"") {
                for _ in 0..3 {
                    self.bump();
                }
                break;
            }
            match self.bump() {
                None => return Err(self.error("unterminated text block")),
                Some('\\') => {
                    raw.push('\\');
                    if let Some(c) = self.bump() {
                        raw.push(c);
                    }
                }
                Some('\r') => {}
                Some(c) => raw.push(c),
            }
        }
        let lines: Vec<&str> = raw.split('\n').collect();
        let last_is_delimiter_line = lines.last().is_some_and(|l| l.trim().is_empty());
        let indent = lines
            .iter()
            .enumerate()
            .filter(|(i, l)| {
                !l.trim().is_empty() || (*i == lines.len() - 1 && last_is_delimiter_line)
            })
            .map(|(_, l)| l.len() - l.trim_start().len())
            .min()
            .unwrap_or(0);
        let mut text = String::new();
        for (i, l) in lines.iter().enumerate() {
            let stripped = if l.len() >= indent {
                &l[indent..]
            } else {
                l.trim_start()
            };
            text.push_str(stripped.trim_end_matches([' ', '\t']));
            if i + 1 < lines.len() {
                text.push('\n');
            }
        }
        // Escapes, after the indentation is gone.
        let chars: Vec<char> = text.chars().collect();
        let mut it = chars.iter();
        let mut out = String::new();
        while let Some(&c) = it.next() {
            if c == '\\' {
                unescape_one(&mut it, &mut out)
                    .map_err(|why| self.error(format!("{why} in a text block")))?;
            } else {
                out.push(c);
            }
        }
        Ok(out)
    }
}

/// Reads one escape (what follows a `\\`) into `out`: JSON's escapes,
/// `\\u` with surrogate pairs, and a line continuation.
fn unescape_one(
    it: &mut std::slice::Iter<'_, char>,
    out: &mut String,
) -> std::result::Result<(), String> {
    let hex4 = |it: &mut std::slice::Iter<'_, char>| -> std::result::Result<u32, String> {
        let hex: String = it.by_ref().take(4).collect();
        u32::from_str_radix(&hex, 16).map_err(|_| format!("bad escape `\\u{hex}`"))
    };
    match it.next() {
        Some('"') => out.push('"'),
        Some('\\') => out.push('\\'),
        Some('/') => out.push('/'),
        Some('b') => out.push('\u{8}'),
        Some('f') => out.push('\u{c}'),
        Some('n') => out.push('\n'),
        Some('r') => out.push('\r'),
        Some('t') => out.push('\t'),
        Some('\n') => {}
        Some('u') => {
            let code = hex4(it)?;
            if (0xD800..0xDC00).contains(&code) && it.as_slice().starts_with(&['\\', 'u']) {
                it.nth(1);
                let low = hex4(it)?;
                let c = char::from_u32(
                    0x10000 + ((code - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF),
                );
                out.push(c.ok_or("bad surrogate pair")?);
            } else {
                out.push(
                    char::from_u32(code).ok_or_else(|| format!("bad escape `\\u{code:04x}`"))?,
                );
            }
        }
        Some(c) => return Err(format!("unknown escape `\\{c}`")),
        None => return Err("unterminated string".into()),
    }
    Ok(())
}

/// `Foo` → `{"target": Foo}` (strings too: the JSON AST form of a reference).
fn target_of(v: Node) -> Node {
    match v {
        Node::Ref(_) | Node::String(_) => Node::Object(vec![("target".into(), v)]),
        other => other,
    }
}

/// Writes a JSON AST (as [`Node`]) as Smithy IDL: one file per namespace,
/// every reference absolute (so no `use` is needed), traits as `@id(value)`.
/// Reading the files back gives the same JSON AST.
pub fn to_idl(ast: &Node) -> Vec<(String, String)> {
    let mut by_ns: Vec<(String, String)> = Vec::new();
    let Some(Node::Object(shapes)) = ast.get("shapes") else {
        return by_ns;
    };
    for (id, shape) in shapes {
        let Some((ns, name)) = id.split_once('#') else {
            continue;
        };
        let text = match by_ns.iter_mut().find(|(n, _)| n == ns) {
            Some((_, text)) => text,
            None => {
                by_ns.push((
                    ns.to_string(),
                    format!("$version: \"2.0\"\n\nnamespace {ns}\n"),
                ));
                &mut by_ns.last_mut().expect("just pushed").1
            }
        };
        text.push('\n');
        write_shape(text, name, shape);
    }
    if let Some(Node::Object(meta)) = ast.get("metadata")
        && let Some((_, first)) = by_ns.first_mut()
    {
        let mut lines = String::new();
        for (k, v) in meta {
            lines.push_str(&format!("metadata {} = ", quote(k)));
            write_value(&mut lines, v);
            lines.push('\n');
        }
        first.insert_str(
            first.find("\nnamespace").map_or(0, |i| i + 1),
            &format!("{lines}\n"),
        );
    }
    by_ns
}

fn quote(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

fn write_value(out: &mut String, v: &Node) {
    write_node(out, v, false);
}

/// A node value; with `targets`, `{"target": X}` is written as the shape ID
/// `X` (service, resource and operation properties).
fn write_node(out: &mut String, v: &Node, targets: bool) {
    match v {
        Node::Null => out.push_str("null"),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Number(n) => out.push_str(n),
        Node::String(s) | Node::Ref(s) => out.push_str(&quote(s)),
        Node::Object(entries) if targets && entries.len() == 1 && entries[0].0 == "target" => {
            out.push_str(entries[0].1.as_str().unwrap_or_default());
        }
        Node::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_node(out, item, targets);
            }
            out.push(']');
        }
        Node::Object(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&quote(k));
                out.push_str(": ");
                write_node(out, v, targets);
            }
            out.push('}');
        }
    }
}

fn write_traits(out: &mut String, traits: Option<&Node>, indent: &str, skip: &[&str]) {
    let Some(Node::Object(traits)) = traits else {
        return;
    };
    for (k, v) in traits {
        if skip.contains(&k.as_str()) {
            continue;
        }
        out.push_str(indent);
        out.push('@');
        out.push_str(k);
        if *v != Node::Object(Vec::new()) {
            out.push('(');
            write_value(out, v);
            out.push(')');
        }
        out.push('\n');
    }
}

fn target(v: Option<&Node>) -> String {
    v.and_then(|t| t.get("target"))
        .and_then(Node::as_str)
        .unwrap_or("smithy.api#Unit")
        .to_string()
}

fn write_shape(out: &mut String, name: &str, shape: &Node) {
    let kind = shape
        .get("type")
        .and_then(Node::as_str)
        .unwrap_or("structure");
    write_traits(out, shape.get("traits"), "", &[]);
    out.push_str(&format!("{kind} {name}"));
    let member_line = |out: &mut String, mname: &str, m: &Node| {
        write_traits(out, m.get("traits"), "    ", &[]);
        out.push_str(&format!("    {mname}: {}\n", target(Some(m))));
    };
    match kind {
        "enum" | "intEnum" => {
            out.push_str(" {\n");
            if let Some(Node::Object(members)) = shape.get("members") {
                for (mname, m) in members {
                    write_traits(out, m.get("traits"), "    ", &["smithy.api#enumValue"]);
                    out.push_str("    ");
                    out.push_str(mname);
                    if let Some(v) = m.get("traits").and_then(|t| t.get("smithy.api#enumValue")) {
                        out.push_str(" = ");
                        write_value(out, v);
                    }
                    out.push('\n');
                }
            }
            out.push_str("}\n");
        }
        "list" | "set" => {
            out.push_str(" {\n");
            member_line(out, "member", shape.get("member").unwrap_or(&Node::Null));
            out.push_str("}\n");
        }
        "map" => {
            out.push_str(" {\n");
            member_line(out, "key", shape.get("key").unwrap_or(&Node::Null));
            member_line(out, "value", shape.get("value").unwrap_or(&Node::Null));
            out.push_str("}\n");
        }
        "structure" | "union" => {
            out.push_str(" {\n");
            if let Some(Node::Object(members)) = shape.get("members") {
                for (mname, m) in members {
                    member_line(out, mname, m);
                }
            }
            out.push_str("}\n");
        }
        "service" | "resource" | "operation" => {
            out.push_str(" {\n");
            if let Node::Object(entries) = shape {
                for (k, v) in entries {
                    if k == "type" || k == "traits" {
                        continue;
                    }
                    out.push_str(&format!("    {k}: "));
                    write_node(out, v, true);
                    out.push('\n');
                }
            }
            out.push_str("}\n");
        }
        _ => out.push('\n'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> IdlFile {
        parse(Path::new("t.smithy"), text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn shapes_traits_and_docs() {
        let f = p(r#"$version: "2.0"
namespace a.b
use x.y#tag

/// A string.
/// Second line.
@length(min: 1, max: 10)
@pattern("^[a-z]+$")
string Name

@tag
structure S {
    /// The name.
    @required
    name: Name
    count: Integer = 0, // a comment
    list: Names
}

list Names { member: Name }
map M { key: Name, value: S }
enum E { A, @deprecated B = "b" }
intEnum I { ONE = 1 }
"#);
        let ids: Vec<&str> = f.shapes.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(
            ids,
            ["a.b#Name", "a.b#S", "a.b#Names", "a.b#M", "a.b#E", "a.b#I"]
        );
        let name = &f.shapes[0].1;
        let traits = name.get("traits").unwrap();
        assert_eq!(
            traits
                .get("\u{0}smithy.api#documentation")
                .and_then(Node::as_str),
            Some("A string.\nSecond line.")
        );
        assert_eq!(
            traits.get("\u{0}length"),
            Some(&Node::Object(vec![
                ("min".into(), Node::Number("1".into())),
                ("max".into(), Node::Number("10".into()))
            ]))
        );
        let s = &f.shapes[1].1;
        let members = s.get("members").unwrap();
        let count = members.get("count").unwrap();
        assert_eq!(
            count
                .get("traits")
                .and_then(|t| t.get("\u{0}smithy.api#default")),
            Some(&Node::Number("0".into()))
        );
        assert_eq!(
            f.shapes[2]
                .1
                .get("member")
                .and_then(|m| m.get("target"))
                .map(|t| *t == Node::Ref("Name".into())),
            Some(true)
        );
    }

    #[test]
    fn operations_with_inline_input_and_text_blocks() {
        let f = p(r#"$version: "2.0"
$operationInputSuffix: "Request"
namespace a.b
service S { version: "1", operations: [Op] }
@http(method: "POST", uri: "/x")
operation Op {
    input := @sensitive {
        a: String
    }
    output: Out
    errors: [E1, E2]
}
@documentation("""
    First
      indented
    last\n""")
structure Out {}
"#);
        let ids: Vec<&str> = f.shapes.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["a.b#S", "a.b#OpRequest", "a.b#Op", "a.b#Out"]);
        let doc = f.shapes[3]
            .1
            .get("traits")
            .unwrap()
            .get("\u{0}documentation")
            .unwrap();
        assert_eq!(doc.as_str(), Some("First\n  indented\nlast\n"));
    }

    #[test]
    fn errors_give_line_and_column() {
        let e = parse(
            Path::new("bad.smithy"),
            "$version: \"2.0\"\nnamespace a\nstructure S {\n  a String\n}\n",
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "bad.smithy:4:5: expected `:`, found `S`");
    }

    #[test]
    fn values_nested_without_end_are_refused_not_recursed_into() {
        let deep = format!(
            "$version: \"2.0\"\nnamespace a\n@tags({}{})\nstructure S {{}}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let e = parse(Path::new("deep.smithy"), &deep).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "deep.smithy:3:{}: values nest more than {MAX_NODE_DEPTH} arrays and objects deep",
                7 + MAX_NODE_DEPTH
            )
        );
        let ok = format!(
            "$version: \"2.0\"\nnamespace a\n@tags({}{})\nstructure S {{}}\n",
            "[".repeat(MAX_NODE_DEPTH),
            "]".repeat(MAX_NODE_DEPTH)
        );
        assert!(parse(Path::new("ok.smithy"), &ok).is_ok());
    }
}
