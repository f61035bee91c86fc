//! Repository tests of approvals on SQLite and (when the test command provides it)
//! PostgreSQL: the demo's flows, a leave request end to end, a flow redesigned under
//! running requests, thousands of two-approver races, and a transaction cut short.

use super::model::*;
use super::repo;
use super::server::*;
use super::service::*;
use crate::auth::CurrentUser;
use crate::auth::server::sign_in_impl;
use crate::db::testing::{count, seeded_dbs};
use crate::db::{Db, new_id, now_ms};
use crate::demo::DEMO_PASSWORD;
use crate::error::AppError;
use crate::form::model::Text;
use crate::form::model::{SubmitOutcome, Values};
use crate::form::server::submit_form_impl;
use crate::i18n::Msg;
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

fn leave(end: &str, reason: &str) -> Values {
    json!({
        "leave_type": "annual",
        "period": {"start": "2026-11-02", "start_half": "am", "end": end, "end_half": "pm"},
        "reason": reason,
    })
    .as_object()
    .cloned()
    .unwrap()
}

async fn submit(db: &Db, who: &CurrentUser, form: &str, values: &Values) -> String {
    match submit_form_impl(db, who, form, 1, values, &new_id(), now_ms())
        .await
        .expect("submit")
    {
        SubmitOutcome::Submitted { id, .. } => id,
        other => panic!("not submitted: {other:?}"),
    }
}

/// A flow of one approver node; `adjust` sets reminders, time-outs and field rules.
fn one_node_flow(
    id: &str,
    name: Text,
    sources: Vec<ApproverSource>,
    mode: SignMode,
    adjust: impl FnOnce(&mut TaskNode),
) -> FlowDefinition {
    let mut task = TaskNode {
        sources,
        mode,
        remind_after_hours: None,
        timeout: None,
        fields: Default::default(),
    };
    adjust(&mut task);
    FlowDefinition {
        nodes: vec![Node {
            id: id.into(),
            name,
            kind: NodeKind::Approver(task),
        }],
        ..Default::default()
    }
}

async fn state(db: &Db, id: &str) -> Instance {
    let mut conn = db.pool.acquire().await.unwrap();
    repo::get_instance(&mut conn, id)
        .await
        .unwrap()
        .unwrap()
        .instance()
        .unwrap()
}

fn act(action: ActionInput, comment: &str) -> ActInput {
    ActInput {
        action,
        comment: comment.to_string(),
        expected_version: None,
        edits: Values::new(),
    }
}

#[tokio::test]
async fn the_demo_flows_are_published_and_the_expense_claim_waits_for_the_supervisor() {
    for db in seeded_dbs().await {
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM approval_flow_versions").await,
            6
        );
        let liu = person(&db, "00029").await;
        let (id,): (String,) =
            sqlx::query_as("SELECT id FROM approval_instances WHERE status = 'running'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        let instance = state(&db, &id).await;
        assert_eq!(instance.status, InstanceStatus::Running);
        assert_eq!(instance.pending_assignees(), vec![liu.id.clone()]);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM form_submissions WHERE status = 'running'"
            )
            .await,
            1
        );
        // The supervisor may not see the bank account.
        let hidden = super::rules::hidden_fields(&instance, &liu.id);
        assert!(hidden.contains("payee_account"));
    }
}

/// The to-do tab's number comes with the session lookup of a page view; it must be the
/// same count the inbox pages use.
#[tokio::test]
async fn a_page_views_session_lookup_counts_the_to_do_like_the_inbox() {
    for db in seeded_dbs().await {
        for (no, waiting) in [("00029", 1), ("00031", 0)] {
            let (who, token) = sign_in_impl(&db, no, DEMO_PASSWORD, now_ms())
                .await
                .unwrap();
            let (user, todo) = crate::auth::repo::user_and_todo_for_session(&db, &token, now_ms())
                .await
                .unwrap()
                .expect("the session is live");
            assert_eq!(user, who);
            assert_eq!(todo, waiting, "{no}");
            assert_eq!(todo, todo_count_impl(&db, &who.id).await.unwrap(), "{no}");
        }
    }
}

