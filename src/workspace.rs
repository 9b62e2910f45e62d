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
use crate::not_manifest::{self, NotManifest};
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
    /// Per file (by id): which git checkout it is in
    /// ([`crate::repository::checkouts`]).
    pub checkout: Vec<usize>,
    /// Walked files that do not parse and are not manifests, skipped.
    pub not_manifests: Vec<(FileId, NotManifest)>,
}

impl Workspace {
    /// The warnings for the walked files skipped as not manifests.
    pub fn skip_notes(&self) -> Vec<String> {
        let skipped: Vec<(&str, NotManifest)> = self
            .not_manifests
            .iter()
            .map(|&(id, why)| (self.files[id].name.as_str(), why))
            .collect();
        not_manifest::notes(&skipped)
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
    let loaded: Vec<(SourceFile, FileContents, Option<NotManifest>)> = inputs
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
        if let Some(why) = skipped {
            workspace.not_manifests.push((id, why));
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
    workspace.checkout = crate::repository::checkouts(&workspace.files);
    workspace
}

/// Reads, decodes and parses one input. The text of a file is kept only
/// when something may point into it (see [`FileContents::refers_to_text`]):
/// a tree of manifests is mostly other kinds, and holding all their text
/// would make memory grow with the input instead of with its RBAC. A
/// walked file that does not parse and is not a manifest is skipped, with
/// why.
fn load_input(id: usize, input: Input) -> (SourceFile, FileContents, Option<NotManifest>) {
    let name = input.name.clone();
    let walked = input.walked;
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
    if walked && contents.syntax_error {
        let error_at = contents
            .errors
            .first()
            .and_then(|e| e.span)
            .map(|s| s.start);
        let loaded = contents.object_count > 0;
        let why = not_manifest::judge(
            &source.name,
            &source.text,
            error_at,
            loaded,
            contents.malformed,
        );
        if let Some(why) = why {
            let name_only = SourceFile::new(source.name, "");
            return (name_only, FileContents::default(), Some(why));
        }
    }
    if contents.refers_to_text() {
        (source, contents, None)
    } else {
        (SourceFile::new(source.name, ""), contents, None)
    }
}
