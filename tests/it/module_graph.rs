//! No import cycles between the crate's top-level modules.
//!
//! The graph is read from the sources at test time: a file of module `a`
//! (`src/a.rs`, `src/a/**.rs`, or the `#[path]` file `lib.rs` gives, as for
//! `rules`) depends on module `b` when it names `crate::b` (in a plain or a
//! grouped `use`, in an expression, as `$crate::b` in a macro), or climbs
//! with `super::` to the crate root and names `b` there. A
//! `#[macro_export]` macro named as `crate::m` counts for the module that
//! defines it. Comments (doc comments and their `[crate::x]` links
//! included) and string literals are not code and do not count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[test]
fn the_module_graph_has_no_cycles() {
    let graph = Graph::of_crate(Path::new(env!("CARGO_MANIFEST_DIR")));
    // The scan must see the crate, or an empty graph passes vacuously.
    assert!(graph.modules.len() > 20, "{:?}", graph.modules);
    assert!(graph.edges.contains_key(&("rules".into(), "rule".into())));

    let mut problems = Vec::new();
    let edges = &graph.edges;
    for component in strongly_connected(&graph.modules, edges) {
        let inside = |a: &String, b: &String| component.contains(a) && component.contains(b);
        let mutual: Vec<String> = edges
            .keys()
            .filter(|(a, b)| a < b && inside(a, b) && edges.contains_key(&(b.clone(), a.clone())))
            .map(|(a, b)| format!("{a} <-> {b}"))
            .collect();
        let mut text = format!(
            "cycle among {{{}}}; 2-cycles: {}; its edges:",
            component.join(", "),
            if mutual.is_empty() {
                "none".into()
            } else {
                mutual.join(", ")
            }
        );
        for ((a, b), files) in edges.iter().filter(|((a, b), _)| inside(a, b)) {
            let first = files.first().expect("an edge has a file");
            let more = match files.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            text.push_str(&format!("\n    {a} -> {b}  ({first}{more})"));
        }
        problems.push(text);
    }
    assert!(
        problems.is_empty(),
        "import cycles between modules:\n{}",
        problems.join("\n")
    );
}