#[tokio::test]
async fn a_five_day_leave_is_sent_back_edited_resubmitted_and_approved() {
    for db in seeded_dbs().await {
        // The demo's history has approval events of its own; count this test's.
        let started = now_ms();
        let zhao = person(&db, "00031").await;
        let liu = person(&db, "00029").await;
        let chen = person(&db, "00030").await;
        let leave_form = form_id(&db, "leave").await;
        let id = submit(&db, &zhao, &leave_form, &leave("2026-11-06", "回老家")).await;
        let s = state(&db, &id).await;
        assert_eq!(s.pending_assignees(), vec![liu.id.clone()]);
        // The department head cannot act before it is their turn.
        let early = act_impl(&db, &chen, &id, &act(ActionInput::Approve, ""), now_ms()).await;
        assert_eq!(early.unwrap_err(), AppError::NotFound);

        act_impl(&db, &liu, &id, &act(ActionInput::Approve, "同意"), now_ms())
            .await
            .unwrap();
        assert_eq!(
            state(&db, &id).await.pending_assignees(),
            vec![chen.id.clone()]
        );
        // A rejection needs a reason.
        let back = ActionInput::Reject {
            target: RejectTarget::Initiator { jump_back: false },
        };
        let no_reason = act_impl(&db, &chen, &id, &act(back.clone(), " "), now_ms()).await;
        assert_eq!(
            no_reason.unwrap_err().field_message("comment"),
            Some(Msg::ErrApprovalCommentRequired)
        );
        let outcome = act_impl(&db, &chen, &id, &act(back, "请写明交接安排"), now_ms())
            .await
            .unwrap();
        assert_eq!(outcome.status, InstanceStatus::Returned);
        // Only the initiator resubmits, with edited values.
        let edited = leave("2026-11-06", "回老家，工作已交接给刘洋");
        let resubmit = ActionInput::Resubmit { values: edited };
        assert!(
            act_impl(&db, &liu, &id, &act(resubmit.clone(), ""), now_ms())
                .await
                .is_err()
        );
        act_impl(&db, &zhao, &id, &act(resubmit, ""), now_ms())
            .await
            .unwrap();
        let (values,): (String,) =
            sqlx::query_as("SELECT field_values FROM form_submissions WHERE id = $1")
                .bind(&id)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert!(values.contains("工作已交接"));
        act_impl(&db, &liu, &id, &act(ActionInput::Approve, ""), now_ms())
            .await
            .unwrap();
        let done = act_impl(&db, &chen, &id, &act(ActionInput::Approve, ""), now_ms())
            .await
            .unwrap();
        assert_eq!(done.status, InstanceStatus::Approved);
        let sql = format!(
            "SELECT COUNT(*) FROM form_submissions WHERE id = '{id}' AND status = 'approved'"
        );
        assert_eq!(count(&db, &sql).await, 1);
        // The log: submitted, approved, rejected, resubmitted, approved, approved.
        let mut conn = db.pool.acquire().await.unwrap();
        let events = repo::events_of(&mut conn, &id).await.unwrap();
        drop(conn);
        assert_eq!(events.len(), 6);
        let sql = format!(
            "SELECT COUNT(*) FROM notifications WHERE instance_id = '{id}' AND employee_id = '{}' AND kind = 'approved'",
            zhao.id
        );
        assert_eq!(count(&db, &sql).await, 1);
        let sql = format!(
            "SELECT COUNT(*) FROM activity_events WHERE employee_id = '{}' AND module = 'approval' AND action = 'act' AND occurred_at >= {started}",
            chen.id
        );
        assert_eq!(count(&db, &sql).await, 2);
        // Finished: nothing more can be done.
        let late = act_impl(&db, &liu, &id, &act(ActionInput::Approve, ""), now_ms()).await;
        assert_eq!(
            late.unwrap_err(),
            AppError::Conflict(Msg::ErrApprovalFinished)
        );
    }
}

