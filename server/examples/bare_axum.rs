//! The benchmark baseline: a bare axum server answering a small fixed HTML page on the
//! same runtime settings as Luodi. `scripts/bench.sh` measures Luodi against it.

use axum::Router;
use axum::response::Html;
use axum::routing::get;
use axum::serve::ListenerExt;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3301".into());
    let app = Router::new().route(
        "/",
        get(|| async { Html("<!DOCTYPE html><html><body><h1>hello</h1></body></html>") }),
    );
    // As Luodi does (no Nagle delay).
    let listener = tokio::net::TcpListener::bind(&addr).await?.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app).await
}
