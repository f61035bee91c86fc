//! The HTTP surface in-process: health, security headers, the same-origin check, the
//! JSON API and its OpenAPI document, on a fresh SQLite database with the demo data.

use crate::web::{AppState, router};
use app::db::Db;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

async fn app() -> axum::Router {
    app_and_db().await.0
}

async fn app_and_db() -> (axum::Router, Db) {
    let (router, db, _) = app_db_and_site().await;
    (router, db)
}

/// The app, its database and its site directory (where the build's files would be).
async fn app_db_and_site() -> (axum::Router, Db, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("luodi-http-{}", app::db::new_id()));
    let db = Db::connect(&format!("sqlite://{}/luodi.db", dir.display()))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    app::demo::seed(&db).await.unwrap();
    app::auth::server::set_process_db(&db);
    let args = crate::cli::ServeArgs {
        listen: "127.0.0.1:0".parse().unwrap(),
        site_root: dir.display().to_string(),
        seed_demo: false,
    };
    let router = router(AppState {
        leptos_options: std::sync::Arc::new(crate::web::leptos_options(&args)),
        db: db.clone(),
    });
    (router, db, dir)
}

async fn send(
    app: &axum::Router,
    req: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Value) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        headers,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn json_post(uri: &str, body: Value) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

async fn token(app: &axum::Router, account: &str) -> String {
    let (status, _, body) = send(
        app,
        json_post(
            "/api/v1/auth/sign-in",
            serde_json::json!({"account": account, "password": "Luodi2026"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["session_token"].as_str().unwrap().to_string()
}

fn get(uri: &str, bearer: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::AUTHORIZATION, format!("Bearer {bearer}"))
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn healthz_names_the_backend_and_migration_and_pages_carry_security_headers() {
    let app = app().await;
    let (status, headers, body) =
        send(&app, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["database"], "sqlite");
    // Every migration this build carries has been applied (whatever their number).
    assert!(body["migration"].as_i64().is_some_and(|n| n > 0), "{body}");
    assert_eq!(body["migration"], body["latest_migration"]);
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"));
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    // A page's policy allows exactly its own inline scripts, by nonce.
    let res = app
        .clone()
        .oneshot(
            Request::get("/sign-in")
                .header(header::ACCEPT, "text/html")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    let html =
        String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("nonce in CSP");
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );
    let scripts = csp
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap();
    assert!(!scripts.contains("unsafe-inline"), "{scripts}");
}

#[tokio::test]
async fn the_build_is_served_under_its_version_to_be_kept_for_a_year() {
    let (app, _, site) = app_db_and_site().await;
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("pkg/luodi.css"), "body{}").unwrap();
    let root = app::ui::asset_root();
    assert!(root.starts_with("/v/") && root.len() == 3 + 16, "{root}");
    let page = |uri: &str| {
        Request::get(uri)
            .header(header::ACCEPT, "text/html")
            .body(Body::empty())
            .unwrap()
    };
    let staff = token(&app, "00031").await;
    let html_of = |uri: &'static str| {
        let app = app.clone();
        let staff = staff.clone();
        async move {
            status_location_and_html(&app, self::page(uri, Some(&staff)))
                .await
                .2
        }
    };
    // Sign-in is sent without code (app::PAGES_WITHOUT_CODE); a page outside that list,
    // such as the list of my submissions, links the build's code under its version.
    let html = html_of("/sign-in").await;
    assert!(
        html.contains(&format!("href=\"{root}/pkg/luodi.css\"")),
        "{html}"
    );
    assert!(
        !html.contains("luodi.js") && !html.contains(".wasm"),
        "{html}"
    );
    assert!(html.contains(r#"data-live="drawn""#), "{html}");
    let html = html_of("/forms/mine").await;
    assert!(
        html.contains(&format!("href=\"{root}/pkg/luodi.js\"")),
        "{html}"
    );
    assert!(!html.contains(r#"data-live="drawn""#), "{html}");
    let versioned = app
        .clone()
        .oneshot(page(&format!("{root}/pkg/luodi.css")))
        .await
        .unwrap();
    assert_eq!(versioned.status(), StatusCode::OK);
    assert_eq!(
        versioned.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    // A page is compressed on the way out with gzip (cheap at level 1); brotli is
    // for the build's files, which are stored compressed.
    let compressed = app
        .clone()
        .oneshot(
            Request::get("/sign-in")
                .header(header::ACCEPT, "text/html")
                .header(header::ACCEPT_ENCODING, "gzip, deflate, br, zstd")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(compressed.headers()[header::CONTENT_ENCODING], "gzip");
    // Under the plain path the same file is checked on every use.
    let plain = app.clone().oneshot(page("/pkg/luodi.css")).await.unwrap();
    assert_eq!(plain.status(), StatusCode::OK);
    assert_eq!(plain.headers()[header::CACHE_CONTROL], "no-cache");
}

#[tokio::test]
async fn the_api_signs_in_and_answers_by_role() {
    let app = app().await;
    let (status, _, body) = send(
        &app,
        json_post(
            "/api/v1/auth/sign-in",
            serde_json::json!({"account": "00031", "password": "nope"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // RFC 9457 problem details, the field's message in the caller's language.
    assert_eq!(body["type"], "urn:luodi:problem:validation");
    assert_eq!(body["status"], 422);
    assert_eq!(body["errors"][0]["field"], "account");
    assert_eq!(body["errors"][0]["detail"], "账号或密码不正确");
    assert_eq!(body["error"]["Validation"][0]["msg"], "ErrBadCredentials");
    let english = Request::post("/api/v1/auth/sign-in")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9,zh;q=0.5")
        .body(Body::from(
            serde_json::json!({"account": "00031", "password": "nope"}).to_string(),
        ))
        .unwrap();
    let (status, headers, body) = send(&app, english).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");
    assert_eq!(body["detail"], "Wrong account or password");
    let staff = token(&app, "00031").await;
    let (status, _, me) = send(&app, get("/api/v1/me", &staff)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["name"], "赵丽");
    let (status, _, departments) = send(&app, get("/api/v1/departments", &staff)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(departments.as_array().unwrap().len(), 13);
    let (status, _, _) = send(&app, get("/api/v1/employees", &staff)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(
        &app,
        Request::get("/api/v1/me").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let admin = token(&app, "00002").await;
    let (status, _, page) = send(&app, get("/api/v1/employees?status=invited&q=", &admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page["total"].as_i64().unwrap() > 10);
}

#[tokio::test]
async fn the_import_endpoint_dry_runs_without_writing() {
    let app = app().await;
    let admin = token(&app, "00002").await;
    let csv = "工号,姓名,部门\n00701,新人,信息科\n00702,另一人,不存在的科\n";
    let req = Request::post("/api/v1/org/import?dry_run=true&file_name=hr.csv")
        .header(header::AUTHORIZATION, format!("Bearer {admin}"))
        .body(Body::from(csv))
        .unwrap();
    let (status, _, report) = send(&app, req).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(report["written"], false);
    assert_eq!(
        report["rows"][1]["issues"][0]["UnknownDepartment"],
        "不存在的科"
    );
}

#[tokio::test]
async fn state_changing_requests_with_cookies_must_come_from_this_site() {
    let app = app().await;
    let staff = token(&app, "00031").await;
    let forged = Request::post("/auth/sign-out")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::COOKIE, format!("luodi_session={staff}"))
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = send(&app, forged).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body, serde_json::json!("Forbidden"));
    // The refusal is an answer like any other: it carries the security headers.
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(headers.contains_key(header::CONTENT_SECURITY_POLICY));
    let (status, _, _) = send(&app, get("/api/v1/me", &staff)).await;
    assert_eq!(status, StatusCode::OK, "the forged sign-out did nothing");
}

/// A GET of `uri` as a browser would send it, with the session cookie when given.
fn page(uri: &str, session: Option<&str>) -> Request<Body> {
    let mut req = Request::get(uri).header(header::ACCEPT, "text/html");
    if let Some(session) = session {
        req = req.header(header::COOKIE, format!("luodi_session={session}"));
    }
    req.body(Body::empty()).unwrap()
}

async fn status_location_and_html(
    app: &axum::Router,
    req: Request<Body>,
) -> (StatusCode, String, String) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let location = res
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, location, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn pages_render_for_the_session_they_carry_and_send_everyone_else_to_sign_in() {
    let app = app().await;
    let staff = token(&app, "00031").await;
    let (status, _, html) = status_location_and_html(&app, page("/", Some(&staff))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("赵丽"), "the workbench greets her");
    // The page's own data, loaded while rendering, is hers too: her expense claim.
    let (status, _, html) = status_location_and_html(&app, page("/forms/mine", Some(&staff))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("费用报销"), "her claim is listed");
    // A visitor is sent to sign in, and back here afterwards.
    let (status, location, _) = status_location_and_html(&app, page("/forms/mine", None)).await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(location, "/sign-in?next=%2Fforms%2Fmine");
    let (status, location, _) =
        status_location_and_html(&app, page("/", Some("not-a-session"))).await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(location, "/sign-in");
    // After signing out, the same cookie opens nothing.
    let sign_out = Request::post("/auth/sign-out")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, format!("luodi_session={staff}"))
        .body(Body::empty())
        .unwrap();
    let res = app.clone().oneshot(sign_out).await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let (status, location, _) = status_location_and_html(&app, page("/", Some(&staff))).await;
    assert!(status.is_redirection(), "{status}");
    assert_eq!(location, "/sign-in");
}

#[tokio::test]
async fn server_function_errors_carry_a_fitting_status() {
    let app = app().await;
    let staff = token(&app, "00031").await;
    let req = Request::post("/api/org/employees")
        .header(header::AUTHORIZATION, format!("Bearer {staff}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(
            "filter[query]=&filter[include_sub_departments]=false&filter[page]=0",
        ))
        .unwrap();
    let (status, _, body) = send(&app, req).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = app().await;
    let (status, _, doc) = send(
        &app,
        Request::get("/api/v1/openapi.json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/auth/sign-in",
        "/api/v1/me",
        "/api/v1/departments",
        "/api/v1/employees",
        "/api/v1/org/import",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} missing");
    }
    assert!(doc["components"]["schemas"].get("ImportReport").is_some());
}

fn bearer_post(uri: &str, bearer: &str, content_type: &str, body: Vec<u8>) -> Request<Body> {
    Request::post(uri)
        .header(header::AUTHORIZATION, format!("Bearer {bearer}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap()
}

async fn raw(
    app: &axum::Router,
    req: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let res = app.clone().oneshot(req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    (
        status,
        headers,
        res.into_body().collect().await.unwrap().to_bytes().to_vec(),
    )
}

#[tokio::test]
async fn an_integration_uploads_a_file_submits_a_claim_and_exports_the_spreadsheet() {
    let app = app().await;
    let zhao = token(&app, "00031").await;
    let admin = token(&app, "00002").await;
    let (_, _, forms) = send(&app, get("/api/v1/forms", &zhao)).await;
    let expense = forms
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"]["zh"] == "费用报销")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    // A file whose content is not what its name says is refused, in the caller's words.
    let (status, _, body) = send(
        &app,
        bearer_post(
            "/api/v1/uploads?name=invoice.pdf",
            &zhao,
            "application/octet-stream",
            b"<html>".to_vec(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["detail"], "文件内容与扩展名不符");
    assert_eq!(body["errors"][0]["field"], "file");
    let (status, _, file) = send(
        &app,
        bearer_post(
            "/api/v1/uploads?name=%E5%8F%91%E7%A5%A8.pdf",
            &zhao,
            "application/octet-stream",
            b"%PDF-1.7 test".to_vec(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{file}");
    assert_eq!(file["name"], "发票.pdf");
    assert_eq!(file["content_type"], "application/pdf");

    // Only its owner and administrators can read it back.
    let file_uri = format!("/api/v1/uploads/{}", file["id"].as_str().unwrap());
    let (status, headers, bytes) = raw(&app, get(&file_uri, &zhao)).await;
    assert_eq!(
        (status, bytes.as_slice()),
        (StatusCode::OK, &b"%PDF-1.7 test"[..])
    );
    assert!(
        headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    let other = token(&app, "00032").await;
    assert_eq!(
        raw(&app, get(&file_uri, &other)).await.0,
        StatusCode::NOT_FOUND
    );

    // Bad values come back per field; good ones make one submission per key.
    let uri = format!("/api/v1/forms/{expense}/submissions");
    let claim = |amount: i64| {
        serde_json::json!({
            "idempotency_key": "erp-claim-0001",
            "values": {
                "expense_type": "travel",
                "lines": [{"date": "2026-11-20", "category": "transport", "description": "出租车", "amount": amount}],
                "payee_account": "6222 0000",
                "invoices": [file.clone()],
            }
        })
    };
    let (status, _, body) = send(
        &app,
        bearer_post(
            &uri,
            &zhao,
            "application/json",
            claim(0).to_string().into_bytes(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["type"], "urn:luodi:problem:validation");
    assert_eq!(body["errors"][0]["field"], "lines[0].amount");
    let (status, _, first) = send(
        &app,
        bearer_post(
            &uri,
            &zhao,
            "application/json",
            claim(4_250).to_string().into_bytes(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let (_, _, again) = send(
        &app,
        bearer_post(
            &uri,
            &zhao,
            "application/json",
            claim(4_250).to_string().into_bytes(),
        ),
    )
    .await;
    assert_eq!(first["id"], again["id"]);

    // The administrator's export has one line per expense line, amounts in yuan.
    let (status, headers, csv) = raw(
        &app,
        get(&format!("/api/v1/forms/{expense}/export.csv"), &admin),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("filename*=UTF-8''")
    );
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(
        csv.lines().count(),
        1 + 2 + 1,
        "heading, the demo claim's two lines, this claim's one line"
    );
    assert!(csv.contains("出租车") && csv.contains("42.50"));
    let (status, _, xlsx) = raw(
        &app,
        get(
            &format!("/api/v1/forms/{expense}/export.xlsx?from=2000-01-01"),
            &admin,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(xlsx.starts_with(b"PK"), "an XLSX workbook");
    assert_eq!(
        raw(
            &app,
            get(&format!("/api/v1/forms/{expense}/export.csv"), &zhao)
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );

    // Other tools can read the form's shape.
    let (status, _, schema) =
        send(&app, get(&format!("/api/v1/forms/{expense}/schema"), &zhao)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(schema["properties"]["lines"]["type"], "array");
    let (_, _, doc) = send(&app, get("/api/v1/openapi.json", &zhao)).await;
    assert!(doc["paths"]["/api/v1/forms/{id}/submissions"].is_object());
}

#[tokio::test]
async fn an_integration_starts_a_request_and_the_approver_acts_on_it_through_the_api() {
    let app = app().await;
    let zhao = token(&app, "00031").await;
    let liu = token(&app, "00029").await;
    let admin = token(&app, "00002").await;
    let (_, _, forms) = send(&app, get("/api/v1/forms", &zhao)).await;
    let leave = forms
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"]["zh"] == "请假")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let start = serde_json::json!({
        "form_id": leave,
        "idempotency_key": "hr-system-leave-0001",
        "values": {"leave_type": "personal", "period": {"start": "2027-01-04", "start_half": "am", "end": "2027-01-04", "end_half": "pm"}, "reason": "发烧"},
    });
    let post = |uri: &str, token: &str, body: &Value| {
        bearer_post(
            uri,
            token,
            "application/json",
            body.to_string().into_bytes(),
        )
    };
    let (status, _, started) = send(&app, post("/api/v1/approvals", &zhao, &start)).await;
    assert_eq!(status, StatusCode::CREATED, "{started}");
    let id = started["id"].as_str().unwrap().to_string();
    // A retry with the same key starts nothing new.
    let (_, _, again) = send(&app, post("/api/v1/approvals", &zhao, &start)).await;
    assert_eq!(again["id"], started["id"]);

    // The supervisor's task list has it; the employee's own to-do list does not.
    let (_, _, tasks) = send(&app, get("/api/v1/approvals/tasks", &liu)).await;
    assert!(
        tasks
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["instance_id"] == id.as_str())
    );
    let (_, _, mine) = send(&app, get("/api/v1/approvals/tasks?box=started", &zhao)).await;
    assert!(
        mine.as_array()
            .unwrap()
            .iter()
            .any(|t| t["instance_id"] == id.as_str())
    );
    let (status, _, _) = send(&app, get("/api/v1/approvals/tasks?box=nonsense", &zhao)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The employee cannot approve; the supervisor can, once.
    let approve = serde_json::json!({"action": "Approve", "comment": "早日康复"});
    let uri = format!("/api/v1/approvals/{id}/actions");
    let (status, _, body) = send(&app, post(&uri, &zhao, &approve)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, _, outcome) = send(&app, post(&uri, &liu, &approve)).await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    assert_eq!(outcome["status"], "Approved");
    let (status, _, body) = send(&app, post(&uri, &liu, &approve)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["type"], "urn:luodi:problem:conflict");
    assert_eq!(body["status"], 409);
    assert_eq!(
        body["error"],
        serde_json::json!({"Conflict": "ErrApprovalFinished"})
    );

    // The request with its timeline.
    let (_, _, view) = send(&app, get(&format!("/api/v1/approvals/{id}"), &zhao)).await;
    assert_eq!(view["status"], "Approved");
    let kinds: Vec<&str> = view["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["what"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["Submitted", "Approved", "Cc"]);
    assert_eq!(view["timeline"][1]["comment"], "早日康复");

    // Figures for the month, as JSON and CSV; employees may not read them.
    let month = app::approval::figures::month_of(app::db::now_ms());
    let (status, _, figures) = send(
        &app,
        get(&format!("/api/v1/approvals/figures?month={month}"), &admin),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{figures}");
    let leave_figures = figures["flows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["form_name"]["zh"] == "请假")
        .expect("the leave flow has figures");
    assert_eq!(leave_figures["overall"]["count"], 1);
    assert!(figures["all_flows"]["count"].as_i64().unwrap() >= 1);
    let (status, headers, csv) = raw(
        &app,
        get(
            &format!("/api/v1/approvals/figures.csv?month={month}"),
            &admin,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("请假") && csv.contains("全流程"), "{csv}");
    let (status, _, _) = send(
        &app,
        get(&format!("/api/v1/approvals/figures?month={month}"), &zhao),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(&app, get("/api/v1/approvals/figures?month=2026-13", &admin)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The flow as BPMN 2.0, for form managers.
    let (status, _, xml) = raw(
        &app,
        get(&format!("/api/v1/forms/{leave}/flow.bpmn"), &admin),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        String::from_utf8(xml)
            .unwrap()
            .contains("<bpmn:exclusiveGateway id=\"node_days_split\"")
    );
    assert_eq!(
        raw(
            &app,
            get(&format!("/api/v1/forms/{leave}/flow.bpmn"), &zhao)
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );

    // All of it is in the OpenAPI document.
    let (_, _, doc) = send(
        &app,
        Request::get("/api/v1/openapi.json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    for path in [
        "/api/v1/approvals",
        "/api/v1/approvals/tasks",
        "/api/v1/approvals/{id}",
        "/api/v1/approvals/{id}/actions",
        "/api/v1/approvals/figures",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from OpenAPI"
        );
    }
}

#[tokio::test]
async fn an_approver_opens_the_invoice_of_a_claim_waiting_for_them() {
    let (app, db) = app_and_db().await;
    let liu = token(&app, "00029").await;
    let other = token(&app, "00032").await;
    let (id,): (String,) = sqlx::query_as("SELECT id FROM uploads")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let uri = format!("/api/v1/uploads/{id}");
    assert_eq!(raw(&app, get(&uri, &liu)).await.0, StatusCode::OK);
    assert_eq!(raw(&app, get(&uri, &other)).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_training_api_imports_questions_lists_exams_exports_results_and_assigns_a_retest() {
    let app = app().await;
    let coordinator = token(&app, "00003").await;
    let zhao = token(&app, "00031").await;
    let aiken = "门诊病历书写率要求达到多少？\nA. 90%\nB. 100%\nANSWER: B\n\n急诊处方一般不超过几日用量？\nA. 3 日\nB. 7 日\nANSWER: A\n";
    let uri = "/api/v1/training/questions/import?file_name=q.txt&category=%E5%8C%BB%E7%96%97%E8%B4%A8%E9%87%8F";
    let (status, _, body) = send(
        &app,
        bearer_post(
            &format!("{uri}&dry_run=true"),
            &coordinator,
            "text/plain",
            aiken.into(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (
            body["ready"].as_array().unwrap().len(),
            body["imported"].as_u64()
        ),
        (2, Some(0))
    );
    let (status, _, _) = send(&app, bearer_post(uri, &zhao, "text/plain", aiken.into())).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, body) = send(
        &app,
        bearer_post(uri, &coordinator, "text/plain", aiken.into()),
    )
    .await;
    assert_eq!(
        (status, body["imported"].as_u64()),
        (StatusCode::OK, Some(2))
    );

    let (status, _, exams) = send(&app, get("/api/v1/training/exams", &coordinator)).await;
    assert_eq!(status, StatusCode::OK);
    let quality = exams
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"].as_str().unwrap().contains("医疗质量"))
        .unwrap();
    let id = quality["exam_id"].as_str().unwrap();
    let (status, _, detail) = send(
        &app,
        get(&format!("/api/v1/training/exams/{id}"), &coordinator),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(detail["people"].as_array().unwrap().len() > 40);
    let (status, headers, bytes) = raw(
        &app,
        get(
            &format!("/api/v1/training/exams/{id}/results.xlsx"),
            &coordinator,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    assert!(bytes.starts_with(b"PK"));
    let (status, _, _) = send(&app, get(&format!("/api/v1/training/exams/{id}"), &zhao)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let now = app::db::now_ms();
    let retest = serde_json::json!({ "include_absent": false, "opens_at": now, "closes_at": now + 86_400_000 });
    let (status, _, body) = send(
        &app,
        bearer_post(
            &format!("/api/v1/training/exams/{id}/retest"),
            &coordinator,
            "application/json",
            retest.to_string().into(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["assigned"].as_u64().unwrap() > 0);
    let (_, _, doc) = send(&app, get("/api/v1/openapi.json", &zhao)).await;
    assert!(
        doc["paths"]
            .get("/api/v1/training/questions/import")
            .is_some()
    );
    assert!(doc["components"]["schemas"].get("ExamStatus").is_some());
}

#[tokio::test]
async fn the_adoption_figures_and_weekly_report_are_served_to_those_who_may_see_them() {
    let app = app().await;
    let admin = token(&app, "00002").await;
    let head = token(&app, "00030").await;
    let staff = token(&app, "00031").await;
    let (status, _, board) =
        send(&app, get("/api/v1/adoption/dashboard?period=month", &admin)).await;
    assert_eq!(status, StatusCode::OK, "{board}");
    assert!(board["figures"]["registered"].as_i64().unwrap() > 100);
    assert_eq!(board["children"].as_array().unwrap().len(), 10);
    // A department head gets their own department; an employee gets no dashboard.
    let (status, _, mine) = send(&app, get("/api/v1/adoption/dashboard", &head)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(mine["department_name"], "内科");
    let (status, _, _) = send(&app, get("/api/v1/adoption/dashboard", &staff)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, err) = send(&app, get("/api/v1/adoption/dashboard?period=year", &admin)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    let (status, _, board) = send(
        &app,
        get("/api/v1/adoption/leaderboard?period=week", &staff),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(board["departments"][0]["rank"], 1);
    let (status, _, _) = send(&app, get("/api/v1/adoption/report.xlsx", &head)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, headers, bytes) =
        raw(&app, get("/api/v1/adoption/report.xlsx?offset=1", &admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains(".xlsx")
    );
    assert_eq!(&bytes[..2], b"PK", "an XLSX workbook is a zip");
    let (_, _, doc) = send(
        &app,
        Request::get("/api/v1/openapi.json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(doc["paths"].get("/api/v1/adoption/dashboard").is_some());
}
