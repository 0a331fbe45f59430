//! Data flows one way: no two top-level modules of `src/` may reach each other, directly or through
//! others, outside test code. Reads the crate's sources from `src/lib.rs` down, following `mod`
//! items as the compiler does (skipping `#[cfg(test)]` ones), and collects every path that leaves
//! its own top-level module (`crate::x::…`, `super::…` climbing out, and `crate::x` inside macros).

#![cfg(not(target_arch = "wasm32"))]

use proc_macro2::{TokenStream, TokenTree};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// Top-level module -> the top-level modules it uses, each with a file that does.
type Graph = BTreeMap<String, BTreeMap<String, PathBuf>>;

/// What the walk reads of a crate: who uses whom, and where each public type is defined.
#[derive(Default)]
struct Crate {
    graph: Graph,
    types: BTreeMap<String, Vec<PathBuf>>,
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| a.path().is_ident("cfg") && a.parse_args::<syn::Meta>().is_ok_and(|m| m.path().is_ident("test")))
}

struct Uses<'a> {
    /// The module the visitor is in, from the crate root (`["capture", "visible"]`).
    module: Vec<String>,
    tops: &'a BTreeSet<String>,
    found: BTreeSet<String>,
}

impl Uses<'_> {
    /// The top-level module a path starting with these segments names, if it is another one.
    fn note(&mut self, segments: &[String]) {
        let target = match segments.first().map(String::as_str) {
            Some("crate") => segments.get(1),
            Some("super") => {
                let ups = segments.iter().take_while(|s| *s == "super").count();
                match self.module.len().checked_sub(ups) {
                    Some(0) => segments.get(ups),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(t) = target.filter(|t| self.tops.contains(*t) && Some(*t) != self.module.first()) {
            self.found.insert(t.clone());
        }
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.with_last(prefix, n.ident.to_string()),
            syn::UseTree::Rename(r) => self.with_last(prefix, r.ident.to_string()),
            syn::UseTree::Glob(_) => self.note(prefix),
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| self.use_tree(prefix, t)),
        }
    }

    fn with_last(&mut self, prefix: &mut Vec<String>, last: String) {
        prefix.push(last);
        self.note(prefix);
        prefix.pop();
    }

    /// Macro bodies are tokens, not syntax: look for `crate :: name` in them.
    fn tokens(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        for (i, tree) in trees.iter().enumerate() {
            match tree {
                TokenTree::Group(g) => self.tokens(g.stream()),
                TokenTree::Ident(id) if id == "crate" => {
                    if let (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)), Some(TokenTree::Ident(name))) =
                        (trees.get(i + 1), trees.get(i + 2), trees.get(i + 3))
                    {
                        if a.as_char() == ':' && b.as_char() == ':' {
                            self.note(&["crate".to_string(), name.to_string()]);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

impl<'ast> Visit<'ast> for Uses<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Static(s) => &s.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if !is_test_only(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        // Inline modules only: a `mod x;` is read as its own file.
        if m.content.is_some() {
            self.module.push(m.ident.to_string());
            syn::visit::visit_item_mod(self, m);
            self.module.pop();
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &u.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.note(&segments);
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.tokens(mac.tokens.clone());
        syn::visit::visit_macro(self, mac);
    }
}

/// The file a `mod name;` in `dir` (the declaring module's directory) loads.
fn module_file(dir: &Path, name: &str, attrs: &[syn::Attribute]) -> Option<PathBuf> {
    let explicit = attrs.iter().find(|a| a.path().is_ident("path")).and_then(|a| match &a.meta {
        syn::Meta::NameValue(nv) => match &nv.value {
            syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(dir.join(s.value())),
            _ => None,
        },
        _ => None,
    });
    explicit
        .or_else(|| [dir.join(format!("{name}.rs")), dir.join(name).join("mod.rs")].into_iter().find(|p| p.exists()))
}

/// Reads a module file and the non-test module files it declares, recording what each uses.
fn walk(file: &Path, module: Vec<String>, tops: &BTreeSet<String>, krate: &mut Crate) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let ast = syn::parse_file(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut uses = Uses { module: module.clone(), tops, found: BTreeSet::new() };
    uses.visit_file(&ast);
    if let Some(top) = module.first() {
        let edges = krate.graph.entry(top.clone()).or_default();
        for t in uses.found {
            edges.entry(t).or_insert_with(|| file.to_path_buf());
        }
    }
    // A module's children live beside it (`mod.rs`, `lib.rs`) or in the folder named after it.
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let parent = file.parent().unwrap_or(Path::new("."));
    let dir = if matches!(stem, "mod" | "lib") { parent.to_path_buf() } else { parent.join(stem) };
    for item in &ast.items {
        let public = match item {
            syn::Item::Struct(i) => Some((&i.vis, &i.ident)),
            syn::Item::Enum(i) => Some((&i.vis, &i.ident)),
            syn::Item::Type(i) => Some((&i.vis, &i.ident)),
            syn::Item::Trait(i) => Some((&i.vis, &i.ident)),
            _ => None,
        };
        if let Some((syn::Visibility::Public(_), name)) = public {
            krate.types.entry(name.to_string()).or_default().push(file.to_path_buf());
        }
        if let syn::Item::Mod(m) = item {
            if m.content.is_none() && !is_test_only(&m.attrs) {
                let child = module_file(&dir, &m.ident.to_string(), &m.attrs)
                    .ok_or_else(|| format!("{}: no file for `mod {}`", file.display(), m.ident))?;
                let mut path = module.clone();
                path.push(m.ident.to_string());
                walk(&child, path, tops, krate)?;
            }
        }
    }
    Ok(())
}

/// Every top-level module of the crate rooted at `lib` and what it uses of the others.
fn read(lib: &Path) -> Result<Crate, String> {
    let text = std::fs::read_to_string(lib).map_err(|e| format!("{}: {e}", lib.display()))?;
    let ast = syn::parse_file(&text).map_err(|e| format!("{}: {e}", lib.display()))?;
    let tops = ast
        .items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Mod(m) if !is_test_only(&m.attrs) => Some(m.ident.to_string()),
            _ => None,
        })
        .collect();
    let mut krate = Crate::default();
    walk(lib, Vec::new(), &tops, &mut krate)?;
    Ok(krate)
}

fn this_crate() -> Crate {
    read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap()
}

/// Enough cycles to show what reaches back, few enough to read (one back edge can close hundreds).
const MAX_REPORTED: usize = 12;

/// The cycles among top-level modules, each as "a -> b -> a" with a file for each step.
fn cycles(graph: &Graph) -> Vec<String> {
    // A path back to `start` through modules that sort after it, so each cycle is reported once.
    fn from(graph: &Graph, start: &str, at: &str, path: &mut Vec<String>, out: &mut Vec<String>) {
        for (next, file) in graph.get(at).into_iter().flatten() {
            if out.len() >= MAX_REPORTED {
                return;
            }
            let step = format!("{at} -> {next} ({})", file.display());
            if next == start {
                out.push([path.as_slice(), &[step]].concat().join(", "));
            } else if next.as_str() > start && !path.iter().any(|p| p.starts_with(&format!("{next} ->"))) {
                path.push(step);
                from(graph, start, next, path, out);
                path.pop();
            }
        }
    }
    let mut out = Vec::new();
    for start in graph.keys() {
        from(graph, start, start, &mut Vec::new(), &mut out);
    }
    out
}

#[test]
fn no_top_level_module_reaches_back_up() {
    let graph = this_crate().graph;
    assert!(graph.len() >= 10, "read too few modules: {:?}", graph.keys().collect::<Vec<_>>());
    let found = cycles(&graph);
    assert!(found.is_empty(), "modules reaching each other (move the shared type to `model`):\n{}", found.join("\n"));
}

#[test]
fn the_model_depends_on_no_stage() {
    let graph = this_crate().graph;
    let uses: BTreeSet<&str> = graph["model"].keys().map(String::as_str).collect();
    assert!(uses.is_subset(&BTreeSet::from(["normalize", "text"])), "model uses {uses:?}");
}

/// The checker itself: a crate whose stages reach each other through a `super::` path, a grouped
/// `use` and a macro is caught; test code and a test-only module are not counted.
#[test]
fn a_cycle_through_use_groups_super_paths_or_macros_is_found() {
    let dir = std::env::temp_dir().join(format!("leadlens-layers-{}", std::process::id()));
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("lib.rs", "pub mod a;\npub mod b;\npub mod c;\n#[cfg(test)]\nmod t;\n");
    write("a/mod.rs", "mod inner;\nuse crate::{c::X, model::Y};\n");
    write("a/inner.rs", "fn f() { let _ = super::super::b::g(); }\n");
    write(
        "b.rs",
        "pub fn g() { let _ = format!(\"{}\", crate::c::Z); }\n#[cfg(test)]\nmod tests { use crate::a::Q; }\n",
    );
    write("c.rs", "pub struct X;\npub(crate) struct Inner;\n");
    write("t.rs", "use crate::a::Q;\n");
    let krate = read(&dir.join("lib.rs")).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let graph = krate.graph;
    let edges: Vec<(&str, &str)> =
        graph.iter().flat_map(|(a, bs)| bs.keys().map(move |b| (a.as_str(), b.as_str()))).collect();
    assert_eq!(edges, [("a", "b"), ("a", "c"), ("b", "c")]);
    assert!(cycles(&graph).is_empty());
    assert_eq!(krate.types.keys().collect::<Vec<_>>(), ["X"]);

    let mut cyclic = graph.clone();
    cyclic.entry("c".into()).or_default().insert("a".into(), PathBuf::from("c.rs"));
    let found = cycles(&cyclic);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("a -> b") && found[0].ends_with("c -> a (c.rs)"), "{found:?}");
}

/// A type name that means two things in two stages (two `Changes`, two `Outcome`s) makes every
/// reader ask which one: each public type name says what it is, once.
#[test]
fn every_public_type_name_is_defined_once() {
    let doubled: Vec<String> = this_crate()
        .types
        .into_iter()
        .filter(|(_, files)| files.len() > 1)
        .map(|(name, files)| format!("{name}: {files:?}"))
        .collect();
    assert!(doubled.is_empty(), "public type names defined more than once:\n{}", doubled.join("\n"));
}
