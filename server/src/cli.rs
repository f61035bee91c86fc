//! Command-line parsing and the non-serving subcommands.

use anyhow::{Context, bail};
use app::db::Db;
use app::demo;
use app::i18n::{Locale, phrases};
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "luodi", version, about = "Luodi (落地) office automation")]
pub struct Cli {
    /// Database URL: `sqlite://path` (default: a file in the data directory) or `postgres://…`.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Folder for the SQLite database and uploaded files.
    #[arg(long, env = "LUODI_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web server (the default).
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate,
    /// Create the demo hospital (only into an empty database).
    SeedDemo,
    /// Create an administrator account (active, with the given password).
    CreateAdmin {
        #[arg(long)]
        employee_no: String,
        #[arg(long)]
        name: String,
        #[arg(long, env = "LUODI_ADMIN_PASSWORD")]
        password: String,
        /// Department name; created at the top level if missing.
        #[arg(long, default_value = "管理部")]
        department: String,
    },
    /// Recompute the adoption board's rollups from the activity events the board has
    /// read (or, on a database it has never read, from all of them: history loaded in
    /// bulk, which earns no points); points already awarded are kept.
    AdoptionRebuild,
    /// Import employees from an HR export (CSV or XLSX).
    ImportOrg {
        file: PathBuf,
        /// Only check the file and print the report.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "LUODI_LISTEN", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,
    /// Folder with the built site (`pkg/` with the WASM, JS and CSS, and the assets).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// Seed the demo hospital first if the database is empty.
    #[arg(long)]
    pub seed_demo: bool,
}

impl Cli {
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("luodi.db").display()))
    }
}

pub async fn open_db(cli: &Cli) -> anyhow::Result<Db> {
    let url = cli.database_url();
    let db = Db::connect(&url)
        .await
        .with_context(|| format!("cannot open the database {}", redact(&url)))?;
    db.migrate().await.context("cannot apply migrations")?;
    Ok(db)
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..s + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match &cli.command {
        None => {
            crate::web::serve(
                &cli,
                &ServeArgs {
                    listen: "127.0.0.1:3000".parse()?,
                    site_root: std::env::var("LEPTOS_SITE_ROOT")
                        .unwrap_or_else(|_| "target/site".into()),
                    seed_demo: false,
                },
            )
            .await
        }
        Some(Command::Serve(args)) => crate::web::serve(&cli, args).await,
        Some(Command::Migrate) => {
            let db = open_db(&cli).await?;
            println!(
                "migrations applied; version {}",
                db.applied_migration().await?
            );
            Ok(())
        }
        Some(Command::AdoptionRebuild) => {
            let db = open_db(&cli).await?;
            let started = std::time::Instant::now();
            let done = app::analytics::repo::rebuild(&db, app::db::now_ms()).await?;
            println!(
                "{} events read into {} day, {} week and {} month rows in {:.1} s",
                done.events,
                done.day_rows,
                done.week_rows,
                done.month_rows,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Some(Command::SeedDemo) => {
            let db = open_db(&cli).await?;
            if demo::seed(&db)
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?
            {
                println!("demo hospital created");
            } else {
                println!("the database already has an organisation; demo data not added");
            }
            print_demo_accounts();
            Ok(())
        }
        Some(Command::CreateAdmin {
            employee_no,
            name,
            password,
            department,
        }) => {
            let db = open_db(&cli).await?;
            app::auth::rules::check_new_password(password, password)
                .map_err(|(_, msg)| anyhow::anyhow!(msg.en()))?;
            app::org::server::create_admin_impl(&db, employee_no, name, password, department)
                .await
                .map_err(|e| anyhow::anyhow!(e.describe(app::i18n::Locale::En)))?;
            println!("administrator {employee_no} ({name}) can now sign in");
            Ok(())
        }
        Some(Command::ImportOrg { file, dry_run }) => {
            let db = open_db(&cli).await?;
            let bytes =
                std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let locale = terminal_locale();
            let report = app::org::server::import_org_impl(
                &db,
                None,
                &name,
                &bytes,
                *dry_run,
                app::db::now_ms(),
            )
            .await
            .map_err(|e| anyhow::anyhow!(e.describe(locale)))?;
            for issue in &report.file_issues {
                println!(
                    "{}: {}",
                    phrases::import_file_level(locale),
                    issue.describe(locale)
                );
            }
            for row in report.rows.iter().filter(|r| !r.issues.is_empty()) {
                let problems: Vec<String> = row.issues.iter().map(|i| i.describe(locale)).collect();
                let line = phrases::line_number(locale, row.line);
                println!(
                    "{line} {} {}: {}",
                    row.employee_no,
                    row.name,
                    problems.join(locale.list_separator())
                );
            }
            println!("{}", report.summary(locale));
            if !report.is_clean() {
                bail!("nothing imported: the file has errors");
            }
            println!(
                "{}",
                if report.written {
                    "imported"
                } else {
                    "dry run: nothing written"
                }
            );
            Ok(())
        }
    }
}

/// The language of the terminal (`LANG` / `LC_ALL`): Chinese for `zh*`, else English.
fn terminal_locale() -> Locale {
    let lang = std::env::var("LC_ALL")
        .ok()
        .filter(|v| !v.is_empty())
        .or_else(|| std::env::var("LANG").ok())
        .unwrap_or_default();
    if lang.to_lowercase().starts_with("zh") {
        Locale::Zh
    } else {
        Locale::En
    }
}

pub fn print_demo_accounts() {
    println!(
        "\n演示账号 Demo sign-ins (password / 密码: {}):",
        demo::DEMO_PASSWORD
    );
    for a in demo::DEMO_ACCOUNTS {
        println!(
            "  {}  {}  {:<4} {} / {}",
            a.employee_no, a.phone, a.name, a.role_zh, a.role_en
        );
    }
    println!(
        "  invite code / 邀请码 {} activates employee {} at /activate\n",
        demo::DEMO_INVITE_CODE,
        demo::DEMO_INVITED_NO
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_appear_in_messages() {
        assert_eq!(
            redact("postgres://luodi:secret@127.0.0.1/luodi"),
            "postgres://luodi:***@127.0.0.1/luodi"
        );
        assert_eq!(redact("sqlite://data/luodi.db"), "sqlite://data/luodi.db");
    }
}
