//! `@pattern` translation: ECMA-262 regular expressions (what Smithy
//! specifies) → the `regex` crate's syntax (linear time), so that a Rust
//! check accepts exactly what an ECMA engine would.
//!
//! Differences handled: `\d`, `\w`, `\s`, `\b` have ASCII (ECMA) meanings;
//! `.` excludes line terminators; `\uXXXX` and `\xHH` escapes; identity
//! escapes (`\_`, `\q`) are literals; `[` inside a class is a literal; a
//! `{` that does not start a quantifier is a literal. Java's POSIX classes
//! (`\p{Print}`…) and `\A`/`\z` anchors, which AWS models use, keep Java's
//! meaning; a UTF-16 surrogate pair class is one astral character. Lookaheads
//! right after the leading `^` are whole-string conditions and are lowered
//! into separate linear-time checks: each negative one (`^(?!aws:)…`) into a
//! "forbidden prefix", each positive one (`^(?=.*[a-z])(?=.*\d)…`, the
//! usual password rules) into a "required prefix". Anything else the `regex`
//! crate cannot do (other lookarounds, backreferences) is refused, and the
//! caller documents the pattern as not enforced instead of checking it
//! differently.

/// A translated pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Translated {
    /// The main expression, in `regex` syntax; matched as a search.
    pub regex: String,
    /// Lowered leading negative lookaheads: a value that matches this at its
    /// start fails (alternatives joined with `|`).
    pub forbidden_prefix: Option<String>,
    /// Lowered leading positive lookaheads: a value must match each of these
    /// at its start.
    pub required_prefixes: Vec<String>,
    /// For `^X{a,b}$` patterns (`X` one class, escape or `.`) whose automaton
    /// would be too large: the pattern is matched as `^X*$` plus a count of
    /// `a..=b` characters.
    pub char_count: Option<(u64, u64)>,
}

/// ECMA `\s`: WhiteSpace and LineTerminator code points.
const ECMA_SPACE: &str = r"\t\n\x0B\x0C\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
const ECMA_WORD: &str = "A-Za-z0-9_";

/// Translates an ECMA-262 pattern; `Err` says why it cannot be supported.
pub fn translate(source: &str) -> Result<Translated, String> {
    let source = astral_pairs(source);
    let chars: Vec<char> = source.chars().collect();
    let mut i = 0;
    let mut prefix = String::new();
    let mut forbidden = Vec::new();
    let mut required = Vec::new();
    // Lower `^(?!X)(?=Y)…` at the very start: conditions on the whole value.
    if chars.first() == Some(&'^') {
        let mut j = 1;
        while let Some(kind @ ('!' | '=')) = (chars.get(j..j + 2) == Some(&['(', '?']))
            .then(|| chars.get(j + 2).copied())
            .flatten()
        {
            let end = group_end(&chars, j).ok_or("unbalanced parenthesis")?;
            let inner = translate_body(&chars[j + 3..end])?;
            if kind == '!' {
                forbidden.push(inner)
            } else {
                required.push(inner)
            }
            j = end + 1;
        }
        if j > 1 {
            prefix.push('^');
            i = j;
        }
    }
    let mut regex = prefix;
    regex.push_str(&translate_body(&chars[i..])?);
    let mut translated = Translated {
        regex,
        forbidden_prefix: if forbidden.is_empty() {
            None
        } else {
            Some(
                forbidden
                    .iter()
                    .map(|f| format!("(?:{f})"))
                    .collect::<Vec<_>>()
                    .join("|"),
            )
        },
        required_prefixes: required,
        char_count: None,
    };
    // A class repeated many times compiles to a huge automaton (`\P{C}` × 250
    // exceeds the regex crate's size limit): count characters instead.
    if translated.forbidden_prefix.is_none()
        && translated.required_prefixes.is_empty()
        && let Some((class, min, max)) = counted_class(&chars).filter(|(_, _, max)| *max > 32)
    {
        translated.regex = format!("^{}*$", translate_body(class)?);
        translated.char_count = Some((min, max));
    }
    check_compiles(&translated)?;
    Ok(translated)
}

