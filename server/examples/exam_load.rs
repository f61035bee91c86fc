//! The exam load benchmark: thousands of examinees saving answers over loopback, each
//! on its own keep-alive connection, thinking 0.5–1.5 s between answers, with a share of
//! requests cut off mid-flight (sent, reply never read). Each examinee keeps a queue of
//! unconfirmed saves and resends it, as the answer page does. Optionally the server is
//! killed with SIGKILL mid-run and restarted. Afterwards the database is checked: every
//! answer the server confirmed must be there (or a newer one of the same slot), and no
//! slot or active attempt may exist twice. Prints figures; asserts nothing.
//!
//! Usage: exam_load LUODI_BINARY [examinees=2000] [seconds=120] [kill=0|1] [abort_percent=5]
//! A baseline (`GET /healthz` under the same connections and think times) runs first.

use app::auth::repo::create_session;
use app::db::{Db, now_ms};
use app::training::model::*;
use app::training::rules::Dice;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Mutex;

struct Examinee {
    token: String,
    attempt_id: String,
    kinds: Vec<(QuestionKind, usize, usize)>,
}

#[derive(Default)]
struct Figures {
    latencies_us: Vec<u64>,
    /// (attempt, slot) → the newest confirmed client_at.
    confirmed: HashMap<(String, usize), i64>,
    saves: u64,
    errors: u64,
    /// Why requests failed: HTTP status, or "cut off" / "connection".
    failures: std::collections::BTreeMap<String, u64>,
}

fn arg(n: usize, default: u64) -> u64 {
    std::env::args()
        .nth(n)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

fn response_for(kind: QuestionKind, options: usize, blanks: usize, dice: &mut Dice) -> Response {
    match kind {
        QuestionKind::Single => Response::Choice(dice.below(options.max(1))),
        QuestionKind::Multiple => Response::Choices(vec![dice.below(options.max(1))]),
        QuestionKind::TrueFalse => Response::Bool(dice.below(2) == 0),
        QuestionKind::Blank => Response::Blanks(vec![format!("{}", dice.below(10)); blanks]),
        QuestionKind::Short => Response::Text(format!("回答 {}", dice.roll() % 1000)),
    }
}

/// One HTTP/1.1 request on `conn` (reconnecting when needed); returns status and body.
/// With `abort`, the request is sent and the connection dropped before the reply.
async fn request(
    conn: &mut Option<TcpStream>,
    addr: &str,
    head: &str,
    body: &[u8],
    abort: bool,
) -> std::io::Result<Option<(u16, Vec<u8>)>> {
    if conn.is_none() {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        *conn = Some(stream);
    }
    let stream = conn.as_mut().expect("connected");
    let mut message = head.as_bytes().to_vec();
    message.extend_from_slice(body);
    if let Err(e) = stream.write_all(&message).await {
        *conn = None;
        return Err(e);
    }
    if abort {
        *conn = None;
        return Ok(None);
    }
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let n = match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => {
                *conn = None;
                return Err(std::io::Error::other("closed"));
            }
            Ok(n) => n,
        };
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let headers = String::from_utf8_lossy(&buf[..end]).to_lowercase();
            let status: u16 = headers
                .split_whitespace()
                .nth(1)
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            let length: usize = headers
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            while buf.len() < end + 4 + length {
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => {
                        *conn = None;
                        return Err(std::io::Error::other("closed"));
                    }
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
            return Ok(Some((status, buf[end + 4..end + 4 + length].to_vec())));
        }
    }
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

