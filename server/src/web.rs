//! The web server: routes, static files, security headers, the same-origin check on
//! state-changing requests, `/healthz`, and graceful shutdown.

use crate::api;
use crate::cli::{Cli, ServeArgs, open_db, print_demo_accounts};
use app::db::Db;
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use axum::serve::ListenerExt;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::sync::Arc;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// What every handler is given. Cloned for each request, so cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: Arc<LeptosOptions>,
    pub db: Db,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        (*state.leptos_options).clone()
    }
}

pub fn leptos_options(args: &ServeArgs) -> LeptosOptions {
    let dev = std::env::var("LEPTOS_ENV")
        .map(|v| v.eq_ignore_ascii_case("dev"))
        .unwrap_or(false);
    LeptosOptions::builder()
        .output_name("luodi")
        .site_root(args.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(args.listen)
        .reload_port(3001)
        .env(if dev {
            leptos::config::Env::DEV
        } else {
            leptos::config::Env::PROD
        })
        .build()
}

/// The whole application as one axum router (also what the tests and benchmarks serve).
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let db = state.db.clone();
    let options = (*state.leptos_options).clone();
    let pkg_dir = format!("{}/{}", options.site_root, options.site_pkg_dir);
    let site_root = options.site_root.to_string();
    let static_files = ServeDir::new(site_root)
        .precompressed_br()
        .precompressed_gzip();
    let pkg_files = ServeDir::new(&pkg_dir)
        .precompressed_br()
        .precompressed_gzip();
    // The same files under a path that names their version (see `app::ui::asset_root`):
    // kept for a year. Under `/pkg` they are checked on every use.
    let version = app::ui::version_assets(std::path::Path::new(&pkg_dir));
    let versioned_pkg = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ))
        // Each file is stored compressed both ways: a cache must key on the encoding.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ))
        .service(pkg_files.clone());
    Router::new()
        .route("/healthz", get(healthz))
        .route("/learn/attempts/{id}/answer", post(exam_answer_form))
        .nest("/api/v1", api::router())
        // Server functions only: the pages have their own handler below.
        .leptos_routes_with_context(
            &state,
            Vec::new(),
            move || provide_context(db.clone()),
            move || shell(options.clone()),
        )
        .leptos_routes_with_handler(routes, render_page)
        .nest_service(
            "/pkg",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("no-cache"),
                ))
                .service(pkg_files),
        )
        .nest_service(&format!("/v/{version}/pkg"), versioned_pkg)
        .fallback_service(static_files)
        .layer(middleware::from_fn(request_guard))
        // Pages are compressed as they are sent with gzip at level 1: on the 10.8 KB
        // workbench that takes 37 µs for 4.1 KB, where brotli took 520 µs at its default
        // level (4) and 75 µs for 4.5 KB at level 1 (docs/performance.md). The build's
        // files are stored compressed at the best level (scripts/precompress.sh), brotli
        // included, and pass as they are.
        .layer(
            CompressionLayer::new()
                .no_br()
                .quality(CompressionLevel::Precise(1)),
        )
        .with_state(state)
}