/// Splits `^X{a,b}$` (also `{a}` and `{a,}`), where `X` is one class
/// (`[…]`), one escape (`\S`, `\w`, `\p{L}`…) or `.`, into `X` and its bounds.
fn counted_class(chars: &[char]) -> Option<(&[char], u64, u64)> {
    if chars.first() != Some(&'^') || chars.last() != Some(&'$') {
        return None;
    }
    let i = match chars.get(1)? {
        '[' => {
            let mut i = 2;
            if chars.get(i) == Some(&'^') {
                i += 1;
            }
            i += 1; // a `]` right after `[` or `[^` would be literal in some dialects; ECMA reads it as the end, so skip one.
            while i < chars.len() && chars[i] != ']' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i
        }
        '\\' if matches!(chars.get(2), Some('p' | 'P')) && chars.get(3) == Some(&'{') => {
            3 + chars.get(3..)?.iter().position(|c| *c == '}')?
        }
        '\\' if chars.get(2).is_some_and(|c| "dDwWsS".contains(*c)) => 2,
        '.' => 1,
        _ => return None,
    };
    let class = chars.get(1..=i)?;
    let rest: String = chars.get(i + 1..chars.len() - 1)?.iter().collect();
    let bounds = rest.strip_prefix('{')?.strip_suffix('}')?;
    match bounds.split_once(',') {
        None => {
            let n = bounds.parse().ok()?;
            Some((class, n, n))
        }
        Some((a, "")) => Some((class, a.parse().ok()?, u64::MAX)),
        Some((a, b)) => Some((class, a.parse().ok()?, b.parse().ok()?)),
    }
}

fn check_compiles(t: &Translated) -> Result<(), String> {
    compiled(&t.regex).map_err(|e| format!("the translated pattern does not compile: {e}"))?;
    for p in t.forbidden_prefix.iter().chain(&t.required_prefixes) {
        compiled(&format!("^(?:{p})"))
            .map_err(|e| format!("the lowered lookahead does not compile: {e}"))?;
    }
    Ok(())
}

/// ECMA patterns match UTF-16 code units, so they spell "any character
/// outside the Basic Multilingual Plane" as a high surrogate followed by a
/// low one: `[\uD800-\uDBFF][\uDC00-\uDFFF]`. A Rust string holds code
/// points (never a lone surrogate), where that pair is exactly one
/// character in `\u{10000}`–`\u{10FFFF}`. Other uses of surrogates stay as
/// written (and are refused: the `regex` crate has no surrogates).
fn astral_pairs(source: &str) -> std::borrow::Cow<'_, str> {
    let lower = source.to_ascii_lowercase();
    let pair = r"[\ud800-\udbff][\udc00-\udfff]";
    if !lower.contains(pair) {
        return std::borrow::Cow::Borrowed(source);
    }
    let mut out = String::new();
    let mut rest = 0;
    for (at, _) in lower.match_indices(pair) {
        out.push_str(&source[rest..at]);
        out.push_str(r"[\u{10000}-\u{10FFFF}]");
        rest = at + pair.len();
    }
    out.push_str(&source[rest..]);
    std::borrow::Cow::Owned(out)
}

/// Writes a class given by its body (`0-9`): bare inside a class, else in
/// brackets; negated, always in `[^…]` (a nested class, inside one).
fn push_class(out: &mut String, body: &str, negated: bool, in_class: bool) {
    match (negated, in_class) {
        (false, true) => out.push_str(body),
        (false, false) => out.push_str(&format!("[{body}]")),
        (true, _) => out.push_str(&format!("[^{body}]")),
    }
}

/// The POSIX classes of Java's regular expressions (`\p{Print}`, `\p{Alnum}`…),
/// which AWS models use though ECMA has no such property: their ASCII
/// ranges, as a class body.
fn posix_class(name: &str) -> Option<&'static str> {
    Some(match name {
        "Lower" => "a-z",
        "Upper" => "A-Z",
        "ASCII" => r"\x00-\x7F",
        "Alpha" => "a-zA-Z",
        "Digit" => "0-9",
        "Alnum" => "a-zA-Z0-9",
        "Punct" => r"!-/:-@\[-`{-~",
        "Graph" => r"\x21-\x7E",
        "Print" => r"\x20-\x7E",
        "Blank" => r" \t",
        "Cntrl" => r"\x00-\x1F\x7F",
        "XDigit" => "0-9a-fA-F",
        "Space" => r" \t\n\x0B\x0C\r",
        _ => return None,
    })
}

