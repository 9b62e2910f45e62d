//! What the registry knows about a rule: its id, default severity, the set
//! it belongs to, check function and documentation (the rule module's own
//! `//!` doc comment).

use std::ops::Range;
use std::sync::OnceLock;

use crate::audit_log::usage::Usage;
use crate::authz::Policy;
use crate::capability::Capability;
use crate::catalogue::Catalogue;
use crate::finding::{Finding, Reporter, Severity};
use crate::fix::trees::FileTrees;
use crate::fix::{self, yaml_edit, Fix};
use crate::load::Workload;
use crate::model::{Path, RbacObject};
use crate::rule_id::RuleId;
use crate::source::SourceFile;
use crate::workspace::Workspace;
use crate::yaml::Node;

/// The object a check runs on: its index among the run's objects (in
/// [`Context::objects`] and the policy) and the object itself.
#[derive(Clone, Copy)]
pub struct Object<'a> {
    pub index: usize,
    pub object: &'a RbacObject,
}

impl std::ops::Deref for Object<'_> {
    type Target = RbacObject;

    fn deref(&self) -> &RbacObject {
        self.object
    }
}

/// Everything a rule may look at besides the object it checks, and the
/// rule that runs (its findings are created through [`Context::finding`]).
pub struct Context<'a> {
    /// The rule that runs, at the severity the run gives it.
    pub reporter: Reporter,
    /// Every RBAC object of the run, for cross-object rules.
    pub objects: &'a [RbacObject],
    pub catalogue: &'a Catalogue,
    pub workloads: &'a [Workload],
    /// The input as an authorizer: aggregation resolved, bindings indexed.
    pub policy: &'a Policy<'a>,
    /// The input is the whole RBAC set (`--complete`): a roleRef to a role
    /// that is absent is a mistake, not a role defined elsewhere.
    pub complete: bool,
    /// Verbs to accept besides Kubernetes' own.
    pub custom_verbs: &'a [String],
    /// Per file (by id): the file lies in a kustomize base whose
    /// kustomization sets `namespace:`, so `kustomize build` fills in the
    /// namespaces the file leaves out.
    pub kustomize_namespace: &'a [bool],
    /// Per file (by id): which git checkout it is in; cross-object rules
    /// match workloads and bindings of one checkout only.
    pub checkout: &'a [usize],
    /// Every input file (by id): rules read the text to build their fixes.
    pub files: &'a [SourceFile],
    /// The full YAML trees of the checked object's file, parsed when a fix
    /// needs them.
    pub trees: &'a FileTrees,
    /// Per object of that file: its tree in [`Context::trees`], found once.
    pub object_trees: &'a ObjectTrees<'a>,
}

impl<'a> Context<'a> {
    /// A finding of the running rule on `object`, its primary label on the
    /// element at `path`.
    pub fn finding(
        &self,
        object: &RbacObject,
        path: Path,
        label: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Finding {
        self.reporter.finding(object, path, label, message, help)
    }

    /// The full YAML tree of `object`, to build a fix on.
    pub fn tree(&self, object: Object) -> Option<&'a Node> {
        let tree = self.object_trees.slot(object.index)?.get_or_init(|| {
            match fix::trees::object_alone(self.files, object.object) {
                Some(node) => Some(ObjectTree::Alone(node)),
                None => self
                    .trees
                    .object(self.files, object.object)
                    .map(ObjectTree::InFile),
            }
        });
        tree.as_ref().map(ObjectTree::node)
    }
}

/// An object's full tree: parsed from its own text, or found in its file's
/// trees when the text cannot be read alone.
enum ObjectTree<'a> {
    Alone(Node),
    InFile(&'a Node),
}

impl ObjectTree<'_> {
    fn node(&self) -> &Node {
        match self {
            ObjectTree::Alone(node) => node,
            ObjectTree::InFile(node) => node,
        }
    }
}

/// The tree of each object of a range of objects (by index), found on first
/// use: a rule entry's fix and its neighbours' share one lookup.
pub struct ObjectTrees<'a> {
    range: Range<usize>,
    slots: Vec<OnceLock<Option<ObjectTree<'a>>>>,
}

impl<'a> ObjectTrees<'a> {
    /// Room for the objects in `range`, none found yet.
    pub fn new(range: Range<usize>) -> Self {
        ObjectTrees {
            slots: range.clone().map(|_| OnceLock::new()).collect(),
            range,
        }
    }

