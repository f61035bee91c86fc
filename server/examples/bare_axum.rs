//! The benchmark baseline: a bare axum server answering a small fixed HTML page on the
//! same runtime settings as Luodi. `scripts/bench.sh` measures Luodi against it.

use axum::Router;
use axum::response::Html;
use axum::routing::get;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3301".into());
    let app = Router::new().route(
        "/",
        get(|| async { Html("<!DOCTYPE html><html><body><h1>hello</h1></body></html>") }),
    );
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    axum::serve(listener, app).await
}