/// Index of the `)` closing the group opened at `open`.
fn group_end(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut in_class = false;
    let mut i = open;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn hex(chars: &[char], at: usize, n: usize) -> Option<u32> {
    let s: String = chars.get(at..at + n)?.iter().collect();
    if s.chars().all(|c| c.is_ascii_hexdigit()) {
        u32::from_str_radix(&s, 16).ok()
    } else {
        None
    }
}

/// Whether `{` at `at` starts a quantifier `{n}`, `{n,}` or `{n,m}`.
fn is_quantifier(chars: &[char], at: usize) -> bool {
    let mut i = at + 1;
    let start = i;
    while chars.get(i).is_some_and(char::is_ascii_digit) {
        i += 1;
    }
    if i == start {
        return false;
    }
    if chars.get(i) == Some(&',') {
        i += 1;
        while chars.get(i).is_some_and(char::is_ascii_digit) {
            i += 1;
        }
    }
    chars.get(i) == Some(&'}')
}

fn literal(c: char) -> String {
    regex::escape(&c.to_string())
}

fn translate_body(chars: &[char]) -> Result<String, String> {
    let mut out = String::new();
    let mut i = 0;
    let mut in_class = false;
    let mut class_start = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            let Some(&e) = chars.get(i + 1) else {
                return Err("the pattern ends with a lone backslash".into());
            };
            i += 2;
            match e {
                'd' | 'D' => push_class(&mut out, "0-9", e == 'D', in_class),
                'w' | 'W' => push_class(&mut out, ECMA_WORD, e == 'W', in_class),
                's' | 'S' => push_class(&mut out, ECMA_SPACE, e == 'S', in_class),
                'b' if in_class => out.push_str(r"\x08"),
                'b' => out.push_str(r"(?-u:\b)"),
                'B' => out.push_str(r"(?-u:\B)"),
                'n' => out.push_str(r"\n"),
                'r' => out.push_str(r"\r"),
                't' => out.push_str(r"\t"),
                'f' => out.push_str(r"\x0C"),
                'v' => out.push_str(r"\x0B"),
                '0' if !chars.get(i).is_some_and(char::is_ascii_digit) => out.push_str(r"\x00"),
                '1'..='9' => return Err("backreferences are not supported".into()),
                'u' if chars.get(i) == Some(&'{') => {
                    let end = chars[i..]
                        .iter()
                        .position(|&c| c == '}')
                        .ok_or("unterminated \\u{…} escape")?;
                    let digits: String = chars[i + 1..i + end].iter().collect();
                    let cp =
                        u32::from_str_radix(&digits, 16).map_err(|_| "invalid \\u{…} escape")?;
                    out.push_str(&format!(r"\x{{{cp:X}}}"));
                    i += end + 1;
                }
                'u' => match hex(chars, i, 4) {
                    Some(cp) => {
                        out.push_str(&format!(r"\x{{{cp:X}}}"));
                        i += 4;
                    }
                    None => out.push('u'),
                },
                'x' => match hex(chars, i, 2) {
                    Some(cp) => {
                        out.push_str(&format!(r"\x{{{cp:X}}}"));
                        i += 2;
                    }
                    None => out.push('x'),
                },
                'c' if chars.get(i).is_some_and(char::is_ascii_alphabetic) => {
                    let cp = (chars[i] as u32) % 32;
                    out.push_str(&format!(r"\x{{{cp:X}}}"));
                    i += 1;
                }
                'p' | 'P' if chars.get(i) == Some(&'{') => {
                    let end = chars[i..]
                        .iter()
                        .position(|&c| c == '}')
                        .ok_or("unterminated \\p{…} class")?;
                    let name: String = chars[i + 1..i + end].iter().collect();
                    match posix_class(&name) {
                        Some(body) => push_class(&mut out, body, e == 'P', in_class),
                        None => {
                            out.push('\\');
                            out.push(e);
                            out.extend(&chars[i..=i + end]);
                        }
                    }
                    i += end + 1;
                }
                // Java's whole-input anchors, which AWS models use (`^\A…\z$`).
                'A' | 'z' if !in_class => out.push_str(if e == 'A' { r"\A" } else { r"\z" }),
                'k' if chars.get(i) == Some(&'<') => {
                    return Err("named backreferences are not supported".into());
                }
                // Identity escapes: the character itself.
                other => out.push_str(&literal(other)),
            }
            class_start = false;
            continue;
        }
        if in_class {
            match c {
                ']' if class_start => {
                    return Err("empty character classes (`[]`, `[^]`) are not supported".into());
                }
                ']' => {
                    in_class = false;
                    out.push(']');
                }
                '[' | '&' | '~' => out.push_str(&literal(c)),
                '-' if chars.get(i + 1) == Some(&'-') => out.push_str(r"\-"),
                c => out.push(c),
            }
            class_start = false;
            i += 1;
            continue;
        }
        match c {
            '[' => {
                in_class = true;
                class_start = true;
                out.push('[');
                if chars.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                i += 1;
                continue;
            }
            '.' => out.push_str(r"[^\n\r\x{2028}\x{2029}]"),
            '(' if chars.get(i + 1) == Some(&'?') => match chars.get(i + 2) {
                Some(':') => {
                    out.push_str("(?:");
                    i += 3;
                    continue;
                }
                Some('=') | Some('!') => return Err("a lookahead is only supported right after the leading `^` (a condition on the whole value)".into()),
                Some('<') if matches!(chars.get(i + 3), Some('=') | Some('!')) => return Err("lookbehind is not supported".into()),
                Some('<') => {
                    out.push_str("(?P<");
                    i += 3;
                    continue;
                }
                _ => return Err("unsupported group syntax".into()),
            },
            '{' if !is_quantifier(chars, i) => out.push_str(r"\{"),
            '}' => {
                // A `}` closing a quantifier was copied with it; a lone one is literal.
                out.push_str(r"\}");
            }
            '{' => {
                let end = chars[i..].iter().position(|&c| c == '}').map_or(chars.len(), |e| i + e);
                out.extend(&chars[i..=end.min(chars.len() - 1)]);
                i = end + 1;
                continue;
            }
            '#' | '&' | '~' | ' ' => out.push_str(&literal(c)),
            c => out.push(c),
        }
        class_start = false;
        i += 1;
    }
    if in_class {
        return Err("unterminated character class".into());
    }
    Ok(out)
}

