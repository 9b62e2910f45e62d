//! Writes a deterministic Kubernetes audit log (JSON lines, level Metadata)
//! of a controller's traffic for tests and benchmarks:
//! `gen-audit OUT_FILE HOURS` (up to a month).
//!
//! The ServiceAccount `shop:web-controller` runs a reconcile loop every
//! ten seconds: it renews its leader-election Lease, gets its ConfigMap,
//! gets and patches the Deployment `web`, updates its status and records
//! an Event; every minute it re-lists pods and opens a watch (whose
//! `ResponseComplete` arrives a minute later, so the last ones stay open);
//! every five minutes kube-probe style `get /healthz` and `get /version`;
//! every hour one `list secrets` that RBAC denies, and one `get pods` that a
//! human (`admin@example.com`) makes impersonating the controller. Every
//! request is written as its `RequestReceived` and `ResponseComplete` (or
//! `ResponseStarted`) stages, as the API server's log backend does.

use std::io::Write;

const SA: &str = "system:serviceaccount:shop:web-controller";

/// `(apiGroup, resource, subresource, name)` in namespace shop.
type Object<'a> = (&'a str, &'a str, &'a str, &'a str);

/// One request of the traffic.
struct Request<'a> {
    verb: &'a str,
    uri: &'a str,
    /// `None` for a non-resource URL.
    object: Option<Object<'a>>,
    denied: bool,
    impersonated_by: Option<&'a str>,
}

impl<'a> Request<'a> {
    /// A request of the controller itself that RBAC allows.
    fn allowed(verb: &'a str, uri: &'a str, object: Option<Object<'a>>) -> Self {
        Request {
            verb,
            uri,
            object,
            denied: false,
            impersonated_by: None,
        }
    }
}

/// Writes `hours` of traffic; returns the number of requests written.
pub fn write_log(out: &mut impl Write, hours: u64) -> std::io::Result<u64> {
    let mut writer = Writer {
        out,
        end: hours * 3600,
        requests: 0,
    };
    for second in (0..hours * 3600).step_by(10) {
        let reconcile = [
            (
                "update",
                "/apis/coordination.k8s.io/v1/namespaces/shop/leases/web-controller",
                ("coordination.k8s.io", "leases", "", "web-controller"),
            ),
            (
                "get",
                "/api/v1/namespaces/shop/configmaps/web-config",
                ("", "configmaps", "", "web-config"),
            ),
            (
                "get",
                "/apis/apps/v1/namespaces/shop/deployments/web",
                ("apps", "deployments", "", "web"),
            ),
            (
                "patch",
                "/apis/apps/v1/namespaces/shop/deployments/web",
                ("apps", "deployments", "", "web"),
            ),
            (
                "update",
                "/apis/apps/v1/namespaces/shop/deployments/web/status",
                ("apps", "deployments", "status", "web"),
            ),
            (
                "create",
                "/api/v1/namespaces/shop/events",
                ("", "events", "", "web.18f3a"),
            ),
        ];
        for (verb, uri, object) in reconcile {
            writer.request(second, &Request::allowed(verb, uri, Some(object)), false)?;
        }
        if second % 60 == 0 {
            let pods = Some(("", "pods", "", ""));
            let list = Request::allowed("list", "/api/v1/namespaces/shop/pods?limit=500", pods);
            writer.request(second, &list, false)?;
            let watch = Request::allowed("watch", "/api/v1/namespaces/shop/pods?watch=true", pods);
            writer.request(second, &watch, true)?;
        }
        if second % 300 == 0 {
            for uri in ["/healthz", "/version"] {
                writer.request(second, &Request::allowed("get", uri, None), false)?;
            }
        }
        if second % 3600 == 1800 {
            let secrets = Some(("", "secrets", "", ""));
            let list = Request {
                denied: true,
                ..Request::allowed("list", "/api/v1/namespaces/shop/secrets", secrets)
            };
            writer.request(second, &list, false)?;
            let pod = Some(("", "pods", "", "web-0"));
            let get = Request {
                impersonated_by: Some("admin@example.com"),
                ..Request::allowed("get", "/api/v1/namespaces/shop/pods/web-0", pod)
            };
            writer.request(second, &get, false)?;
        }
    }
    Ok(writer.requests)
}

struct Writer<'w, W: Write> {
    out: &'w mut W,
    /// The log's last second: watches opened in its last minute stay open.
    end: u64,
    requests: u64,
}

