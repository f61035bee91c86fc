//! Repository tests of forms: designing and versioning, drafts, submitting once,
//! references and filters; on SQLite and (when the test command provides it) PostgreSQL.

use super::model::*;
use super::server::*;
use crate::auth::CurrentUser;
use crate::auth::server::sign_in_impl;
use crate::db::testing::{count, seeded_dbs};
use crate::db::{Db, now_ms};
use crate::demo::DEMO_PASSWORD;
use crate::error::AppError;
use serde_json::json;

async fn person(db: &Db, no: &str) -> CurrentUser {
    sign_in_impl(db, no, DEMO_PASSWORD, now_ms())
        .await
        .expect("sign in")
        .0
}

async fn form_id(db: &Db, template: &str) -> String {
    let (id,): (String,) = sqlx::query_as("SELECT id FROM forms WHERE template_key = $1")
        .bind(template)
        .fetch_one(&db.pool)
        .await
        .expect("form");
    id
}

fn values(v: serde_json::Value) -> Values {
    v.as_object().cloned().unwrap_or_default()
}

fn leave(days: (&str, &str)) -> Values {
    values(json!({
        "leave_type": "annual",
        "period": {"start": days.0, "start_half": "am", "end": days.1, "end_half": "pm"},
        "reason": "回老家探亲",
    }))
}

#[tokio::test]
async fn the_demo_has_every_template_published_and_one_expense_claim() {
    for db in seeded_dbs().await {
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM forms WHERE status = 'published'").await,
            8
        );
        assert_eq!(count(&db, "SELECT COUNT(*) FROM form_versions").await, 8);
        let zhao = person(&db, "00031").await;
        let other = person(&db, "00032").await;
        let admin = person(&db, "00002").await;
        let (id,): (String,) =
            sqlx::query_as("SELECT id FROM form_submissions WHERE serial = '202611170001'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        let mine = get_submission_impl(&db, &zhao, &id).await.unwrap();
        assert_eq!(mine.values["total"], json!(206_600));
        assert_eq!(mine.summary.submitter_name, "赵丽");
        assert!(get_submission_impl(&db, &admin, &id).await.is_ok());
        assert_eq!(
            get_submission_impl(&db, &other, &id).await,
            Err(AppError::NotFound)
        );
    }
}

#[tokio::test]
async fn a_submission_is_checked_on_the_server_and_made_once_per_key() {
    for db in seeded_dbs().await {
        let zhao = person(&db, "00031").await;
        let form = form_id(&db, "leave").await;
        let before = count(&db, "SELECT COUNT(*) FROM form_submissions").await;
        let events = count(
            &db,
            "SELECT COUNT(*) FROM activity_events WHERE module = 'forms'",
        )
        .await;

        save_my_draft_impl(
            &db,
            &zhao,
            &form,
            1,
            &leave(("2026-12-03", "2026-12-01")),
            1,
            now_ms(),
        )
        .await
        .unwrap();
        let bad = submit_form_impl(
            &db,
            &zhao,
            &form,
            1,
            &leave(("2026-12-03", "2026-12-01")),
            "key-0000001",
            now_ms(),
        )
        .await
        .unwrap();
        let SubmitOutcome::Invalid { issues } = bad else {
            panic!("{bad:?}")
        };
        assert_eq!(issues.len(), 1);
        assert_eq!(
            (issues[0].path.as_str(), &issues[0].problem),
            ("period", &Problem::EndBeforeStart)
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM form_submissions").await,
            before,
            "nothing written"
        );

        let good = leave(("2026-12-01", "2026-12-03"));
        let first = submit_form_impl(&db, &zhao, &form, 1, &good, "key-0000002", now_ms())
            .await
            .unwrap();
        let again = submit_form_impl(&db, &zhao, &form, 1, &good, "key-0000002", now_ms())
            .await
            .unwrap();
        assert_eq!(
            first, again,
            "a retried submit answers with the same submission"
        );
        assert!(matches!(first, SubmitOutcome::Submitted { .. }));
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM form_submissions").await,
            before + 1
        );
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM activity_events WHERE module = 'forms' AND action = 'submit'"
            )
            .await,
            events + 1
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM form_drafts").await,
            0,
            "the draft is cleared"
        );

        let SubmitOutcome::Submitted { id, serial } = first else {
            unreachable!()
        };
        assert_eq!(serial.len(), 12);
        let stored = get_submission_impl(&db, &zhao, &id).await.unwrap();
        assert_eq!(
            stored.values["period"]["days"],
            json!(3.0),
            "the server computes the length"
        );

        assert_eq!(
            submit_form_impl(&db, &zhao, &form, 1, &good, "short", now_ms())
                .await
                .map(|_| ()),
            Err(AppError::field(
                "idempotency_key",
                crate::i18n::Msg::ErrIdempotencyKey
            ))
        );
    }
}