#[tokio::test]
async fn a_redesigned_flow_leaves_running_requests_on_their_version() {
    for db in seeded_dbs().await {
        let zhao = person(&db, "00031").await;
        let admin = person(&db, "00002").await;
        let leave_form = form_id(&db, "leave").await;
        let running = submit(&db, &zhao, &leave_form, &leave("2026-11-03", "看病")).await;
        // The new version: the general office director alone approves every leave.
        let mut conn = db.pool.acquire().await.unwrap();
        let flow = one_node_flow(
            "office",
            Text::new("院办", "Office"),
            vec![ApproverSource::People(vec![admin.id.clone()])],
            SignMode::Any,
            |_| {},
        );
        let version = repo::publish_flow(&mut conn, &leave_form, &flow, &admin.id, now_ms())
            .await
            .unwrap();
        drop(conn);
        assert_eq!(version, 2);
        let newer = submit(&db, &zhao, &leave_form, &leave("2026-11-03", "看病")).await;
        assert_eq!(
            state(&db, &newer).await.pending_assignees(),
            vec![admin.id.clone()]
        );
        let old = state(&db, &running).await;
        assert_ne!(old.pending_assignees(), vec![admin.id.clone()]);
        // The old request still runs on version 1 to the end.
        let liu = person(&db, "00029").await;
        let done = act_impl(
            &db,
            &liu,
            &running,
            &act(ActionInput::Approve, ""),
            now_ms(),
        )
        .await
        .unwrap();
        assert_eq!(done.status, InstanceStatus::Approved);
    }
}

#[tokio::test]
async fn the_initiator_withdraws_an_untouched_request_and_an_approver_transfers() {
    for db in seeded_dbs().await {
        let zhao = person(&db, "00031").await;
        let liu = person(&db, "00029").await;
        let chen = person(&db, "00030").await;
        let leave_form = form_id(&db, "leave").await;
        let first = submit(&db, &zhao, &leave_form, &leave("2026-11-02", "事假")).await;
        let withdrawn = act_impl(
            &db,
            &zhao,
            &first,
            &act(ActionInput::Withdraw, ""),
            now_ms(),
        )
        .await
        .unwrap();
        assert_eq!(withdrawn.status, InstanceStatus::Withdrawn);

        let second = submit(&db, &zhao, &leave_form, &leave("2026-11-02", "事假")).await;
        let to_chen = ActionInput::Transfer {
            to: chen.id.clone(),
        };
        act_impl(
            &db,
            &liu,
            &second,
            &act(to_chen, "我出差，请陈主任审批"),
            now_ms(),
        )
        .await
        .unwrap();
        assert_eq!(
            state(&db, &second).await.pending_assignees(),
            vec![chen.id.clone()]
        );
        let nobody = ActionInput::Transfer {
            to: "no-such-person".into(),
        };
        let err = act_impl(&db, &chen, &second, &act(nobody, ""), now_ms())
            .await
            .unwrap_err();
        assert_eq!(err.field_message("to"), Some(Msg::ErrApprovalUnknownPerson));
        // Once someone acted, the initiator can no longer withdraw.
        let late = act_impl(
            &db,
            &zhao,
            &second,
            &act(ActionInput::Withdraw, ""),
            now_ms(),
        )
        .await;
        assert_eq!(
            late.unwrap_err(),
            AppError::Conflict(Msg::ErrApprovalAlreadyActed)
        );
        // A stale page (an older version) is refused.
        let mut stale = act(ActionInput::Approve, "");
        stale.expected_version = Some(1);
        let err = act_impl(&db, &chen, &second, &stale, now_ms())
            .await
            .unwrap_err();
        assert_eq!(err, AppError::Conflict(Msg::ErrApprovalMoved));
    }
}

