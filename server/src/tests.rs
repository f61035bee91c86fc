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
    router(AppState {
        leptos_options: crate::web::leptos_options(&args),
        db,
    })
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
    assert_eq!(body["migration"], 2);
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
    assert_eq!(body["Validation"][0]["msg"], "ErrBadCredentials");
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
    let (status, _, _) = send(&app, forged).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(&app, get("/api/v1/me", &staff)).await;
    assert_eq!(status, StatusCode::OK, "the forged sign-out did nothing");
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