/// Compiled expressions, shared by every thread: each is compiled once per
/// run (translation checks it compiles; synopses then match with it).
fn compiled(regex: &str) -> Result<std::sync::Arc<regex::Regex>, String> {
    type Cache = std::sync::Mutex<
        std::collections::HashMap<String, Result<std::sync::Arc<regex::Regex>, String>>,
    >;
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(regex) {
        return hit.clone();
    }
    // Compiled outside the lock, so that threads compile different expressions at once.
    let made = regex::Regex::new(regex)
        .map(std::sync::Arc::new)
        .map_err(|e| one_line(&e.to_string()));
    cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(regex.to_string(), made.clone());
    made
}

/// A `regex` error on one line: a syntax error's several lines (the
/// expression, a caret line under the culprit, the message) become
/// "`culprit`: message".
fn one_line(error: &str) -> String {
    let lines: Vec<&str> = error.lines().collect();
    let message = lines
        .iter()
        .rev()
        .find_map(|l| l.strip_prefix("error: "))
        .unwrap_or(error);
    let culprit = lines.windows(2).find_map(|w| {
        let start = w[1].find('^')?;
        let len = w[1][start..].chars().take_while(|c| *c == '^').count();
        let chars: Vec<char> = w[0].chars().collect();
        (start + len <= chars.len() && w[1].chars().all(|c| c == ' ' || c == '^'))
            .then(|| chars[start..start + len].iter().collect::<String>())
    });
    match culprit {
        Some(c) => format!("`{c}`: {message}"),
        None => message.replace('\n', " "),
    }
}

/// Whether `regex` matches `value`, compiling each expression once.
fn cached_match(regex: &str, value: &str) -> Option<bool> {
    compiled(regex).ok().map(|r| r.is_match(value))
}

