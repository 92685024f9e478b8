//! The shape of the server's code, checked: the module graph of `server/src` has no cycle, and
//! no route module uses another route module (routes use the services, the page context and
//! the extractors; those never use routes).
//!
//! The graph is read from the source: every `crate::a::b` path (in `use` lines, grouped
//! `use crate::{a, b::c}` imports and inline paths) and every `super::x` path is an edge from
//! the file's module to the deepest module it names. A module using what an ancestor defines,
//! or an ancestor using (or re-exporting) what its own child defines, is structure, not a
//! dependency, and is left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out
}

/// `src/a/b.rs` and `src/a/b/mod.rs` → `a::b`; `src/lib.rs` → `` (the crate).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts.join("::")
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The code of a file without its comments.
fn code(text: &str) -> String {
    text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// Every path that follows `prefix` (`crate::`), with grouped imports expanded.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before_ok = rest[..at].chars().last().is_none_or(|c| !is_ident(c));
        rest = &rest[at + prefix.len()..];
        if !before_ok {
            continue;
        }
        out.extend(read_path(rest, Vec::new()));
    }
    out
}

/// Reads `a::b::{c, d::e}` at the start of `s`, prefixed by `base`.
fn read_path(s: &str, base: Vec<String>) -> Vec<Vec<String>> {
    let mut segs = base;
    let mut s = s;
    loop {
        if let Some(inner) = s.strip_prefix('{') {
            // A group: split at top-level commas up to the matching brace.
            let mut depth = 1;
            let mut end = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let group = &inner[..end];
            let mut items = Vec::new();
            let (mut depth, mut start) = (0, 0);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        items.push(&group[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            items.push(&group[start..]);
            return items
                .into_iter()
                .map(str::trim)
                .filter(|i| !i.is_empty())
                .flat_map(|i| read_path(i, segs.clone()))
                .collect();
        }
        let ident: String = s.chars().take_while(|c| is_ident(*c)).collect();
        if ident.is_empty() {
            return vec![segs];
        }
        s = &s[ident.len()..];
        segs.push(ident);
        match s.strip_prefix("::") {
            Some(r) => s = r,
            None => return vec![segs],
        }
    }
}

/// The deepest known module a path names.
fn target(path: &[String], modules: &BTreeSet<String>) -> Option<String> {
    (1..=path.len()).rev().map(|n| path[..n].join("::")).find(|m| modules.contains(m))
}

fn is_ancestor(a: &str, of: &str) -> bool {
    a.is_empty() || of.starts_with(&format!("{a}::"))
}

fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let files = rust_files(src);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(src, f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let from = module_of(src, file);
        let text = code(&std::fs::read_to_string(file).unwrap());
        let mut targets: Vec<Vec<String>> = paths_after(&text, "crate::");
        let parent: Vec<String> = from.split("::").filter(|s| !s.is_empty()).map(str::to_string).collect::<Vec<_>>();
        // `super::x` in a `mod.rs` file is relative to the module's parent, elsewhere too (one up).
        let up: Vec<String> = parent[..parent.len().saturating_sub(1)].to_vec();
        for p in paths_after(&text, "super::") {
            let mut full = up.clone();
            full.extend(p);
            targets.push(full);
        }
        for t in targets {
            let Some(to) = target(&t, &modules) else { continue };
            if to == from || is_ancestor(&to, &from) || is_ancestor(&from, &to) {
                continue;
            }
            edges.entry(from.clone()).or_default().insert(to);
        }
    }
    edges
}

/// Strongly connected components with more than one module (Tarjan).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<String, usize>,
        low: BTreeMap<String, usize>,
        stack: Vec<String>,
        on_stack: BTreeSet<String>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit(s: &mut State<'_>, v: &str) {
        s.index.insert(v.into(), s.next);
        s.low.insert(v.into(), s.next);
        s.next += 1;
        s.stack.push(v.into());
        s.on_stack.insert(v.into());
        let next: Vec<String> = s.edges.get(v).map(|e| e.iter().cloned().collect()).unwrap_or_default();
        for w in next {
            if !s.index.contains_key(&w) {
                visit(s, &w);
                let low = s.low[v].min(s.low[&w]);
                s.low.insert(v.into(), low);
            } else if s.on_stack.contains(&w) {
                let low = s.low[v].min(s.index[&w]);
                s.low.insert(v.into(), low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut scc = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(&w);
                let done = w == v;
                scc.push(w);
                if done {
                    break;
                }
            }
            if scc.len() > 1 {
                scc.sort();
                s.out.push(scc);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    let nodes: Vec<String> = edges.keys().cloned().collect();
    for n in nodes {
        if !s.index.contains_key(&n) {
            visit(&mut s, &n);
        }
    }
    s.out
}

fn server_src() -> PathBuf {
    tests::workspace_root().join("server/src")
}

#[test]
fn the_checker_sees_cycles_and_grouped_imports() {
    let paths = paths_after("use crate::{auth::{Member, Session}, db};\nlet x = crate::routes::lang(p);", "crate::");
    assert_eq!(
        paths,
        vec![
            vec!["auth".to_string(), "Member".into()],
            vec!["auth".into(), "Session".into()],
            vec!["db".into()],
            vec!["routes".into(), "lang".into()],
        ]
    );
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into());
    edges.entry("b".into()).or_default().insert("c".into());
    edges.entry("c".into()).or_default().insert("a".into());
    edges.entry("c".into()).or_default().insert("d".into());
    assert_eq!(cycles(&edges), vec![vec!["a".to_string(), "b".into(), "c".into()]]);
}

#[test]
fn the_server_module_graph_has_no_cycle() {
    let edges = graph(&server_src());
    assert!(edges.len() > 20, "the graph was read: {edges:?}");
    assert!(edges["routes::pages"].contains("catalog"), "edges are found: {:?}", edges["routes::pages"]);
    let found = cycles(&edges);
    assert!(
        found.is_empty(),
        "module cycles in server/src:\n{}",
        found.iter().map(|c| c.join(" ↔ ")).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn no_route_module_uses_another() {
    let edges = graph(&server_src());
    let mut wrong = Vec::new();
    for (from, to) in &edges {
        for t in to {
            if from.starts_with("routes::") && t.starts_with("routes") {
                wrong.push(format!("{from} → {t}"));
            }
            // `cli` is where the application is put together: it builds the router.
            if !from.starts_with("routes") && from != "cli" && t.starts_with("routes") {
                wrong.push(format!("{from} (not a route) → {t}"));
            }
        }
    }
    assert!(wrong.is_empty(), "route modules must use services, not each other:\n{}", wrong.join("\n"));
}