impl<W: Write> Writer<'_, W> {
    /// The stages of one request; a watch's completion a minute later is
    /// written at once (a reader merges stages by auditID, whatever their
    /// order) unless the watch outlives the log.
    fn request(&mut self, second: u64, request: &Request, watch: bool) -> std::io::Result<()> {
        self.requests += 1;
        let id = format!("{:08x}-0000-4000-8000-{:012x}", second, self.requests);
        let received = timestamp(second);
        let (user, impersonated) = match request.impersonated_by {
            Some(human) => (
                format!(
                    r#"{{"username":"{human}","groups":["system:masters","system:authenticated"]}}"#
                ),
                format!(
                    r#","impersonatedUser":{{"username":"{SA}","groups":["system:serviceaccounts","system:serviceaccounts:shop","system:authenticated"]}}"#
                ),
            ),
            None => (
                format!(
                    r#"{{"username":"{SA}","uid":"5d1c2f0e-7a4b-4c1e-9a43-2d0b7f1e9c11","groups":["system:serviceaccounts","system:serviceaccounts:shop","system:authenticated"]}}"#
                ),
                String::new(),
            ),
        };
        let object = match request.object {
            Some((group, resource, subresource, name)) => {
                let mut fields =
                    format!(r#","objectRef":{{"resource":"{resource}","namespace":"shop""#);
                if !name.is_empty() {
                    fields.push_str(&format!(r#","name":"{name}""#));
                }
                if !group.is_empty() {
                    fields.push_str(&format!(r#","apiGroup":"{group}""#));
                }
                fields.push_str(r#","apiVersion":"v1""#);
                if !subresource.is_empty() {
                    fields.push_str(&format!(r#","subresource":"{subresource}""#));
                }
                fields.push('}');
                fields
            }
            None => String::new(),
        };
        let head = format!(
            r#"{{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"{id}","#
        );
        let common = format!(
            r#""requestURI":"{}","verb":"{}","user":{user}{impersonated},"sourceIPs":["10.0.3.7"],"userAgent":"web-controller/v1.4.2"{object}"#,
            request.uri, request.verb
        );
        writeln!(
            self.out,
            r#"{head}"stage":"RequestReceived",{common},"requestReceivedTimestamp":"{received}","stageTimestamp":"{received}"}}"#
        )?;
        let (code, decision) = if request.denied {
            (
                r#"{"metadata":{},"status":"Failure","message":"secrets is forbidden","reason":"Forbidden","code":403}"#,
                "forbid",
            )
        } else {
            (r#"{"metadata":{},"code":200}"#, "allow")
        };
        let annotations = format!(
            r#""annotations":{{"authorization.k8s.io/decision":"{decision}","authorization.k8s.io/reason":""}}"#
        );
        let stage = if watch {
            "ResponseStarted"
        } else {
            "ResponseComplete"
        };
        writeln!(
            self.out,
            r#"{head}"stage":"{stage}",{common},"responseStatus":{code},"requestReceivedTimestamp":"{received}","stageTimestamp":"{received}",{annotations}}}"#
        )?;
        if watch && second + 60 < self.end {
            let closed = timestamp(second + 60);
            writeln!(
                self.out,
                r#"{head}"stage":"ResponseComplete",{common},"responseStatus":{code},"requestReceivedTimestamp":"{received}","stageTimestamp":"{closed}",{annotations}}}"#
            )?;
        }
        Ok(())
    }
}

/// `second` after 2026-11-30T00:00:00Z, in RFC 3339 with microseconds as
/// the API server writes it.
fn timestamp(second: u64) -> String {
    let (days, rest) = (second / 86_400, second % 86_400);
    let day = 30 + days; // November 30, then December
    let (month, day) = if day <= 30 { (11, day) } else { (12, day - 30) };
    assert!(day <= 31, "gen-audit writes a month at most");
    format!(
        "2026-{month:02}-{day:02}T{:02}:{:02}:{:02}.000000Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[allow(dead_code)] // the tests include this file for `write_log` alone
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, hours] = args.as_slice() else {
        eprintln!("usage: gen-audit OUT_FILE HOURS");
        std::process::exit(2);
    };
    let hours: u64 = hours.parse().expect("HOURS is a number");
    let file = std::fs::File::create(out).expect("OUT_FILE can be created");
    let mut out = std::io::BufWriter::new(file);
    let requests = write_log(&mut out, hours).expect("the log is written");
    out.flush().expect("the log is written");
    eprintln!(
        "gen-audit: {requests} requests over {hours} h in {}",
        args[0]
    );
}
