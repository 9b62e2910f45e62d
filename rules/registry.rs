// The registry: one line per rule, in the order `rbaclint rules` lists them.
// Not a module: `rules/mod.rs` includes it to declare the rule modules and
// build the table, `src/rule_id.rs` to generate `RuleId` (see there).
//
// A line: `Variant = module("rule-id", DefaultSeverity, kind)` then modifiers.
// The kind says how the rule runs:
// - `check`: a per-object check, `module::check`, over every RBAC object;
// - `diagnostic`: raised by the engine from what loading recorded,
//   `module::findings`;
// - `suppression`: raised by the suppression pass (`unused-suppression`);
// - `audit`: run only by `rbaclint audit`, `module::findings` over the log's
//   evidence.
// Modifiers: `.recommended()` (the default set), `.controllers_only()`,
// `.capability(&module::CAPABILITY)` (an escalation risk; the wildcard rules
// list capabilities in this order), `.options(options::<module::Options>())`.
registry! {
    WildcardVerbs = wildcard_verbs("wildcard-verbs", Error, check).recommended().controllers_only();
    WildcardResources = wildcard_resources("wildcard-resources", Error, check).recommended().controllers_only();
    BroadApiGroups = broad_api_groups("broad-api-groups", Warning, check).recommended().controllers_only();
    StatusNotSeparated = status_not_separated("status-not-separated", Warning, check).recommended().controllers_only();
    CrdAdminMixedWithRuntime = crd_admin_mixed_with_runtime("crd-admin-mixed-with-runtime", Warning, check).recommended().controllers_only();
    SecretsRead = secrets_read("secrets-read", Warning, check).controllers_only().capability(&secrets_read::CAPABILITY);
    WorkloadCreate = workload_create("workload-create", Warning, check).controllers_only().capability(&workload_create::CAPABILITY);
    PodExecAttach = pod_exec_attach("pod-exec-attach", Error, check).recommended().controllers_only().capability(&pod_exec_attach::CAPABILITY);
    EscalateVerb = escalate_verb("escalate-verb", Error, check).recommended().capability(&escalate_verb::CAPABILITY);
    BindVerb = bind_verb("bind-verb", Error, check).recommended().capability(&bind_verb::CAPABILITY);
    ImpersonateVerb = impersonate_verb("impersonate-verb", Error, check).recommended().controllers_only().capability(&impersonate_verb::CAPABILITY);
    NodesProxy = nodes_proxy("nodes-proxy", Error, check).recommended().capability(&nodes_proxy::CAPABILITY);
    TokenRequest = token_request("token-request", Error, check).recommended().controllers_only().capability(&token_request::CAPABILITY);
    CsrApproval = csr_approval("csr-approval", Error, check).recommended().capability(&csr_approval::CAPABILITY);
    WebhookConfigWrite = webhook_config_write("webhook-config-write", Error, check).capability(&webhook_config_write::CAPABILITY);
    PersistentVolumeCreate = persistent_volume_create("persistent-volume-create", Warning, check).capability(&persistent_volume_create::CAPABILITY);
    NamespaceModify = namespace_modify("namespace-modify", Warning, check).capability(&namespace_modify::CAPABILITY);
    ServicesStatusWrite = services_status_write("services-status-write", Warning, check).controllers_only().capability(&services_status_write::CAPABILITY);
    SecretsCreate = secrets_create("secrets-create", Warning, check).controllers_only().capability(&secrets_create::CAPABILITY);
    ResourceNamesIneffective = resource_names_ineffective("resource-names-ineffective", Warning, check);
    UnknownResource = unknown_resource("unknown-resource", Warning, check).recommended().options(options::<unknown_resource::Options>());
    ClusterScopedInRole = cluster_scoped_in_role("cluster-scoped-in-role", Warning, check).recommended();
    UnknownVerb = unknown_verb("unknown-verb", Warning, check).recommended().options(options::<unknown_verb::Options>());
    ClusterAdminBinding = cluster_admin_binding("cluster-admin-binding", Error, check).recommended();
    AnonymousBinding = anonymous_binding("anonymous-binding", Error, check).recommended();
    DefaultServiceAccountBinding = default_service_account_binding("default-service-account-binding", Warning, check).recommended();
    ServiceAccountGroupBinding = service_account_group_binding("service-account-group-binding", Warning, check).recommended();
    SubjectNamespaceMissing = subject_namespace_missing("subject-namespace-missing", Error, check).recommended();
    MissingRoleRef = missing_role_ref("missing-role-ref", Error, check).recommended();
    CrdAdminBoundToRuntime = crd_admin_bound_to_runtime("crd-admin-bound-to-runtime", Error, check).recommended();
    InvalidObject = invalid_object("invalid-object", Error, diagnostic).recommended();
    DuplicateKey = duplicate_key("duplicate-key", Error, diagnostic).recommended();
    UnusedSuppression = unused_suppression("unused-suppression", Warning, suppression).recommended();
    NamespaceFromContext = namespace_from_context("namespace-from-context", Note, check);
    UnusedGrant = unused_grant("unused-grant", Warning, audit).recommended();
    WildcardNarrowable = wildcard_narrowable("wildcard-narrowable", Warning, audit).recommended();
    ForbiddenRequest = forbidden_request("forbidden-request", Warning, audit).recommended();
}