/// Matches `value` the way the runtime will (for tests, synopsis placeholders
/// and the overrides review).
pub fn is_match(t: &Translated, value: &str) -> bool {
    let main = cached_match(&t.regex, value).unwrap_or(true);
    let counted = t
        .char_count
        .is_none_or(|(lo, hi)| (lo..=hi).contains(&(value.chars().count() as u64)));
    let forbidden = t
        .forbidden_prefix
        .as_ref()
        .and_then(|p| cached_match(&format!("^(?:{p})"), value))
        .unwrap_or(false);
    let required = t
        .required_prefixes
        .iter()
        .all(|p| cached_match(&format!("^(?:{p})"), value).unwrap_or(true));
    main && counted && !forbidden && required
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, value: &str) -> bool {
        is_match(
            &translate(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}")),
            value,
        )
    }

    #[test]
    fn ecma_classes_are_ascii() {
        assert!(m(r"^\d+$", "123"));
        assert!(
            !m(r"^\d+$", "١٢٣"),
            "Arabic-Indic digits are not ECMA digits"
        );
        assert!(!m(r"^\w+$", "é"));
        assert!(m(r"^\W$", "é"));
        assert!(m(r"^\s$", "\u{feff}"), "ECMA whitespace includes the BOM");
        assert!(m(r"^[\d]+$", "42"));
    }

    #[test]
    fn dot_excludes_line_terminators() {
        assert!(m("^a.c$", "abc"));
        assert!(!m("^a.c$", "a\nc"));
        assert!(!m("^a.c$", "a\u{2028}c"));
        assert!(m("^a.c$", "a\u{1F44D}c"));
    }

    #[test]
    fn search_not_full_match() {
        assert!(m("b", "abc"));
        assert!(m(r"\S", " x "));
        assert!(!m(r"\S", "   "));
    }

    #[test]
    fn escapes() {
        assert!(m(r"^[\u0009\u0020-\u007E]+$", "a\tb"));
        assert!(!m(r"^[\u0020-\u007E]+$", "é"));
        assert!(m(r"^[\x20-\x21]+$", "! "));
        assert!(m(r"^[a-zA-Z0-9\_\-:\/$]+$", "a_b-c:/$"));
        assert!(m(r"^\+[1-9]\d{1,14}$", "+12065550100"));
        assert!(m("^a{2}$", "aa"));
        assert!(
            m("^a{$", "a{"),
            "a brace that is not a quantifier is literal"
        );
    }

    #[test]
    fn negative_lookahead_is_lowered() {
        let t = translate(r"^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]*$").unwrap();
        assert_eq!(t.forbidden_prefix.as_deref(), Some("(?:aws:)"));
        assert!(is_match(&t, "team"));
        assert!(!is_match(&t, "aws:x"));
        assert!(m(r"^(?!aws:|connect:)[a-z:]+$", "x:y"));
        assert!(!m(r"^(?!aws:|connect:)[a-z:]+$", "connect:y"));
        assert!(!m(r"^(?!d-)([\da-zA-Z]+)([-]*[\da-zA-Z])*$", "d-123"));
        assert!(m(r"^(?!d-)([\da-zA-Z]+)([-]*[\da-zA-Z])*$", "my-dir"));
    }

    #[test]
    fn leading_lookaheads_are_whole_value_conditions() {
        // The password rule of the issue: each lookahead a separate linear check.
        let p = r#"^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?!.*[@'\\"/])[a-zA-Z0-9\S]*$"#;
        let t = translate(p).unwrap();
        assert_eq!(t.required_prefixes.len(), 3);
        assert!(m(p, "Secret123"));
        assert!(!m(p, "secret123"), "no upper-case letter");
        assert!(!m(p, "SECRET123"), "no lower-case letter");
        assert!(!m(p, "SecretOne"), "no digit");
        assert!(!m(p, "Secret/123"), "a forbidden character");
        // Bucket-name style: a length condition and a negative whole-value shape.
        let p = r"^(?=^.{3,63}$)(?!^(\d+\.)+\d+$)[a-z0-9.-]+$";
        assert!(m(p, "my.bucket"));
        assert!(!m(p, "ab"), "too short");
        assert!(!m(p, "192.168.1.1"), "an IP address");
        // Unanchored lookaheads are not whole-value conditions: refused.
        assert!(translate(r"(?=.*[a-z])x").is_err());
    }

    #[test]
    fn unsupported_constructs_are_refused() {
        assert!(translate(r"^(a)\1$").is_err());
        assert!(
            translate(r"^a(?=b)").is_err(),
            "a lookahead after the start"
        );
        assert!(translate(r"(?<=a)b").is_err());
        assert!(translate(r"[a-").is_err());
    }

    #[test]
    fn errors_fit_on_one_line() {
        let e = translate(r"^\p{Printable}+$").unwrap_err();
        assert_eq!(
            e,
            r"the translated pattern does not compile: `\p{Printable}`: Unicode property not found"
        );
    }

    #[test]
    fn surrogate_pairs_are_astral_characters() {
        let p = r"^(?:[\u0020-\uD7FF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$";
        assert!(m(p, "plain text 👍 and 𝄞"));
        assert!(!m(p, "tab\t"));
        assert!(m(r"^[\ud800-\udbff][\udc00-\udfff]$", "😀"));
        assert!(!m(r"^[\ud800-\udbff][\udc00-\udfff]$", "a"));
        assert!(
            translate(r"^[\uD800\uDBFF-\uDC00]*$").is_err(),
            "other surrogates are not enforced"
        );
    }

    #[test]
    fn java_posix_classes_and_anchors() {
        let t = translate(r"^\A\S[\p{Print}]*\z$").unwrap();
        assert!(m(r"^\A\S[\p{Print}]*\z$", "model-1 v2"));
        assert!(!m(r"^\A\S[\p{Print}]*\z$", " leading space"));
        assert!(!m(r"^\A\S[\p{Print}]*\z$", "tab\tinside"));
        assert!(!m(r"^\A\S[\p{Print}]*\z$", "aé"), "Print is ASCII");
        assert!(!m(r"^\A\S[\p{Print}]*\z$", ""));
        assert!(t.regex.contains(r"\x20-\x7E"));
        assert!(m(r"^\p{Alnum}+$", "abc123") && !m(r"^\p{Alnum}+$", "a_b"));
        assert!(m(r"^[\p{Punct}\p{Digit}]+$", "!@#9") && !m(r"^[\p{Punct}]+$", "a"));
        assert!(m(r"^\P{Cntrl}+$", "ok") && !m(r"^\P{Cntrl}+$", "bell\u{7}"));
        assert!(m(r"^[^\p{Space}]+$", "nospace") && !m(r"^[^\p{Space}]+$", "a b"));
        assert!(
            m(r"^\p{L}+$", "été"),
            "Unicode properties are still Unicode's"
        );
    }

    #[test]
    fn large_counted_classes_are_lowered() {
        let t = translate(r"^[\P{C}\r\n\t]{1,250}$").unwrap();
        assert_eq!(t.char_count, Some((1, 250)));
        assert!(is_match(&t, "A description\nover two lines"));
        assert!(!is_match(&t, ""));
        assert!(!is_match(&t, &"x".repeat(251)));
        assert!(is_match(&t, &"👍".repeat(250)));
        assert!(!is_match(&t, "bell\u{7}"));
        for (pattern, bounds) in [
            (r"^\S{1,8192}$", (1, 8192)),
            (r"^\p{L}{2,100}$", (2, 100)),
            (r"^.{40}$", (40, 40)),
            (r"^\w{33,}$", (33, u64::MAX)),
        ] {
            assert_eq!(
                translate(pattern).unwrap().char_count,
                Some(bounds),
                "{pattern}"
            );
        }
        let t = translate(r"^\S{1,8192}$").unwrap();
        assert!(is_match(&t, "AYADeNgfsRxdKiJ37A"));
        assert!(!is_match(&t, "two words"));
        assert!(!is_match(&t, ""));
        assert!(!is_match(&t, &"x".repeat(8193)));
        assert!(is_match(&t, &"é".repeat(8192)));
        let t = translate(r"^.{40}$").unwrap();
        assert!(
            is_match(&t, &"a".repeat(40))
                && !is_match(&t, &"a".repeat(39))
                && !is_match(&t, &format!("{}\n", "a".repeat(39)))
        );
    }

    #[test]
    fn redos_pattern_runs_in_linear_time() {
        let long = format!("{}!", "0".repeat(100_000));
        // A backtracking engine would not finish this; the regex crate's is linear.
        assert!(!m(r"^([0-9]+)+$", &long));
    }
}
