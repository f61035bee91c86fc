//! `luodi`: the Luodi server and its command line.
//!
//! `serve` (the default) runs the web app; `migrate`, `seed-demo`, `create-admin` and
//! `import-org` work on the database directly. Configuration comes from flags or the
//! environment (`DATABASE_URL`, `LUODI_LISTEN`, `LUODI_DATA_DIR`, `LEPTOS_SITE_ROOT`).

mod api;
mod cli;
#[cfg(test)]
mod tests;
mod web;

use clap::Parser;

/// mimalloc instead of the system allocator: server-side rendering allocates many small
/// strings per request, and glibc's malloc showed as a fifth of the CPU under load.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .init();
    let cli = cli::Cli::parse();
    cli::run(cli).await
}