/// Starts `n` requests whose single any-one step waits for both `a` and `b`.
async fn two_approver_requests(
    db: &Db,
    initiator: &CurrentUser,
    a: &str,
    b: &str,
    n: usize,
) -> Vec<String> {
    let form = form_id(db, "seal").await;
    let flow = one_node_flow(
        "pair",
        Text::new("两人之一", "Either of two"),
        vec![ApproverSource::People(vec![a.to_string(), b.to_string()])],
        SignMode::Any,
        |_| {},
    );
    let definition = crate::form::templates::builtin()
        .into_iter()
        .find(|t| t.key == "seal")
        .unwrap()
        .definition;
    let mut tx = db.begin_write().await.unwrap();
    repo::publish_flow(&mut tx, &form, &flow, &initiator.id, now_ms())
        .await
        .unwrap();
    let values = Values::new();
    let mut ids = Vec::new();
    for k in 0..n {
        let id = new_id();
        crate::form::repo::insert_submission(
            &mut tx,
            &crate::form::repo::NewSubmission {
                id: &id,
                serial: &format!("R{k:06}"),
                form_id: &form,
                version: 1,
                submitter_id: &initiator.id,
                department_id: &initiator.department_id,
                values: &values,
                idempotency_key: &id,
            },
            now_ms(),
        )
        .await
        .unwrap();
        start_approval(
            &mut tx,
            &initiator.id,
            &initiator.department_id,
            &id,
            &form,
            &definition,
            &values,
            &Default::default(),
            now_ms(),
        )
        .await
        .unwrap();
        ids.push(id);
    }
    tx.commit().await.unwrap();
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_approvers_tapping_at_once_never_both_move_the_step() {
    const RACES: usize = 2000;
    const AT_ONCE: usize = 16;
    for db in seeded_dbs().await {
        let zhao = person(&db, "00031").await;
        let liu = person(&db, "00029").await;
        let chen = person(&db, "00030").await;
        let ids = two_approver_requests(&db, &zhao, &liu.id, &chen.id, RACES).await;
        let started = std::time::Instant::now();
        let mut both_won = 0;
        let mut neither = 0;
        for batch in ids.chunks(AT_ONCE) {
            let mut handles = Vec::new();
            for (n, id) in batch.iter().enumerate() {
                let (db, liu, chen, id) = (db.clone(), liu.clone(), chen.clone(), id.clone());
                // Half the races are approve against approve, half approve against reject.
                let second = if n % 2 == 0 {
                    act(ActionInput::Approve, "")
                } else {
                    act(
                        ActionInput::Reject {
                            target: RejectTarget::End,
                        },
                        "不同意",
                    )
                };
                handles.push(tokio::spawn(async move {
                    let a = tokio::spawn({
                        let (db, liu, id) = (db.clone(), liu.clone(), id.clone());
                        async move {
                            act_impl(&db, &liu, &id, &act(ActionInput::Approve, ""), now_ms()).await
                        }
                    });
                    let b = tokio::spawn({
                        let (db, chen, id) = (db.clone(), chen.clone(), id.clone());
                        async move { act_impl(&db, &chen, &id, &second, now_ms()).await }
                    });
                    (a.await.unwrap(), b.await.unwrap())
                }));
            }
            for handle in handles {
                let (a, b) = handle.await.unwrap();
                for result in [&a, &b] {
                    if let Err(e) = result {
                        assert!(
                            matches!(e, AppError::Conflict(_)),
                            "a losing tap gets a clear conflict, not {e:?}"
                        );
                    }
                }
                match (a.is_ok(), b.is_ok()) {
                    (true, true) => both_won += 1,
                    (false, false) => neither += 1,
                    _ => {}
                }
            }
        }
        let elapsed = started.elapsed();
        assert_eq!(both_won, 0, "two taps both moved a step");
        assert_eq!(neither, 0, "a race where nobody won");
        // Every request: exactly two events (submitted, one decision), one decided task.
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM approval_events e JOIN approval_instances i ON i.id = e.instance_id WHERE i.form_id = (SELECT id FROM forms WHERE template_key = 'seal')").await,
            2 * RACES as i64
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM approval_tasks WHERE state IN ('approved', 'rejected') AND form_id = (SELECT id FROM forms WHERE template_key = 'seal')").await,
            RACES as i64
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM approval_instances WHERE status = 'running' AND form_id = (SELECT id FROM forms WHERE template_key = 'seal')").await,
            0
        );
        println!(
            "{:?}: {RACES} two-approver races, {AT_ONCE} at once, in {elapsed:?}; double transitions: {both_won}",
            db.backend
        );
    }
}

