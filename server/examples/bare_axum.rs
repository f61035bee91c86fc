//! The benchmark baselines: a bare axum server on the same runtime settings as Luodi,
//! answering a small fixed HTML page (`/`) and one row looked up by key in a SQLite
//! file through sqlx's `Any` driver, as JSON (`/row`). `scripts/bench.sh` measures
//! Luodi's pages against the first and its JSON API against the second.

use axum::Router;
use axum::extract::State;
use axum::response::{Html, Json};
use axum::routing::get;
use axum::serve::ListenerExt;
use sqlx::AnyPool;

/// Rows in the lookup table: about a hospital's staff.
const ROWS: i64 = 2_000;

async fn one_row(State(pool): State<AnyPool>) -> Result<Json<serde_json::Value>, String> {
    let (id, name, department): (String, String, String) =
        sqlx::query_as("SELECT id, name, department FROM people WHERE id = $1")
            .bind("p-01234")
            .fetch_one(&pool)
            .await
            .map_err(|e| e.to_string())?;
    Ok(Json(
        serde_json::json!({ "id": id, "name": name, "department": department }),
    ))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3301".into());
    sqlx::any::install_default_drivers();
    let file = std::env::temp_dir().join(format!("luodi-bare-{}.db", std::process::id()));
    let pool = sqlx::pool::PoolOptions::<sqlx::Any>::new()
        .max_connections(4)
        .connect(&format!("sqlite://{}?mode=rwc", file.display()))
        .await?;
    sqlx::query("PRAGMA journal_mode = WAL")
        .execute(&pool)
        .await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS people (id TEXT PRIMARY KEY, name TEXT NOT NULL, department TEXT NOT NULL)",
    )
    .execute(&pool)
    .await?;
    let mut tx = pool.begin().await?;
    for n in 0..ROWS {
        sqlx::query("INSERT OR IGNORE INTO people (id, name, department) VALUES ($1, $2, $3)")
            .bind(format!("p-{n:05}"))
            .bind(format!("员工{n}"))
            .bind(format!("科室{}", n % 40))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    let app = Router::new()
        .route(
            "/",
            get(|| async { Html("<!DOCTYPE html><html><body><h1>hello</h1></body></html>") }),
        )
        .route("/row", get(one_row))
        .with_state(pool);
    // As Luodi does (no Nagle delay).
    let listener = tokio::net::TcpListener::bind(&addr).await?.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app).await?;
    Ok(())
}
