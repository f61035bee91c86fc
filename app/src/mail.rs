//! Email for notifications. When an SMTP server is configured (`LUODI_SMTP_URL`, e.g.
//! `smtps://user:password@mail.example.cn` or `smtp://127.0.0.1:2525` for a local
//! relay), a background sender mails each new notification to people with an email
//! address. Every notification is claimed in the database before it is sent, so
//! several servers on one database never send one twice; a failed send is released
//! and tried again.

use crate::approval::rules::Notice;
use crate::db::Db;
use crate::error::AppError;
use crate::form::model::Text;
use crate::i18n::{Locale, phrases};

/// Where and how to send.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// An SMTP URL as lettre reads it (`smtp://`, `smtps://`, `?tls=required`).
    pub url: String,
    /// The sender, e.g. `落地 <oa@hospital.example.cn>`.
    pub from: String,
    /// The address people open Luodi at, for the links in messages.
    pub public_url: String,
}

impl MailConfig {
    /// From `LUODI_SMTP_URL`, `LUODI_MAIL_FROM` and `LUODI_PUBLIC_URL`; `None` when
    /// no SMTP server is configured.
    pub fn from_env() -> Option<MailConfig> {
        let url = std::env::var("LUODI_SMTP_URL")
            .ok()
            .filter(|u| !u.trim().is_empty())?;
        Some(MailConfig {
            url,
            from: std::env::var("LUODI_MAIL_FROM")
                .unwrap_or_else(|_| "落地 Luodi <luodi@localhost>".into()),
            public_url: std::env::var("LUODI_PUBLIC_URL")
                .unwrap_or_else(|_| "http://127.0.0.1:3000".into()),
        })
    }
}

/// The subject and plain-text body of a notification mail, Chinese first.
pub fn compose(
    notice: Notice,
    form: &Text,
    initiator: &str,
    actor: Option<&str>,
    link: &str,
) -> (String, String) {
    let what = |locale: Locale| notice.label().text(locale);
    // The recipient's language is not known: the subject is Chinese, the body says it
    // in both languages.
    let summary = |locale: Locale| {
        let by = actor
            .map(|a| phrases::mail_actor(locale, a))
            .unwrap_or_default();
        phrases::mail_summary(locale, what(locale), by, initiator, form.get(locale))
    };
    let subject = phrases::mail_subject(
        Locale::Zh,
        what(Locale::Zh),
        initiator,
        form.get(Locale::Zh),
    );
    let body = format!(
        "{}\n\n{} / {}: {link}\n\n{}\n",
        summary(Locale::Zh),
        phrases::mail_open(Locale::Zh),
        phrases::mail_open(Locale::En),
        summary(Locale::En)
    );
    (subject, body)
}

#[derive(sqlx::FromRow)]
struct PendingRow {
    id: String,
    kind: String,
    instance_id: Option<String>,
    email: String,
    name: String,
    name_zh: Option<String>,
    name_en: Option<String>,
    initiator_name: Option<String>,
    actor_name: Option<String>,
}

/// How far back unsent notifications are still worth a mail.
const MAIL_WINDOW_MS: i64 = 24 * 3_600_000;