#[tokio::test]
async fn a_transaction_cut_short_leaves_nothing_half_applied() {
    for db in seeded_dbs().await {
        let zhao = person(&db, "00031").await;
        let liu = person(&db, "00029").await;
        let leave_form = form_id(&db, "leave").await;
        let id = submit(&db, &zhao, &leave_form, &leave("2026-11-02", "事假")).await;
        let before = state(&db, &id).await;
        let tasks_before = count(&db, "SELECT COUNT(*) FROM approval_tasks").await;
        // The server dies after writing the state but before committing.
        {
            let mut tx = db.begin_write().await.unwrap();
            let row = repo::lock_instance(&mut tx, db.backend, &id)
                .await
                .unwrap()
                .unwrap();
            let mut after = before.clone();
            let event = Event::Approved {
                task: before.pending_task_of(&liu.id).unwrap().id.clone(),
                by: liu.id.clone(),
                comment: String::new(),
                edited: vec![],
                automatic: false,
                at: now_ms(),
            };
            super::rules::apply(&mut after, &event);
            assert!(
                repo::save_instance(&mut tx, &row, &after, &[event], now_ms())
                    .await
                    .unwrap()
            );
            drop(tx);
        }
        assert_eq!(state(&db, &id).await, before);
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM approval_tasks").await,
            tasks_before
        );
        let sql = format!("SELECT COUNT(*) FROM approval_events WHERE instance_id = '{id}'");
        assert_eq!(count(&db, &sql).await, 1);
        // And the step can still be taken properly.
        let done = act_impl(&db, &liu, &id, &act(ActionInput::Approve, ""), now_ms())
            .await
            .unwrap();
        assert_eq!(done.status, InstanceStatus::Approved);
    }
}

#[tokio::test]
async fn an_approver_changes_only_the_fields_their_step_may_edit() {
    for db in seeded_dbs().await {
        let zhao = person(&db, "00031").await;
        let liu = person(&db, "00029").await;
        let admin = person(&db, "00002").await;
        let leave_form = form_id(&db, "leave").await;
        let mut fields = std::collections::BTreeMap::new();
        fields.insert("reason".to_string(), FieldAccess::Edit);
        let flow = one_node_flow(
            "sup",
            Text::new("上级", "Supervisor"),
            vec![ApproverSource::Supervisor(1)],
            SignMode::Any,
            |t| {
                t.fields = fields;
            },
        );
        let mut conn = db.pool.acquire().await.unwrap();
        repo::publish_flow(&mut conn, &leave_form, &flow, &admin.id, now_ms())
            .await
            .unwrap();
        drop(conn);
        let id = submit(&db, &zhao, &leave_form, &leave("2026-11-02", "事假")).await;
        let mut bad = act(ActionInput::Approve, "");
        bad.edits.insert("leave_type".into(), json!("sick"));
        let err = act_impl(&db, &liu, &id, &bad, now_ms()).await.unwrap_err();
        assert_eq!(err, AppError::Conflict(Msg::ErrApprovalFieldNotEditable));
        let mut good = act(ActionInput::Approve, "");
        good.edits.insert("reason".into(), json!("事假（已核实）"));
        act_impl(&db, &liu, &id, &good, now_ms()).await.unwrap();
        let (values,): (String,) =
            sqlx::query_as("SELECT field_values FROM form_submissions WHERE id = $1")
                .bind(&id)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert!(values.contains("事假（已核实）") && values.contains("annual"));
    }
}

