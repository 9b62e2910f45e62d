//! Loading, once: every input read (in parallel, order kept) into what the
//! commands ask questions of — the files, the RBAC objects with their
//! spans, the CRDs and workloads, the API catalogue, and what could not be
//! loaded. `check` lints a workspace; `who-can`, `access` and `audit` only
//! query it, so they never run a rule to get at the objects.

use rayon::prelude::*;

use crate::authz;
use crate::catalogue::Catalogue;
use crate::discover::Input;
use crate::load::{self, DuplicateKeyInObject, FileContents, InvalidObject, LoadError, Workload};
use crate::model::RbacObject;
use crate::source::{FileId, SourceFile};

/// What loading needs to know besides the inputs.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Keep the objects the API server would refuse among the objects (their
    /// `invalid-object` finding stays); by default they grant nothing.
    pub keep_refused_objects: bool,
    /// `(group, resource)` served by APIs the input does not define (the
    /// config's `extra-apis`), added to the catalogue.
    pub extra_apis: Vec<(String, String)>,
}

/// Everything loaded from the inputs; the questions are asked of it.
#[derive(Debug, Default)]
pub struct Workspace {
    /// Every input (by file id), with the text kept only where something
    /// may point into it.
    pub files: Vec<SourceFile>,
    /// The RBAC objects, in input order.
    pub objects: Vec<RbacObject>,
    /// RBAC objects the API server would refuse, with why.
    pub invalid: Vec<InvalidObject>,
    /// Keys written twice in an RBAC object.
    pub duplicate_keys: Vec<DuplicateKeyInObject>,
    /// The Deployments, DaemonSets, … of the input, with their
    /// ServiceAccount.
    pub workloads: Vec<Workload>,
    /// Inputs (or parts) that could not be read or parsed.
    pub errors: Vec<LoadError>,
    /// Objects of any kind read (top-level documents plus List items).
    pub object_count: usize,
    /// The API catalogue: the built-in API, the input's CRDs, extra APIs.
    pub catalogue: Catalogue,
    /// Per file (by id): the file lies in a kustomize base whose
    /// kustomization sets `namespace:`.
    pub kustomize_namespace: Vec<bool>,
    /// Walked `.json` files that do not parse, skipped as other tools'
    /// configs (see [`Input::walked`]).
    pub skipped_json: Vec<FileId>,
}

impl Workspace {
    /// The warning for the walked `.json` files skipped, if any.
    pub fn skipped_json_note(&self) -> Option<String> {
        if self.skipped_json.is_empty() {
            return None;
        }
        let names: Vec<&str> = self
            .skipped_json
            .iter()
            .map(|&id| self.files[id].name.as_str())
            .collect();
        Some(format!(
            "skipped {}, which {} not parse as JSON or YAML and {} no apiVersion and kind: another tool's config (tsconfig.json allows comments), not a manifest; name the file to lint it",
            crate::discover::first_names(&names),
            if names.len() == 1 { "does" } else { "do" },
            if names.len() == 1 { "names" } else { "name" }
        ))
    }

    /// The objects as an authorizer (aggregation resolved, bindings
    /// indexed). It borrows the workspace, so it is built by whoever asks,
    /// once per command.
    pub fn policy(&self) -> authz::Policy<'_> {
        authz::Policy::new(&self.objects, &self.catalogue)
    }
}

/// Reads, decodes and parses every input.
pub fn load(inputs: Vec<Input>, options: &LoadOptions) -> Workspace {
    let loaded: Vec<(SourceFile, FileContents, bool)> = inputs
        .into_par_iter()
        .enumerate()
        .map(|(id, input)| load_input(id, input))
        .collect();
    let mut workspace = Workspace::default();
    let mut crds = Vec::new();
    // The objects are most of what a run keeps: no spare capacity.
    let object_count = loaded
        .iter()
        .map(|(_, c, _)| match options.keep_refused_objects {
            true => c.objects.len() + c.refused.len(),
            false => c.objects.len(),
        })
        .sum();
    workspace.objects.reserve_exact(object_count);
    workspace.files.reserve_exact(loaded.len());
    for (id, (mut source, mut contents, skipped)) in loaded.into_iter().enumerate() {
        if skipped {
            workspace.skipped_json.push(id);
        }
        source.directive_comments = std::mem::take(&mut contents.directive_comments);
        workspace.files.push(source);
        workspace.objects.extend(contents.objects);
        if options.keep_refused_objects {
            workspace.objects.extend(contents.refused);
        }
        workspace.errors.extend(contents.errors);
        workspace.object_count += contents.object_count;
        crds.extend(contents.crds);
        workspace.workloads.extend(contents.workloads);
        workspace.invalid.extend(contents.invalid);
        workspace.duplicate_keys.extend(contents.duplicate_keys);
    }
    workspace.catalogue = Catalogue::new(&crds);
    for (group, resource) in &options.extra_apis {
        workspace.catalogue.add_api(group, resource);
    }
    workspace.errors.sort_by_key(|e| (e.file, e.span));
    workspace.kustomize_namespace = crate::kustomize::namespaced_bases(&workspace.files);
    workspace
}

/// Reads, decodes and parses one input. The text of a file is kept only
/// when something may point into it (see [`FileContents::refers_to_text`]):
/// a tree of manifests is mostly other kinds, and holding all their text
/// would make memory grow with the input instead of with its RBAC. The
/// `bool` says the input was skipped as another tool's JSON.
fn load_input(id: usize, input: Input) -> (SourceFile, FileContents, bool) {
    let name = input.name.clone();
    let maybe_other_tools_json = input.walked && is_json(&name);
    let (source, contents) = match input.bytes() {
        Err(message) => {
            let contents = FileContents {
                errors: vec![LoadError {
                    file: id,
                    span: None,
                    message,
                    hint: None,
                }],
                ..FileContents::default()
            };
            (SourceFile::new(name, ""), contents)
        }
        Ok(bytes) => {
            let (source, decode_error) = load::decode(id, &name, bytes);
            match decode_error {
                Some(error) => (
                    source,
                    FileContents {
                        errors: vec![error],
                        syntax_error: true,
                        ..FileContents::default()
                    },
                ),
                None => {
                    // A parser bug must cost one file, not the run.
                    let contents = std::panic::catch_unwind(|| load::load_file(id, &source))
                        .unwrap_or_else(|_| FileContents {
                            errors: vec![LoadError {
                                file: id,
                                span: None,
                                message:
                                    "internal error while parsing this file (please report it)"
                                        .into(),
                                hint: None,
                            }],
                            ..FileContents::default()
                        });
                    (source, contents)
                }
            }
        }
    };
    if maybe_other_tools_json
        && contents.syntax_error
        && contents.object_count == 0
        && !mentions_kubernetes_keys(&source.text)
    {
        return (
            SourceFile::new(source.name, ""),
            FileContents::default(),
            true,
        );
    }
    if contents.refers_to_text() {
        (source, contents, false)
    } else {
        (SourceFile::new(source.name, ""), contents, false)
    }
}

/// Whether a text names the keys every manifest has: a broken JSON
/// manifest is reported, not skipped as another tool's config.
fn mentions_kubernetes_keys(text: &str) -> bool {
    text.contains("\"apiVersion\"") && text.contains("\"kind\"")
}

fn is_json(name: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}