/// Every page: looks up who is asking once, then renders the page (after all its data
/// has loaded, as every route asks) with that person already known to the frame and to
/// the page's own server calls. The sign-in and activation pages need no lookup.
///
/// The page is sent whole: it is complete before its first byte goes out anyway, and a
/// client that takes it uncompressed gets it with its length instead of as a chunked
/// stream. (Compressed, it is a stream again: the compression layer sets no length.)
async fn render_page(State(state): State<AppState>, req: Request) -> Response {
    let (frame, requester) = if app::PAGES_OUTSIDE_FRAME.contains(&req.uri().path()) {
        (None, None)
    } else {
        let (frame, requester) =
            app::home::server::frame_for_request(&state.db, req.headers()).await;
        (Some(frame), requester)
    };
    let options = state.leptos_options;
    let db = state.db;
    // Leptos copies this closure and then calls it once per render: the person is
    // handed over, not copied twice.
    let per_request = Arc::new(std::sync::Mutex::new((frame, requester)));
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(db.clone());
            let (frame, requester) = match per_request.lock() {
                Ok(mut taken) => (taken.0.take(), taken.1.take()),
                Err(_) => (None, None),
            };
            if let Some(frame) = frame {
                provide_context(frame);
            }
            if let Some(requester) = requester {
                provide_context(requester);
            }
        },
        move || shell((*options).clone()),
    );
    let (parts, body) = render(req).await.into_parts();
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(page) => Response::from_parts(parts, Body::from(page)),
        Err(e) => {
            tracing::error!("page render failed: {e}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The exam answer page's plain form (it works without WASM).
async fn exam_answer_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    body: String,
) -> Response {
    app::training::server::answer_form_handler(&state.db, &headers, &id, &body).await
}

async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.applied_migration().await {
        Ok(version) => Json(serde_json::json!({
            "status": "ok",
            "database": state.db.backend,
            "migration": version,
            "latest_migration": state.db.latest_migration(),
        }))
        .into_response(),
        Err(err) => {
            tracing::error!("health check failed: {err}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "unavailable", "database": state.db.backend })),
            )
                .into_response()
        }
    }
}

/// Every request passes here, once: a state-changing request is checked for same origin
/// and then runs to completion, a server function's error gets its status, and every
/// answer gets the security headers. (One layer, not four: each layer is a boxed
/// future and a copy of the router on every request.)
async fn request_guard(req: Request, next: Next) -> Response {
    let mut res = if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        server_fn_error_status(next.run(req).await).await
    } else if let Some(refusal) = cross_origin_refusal(req.headers()) {
        refusal
    } else {
        run_to_completion(req, next).await
    };
    add_security_headers(res.headers_mut());
    res
}