/// The to-do list offers 同意 in the list only where the step edits no field; it reads
/// that from the task rows, and from the request's state for rows written before.
#[tokio::test]
async fn the_to_do_list_marks_what_can_be_approved_from_it_also_on_older_task_rows() {
    for db in seeded_dbs().await {
        let zhao = person(&db, "00031").await;
        let liu = person(&db, "00029").await;
        let admin = person(&db, "00002").await;
        let leave_form = form_id(&db, "leave").await;
        let mut fields = std::collections::BTreeMap::new();
        fields.insert("reason".to_string(), FieldAccess::Edit);
        let flow = one_node_flow(
            "sup",
            Text::new("上级", "Supervisor"),
            vec![ApproverSource::Supervisor(1)],
            SignMode::Any,
            |t| {
                t.fields = fields;
            },
        );
        let mut conn = db.pool.acquire().await.unwrap();
        repo::publish_flow(&mut conn, &leave_form, &flow, &admin.id, now_ms())
            .await
            .unwrap();
        drop(conn);
        let editing = submit(&db, &zhao, &leave_form, &leave("2026-11-02", "事假")).await;
        let (demo_claim,): (String,) = sqlx::query_as(
            "SELECT id FROM approval_instances WHERE status = 'running' AND id <> $1",
        )
        .bind(&editing)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        let simple_of = |items: &[InboxItem]| {
            let mut flags: Vec<(String, bool)> = items
                .iter()
                .map(|i| (i.instance_id.clone(), i.simple))
                .collect();
            flags.sort();
            flags
        };
        let mut expected = vec![(editing.clone(), false), (demo_claim.clone(), true)];
        expected.sort();
        let todo = list_inbox_impl(&db, &liu, Inbox::Todo, &InboxFilter::default())
            .await
            .unwrap();
        assert_eq!(simple_of(&todo), expected);
        // Rows written before the flag was stored are read from the state: same answer.
        sqlx::query("UPDATE approval_tasks SET quick = NULL")
            .execute(&db.pool)
            .await
            .unwrap();
        let todo = list_inbox_impl(&db, &liu, Inbox::Todo, &InboxFilter::default())
            .await
            .unwrap();
        assert_eq!(simple_of(&todo), expected);
        // The other lists never offer it.
        let started = list_inbox_impl(&db, &zhao, Inbox::Started, &InboxFilter::default())
            .await
            .unwrap();
        assert!(!started.is_empty() && started.iter().all(|i| !i.simple));
    }
}