#[test]
fn modules_use_only_their_layer_or_those_below() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let graph = Graph::of_crate(root);
    let layers = documented_layers(&read(&root.join("src").join("lib.rs")));
    let mut problems = Vec::new();
    for module in &graph.modules {
        if !layers.contains_key(module) {
            problems.push(format!("module {module} is in no layer"));
        }
    }
    for name in layers.keys() {
        if !graph.modules.contains(name) {
            problems.push(format!(
                "`{name}` is listed as a layer's module but is none"
            ));
        }
    }
    for ((a, b), files) in &graph.edges {
        if let (Some(below), Some(above)) = (layers.get(a), layers.get(b)) {
            if above > below {
                let file = files.first().expect("an edge has a file");
                problems.push(format!(
                    "{a} (layer {below}) uses {b} (layer {above}) in {file}"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "src/lib.rs's doc comment lists the layers, lowest first:\n{}",
        problems.join("\n")
    );
}

/// The numbered list of layers in lib.rs's doc comment, `N. What: `a`, `b`
/// (a note)`: each module with its layer number. Text in parentheses is
/// a note, not a module.
fn documented_layers(lib: &str) -> BTreeMap<String, usize> {
    let mut layers = BTreeMap::new();
    let mut layer = None;
    for line in lib.lines() {
        let Some(text) = line.strip_prefix("//!").map(str::trim) else {
            break;
        };
        let number: String = text.chars().take_while(char::is_ascii_digit).collect();
        if !number.is_empty() && text[number.len()..].starts_with(". ") {
            layer = number.parse().ok();
        } else if text.is_empty() {
            layer = None;
        }
        let Some(layer) = layer else {
            continue;
        };
        let mut depth = 0;
        let mut outside = String::new();
        for c in text.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                c if depth == 0 => outside.push(c),
                _ => {}
            }
        }
        for name in outside.split('`').skip(1).step_by(2) {
            layers.insert(name.to_string(), layer);
        }
    }
    layers
}

/// Top-level modules and the files that make each dependency between them.
struct Graph {
    modules: BTreeSet<String>,
    /// `(from, to)` → the files of `from` that name `to`.
    edges: BTreeMap<(String, String), BTreeSet<String>>,
}

/// One top-level module: its name and files, each with its module path
/// (`["fix", "apply"]` for `src/fix/apply.rs`) for resolving `super::`.
struct Module {
    name: String,
    files: Vec<(PathBuf, Vec<String>)>,
}

impl Graph {
    fn of_crate(root: &Path) -> Graph {
        let src = root.join("src");
        let lib = read(&src.join("lib.rs"));
        let modules: Vec<Module> = top_level_modules(&lib)
            .into_iter()
            .map(|(name, path)| module_files(&src, name, path))
            .collect();
        let names: BTreeSet<String> = modules.iter().map(|m| m.name.clone()).collect();
        // `#[macro_export]` macros live at the crate root: map each to its module.
        let mut macros = BTreeMap::new();
        for module in &modules {
            for (file, _) in &module.files {
                for name in exported_macros(&tokens(&read(file))) {
                    macros.insert(name, module.name.clone());
                }
            }
        }
        let mut edges: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        for module in &modules {
            for (file, path) in &module.files {
                let path: Vec<&str> = path.iter().map(String::as_str).collect();
                for name in root_names(&read(file), &path) {
                    let target = match macros.get(&name) {
                        Some(defined_in) => defined_in.clone(),
                        None if names.contains(&name) => name,
                        // An item of lib.rs itself: the root is no module here.
                        None => continue,
                    };
                    if target != module.name {
                        let shown = file.strip_prefix(root).unwrap_or(file);
                        edges
                            .entry((module.name.clone(), target))
                            .or_default()
                            .insert(shown.to_string_lossy().replace('\\', "/"));
                    }
                }
            }
        }
        Graph {
            modules: names,
            edges,
        }
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `mod` declarations of lib.rs: each name with its `#[path]` if any.
fn top_level_modules(lib: &str) -> Vec<(String, Option<String>)> {
    let mut modules = Vec::new();
    let mut path = None;
    for line in lib.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("#[path = \"") {
            path = rest.strip_suffix("\"]").map(str::to_string);
        } else if let Some(name) = line
            .trim_start_matches("pub ")
            .strip_prefix("mod ")
            .and_then(|rest| rest.strip_suffix(';'))
        {
            modules.push((name.to_string(), path.take()));
        }
    }
    modules
}

/// The module's file (`src/<name>.rs`, `src/<name>/mod.rs` or the
/// `#[path]`, relative to `src/`) and every file in its folder.
fn module_files(src: &Path, name: String, path: Option<String>) -> Module {
    let file = match path {
        Some(path) => normalized(&src.join(path)),
        None if src.join(format!("{name}.rs")).exists() => src.join(format!("{name}.rs")),
        None => src.join(&name).join("mod.rs"),
    };
    let folder = if file.file_name().is_some_and(|f| f == "mod.rs") {
        file.parent().expect("a folder").to_path_buf()
    } else {
        file.with_extension("")
    };
    let mut files = vec![(file.clone(), vec![name.clone()])];
    let mut pending = vec![folder.clone()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") && path != file {
                let relative = path.strip_prefix(&folder).expect("under the folder");
                let mut module_path = vec![name.clone()];
                for part in relative.with_extension("").iter() {
                    module_path.push(part.to_string_lossy().into_owned());
                }
                if module_path.last().is_some_and(|p| p == "mod") {
                    module_path.pop();
                }
                files.push((path, module_path));
            }
        }
    }
    files.sort();
    Module { name, files }
}

/// `path` with its `..` steps taken (`src/../rules` is `rules`).
fn normalized(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            part => out.push(part),
        }
    }
    out
}

/// The code of a Rust file as tokens, without comments and literals.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Ident(String),
    /// `::`
    PathSep,
    Open,
    Close,
    Comma,
    Other(char),
}

fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let is_ident = |c: char| c == '_' || c.is_alphanumeric();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            loop {
                if i >= chars.len() {
                    break;
                } else if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == '"' {
            i = skip_string(&chars, i + 1, 0);
        } else if c == '\'' {
            if at(i + 1) == '\\' {
                // An escaped char literal: `'\n'`, `'\''`, `'\u{1F600}'`.
                i += 3;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3; // `'a'`, `'"'`
            } else {
                i += 1; // a lifetime: its name follows as an identifier
            }
        } else if is_ident(c) {
            let start = i;
            while i < chars.len() && is_ident(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let raw_string_prefix = matches!(word.as_str(), "r" | "br" | "cr");
            if raw_string_prefix && (at(i) == '"' || (at(i) == '#' && !is_ident(at(i + 1)))) {
                let mut hashes = 0;
                while at(i) == '#' {
                    hashes += 1;
                    i += 1;
                }
                i = skip_string(&chars, i + 1, hashes);
            } else if matches!(word.as_str(), "b" | "c") && at(i) == '"' {
                i = skip_string(&chars, i + 1, 0);
            } else if word == "b" && at(i) == '\'' {
                i = skip_string(&chars, i + 1, 0); // `b'x'`: ends like a string, at `'`
            } else if word == "r" && at(i) == '#' {
                i += 1; // a raw identifier `r#type`: its name follows
            } else if c.is_ascii_digit() {
                out.push(Token::Other('0'));
            } else {
                out.push(Token::Ident(word));
            }
        } else {
            if c == ':' && at(i + 1) == ':' {
                out.push(Token::PathSep);
                i += 1;
            } else {
                out.push(match c {
                    '{' => Token::Open,
                    '}' => Token::Close,
                    ',' => Token::Comma,
                    c => Token::Other(c),
                });
            }
            i += 1;
        }
    }
    out
}