async fn wait_up(addr: &str) {
    for _ in 0..600 {
        if TcpStream::connect(addr).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not come up at {addr}");
}

fn log_file(dir: &str) -> std::process::Stdio {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(format!("{dir}/server.log"))
        .map(std::process::Stdio::from)
        .unwrap_or_else(|_| std::process::Stdio::null())
}

fn spawn_server(binary: &str, dir: &str, addr: &str) -> std::process::Child {
    std::process::Command::new(binary)
        .args(["--data-dir", dir, "serve", "--listen", addr])
        .stdout(log_file(dir))
        .stderr(log_file(dir))
        .spawn()
        .expect("start luodi")
}

/// Every examinee: an active employee with a session and an attempt in progress.
/// What the run needs besides the examinees: the exam, and sessions of the coordinator
/// and of the administrator for reading the pages that list everyone.
struct Setup {
    exam_id: String,
    coordinator_token: String,
    admin_token: String,
}

async fn prepare(db: &Db, n: usize) -> (Vec<Examinee>, Setup) {
    let now = now_ms();
    let mut tx = db.begin_write().await.expect("tx");
    let dept = app::db::new_id();
    sqlx::query("INSERT INTO departments (id, parent_id, name, sort_order, created_at, updated_at) VALUES ($1, NULL, '考试压测', 99, $2, $2)")
        .bind(&dept)
        .bind(now)
        .execute(&mut *tx)
        .await
        .expect("department");
    let mut people = Vec::with_capacity(n);
    for i in 0..n {
        let id = app::db::new_id();
        sqlx::query(
            "INSERT INTO employees (id, employee_no, name, department_id, position, status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, '', 'active', $5, $5)",
        )
        .bind(&id)
        .bind(format!("B{i:05}"))
        .bind(format!("考生{i}"))
        .bind(&dept)
        .bind(now)
        .execute(&mut *tx)
        .await
        .expect("employee");
        let token = create_session(&mut tx, &id, now).await.expect("session");
        people.push((id, token));
    }
    tx.commit().await.expect("commit");
    let (coordinator,): (String,) = sqlx::query_as(
        "SELECT employee_id FROM employee_roles WHERE role = 'training_coordinator'",
    )
    .fetch_one(&db.pool)
    .await
    .expect("coordinator");
    let coordinator = {
        let mut conn = db.pool.acquire().await.expect("conn");
        app::auth::repo::load_user(&mut conn, db.backend, &coordinator)
            .await
            .expect("load")
            .expect("user")
    };
    let (category,): (String,) =
        sqlx::query_as("SELECT id FROM training_categories ORDER BY name LIMIT 1")
            .fetch_one(&db.pool)
            .await
            .expect("category");
    let paper = PaperPart::Draw {
        category_id: category,
        kind: None,
        difficulty_min: 1,
        difficulty_max: 5,
        count: 10,
        points: 10.0,
    };
    let settings = ExamSettings {
        title: "压测考试".into(),
        paper_id: String::new(),
        opens_at: now - 60_000,
        closes_at: now + 3 * 3_600_000,
        duration_minutes: 120,
        attempts_allowed: 1,
        pass_mark: 60.0,
        shuffle_questions: true,
        shuffle_options: true,
        reveal: Reveal::AfterHandIn,
        layout: Layout::OnePerScreen,
        audience: Audience {
            departments: vec![dept],
            ..Audience::default()
        },
        retest_of: None,
    };
    let exam = app::training::manage::publish_exam_impl(
        db,
        &coordinator,
        &app::training::manage::PaperChoice::New {
            title: "压测试卷".into(),
            parts: vec![paper],
        },
        &settings,
        now,
    )
    .await
    .expect("exam");
    let mut tx = db.begin_write().await.expect("tx");
    let coordinator_token = create_session(&mut tx, &coordinator.id, now)
        .await
        .expect("session");
    let (admin,): (String,) =
        sqlx::query_as("SELECT id FROM employees WHERE employee_no = '00002'")
            .fetch_one(&mut *tx)
            .await
            .expect("admin");
    let admin_token = create_session(&mut tx, &admin, now).await.expect("session");
    tx.commit().await.expect("commit");
    let setup = Setup {
        exam_id: exam.clone(),
        coordinator_token,
        admin_token,
    };
    let mut out = Vec::with_capacity(n);
    for (id, token) in people {
        let user = {
            let mut conn = db.pool.acquire().await.expect("conn");
            app::auth::repo::load_user(&mut conn, db.backend, &id)
                .await
                .expect("load")
                .expect("user")
        };
        let attempt_id = app::training::server::start_attempt_impl(db, &user, &exam, now)
            .await
            .expect("start");
        let view = app::training::server::get_attempt_impl(db, &user, &attempt_id, now)
            .await
            .expect("view");
        let kinds = view
            .slots
            .iter()
            .map(|s| (s.kind, s.options.len(), s.blanks))
            .collect();
        out.push(Examinee {
            token,
            attempt_id,
            kinds,
        });
    }
    (out, setup)
}

/// The bytes of a signed-in page as sent (`encoding` empty: uncompressed), by curl.
fn page_bytes(addr: &str, path: &str, token: &str, encoding: &str) -> u64 {
    let mut curl = std::process::Command::new("curl");
    curl.args(["-s", "-o", "/dev/null", "-w", "%{size_download}"])
        .args(["-H", "Accept: text/html"])
        .args(["-H", &format!("Cookie: luodi_session={token}")]);
    if !encoding.is_empty() {
        curl.args(["-H", &format!("Accept-Encoding: {encoding}")]);
    }
    let out = curl
        .arg(format!("http://{addr}{path}"))
        .output()
        .expect("curl");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

/// The pages that list every examinee, first screen: HTML bytes plain and gzip.
fn print_page_sizes(addr: &str, setup: &Setup, examinees: usize) {
    let pages = [
        (
            "exam status page (coordinator)",
            format!("/admin/training/exams/{}", setup.exam_id),
            &setup.coordinator_token,
        ),
        (
            "adoption dashboard (administrator)",
            "/adoption".to_string(),
            &setup.admin_token,
        ),
    ];
    for (name, path, token) in pages {
        let plain = page_bytes(addr, &path, token, "");
        let gzip = page_bytes(addr, &path, token, "gzip");
        println!(
            "{name} with {examinees} examinees: {:.1} KB HTML, {:.1} KB gzip",
            plain as f64 / 1024.0,
            gzip as f64 / 1024.0
        );
    }
}

#[tokio::main]
async fn main() {
    let binary = std::env::args()
        .nth(1)
        .expect("usage: exam_load LUODI_BINARY [examinees] [seconds] [kill] [abort%]");
    let examinees = arg(2, 2000) as usize;
    let seconds = arg(3, 120);
    let kill = arg(4, 0) == 1;
    let abort_percent = arg(5, 5);
    let dir = std::env::temp_dir().join(format!("luodi-exam-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let dir_s = dir.display().to_string();
    let db = Db::connect(&format!("sqlite://{}/luodi.db", dir_s))
        .await
        .expect("db");
    db.migrate().await.expect("migrate");
    app::demo::seed(&db).await.expect("seed");
    let started = Instant::now();
    let (people, setup) = prepare(&db, examinees).await;
    println!(
        "prepared {examinees} examinees with attempts in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    db.pool.close().await;

    let addr = "127.0.0.1:3390".to_string();
    let server = Arc::new(Mutex::new(spawn_server(&binary, &dir_s, &addr)));
    wait_up(&addr).await;

    // Baseline: the same connections and think times on GET /healthz.
    let base = run_phase(
        &people,
        &addr,
        Duration::from_secs(seconds.min(20)),
        0,
        true,
    )
    .await;
    print_phase("baseline GET /healthz", &base, seconds.min(20));

    let running = Arc::new(AtomicBool::new(true));
    let killer = kill.then(|| {
        let (server, binary, dir_s, addr, running) = (
            server.clone(),
            binary.clone(),
            dir_s.clone(),
            addr.clone(),
            running.clone(),
        );
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(seconds / 2)).await;
            if !running.load(Ordering::SeqCst) {
                return;
            }
            let mut child = server.lock().await;
            // std's kill() is SIGKILL on Unix: no shutdown, no flush.
            let _ = child.kill();
            let _ = child.wait();
            println!(
                "server killed with SIGKILL at {} s; restarting",
                seconds / 2
            );
            *child = spawn_server(&binary, &dir_s, &addr);
            drop(child);
            wait_up(&addr).await;
        })
    });
    let saves = run_phase(
        &people,
        &addr,
        Duration::from_secs(seconds),
        abort_percent,
        false,
    )
    .await;
    running.store(false, Ordering::SeqCst);
    if let Some(k) = killer {
        let _ = k.await;
    }
    print_phase("answer saves", &saves, seconds);
    let (b99, s99) = {
        let mut b = base.latencies_us.clone();
        b.sort_unstable();
        let mut s = saves.latencies_us.clone();
        s.sort_unstable();
        (percentile(&b, 0.99), percentile(&s, 0.99))
    };
    println!(
        "p99 save / p99 baseline: {:.1}×",
        if b99 > 0.0 { s99 / b99 } else { 0.0 }
    );
    print_page_sizes(&addr, &setup, examinees);
    {
        let mut child = server.lock().await;
        let _ = child.kill();
        let _ = child.wait();
    }

    // The audit, on the database itself.
    let db = Db::connect(&format!("sqlite://{}/luodi.db", dir_s))
        .await
        .expect("db");
    let rows: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT attempt_id, slot, client_at FROM training_answers")
            .fetch_all(&db.pool)
            .await
            .expect("answers");
    let stored: HashMap<(String, usize), i64> = rows
        .into_iter()
        .map(|(a, s, c)| ((a, s as usize), c))
        .collect();
    let missing = saves
        .confirmed
        .iter()
        .filter(|(key, at)| stored.get(*key).is_none_or(|s| s < *at))
        .count();
    let (dup_slots,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM (SELECT attempt_id, slot FROM training_answers GROUP BY attempt_id, slot HAVING COUNT(*) > 1) d",
    )
    .fetch_one(&db.pool)
    .await
    .expect("dups");
    let (dup_attempts,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM (SELECT exam_id, employee_id FROM training_attempts WHERE status = 'in_progress'
         GROUP BY exam_id, employee_id HAVING COUNT(*) > 1) d",
    )
    .fetch_one(&db.pool)
    .await
    .expect("dups");
    println!(
        "confirmed answers (newest per slot): {}",
        saves.confirmed.len()
    );
    println!("confirmed but missing from the database: {missing} (must be 0)");
    println!(
        "duplicated slots: {dup_slots}, duplicated active attempts: {dup_attempts} (must be 0)"
    );
    let log = std::fs::read_to_string(format!("{dir_s}/server.log")).unwrap_or_default();
    let faults: Vec<&str> = log.lines().filter(|l| l.contains("ERROR")).collect();
    println!("server errors logged: {}", faults.len());
    for line in faults.iter().take(3) {
        println!("  {line}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn print_phase(name: &str, f: &Figures, seconds: u64) {
    let mut l = f.latencies_us.clone();
    l.sort_unstable();
    println!(
        "{name}: {} ok in {seconds} s = {:.0}/s; latency p50 {:.1} ms, p99 {:.1} ms, p99.9 {:.1} ms; errors or cut off {}",
        f.saves,
        f.saves as f64 / seconds as f64,
        percentile(&l, 0.5),
        percentile(&l, 0.99),
        percentile(&l, 0.999),
        f.errors
    );
    if !f.failures.is_empty() {
        println!("  failures: {:?}", f.failures);
    }
}

async fn run_phase(
    people: &[Examinee],
    addr: &str,
    length: Duration,
    abort_percent: u64,
    baseline: bool,
) -> Figures {
    let figures = Arc::new(Mutex::new(Figures::default()));
    let deadline = Instant::now() + length;
    let op_counter = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for (index, person) in people.iter().enumerate() {
        let (figures, addr, op_counter) = (figures.clone(), addr.to_string(), op_counter.clone());
        let token = person.token.clone();
        let attempt_id = person.attempt_id.clone();
        let kinds = person.kinds.clone();
        tasks.push(tokio::spawn(async move {
            let mut dice = Dice::new(index as u64 * 7919 + 17);
            let mut conn: Option<TcpStream> = None;
            let mut queue: Vec<AnswerSave> = Vec::new();
            let mut last_at = 0i64;
            // Spread the start over the first think time.
            tokio::time::sleep(Duration::from_millis(dice.below(1000) as u64)).await;
            while Instant::now() < deadline {
                let (head, body) = if baseline {
                    (format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n"), Vec::new())
                } else {
                    let slot = dice.below(kinds.len());
                    let (kind, options, blanks) = kinds[slot];
                    last_at = (now_ms()).max(last_at + 1);
                    let op = format!("{:x}-{index}", op_counter.fetch_add(1, Ordering::Relaxed));
                    queue.retain(|s| s.slot != slot);
                    queue.push(AnswerSave { slot, response: Some(response_for(kind, options, blanks, &mut dice)), client_at: last_at, op });
                    let body = serde_json::to_vec(&serde_json::json!({ "attempt_id": attempt_id, "saves": queue })).expect("json");
                    (
                        format!(
                            "POST /api/training/save HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nAccept: application/json\r\nOrigin: http://{addr}\r\nCookie: luodi_session={token}\r\nContent-Length: {}\r\n\r\n",
                            body.len()
                        ),
                        body,
                    )
                };
                let abort = !baseline && dice.below(100) < abort_percent as usize;
                let started = Instant::now();
                let result = request(&mut conn, &addr, &head, &body, abort).await;
                let took = started.elapsed().as_micros() as u64;
                match result {
                    Ok(Some((200, reply))) => {
                        let mut f = figures.lock().await;
                        f.latencies_us.push(took);
                        f.saves += 1;
                        if !baseline {
                            if let Ok(receipt) = serde_json::from_slice::<app::training::server::SaveReceipt>(&reply) {
                                for save in queue.iter().filter(|s| receipt.confirmed.contains(&s.op)) {
                                    let key = (attempt_id.clone(), save.slot);
                                    let at = f.confirmed.entry(key).or_insert(0);
                                    *at = (*at).max(save.client_at);
                                }
                                queue.retain(|s| !receipt.confirmed.contains(&s.op));
                            }
                        }
                    }
                    other => {
                        let why = match &other {
                            Ok(Some((status, _))) => format!("HTTP {status}"),
                            Ok(None) => "cut off".to_string(),
                            Err(_) => "connection".to_string(),
                        };
                        let mut f = figures.lock().await;
                        f.errors += 1;
                        *f.failures.entry(why).or_default() += 1;
                        drop(f);
                        if conn.is_none() && !abort {
                            tokio::time::sleep(Duration::from_millis(200)).await;
                        }
                    }
                }
                tokio::time::sleep(Duration::from_millis(500 + dice.below(1000) as u64)).await;
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    Arc::try_unwrap(figures).ok().expect("figures").into_inner()
}