#[tokio::test]
async fn the_initiator_chooses_the_approvers_where_the_flow_lets_them() {
    for db in seeded_dbs().await {
        let zhao = person(&db, "00031").await;
        let chen = person(&db, "00030").await;
        let admin = person(&db, "00002").await;
        let leave_form = form_id(&db, "leave").await;
        let flow = one_node_flow(
            "pick",
            Text::new("自选审批人", "Chosen"),
            vec![ApproverSource::ChosenByInitiator { multiple: false }],
            SignMode::Any,
            |_| {},
        );
        let mut conn = db.pool.acquire().await.unwrap();
        repo::publish_flow(&mut conn, &leave_form, &flow, &admin.id, now_ms())
            .await
            .unwrap();
        drop(conn);
        let values = leave("2026-11-02", "事假");
        let submit_with = |approvers: crate::approval::plan::Chosen| {
            let (db, zhao, form, values) =
                (db.clone(), zhao.clone(), leave_form.clone(), values.clone());
            async move {
                crate::form::server::submit_with_approvers_impl(
                    &db,
                    &zhao,
                    &form,
                    1,
                    &values,
                    &approvers,
                    &new_id(),
                    now_ms(),
                )
                .await
            }
        };
        let none = submit_with(Default::default()).await.unwrap_err();
        assert_eq!(
            none.field_message("approvers.pick"),
            Some(Msg::ErrApprovalChooseApprovers)
        );
        let mut two = crate::approval::plan::Chosen::new();
        two.insert("pick".into(), vec![chen.id.clone(), admin.id.clone()]);
        assert_eq!(
            submit_with(two)
                .await
                .unwrap_err()
                .field_message("approvers.pick"),
            Some(Msg::ErrApprovalChooseOne)
        );
        let mut stranger = crate::approval::plan::Chosen::new();
        stranger.insert("pick".into(), vec!["nobody".into()]);
        assert_eq!(
            submit_with(stranger)
                .await
                .unwrap_err()
                .field_message("approvers.pick"),
            Some(Msg::ErrApprovalUnknownPerson)
        );
        assert_eq!(count(&db, &format!("SELECT COUNT(*) FROM form_submissions WHERE submitter_id = '{}' AND form_id = '{leave_form}'", zhao.id)).await, 0, "nothing half-written");
        let mut chosen = crate::approval::plan::Chosen::new();
        chosen.insert("pick".into(), vec![chen.id.clone()]);
        let SubmitOutcome::Submitted { id, .. } = submit_with(chosen).await.unwrap() else {
            panic!()
        };
        assert_eq!(
            state(&db, &id).await.pending_assignees(),
            vec![chen.id.clone()]
        );
    }
}

/// Acts for whoever the request waits for until it finishes; returns who acted.
async fn run_to_the_end(db: &Db, id: &str) -> Vec<String> {
    let mut acted = Vec::new();
    for _ in 0..10 {
        let s = state(db, id).await;
        if s.status != InstanceStatus::Running {
            break;
        }
        let who = s.pending_assignees()[0].clone();
        let (no,): (String,) = sqlx::query_as("SELECT employee_no FROM employees WHERE id = $1")
            .bind(&who)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        let user = person(db, &no).await;
        let action = match s.current_step().unwrap().plan.kind {
            StepKind::Handle => ActionInput::Handle,
            _ => ActionInput::Approve,
        };
        act_impl(db, &user, id, &act(action, ""), now_ms())
            .await
            .unwrap();
        acted.push(no);
    }
    acted
}

#[tokio::test]
async fn the_expense_and_news_flows_run_end_to_end() {
    for db in seeded_dbs().await {
        // The demo claim (¥2,066): supervisor, department head (over ¥1,000), finance
        // review, then finance pays.
        let (claim,): (String,) =
            sqlx::query_as("SELECT id FROM approval_instances WHERE status = 'running'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(
            run_to_the_end(&db, &claim).await,
            vec!["00029", "00030", "00125", "00125"]
        );
        assert_eq!(state(&db, &claim).await.status, InstanceStatus::Approved);

        // News: the department head, then the general office.
        let zhao = person(&db, "00031").await;
        let news = form_id(&db, "news").await;
        let values = json!({"title": "内科开展义诊活动", "column": "department", "body": "11月20日，内科在社区开展义诊。"})
            .as_object()
            .cloned()
            .unwrap();
        let id = submit(&db, &zhao, &news, &values).await;
        assert_eq!(run_to_the_end(&db, &id).await, vec!["00030", "00002"]);
        assert_eq!(state(&db, &id).await.status, InstanceStatus::Approved);
    }
}