/// The index after a string literal whose body starts at `i` and which ends
/// with a quote and `hashes` `#` (escapes count only in a non-raw string).
/// A byte char literal `b'x'` ends the same way, at its `'`.
fn skip_string(chars: &[char], mut i: usize, hashes: usize) -> usize {
    let quote = if i > 0 && chars[i - 1] == '\'' {
        '\''
    } else {
        '"'
    };
    while i < chars.len() {
        if chars[i] == '\\' && hashes == 0 {
            i += 2;
        } else if chars[i] == quote && chars[i + 1..].iter().take(hashes).all(|&c| c == '#') {
            return i + 1 + hashes;
        } else {
            i += 1;
        }
    }
    i
}

/// Names of `#[macro_export] macro_rules! name`.
fn exported_macros(tokens: &[Token]) -> Vec<String> {
    let ident = |t: &Token, s: &str| matches!(t, Token::Ident(w) if w == s);
    tokens
        .windows(7)
        .filter(|w| ident(&w[2], "macro_export") && ident(&w[4], "macro_rules"))
        .filter_map(|w| match &w[6] {
            Token::Ident(name) => Some(name.clone()),
            _ => None,
        })
        .collect()
}

/// The first path segments named from the crate root in `source`, a file
/// whose module path is `module` (`["fix", "apply"]`): after `crate::`
/// (grouped uses give one per group member) or after as many `super::` as
/// climb from the file's module, inline `mod name { … }` included, to the
/// root. Names of items in lib.rs are included; the caller keeps modules.
fn root_names(source: &str, module: &[&str]) -> BTreeSet<String> {
    let tokens = tokens(source);
    let ident = |i: usize, s: &str| matches!(tokens.get(i), Some(Token::Ident(w)) if w == s);
    let sep = |i: usize| tokens.get(i) == Some(&Token::PathSep);
    let mut names = BTreeSet::new();
    // The brace depth inside each inline module open here.
    let mut inline: Vec<usize> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Open => {
                depth += 1;
                if i >= 2 && ident(i - 2, "mod") {
                    inline.push(depth);
                }
            }
            Token::Close => {
                if inline.last() == Some(&depth) {
                    inline.pop();
                }
                depth -= 1;
            }
            Token::Ident(word) if (i == 0 || !sep(i - 1)) && sep(i + 1) => {
                if word == "crate" {
                    root_segments(&tokens, i + 2, &mut names);
                } else if word == "super" {
                    let mut climbs = 0;
                    let mut j = i;
                    while ident(j, "super") && sep(j + 1) {
                        climbs += 1;
                        j += 2;
                    }
                    if climbs == module.len() + inline.len() {
                        root_segments(&tokens, j, &mut names);
                    }
                    i = j;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    names
}

/// The first segment of the path starting at token `i`, or of each member
/// of the group `{a, b::c, d::{e, f}}` starting there.
fn root_segments(tokens: &[Token], i: usize, names: &mut BTreeSet<String>) {
    match tokens.get(i) {
        Some(Token::Ident(name)) if name != "self" => {
            names.insert(name.clone());
        }
        Some(Token::Open) => {
            let mut depth = 0;
            let mut member_start = false;
            for token in &tokens[i..] {
                match token {
                    Token::Open => {
                        depth += 1;
                        if depth == 1 {
                            member_start = true;
                            continue;
                        }
                    }
                    Token::Close => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    Token::Comma if depth == 1 => {
                        member_start = true;
                        continue;
                    }
                    Token::Ident(name) if depth == 1 && member_start && name != "self" => {
                        names.insert(name.clone());
                    }
                    _ => {}
                }
                member_start = false;
            }
        }
        _ => {}
    }
}

/// The strongly connected components of more than one module (Tarjan).
fn strongly_connected(
    modules: &BTreeSet<String>,
    edges: &BTreeMap<(String, String), BTreeSet<String>>,
) -> Vec<Vec<String>> {
    struct Search<'g> {
        next: BTreeMap<&'g str, Vec<&'g str>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        found: Vec<Vec<String>>,
    }
    impl<'g> Search<'g> {
        fn visit(&mut self, v: &'g str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            for w in self.next.get(v).cloned().unwrap_or_default() {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    self.low.insert(v, self.low[v].min(self.low[w]));
                } else if self.stack.contains(&w) {
                    self.low.insert(v, self.low[v].min(self.index[w]));
                }
            }
            if self.low[v] == self.index[v] {
                let at = self
                    .stack
                    .iter()
                    .rposition(|&x| x == v)
                    .expect("on the stack");
                let mut component: Vec<String> =
                    self.stack.drain(at..).map(str::to_string).collect();
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut search = Search {
        next: BTreeMap::new(),
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for (a, b) in edges.keys() {
        search.next.entry(a.as_str()).or_default().push(b.as_str());
    }
    for module in modules {
        if !search.index.contains_key(module.as_str()) {
            search.visit(module);
        }
    }
    search.found.sort();
    search.found
}

#[cfg(test)]
mod parser {
    use super::*;

    fn names(source: &str, module: &[&str]) -> Vec<String> {
        root_names(source, module).into_iter().collect()
    }

    #[test]
    fn plain_and_grouped_uses_and_paths_in_code() {
        let source = "use crate::{a, b::{c, d::e}, f::g as h, self};\n\
                      use crate::x::y;\n\
                      fn f() { crate::z::call(); $crate::m::Path(vec![]) }\n\
                      pub(crate) fn g() {}";
        assert_eq!(names(source, &["q"]), ["a", "b", "f", "m", "x", "z"]);
    }

    #[test]
    fn comments_doc_links_and_literals_are_not_imports() {
        let source = "// crate::line\n\
                      /* crate::block /* crate::nested */ crate::still */\n\
                      /// See [`crate::doc_link`].\n\
                      //! crate::inner_doc\n\
                      const S: &str = \"crate::string \\\" crate::escaped\";\n\
                      const R: &str = r#\"crate::raw \" crate::raw_quote\"#;\n\
                      const Q: char = '\"'; const E: char = '\\''; const B: u8 = b'\"';\n\
                      fn f<'a>(x: &'a crate::after_lifetime::T) {}\n\
                      use crate::after_literals;";
        assert_eq!(names(source, &["q"]), ["after_lifetime", "after_literals"]);
    }

    #[test]
    fn super_counts_when_it_climbs_to_the_root() {
        // src/fix/apply.rs is the module fix::apply.
        let source = "use super::Edit;\nuse super::super::source::Span;\n\
                      use super::super::{yaml, model::Path};";
        assert_eq!(
            names(source, &["fix", "apply"]),
            ["model", "source", "yaml"]
        );
        // src/x.rs: `super::` is the root; in its inline `mod tests`, `super::` is x.
        let source = "use super::y;\n\
                      mod tests { use super::*; use super::super::w; fn f() { {} } }\n\
                      use super::after_the_inline_module;";
        assert_eq!(names(source, &["x"]), ["after_the_inline_module", "w", "y"]);
        // `pub(super)` is no path.
        assert!(names("pub(super) fn f() {}", &["x"]).is_empty());
    }

    #[test]
    fn layers_are_read_from_the_numbered_list() {
        let lib = "//! Intro naming `intro`.\n//!\n//! 1. Input: `source`, `yaml`\n\
                   //!    (a note on `not_a_module`), `discover`.\n\
                   //! 2. Rules: `rules`.\n//!\n//! After the list, `after`.\n\
                   pub mod source;";
        let layers: Vec<(String, usize)> = documented_layers(lib).into_iter().collect();
        let expected = [("discover", 1), ("rules", 2), ("source", 1), ("yaml", 1)];
        assert_eq!(layers, expected.map(|(m, n)| (m.to_string(), n)));
    }

    #[test]
    fn exported_macros_are_found() {
        let source =
            "#[macro_export]\nmacro_rules! errln { () => {} }\nmacro_rules! local { () => {} }";
        assert_eq!(exported_macros(&tokens(source)), ["errln"]);
    }

    #[test]
    fn components_are_the_cycles() {
        let edges: BTreeMap<(String, String), BTreeSet<String>> = [
            ("a", "b"),
            ("b", "c"),
            ("c", "a"),
            ("c", "d"),
            ("d", "e"),
            ("e", "d"),
        ]
        .iter()
        .map(|(x, y)| ((x.to_string(), y.to_string()), BTreeSet::new()))
        .collect();
        let modules: BTreeSet<String> = ["a", "b", "c", "d", "e", "f"].map(String::from).into();
        assert_eq!(
            strongly_connected(&modules, &edges),
            [vec!["a", "b", "c"], vec!["d", "e"]]
        );
    }
}