fn add_security_headers(headers: &mut axum::http::HeaderMap) {
    // Pages set their own policy with their script nonce; everything else gets the strict one.
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(policy) = HeaderValue::from_str(&app::ui::content_security_policy(None))
    {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
}

/// Server functions answer every error with 500; this gives the caller's mistakes
/// (validation, forbidden, not found…) their 4xx status, so only real faults are 500s.
async fn server_fn_error_status(res: Response) -> Response {
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = api::status_for(&error);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A state-changing request runs to its end even when the client goes away halfway
/// (a phone losing its signal): cancelling it mid-transaction would leave the
/// transaction to be rolled back lazily on a pooled connection, and the next writer
/// on that connection fails. (Reads may be cancelled freely.)
async fn run_to_completion(req: Request, next: Next) -> Response {
    match tokio::spawn(async move { server_fn_error_status(next.run(req).await).await }).await {
        Ok(response) => response,
        Err(e) => {
            tracing::error!("request task failed: {e}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Server functions have no CSRF protection of their own: a state-changing request that
/// carries our cookies must come from a page of this site (its Origin, or failing
/// that its Referer, names this host). Requests without cookies (API clients with a
/// bearer token) carry no ambient authority and pass. The refusal, if refused.
fn cross_origin_refusal(headers: &axum::http::HeaderMap) -> Option<Response> {
    if !headers.contains_key(header::COOKIE) {
        return None;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    if source.is_some_and(|s| same_host(s, host)) {
        return None;
    }
    tracing::warn!(?source, host, "cross-origin state-changing request refused");
    let body = serde_json::to_string(&app::error::AppError::Forbidden).unwrap_or_default();
    Some(
        Response::builder()
            .status(StatusCode::FORBIDDEN)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap_or_else(|_| StatusCode::FORBIDDEN.into_response()),
    )
}

/// Whether the URL `source` (an Origin or Referer) is on `host` (`name[:port]`).
pub fn same_host(source: &str, host: &str) -> bool {
    let rest = source.split_once("://").map(|(_, r)| r).unwrap_or("");
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty() && authority.eq_ignore_ascii_case(host)
}

pub async fn serve(cli: &Cli, args: &ServeArgs) -> anyhow::Result<()> {
    let db = open_db(cli).await?;
    if args.seed_demo
        && app::demo::seed(&db)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?
    {
        tracing::info!("demo hospital created");
    }
    if args.seed_demo {
        print_demo_accounts();
    }
    app::auth::server::set_process_db(&db);
    let state = AppState {
        leptos_options: Arc::new(leptos_options(args)),
        db: db.clone(),
    };
    let app = router(state);
    let clock = tokio::spawn(approval_clock(db.clone()));
    let exam_clock = tokio::spawn(exam_clock(db.clone()));
    let adoption = tokio::spawn(app::analytics::server::run_refresher(db.clone()));
    let mailer = app::mail::MailConfig::from_env().map(|config| {
        tracing::info!("mailing notifications through {}", redact(&config.url));
        tokio::spawn(mail_sender(db.clone(), config))
    });
    // No Nagle delay: a response written in pieces (a static file's headers, then its
    // body) would otherwise wait for the client's delayed ACK, up to 40 ms a file.
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await?
        .tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::debug!("TCP_NODELAY: {e}");
            }
        });
    tracing::info!(
        "Luodi listening on http://{} ({:?}, migration {})",
        args.listen,
        db.backend,
        db.applied_migration().await.unwrap_or(0)
    );
    axum::serve(listener, app.into_make_service())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    clock.abort();
    exam_clock.abort();
    adoption.abort();
    if let Some(m) = mailer {
        m.abort();
    }
    db.pool.close().await;
    tracing::info!("Luodi stopped");
    Ok(())
}

/// Every minute: reminders, automatic approvals and escalations of tasks that have
/// waited too long. Safe on several instances: each act locks the request.
async fn approval_clock(db: app::db::Db) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        tick.tick().await;
        match app::approval::service::run_clock(&db, app::db::now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!("approval clock settled {n} requests"),
            Err(e) => tracing::warn!("approval clock: {e:?}"),
        }
    }
}

/// Every 5 seconds: hand in the exam attempts whose time is up, so a phone that went
/// off mid-exam still gets its result.
async fn exam_clock(db: app::db::Db) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
    loop {
        tick.tick().await;
        match app::training::server::run_clock(&db, app::db::now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!("exam clock handed in {n} attempts"),
            Err(e) => tracing::warn!("exam clock: {e:?}"),
        }
    }
}

/// Every 15 seconds: mail the notifications not mailed yet.
async fn mail_sender(db: app::db::Db, config: app::mail::MailConfig) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(15));
    loop {
        tick.tick().await;
        match app::mail::send_pending(&db, &config, app::db::now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!("mailed {n} notifications"),
            Err(e) => tracing::warn!("mail sender: {e:?}"),
        }
    }
}

/// An SMTP URL without its password, for the log.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…{}", &url[..scheme], &url[at..]),
        _ => url.to_string(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `render_page` renders every page after its data has loaded; a route asking for
    /// another mode would silently not get it.
    #[tokio::test]
    async fn every_page_route_renders_after_its_data_loads() {
        let routes = generate_route_list(App);
        assert!(routes.len() > 30);
        for route in &routes {
            assert_eq!(format!("{:?}", route.mode()), "Async", "{}", route.path());
        }
        for path in app::PAGES_OUTSIDE_FRAME {
            assert!(routes.iter().any(|r| r.path() == path), "{path} is a route");
        }
    }

    #[test]
    fn same_host_compares_the_authority_only() {
        assert!(same_host("http://127.0.0.1:3000", "127.0.0.1:3000"));
        assert!(same_host("https://oa.example.cn/me?x=1", "oa.example.cn"));
        assert!(!same_host(
            "https://evil.example/oa.example.cn",
            "oa.example.cn"
        ));
        assert!(!same_host("http://127.0.0.1:3001", "127.0.0.1:3000"));
        assert!(!same_host("null", "127.0.0.1:3000"));
    }
}