    fn slot(&self, index: usize) -> Option<&OnceLock<Option<ObjectTree<'a>>>> {
        if !self.range.contains(&index) {
            return None;
        }
        self.slots.get(index - self.range.start)
    }
}

/// The text of the object's file and the YAML node of its rule entry `i`,
/// when every node of the entry is written where it stands (no anchor,
/// alias or merge key): only then does an edit change that entry alone.
pub fn rule_entry<'a>(object: Object, cx: &Context<'a>, i: usize) -> Option<(&'a str, &'a Node)> {
    let text: &str = &cx.files.get(object.file)?.text;
    fix::rule_entry_of(text, cx.tree(object)?, i)
}

/// A safe fix removing items `remove` (ascending) of the sequence `key` of
/// rule entry `i`; `None` when the entry cannot be edited or would be left
/// without items.
pub fn remove_from_rule(
    object: Object,
    cx: &Context,
    i: usize,
    key: &str,
    remove: &[usize],
    title: String,
) -> Option<Fix> {
    let (text, entry) = rule_entry(object, cx, i)?;
    let edits = yaml_edit::remove_items(text, entry.get(key)?, remove)?;
    Fix::safe(title, edits)
}

/// A rule's check: a pure function from one object (and the run) to findings.
pub type Check = fn(Object, &Context) -> Vec<Finding>;

/// An engine diagnostic of loading (`invalid-object`, `duplicate-key`): its
/// findings from what the workspace recorded while loading.
pub type Diagnose = fn(&Workspace, Reporter) -> Vec<Finding>;

/// An audit rule's check: findings from the log's evidence.
pub type AuditCheck = fn(&Usage, Reporter) -> Vec<Finding>;

/// How a rule runs, as its registry line declares it.
#[derive(Clone, Copy)]
pub enum Kind {
    /// A check of each RBAC object, run by `rbaclint check`.
    Check(Check),
    /// Raised by the engine from what loading recorded.
    Diagnostic(Diagnose),
    /// Raised by the suppression pass (`unused-suppression`).
    Suppression,
    /// Judged against an audit log: only `rbaclint audit` runs it.
    Audit(AuditCheck),
}

impl Kind {
    /// What `rbaclint rules --format json` calls the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Check(_) => "check",
            Kind::Diagnostic(_) | Kind::Suppression => "engine",
            Kind::Audit(_) => "audit",
        }
    }
}

/// The rule sets: which rules run when nothing selects them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSet {
    /// On by default: findings a reviewer acts on.
    Recommended,
    /// Off unless selected (`--select all`, `--extend-select`, config).
    OptIn,
}

impl RuleSet {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleSet::Recommended => "recommended",
            RuleSet::OptIn => "opt-in",
        }
    }
}

/// A registry entry.
pub struct Rule {
    pub id: RuleId,
    pub default_severity: Severity,
    pub set: RuleSet,
    /// The rule judges a controller's least privilege: it does not fire on
    /// user-facing roles (aggregated into admin/edit/view), which people
    /// hold, unless the run asks for it.
    pub controllers_only: bool,
    pub kind: Kind,
    /// The escalation risk the rule reports, as data (see [`Rule::capability`]).
    pub capability: Option<&'static Capability>,
    /// Source text of the rule's module; its `//!` lines are the documentation.
    pub source: &'static str,
    /// The options the config may give the rule (see [`Rule::options`]).
    pub options: Option<OptionsDecl>,
}

/// What a run knows besides Kubernetes' own vocabulary, as rules' options
/// give it: rules read it from their [`Context`], loading from the settings.
#[derive(Debug, Clone, Default)]
pub struct Extensions {
    /// Verbs to accept besides Kubernetes' own.
    pub custom_verbs: Vec<String>,
    /// `(group, resource)` served by APIs the input does not define.
    pub extra_apis: Vec<(String, String)>,
}

/// A rule's own config options: a type in the rule's file that the config
/// reads from the rule's mapping (`rules: {<id>: {severity: …, <option>: …}}`)
/// and that writes its values into the run's [`Extensions`].
pub trait RuleOptions: serde::de::DeserializeOwned + schemars::JsonSchema + 'static {
    /// Adds these options to `extensions` (options given twice add up).
    fn apply(&self, extensions: &mut Extensions);
}

/// Options read from a config, ready to apply.
pub type ParsedOptions = std::sync::Arc<dyn Fn(&mut Extensions) + Send + Sync>;