#[tokio::test]
async fn drafts_keep_the_newest_revision() {
    for db in seeded_dbs().await {
        let zhao = person(&db, "00031").await;
        let form = form_id(&db, "leave").await;
        let newer = values(json!({"reason": "newer"}));
        let older = values(json!({"reason": "older"}));
        assert_eq!(
            save_my_draft_impl(&db, &zhao, &form, 1, &newer, 5, now_ms()).await,
            Ok(5)
        );
        assert_eq!(
            save_my_draft_impl(&db, &zhao, &form, 1, &older, 4, now_ms()).await,
            Ok(5)
        );
        let mut conn = db.pool.acquire().await.unwrap();
        let saved = super::repo::get_saved_draft(&mut conn, &form, &zhao.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(saved.values["reason"], json!("newer"));
        assert_eq!(saved.revision, 5);
        assert_eq!(
            save_my_draft_impl(&db, &zhao, "no-such-form", 1, &newer, 6, now_ms()).await,
            Err(AppError::NotFound)
        );
    }
}

#[tokio::test]
async fn references_must_exist_and_files_must_be_the_submitters() {
    for db in seeded_dbs().await {
        let zhao = person(&db, "00031").await;
        let admin = person(&db, "00002").await;
        let form = form_id(&db, "expense").await;
        let (upload,): (String,) = sqlx::query_as("SELECT id FROM uploads")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        let claim = |file_id: &str, size: u64| {
            values(json!({
                "expense_type": "office",
                "lines": [{"date": "2026-11-20", "category": "office", "amount": 1200}],
                "payee_account": "6222 0000",
                "invoices": [{"id": file_id, "name": "发票.pdf", "size": size, "content_type": "application/pdf"}],
            }))
        };
        // Someone else's upload, or one that does not exist, is refused by name.
        for (i, (who, file)) in [(&admin, upload.as_str()), (&zhao, "missing")]
            .into_iter()
            .enumerate()
        {
            let outcome = submit_form_impl(
                &db,
                who,
                &form,
                1,
                &claim(file, 10),
                &format!("key-refused-{i}"),
                now_ms(),
            )
            .await
            .unwrap();
            let SubmitOutcome::Invalid { issues } = outcome else {
                panic!("{outcome:?}")
            };
            assert_eq!(issues[0].path, "invoices[0]");
            assert_eq!(
                issues[0].problem,
                Problem::UnknownFile {
                    name: "发票.pdf".into()
                }
            );
        }
        // The submitter's own upload is accepted and its stored size replaces the claimed one.
        let outcome = submit_form_impl(
            &db,
            &zhao,
            &form,
            1,
            &claim(&upload, 1),
            "key-own-file",
            now_ms(),
        )
        .await
        .unwrap();
        let SubmitOutcome::Submitted { id, .. } = outcome else {
            panic!("{outcome:?}")
        };
        let stored = get_submission_impl(&db, &zhao, &id).await.unwrap();
        assert_ne!(stored.values["invoices"][0]["size"], json!(1));
        assert_eq!(stored.values["total"], json!(1200));

        let leave_form = form_id(&db, "leave").await;
        let mut with_handover = leave(("2026-12-01", "2026-12-01"));
        with_handover.insert("handover".into(), json!(["nobody"]));
        let outcome = submit_form_impl(
            &db,
            &zhao,
            &leave_form,
            1,
            &with_handover,
            "key-handover",
            now_ms(),
        )
        .await
        .unwrap();
        assert_eq!(
            outcome,
            SubmitOutcome::Invalid {
                issues: vec![FieldIssue {
                    path: "handover".into(),
                    problem: Problem::UnknownEmployee
                }]
            }
        );
    }
}

#[tokio::test]
async fn publishing_makes_versions_and_old_submissions_keep_theirs() {
    for db in seeded_dbs().await {
        let zhao = person(&db, "00031").await;
        let admin = person(&db, "00002").await;
        let form = form_id(&db, "expense").await;
        assert_eq!(
            create_form_impl(&db, &zhao, None, now_ms()).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            publish_form_impl(&db, &zhao, &form, now_ms()).await,
            Err(AppError::Forbidden)
        );

        let mut conn = db.pool.acquire().await.unwrap();
        let draft = super::repo::get_draft(&mut conn, &form)
            .await
            .unwrap()
            .unwrap();
        drop(conn);
        assert_eq!(
            publish_form_impl(&db, &admin, &form, now_ms()).await,
            Ok(PublishOutcome::Unchanged { version: 1 })
        );

        // A broken draft is saved (nothing lost) but cannot be published.
        let mut definition = draft.definition.clone();
        definition.fields.push(Field::new(
            "project",
            "项目编号",
            "Project code",
            KindName::Text.fresh(),
        ));
        definition.fields.push(Field::new(
            "project",
            "重复",
            "Duplicate",
            KindName::Text.fresh(),
        ));
        let input = FormDraftInput {
            name: draft.name.clone(),
            description: draft.description.clone(),
            category: draft.category.clone(),
            definition: definition.clone(),
        };
        let issues = save_form_draft_impl(&db, &admin, &form, &input, now_ms())
            .await
            .unwrap();
        assert_eq!(issues[0].problem, DefinitionProblem::DuplicateKey);
        let refused = publish_form_impl(&db, &admin, &form, now_ms())
            .await
            .unwrap();
        assert!(matches!(refused, PublishOutcome::Invalid { .. }));
        assert_eq!(count(&db, "SELECT COUNT(*) FROM form_versions").await, 8);

        definition.fields.pop();
        let input = FormDraftInput {
            definition,
            ..input
        };
        assert_eq!(
            save_form_draft_impl(&db, &admin, &form, &input, now_ms()).await,
            Ok(vec![])
        );
        assert_eq!(
            publish_form_impl(&db, &admin, &form, now_ms()).await,
            Ok(PublishOutcome::Published { version: 2 })
        );
        let latest = get_published_impl(&db, &zhao, &form).await.unwrap();
        assert_eq!(latest.version, 2);
        assert!(latest.definition.fields.iter().any(|f| f.key == "project"));

        // The demo claim was made with version 1 and still shows exactly its fields.
        let (id,): (String,) = sqlx::query_as("SELECT id FROM form_submissions WHERE form_id = $1")
            .bind(&form)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        let old = get_submission_impl(&db, &admin, &id).await.unwrap();
        assert_eq!(old.summary.version, 1);
        assert!(!old.definition.fields.iter().any(|f| f.key == "project"));

        // Filling in the old version after the change is refused with a clear message.
        let outcome = submit_form_impl(
            &db,
            &zhao,
            &form,
            1,
            &Values::new(),
            "key-stale-version",
            now_ms(),
        )
        .await;
        assert_eq!(
            outcome,
            Err(AppError::Conflict(crate::i18n::Msg::ErrFormChanged))
        );

        // Names are required; an empty one is refused and nothing changes.
        let nameless = FormDraftInput {
            name: Text::default(),
            ..input
        };
        assert!(matches!(
            save_form_draft_impl(&db, &admin, &form, &nameless, now_ms()).await,
            Err(AppError::Validation(_))
        ));
    }
}

#[tokio::test]
async fn templates_copy_and_definitions_round_trip_through_json() {
    for db in seeded_dbs().await {
        let admin = person(&db, "00002").await;
        let copy = create_form_impl(&db, &admin, Some("outpatient_quality"), now_ms())
            .await
            .unwrap();
        let mut conn = db.pool.acquire().await.unwrap();
        let draft = super::repo::get_draft(&mut conn, &copy)
            .await
            .unwrap()
            .unwrap();
        drop(conn);
        assert_eq!(draft.status, FormStatus::Draft);
        assert!(draft.name.zh.contains("门诊医疗质量考核表"));
        let exported = serde_json::to_string(&draft.definition).unwrap();
        let (imported, issues) = import_form_impl(&db, &admin, &exported, now_ms())
            .await
            .unwrap();
        assert_eq!(issues, vec![]);
        let mut conn = db.pool.acquire().await.unwrap();
        let again = super::repo::get_draft(&mut conn, &imported)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(again.definition, draft.definition);
        drop(conn);
        assert!(matches!(
            import_form_impl(&db, &admin, "{not json", now_ms()).await,
            Err(AppError::Validation(_))
        ));
        assert_eq!(
            create_form_impl(&db, &admin, Some("nope"), now_ms()).await,
            Err(AppError::NotFound)
        );
    }
}

#[tokio::test]
async fn administrators_filter_a_forms_submissions() {
    for db in seeded_dbs().await {
        let admin = person(&db, "00002").await;
        let zhao = person(&db, "00031").await;
        let form = form_id(&db, "leave").await;
        let now = now_ms();
        for (i, reason) in ["探亲", "看病"].iter().enumerate() {
            let mut v = leave(("2026-12-01", "2026-12-02"));
            v.insert("reason".into(), json!(reason));
            submit_form_impl(&db, &zhao, &form, 1, &v, &format!("key-filter-{i}"), now)
                .await
                .unwrap();
        }
        let all = SubmissionFilter {
            form_id: form.clone(),
            ..Default::default()
        };
        assert_eq!(
            list_form_submissions_impl(&db, &admin, &all, 100)
                .await
                .unwrap()
                .len(),
            2
        );
        let by_text = SubmissionFilter {
            field: Some("reason".into()),
            contains: Some("看病".into()),
            ..all.clone()
        };
        assert_eq!(
            list_form_submissions_impl(&db, &admin, &by_text, 100)
                .await
                .unwrap()
                .len(),
            1
        );
        let other_dept = SubmissionFilter {
            department_id: Some("no-such-department".into()),
            ..all.clone()
        };
        assert_eq!(
            list_form_submissions_impl(&db, &admin, &other_dept, 100)
                .await
                .unwrap()
                .len(),
            0
        );
        let own_dept = SubmissionFilter {
            department_id: Some(zhao.department_id.clone()),
            ..all.clone()
        };
        assert_eq!(
            list_form_submissions_impl(&db, &admin, &own_dept, 100)
                .await
                .unwrap()
                .len(),
            2
        );
        let later = SubmissionFilter {
            from: Some("2099-01-01".into()),
            ..all.clone()
        };
        assert_eq!(
            list_form_submissions_impl(&db, &admin, &later, 100)
                .await
                .unwrap()
                .len(),
            0
        );
        let bad_date = SubmissionFilter {
            from: Some("yesterday".into()),
            ..all.clone()
        };
        assert!(
            list_form_submissions_impl(&db, &admin, &bad_date, 100)
                .await
                .is_err()
        );
        assert_eq!(
            list_form_submissions_impl(&db, &zhao, &all, 100)
                .await
                .map(|r| r.len()),
            Err(AppError::Forbidden)
        );
    }
}

#[tokio::test]
async fn a_form_administrator_designs_forms_without_being_an_administrator() {
    for db in seeded_dbs().await {
        let head = person(&db, "00030").await;
        assert_eq!(
            create_form_impl(&db, &head, None, now_ms()).await,
            Err(AppError::Forbidden)
        );
        sqlx::query("INSERT INTO employee_roles (employee_id, role) VALUES ($1, 'form_admin')")
            .bind(&head.id)
            .execute(&db.pool)
            .await
            .unwrap();
        let head = person(&db, "00030").await;
        assert!(
            head.may(crate::core::permission::Capability::ManageForms)
                && !head.roles.contains(&crate::core::permission::Role::Admin)
        );
        let id = create_form_impl(&db, &head, Some("seal"), now_ms())
            .await
            .unwrap();
        assert_eq!(
            publish_form_impl(&db, &head, &id, now_ms()).await,
            Ok(PublishOutcome::Published { version: 1 })
        );
        let all = SubmissionFilter {
            form_id: form_id(&db, "expense").await,
            ..Default::default()
        };
        assert_eq!(
            list_form_submissions_impl(&db, &head, &all, 10)
                .await
                .unwrap()
                .len(),
            1
        );
    }
}
