//! What waits for the person on the workbench, like DingTalk's and WeCom's: approvals
//! to handle (the frame's count), open exams not yet handed in, drafts not yet sent.

use crate::error::AppError;
use crate::form::model::Text;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How many exams and how many drafts the workbench lists; the rest are a tap away.
pub const WAITING_SHOWN: i64 = 3;

/// An open exam the person has not handed in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaitingExam {
    pub exam_id: String,
    pub title: String,
    pub closes_at: i64,
    /// Started and not handed in: the link resumes it.
    pub attempt_id: Option<String>,
}

impl WaitingExam {
    /// Where a tap goes: the attempt in progress, or the learning tab to start it.
    pub fn href(&self) -> String {
        match &self.attempt_id {
            Some(id) => format!("/learn/attempts/{id}"),
            None => "/learn".to_string(),
        }
    }
}

/// A draft of a form the person has not submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaitingDraft {
    pub form_id: String,
    pub form_name: Text,
    pub updated_at: i64,
}

/// Everything the workbench lists as waiting, besides the approvals count.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Waiting {
    pub exams: Vec<WaitingExam>,
    pub drafts: Vec<WaitingDraft>,
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::auth::CurrentUser;
    use crate::db::Db;

    /// Reads both lists: two indexed queries, on SQLite on the request's own thread
    /// when a read-only connection is free (as the session lookup does; through the
    /// pool they halved the workbench's requests per second), else on one pooled
    /// connection.
    pub async fn what_waits_impl(
        db: &Db,
        user: &CurrentUser,
        now: i64,
    ) -> Result<Waiting, AppError> {
        if let Some(waiting) = inline_read(db, &user.id, now) {
            return Ok(waiting);
        }
        let mut conn = db.pool.acquire().await?;
        let exams =
            crate::training::repo::exams_waiting_for(&mut conn, &user.id, now, WAITING_SHOWN)
                .await?
                .into_iter()
                .map(|row| WaitingExam {
                    exam_id: row.exam_id,
                    title: row.title,
                    closes_at: row.closes_at,
                    attempt_id: row.attempt_id,
                })
                .collect();
        let drafts = crate::form::repo::unsent_drafts(&mut conn, &user.id, WAITING_SHOWN)
            .await?
            .into_iter()
            .map(|row| WaitingDraft {
                form_id: row.form_id,
                form_name: Text::new(&row.name_zh, &row.name_en),
                updated_at: row.updated_at,
            })
            .collect();
        Ok(Waiting { exams, drafts })
    }

    /// Both lists from a read-only connection on this thread, or `None` when none is
    /// free or the read fails (the pool then answers; the failure is logged).
    pub(crate) fn inline_read(db: &Db, employee_id: &str, now: i64) -> Option<Waiting> {
        use crate::form::repo::UNSENT_DRAFTS_SQL;
        use crate::training::repo::EXAMS_WAITING_SQL;
        let read = db.inline_reads()?.try_read(|conn| {
            // Columns by position, in the order of the queries.
            let exams = conn
                .prepare_cached(EXAMS_WAITING_SQL)?
                .query_map(rusqlite::params![employee_id, now, WAITING_SHOWN], |row| {
                    Ok(WaitingExam {
                        exam_id: row.get(0)?,
                        title: row.get(1)?,
                        closes_at: row.get(2)?,
                        attempt_id: row.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let drafts = conn
                .prepare_cached(UNSENT_DRAFTS_SQL)?
                .query_map(rusqlite::params![employee_id, WAITING_SHOWN], |row| {
                    let (zh, en): (String, String) = (row.get(1)?, row.get(2)?);
                    Ok(WaitingDraft {
                        form_id: row.get(0)?,
                        form_name: Text::new(&zh, &en),
                        updated_at: row.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Waiting { exams, drafts })
        })?;
        read.map_err(|e| tracing::debug!(%e, "inline read of what waits failed; asking the pool"))
            .ok()
    }
}

/// What waits for the signed-in person (their own exams and drafts only).
#[server(prefix = "/api/home", endpoint = "waiting")]
pub async fn what_waits() -> Result<Waiting, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    server::what_waits_impl(&db, &user, crate::db::now_ms()).await
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::server::what_waits_impl;
    use crate::auth::server::sign_in_impl;
    use crate::db::testing::seeded_dbs;
    use crate::db::{Db, now_ms};
    use crate::demo::DEMO_PASSWORD;
    use crate::training::model::HandIn;
    use crate::training::rules::MyExamState;
    use crate::training::server::{hand_in_impl, my_exams_impl, start_attempt_impl};

    async fn person(db: &Db, no: &str) -> crate::auth::CurrentUser {
        sign_in_impl(db, no, DEMO_PASSWORD, now_ms())
            .await
            .expect("sign in")
            .0
    }

    #[tokio::test]
    async fn the_workbench_lists_an_open_exam_until_it_is_handed_in_and_a_draft_until_it_is_sent() {
        for db in seeded_dbs().await {
            let zhao = person(&db, "00031").await;
            let liu = person(&db, "00029").await;

            // The OA exam is open and zhao has not started it: it waits, to be started.
            let oa = my_exams_impl(&db, &zhao, now_ms())
                .await
                .unwrap()
                .into_iter()
                .find(|e| e.title.contains("OA"))
                .expect("the OA exam is assigned to zhao");
            assert!(matches!(oa.state, MyExamState::CanStart { next: 1 }));
            let waiting = what_waits_impl(&db, &zhao, now_ms()).await.unwrap();
            let listed = waiting.exams.iter().find(|e| e.exam_id == oa.exam_id);
            assert_eq!(listed.map(|e| e.href()).as_deref(), Some("/learn"));
            assert!(
                waiting
                    .exams
                    .windows(2)
                    .all(|w| w[0].closes_at <= w[1].closes_at)
            );

            // Started: the link resumes the attempt. Handed in: it no longer waits.
            let attempt = start_attempt_impl(&db, &zhao, &oa.exam_id, now_ms())
                .await
                .unwrap();
            let waiting = what_waits_impl(&db, &zhao, now_ms()).await.unwrap();
            let listed = waiting.exams.iter().find(|e| e.exam_id == oa.exam_id);
            assert_eq!(
                listed.map(|e| e.href()),
                Some(format!("/learn/attempts/{attempt}"))
            );
            hand_in_impl(&db, Some(&zhao), &attempt, HandIn::ByExaminee, now_ms())
                .await
                .unwrap();
            let waiting = what_waits_impl(&db, &zhao, now_ms()).await.unwrap();
            assert!(waiting.exams.iter().all(|e| e.exam_id != oa.exam_id));

            // A draft waits for its writer only, the latest first.
            let (leave,): (String,) =
                sqlx::query_as("SELECT id FROM forms WHERE template_key = 'leave'")
                    .fetch_one(&db.pool)
                    .await
                    .unwrap();
            let before = what_waits_impl(&db, &liu, now_ms()).await.unwrap().drafts;
            let mut values = crate::form::model::Values::new();
            values.insert("reason".into(), serde_json::json!("回老家探亲"));
            crate::form::server::save_my_draft_impl(
                &db,
                &zhao,
                &leave,
                1,
                &values,
                1,
                now_ms() + 1_000,
            )
            .await
            .unwrap();
            let drafts = what_waits_impl(&db, &zhao, now_ms()).await.unwrap().drafts;
            assert_eq!(drafts[0].form_id, leave);
            assert_eq!(drafts[0].form_name.zh, "请假");
            assert_eq!(
                what_waits_impl(&db, &liu, now_ms()).await.unwrap().drafts,
                before
            );
            assert!(drafts.len() as i64 <= super::WAITING_SHOWN);
            // On the request's thread (SQLite) and through the pool: the same lists.
            if let Some(inline) = super::server::inline_read(&db, &zhao.id, now_ms()) {
                let mut conn = db.pool.acquire().await.unwrap();
                let pooled =
                    crate::form::repo::unsent_drafts(&mut conn, &zhao.id, super::WAITING_SHOWN)
                        .await
                        .unwrap();
                assert_eq!(inline.drafts.len(), pooled.len());
                assert_eq!(inline.drafts[0].form_id, pooled[0].form_id);
                assert_eq!(inline.drafts[0].updated_at, pooled[0].updated_at);
                assert_eq!(inline, what_waits_impl(&db, &zhao, now_ms()).await.unwrap());
            }

            // Sent: the draft is gone from the workbench.
            let full = serde_json::json!({
                "leave_type": "annual",
                "period": {"start": "2026-12-01", "start_half": "am", "end": "2026-12-03", "end_half": "pm"},
                "reason": "回老家探亲",
            });
            let full = full.as_object().cloned().unwrap();
            let sent = crate::form::server::submit_form_impl(
                &db,
                &zhao,
                &leave,
                1,
                &full,
                "key-waiting-1",
                now_ms(),
            )
            .await
            .unwrap();
            assert!(
                matches!(sent, crate::form::model::SubmitOutcome::Submitted { .. }),
                "{sent:?}"
            );
            let drafts = what_waits_impl(&db, &zhao, now_ms()).await.unwrap().drafts;
            assert!(drafts.iter().all(|d| d.form_id != leave));
        }
    }
}