/// An error in a rule's options, with the path of the element at fault.
pub type OptionsError = serde_path_to_error::Error<crate::node_de::Error>;

/// What the registry knows of a rule's options type: its schema and how to
/// read it from the rule's config mapping (made by [`options`]).
#[derive(Clone, Copy)]
pub struct OptionsDecl {
    /// The options' JSON Schema: an object with one property per option.
    pub schema: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
    /// Reads the options from the rule's mapping, leaving out `severity`.
    pub parse: fn(&Node) -> Result<ParsedOptions, OptionsError>,
}

/// The declaration of the options type `T`, for the registry's `.options(…)`.
pub const fn options<T: RuleOptions + Send + Sync>() -> OptionsDecl {
    OptionsDecl {
        schema: options_schema::<T>,
        parse: parse_options::<T>,
    }
}

fn options_schema<T: RuleOptions>(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    T::json_schema(generator)
}

fn parse_options<T: RuleOptions + Send + Sync>(node: &Node) -> Result<ParsedOptions, OptionsError> {
    let options: T = crate::node_de::from_node(node, "severity")?;
    Ok(std::sync::Arc::new(move |extensions: &mut Extensions| {
        options.apply(extensions)
    }))
}

impl Rule {
    /// An opt-in rule that applies to every role; see [`Rule::recommended`]
    /// and [`Rule::controllers_only`].
    pub const fn new(
        id: RuleId,
        default_severity: Severity,
        kind: Kind,
        source: &'static str,
    ) -> Self {
        Rule {
            id,
            default_severity,
            set: RuleSet::OptIn,
            controllers_only: false,
            kind,
            capability: None,
            source,
            options: None,
        }
    }

    /// Declares the rule's config options (made by [`options`]).
    pub const fn options(mut self, options: OptionsDecl) -> Self {
        self.options = Some(options);
        self
    }

    /// Declares the escalation risk the rule reports: the wildcard rules'
    /// "covers" lists and `service-account-group-binding` read it.
    pub const fn capability(mut self, capability: &'static Capability) -> Self {
        self.capability = Some(capability);
        self
    }

    /// Puts the rule in the default set.
    pub const fn recommended(mut self) -> Self {
        self.set = RuleSet::Recommended;
        self
    }

    /// Marks the rule as one about controllers' least privilege.
    pub const fn controllers_only(mut self) -> Self {
        self.controllers_only = true;
        self
    }

    /// The rule's documentation in Markdown, taken from its module doc comment.
    pub fn doc(&self) -> String {
        let mut doc = String::new();
        for line in self.source.lines() {
            let line = line.trim_start();
            if let Some(rest) = line.strip_prefix("//!") {
                doc.push_str(rest.strip_prefix(' ').unwrap_or(rest));
                doc.push('\n');
            } else if !doc.is_empty() && !line.is_empty() {
                break;
            }
        }
        doc.trim().to_string()
    }

    /// The doc's section `## <title>` without its heading.
    pub fn doc_section(&self, title: &str) -> Option<String> {
        let doc = self.doc();
        let heading = format!("## {title}");
        let start = doc.find(&heading)? + heading.len();
        let rest = &doc[start..];
        let end = rest.find("\n## ").unwrap_or(rest.len());
        Some(rest[..end].trim().to_string())
    }

    /// One sentence of at most 80 characters (a test holds every rule to
    /// it): the first sentence of "What it does". `rbaclint rules`, the
    /// README's rules table and SARIF's `shortDescription` show it.
    pub fn summary(&self) -> String {
        let what = self.doc_section("What it does").unwrap_or_default();
        let paragraph = what.split("\n\n").next().unwrap_or("").replace('\n', " ");
        first_sentence(&paragraph).to_string()
    }
}

/// The first sentence of a text: up to the first `. ` followed by a capital
/// letter (so `e.g. x` does not end it), else all of it.
pub fn first_sentence(text: &str) -> &str {
    let mut from = 0;
    while let Some(i) = text[from..].find(". ") {
        let end = from + i + 1;
        if text[end + 1..].starts_with(|c: char| c.is_uppercase()) {
            return &text[..end];
        }
        from = end;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn a_sentence_ends_before_a_capital() {
        assert_eq!(
            first_sentence("Flags `*`, e.g. in verbs. It grants all."),
            "Flags `*`, e.g. in verbs."
        );
        assert_eq!(first_sentence("One. two"), "One. two");
    }
}