#[tokio::test]
async fn the_clock_reminds_then_settles_a_task_that_waits_too_long() {
    for db in seeded_dbs().await {
        let zhao = person(&db, "00031").await;
        let liu = person(&db, "00029").await;
        let admin = person(&db, "00002").await;
        let leave_form = form_id(&db, "leave").await;
        let flow = one_node_flow(
            "sup",
            Text::new("上级", "Supervisor"),
            vec![ApproverSource::Supervisor(1)],
            SignMode::Any,
            |t| {
                t.remind_after_hours = Some(1);
                t.timeout = Some(Timeout {
                    after_hours: 2,
                    action: TimeoutAction::Approve,
                });
            },
        );
        let mut conn = db.pool.acquire().await.unwrap();
        repo::publish_flow(&mut conn, &leave_form, &flow, &admin.id, now_ms())
            .await
            .unwrap();
        drop(conn);
        let id = submit(&db, &zhao, &leave_form, &leave("2026-11-02", "事假")).await;
        let start = now_ms();
        const HOUR: i64 = 3_600_000;
        // Nothing is due yet (the demo claim's reminder is hours away).
        assert_eq!(run_clock(&db, start + HOUR / 2).await.unwrap(), 0);
        // After an hour: a reminder to the supervisor, once.
        assert_eq!(run_clock(&db, start + HOUR + 60_000).await.unwrap(), 1);
        assert_eq!(run_clock(&db, start + HOUR + 120_000).await.unwrap(), 0);
        let sql = format!(
            "SELECT COUNT(*) FROM notifications WHERE instance_id = '{id}' AND employee_id = '{}' AND kind = 'remind'",
            liu.id
        );
        assert_eq!(count(&db, &sql).await, 1);
        assert_eq!(state(&db, &id).await.status, InstanceStatus::Running);
        // After two hours: approved automatically, and the timeline says so.
        assert_eq!(run_clock(&db, start + 2 * HOUR + 60_000).await.unwrap(), 1);
        let s = state(&db, &id).await;
        assert_eq!(s.status, InstanceStatus::Approved);
        assert!(s.steps[0].seats[0][0].automatic);
        assert_eq!(run_clock(&db, start + 3 * HOUR).await.unwrap(), 0);
    }
}

#[tokio::test]
async fn a_flow_that_cannot_be_read_does_not_stop_the_clock_for_other_requests() {
    for db in seeded_dbs().await {
        let zhao = person(&db, "00031").await;
        let admin = person(&db, "00002").await;
        let leave_form = form_id(&db, "leave").await;
        let flow = one_node_flow(
            "sup",
            Text::new("上级", "Supervisor"),
            vec![ApproverSource::Supervisor(1)],
            SignMode::Any,
            |t| t.remind_after_hours = Some(1),
        );
        let publish = || async {
            let mut conn = db.pool.acquire().await.unwrap();
            repo::publish_flow(&mut conn, &leave_form, &flow, &admin.id, now_ms())
                .await
                .unwrap();
        };
        // One request on a flow version that will be damaged, one on the next version.
        publish().await;
        let damaged_version = count(
            &db,
            &format!(
                "SELECT MAX(version) FROM approval_flow_versions WHERE form_id = '{leave_form}'"
            ),
        )
        .await;
        let damaged = submit(&db, &zhao, &leave_form, &leave("2026-11-02", "事假")).await;
        publish().await;
        let healthy = submit(&db, &zhao, &leave_form, &leave("2026-11-09", "事假")).await;
        sqlx::query(
            "UPDATE approval_flow_versions SET definition = '{' WHERE form_id = $1 AND version = $2",
        )
        .bind(&leave_form)
        .bind(damaged_version)
        .execute(&db.pool)
        .await
        .unwrap();
        // An hour on: the readable request is reminded; the damaged one is skipped.
        let start = now_ms();
        assert_eq!(run_clock(&db, start + 3_600_000 + 60_000).await.unwrap(), 1);
        let reminded = |id: &str| {
            format!(
                "SELECT COUNT(*) FROM notifications WHERE instance_id = '{id}' AND kind = 'remind'"
            )
        };
        assert_eq!(count(&db, &reminded(&healthy)).await, 1);
        assert_eq!(count(&db, &reminded(&damaged)).await, 0);
    }
}