/// Sends every unsent notification of the last day to people with an email address;
/// returns how many were sent.
pub async fn send_pending(db: &Db, config: &MailConfig, now: i64) -> Result<usize, AppError> {
    use lettre::message::header::ContentType;
    use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
    let rows: Vec<PendingRow> = sqlx::query_as(
        "SELECT n.id, n.kind, n.instance_id, e.email, e.name, f.name_zh, f.name_en,
                ini.name AS initiator_name, a.name AS actor_name
         FROM notifications n JOIN employees e ON e.id = n.employee_id
         LEFT JOIN approval_instances i ON i.id = n.instance_id
         LEFT JOIN forms f ON f.id = i.form_id
         LEFT JOIN employees ini ON ini.id = i.initiator_id
         LEFT JOIN employees a ON a.id = n.actor_id
         WHERE n.emailed_at IS NULL AND e.email IS NOT NULL AND e.email <> '' AND n.created_at >= $1
         ORDER BY n.created_at LIMIT 200",
    )
    .bind(now - MAIL_WINDOW_MS)
    .fetch_all(&db.pool)
    .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.url)
        .map_err(|e| {
            tracing::error!("LUODI_SMTP_URL: {e}");
            AppError::internal("smtp url")
        })?
        .build();
    let from = config.from.parse().map_err(|e| {
        tracing::error!("LUODI_MAIL_FROM: {e}");
        AppError::internal("mail from")
    })?;
    let mut sent = 0;
    for row in rows {
        let Some(notice) = Notice::parse(&row.kind) else {
            continue;
        };
        let Ok(to) = format!("{} <{}>", row.name, row.email).parse() else {
            continue;
        };
        // Claim it first: another server may be sending the same batch.
        let claimed = sqlx::query(
            "UPDATE notifications SET emailed_at = $1 WHERE id = $2 AND emailed_at IS NULL",
        )
        .bind(now)
        .bind(&row.id)
        .execute(&db.pool)
        .await?
        .rows_affected();
        if claimed != 1 {
            continue;
        }
        let form = Text::new(
            &row.name_zh.unwrap_or_default(),
            &row.name_en.unwrap_or_default(),
        );
        let link = match &row.instance_id {
            Some(id) => format!("{}/approvals/{id}", config.public_url.trim_end_matches('/')),
            None => format!("{}/notifications", config.public_url.trim_end_matches('/')),
        };
        let (subject, body) = compose(
            notice,
            &form,
            row.initiator_name.as_deref().unwrap_or(""),
            row.actor_name.as_deref(),
            &link,
        );
        let message = Message::builder()
            .from(lettre::message::Mailbox::clone(&from))
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body);
        let result = match message {
            Ok(m) => transport
                .send(m)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        match result {
            Ok(()) => sent += 1,
            Err(e) => {
                tracing::warn!("mail to {} failed: {e}", row.email);
                // Release it for the next round.
                sqlx::query("UPDATE notifications SET emailed_at = NULL WHERE id = $1")
                    .bind(&row.id)
                    .execute(&db.pool)
                    .await?;
                break;
            }
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::seeded_dbs;

    #[test]
    fn mails_say_what_happened_and_link_to_the_request() {
        let form = Text::new("请假", "Leave");
        let (subject, body) = compose(
            Notice::NewTask,
            &form,
            "赵丽",
            None,
            "http://oa/approvals/1",
        );
        assert_eq!(subject, "【落地】待你审批：赵丽的请假");
        assert!(
            body.contains("http://oa/approvals/1")
                && body.contains("Waiting for you: 赵丽 · Leave")
        );
        let (subject, body) = compose(Notice::Returned, &form, "赵丽", Some("陈志明"), "x");
        assert!(subject.contains("你的申请被退回"));
        assert!(body.starts_with("你的申请被退回（陈志明）"));
    }

    /// Sends through a real SMTP server the test command starts (`LUODI_TEST_SMTP_URL`,
    /// writing to the maildir `LUODI_TEST_MAILDIR`). Ignored by a plain `cargo test`;
    /// `scripts/test.sh` runs it (`--include-ignored`), and it fails without its server.
    #[tokio::test]
    #[ignore = "needs the SMTP server scripts/test.sh starts"]
    async fn notifications_are_mailed_once_through_a_real_smtp_server() {
        let url = std::env::var("LUODI_TEST_SMTP_URL")
            .expect("LUODI_TEST_SMTP_URL names the test SMTP server (scripts/test.sh sets it)");
        let maildir = std::env::var("LUODI_TEST_MAILDIR")
            .expect("LUODI_TEST_MAILDIR names its maildir (scripts/test.sh sets it)");
        let db = seeded_dbs().await.remove(0);
        let now = crate::db::now_ms();
        let (zhao, _) =
            crate::auth::server::sign_in_impl(&db, "00031", crate::demo::DEMO_PASSWORD, now)
                .await
                .unwrap();
        let (form_id,): (String,) =
            sqlx::query_as("SELECT id FROM forms WHERE template_key = 'leave'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        let reason = format!("邮件测试 {}", crate::db::new_id());
        let values = serde_json::json!({
            "leave_type": "annual",
            "period": {"start": "2027-01-04", "start_half": "am", "end": "2027-01-04", "end_half": "pm"},
            "reason": reason,
        });
        let outcome = crate::form::server::submit_form_impl(
            &db,
            &zhao,
            &form_id,
            1,
            values.as_object().unwrap(),
            &crate::db::new_id(),
            now,
        )
        .await
        .unwrap();
        let crate::form::model::SubmitOutcome::Submitted { id, .. } = outcome else {
            panic!("not submitted")
        };
        let config = MailConfig {
            url,
            from: "落地 <oa@hospital.example.cn>".into(),
            public_url: "http://oa.example".into(),
        };
        let sent = send_pending(&db, &config, now).await.unwrap();
        assert!(sent >= 1, "the supervisor's task is mailed");
        assert_eq!(
            send_pending(&db, &config, now).await.unwrap(),
            0,
            "never twice"
        );
        // The message arrived, addressed to 刘洋, with the link to the request.
        let link = format!("http://oa.example/approvals/{id}");
        let mut found = false;
        for _ in 0..50 {
            for dir in ["new", "cur"] {
                let Ok(entries) = std::fs::read_dir(std::path::Path::new(&maildir).join(dir))
                else {
                    continue;
                };
                for entry in entries.flatten() {
                    let raw = std::fs::read_to_string(entry.path())
                        .unwrap_or_default()
                        .replace("\r\n", "\n");
                    let Some((headers, body)) = raw.split_once("\n\n") else {
                        continue;
                    };
                    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
                    use base64::Engine;
                    let text = base64::engine::general_purpose::STANDARD
                        .decode(compact.as_bytes())
                        .ok()
                        .and_then(|b| String::from_utf8(b).ok())
                        .unwrap_or_else(|| body.to_string());
                    if text.contains(&link) {
                        assert!(
                            headers.contains("Subject: =?utf-8?"),
                            "the subject is encoded: {headers}"
                        );
                        assert!(
                            headers.contains("<staff029@hospital.example.cn>"),
                            "to 刘洋: {headers}"
                        );
                        assert!(text.contains("待你审批"), "{text}");
                        found = true;
                    }
                }
            }
            if found {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(found, "no message with {link} in {maildir}");
    }
}
