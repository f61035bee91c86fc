//! Repository tests of sign-in, sessions, activation, passwords and API tokens, on
//! SQLite and (when the test command provides it) PostgreSQL.

use super::repo;
use super::rules::FREE_FAILURES;
use super::server::{activate_impl, change_password_impl, sign_in_impl};
use crate::db::now_ms;
use crate::db::testing::{count, seeded_dbs};
use crate::demo::{DEMO_INVITE_CODE, DEMO_INVITED_NO, DEMO_PASSWORD};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::org::model::{EmployeeStatus, Role};

#[tokio::test]
async fn sign_in_by_number_phone_or_email_starts_a_new_session_each_time() {
    for db in seeded_dbs().await {
        let now = now_ms();
        let (user, first) = sign_in_impl(&db, "00031", DEMO_PASSWORD, now)
            .await
            .unwrap();
        assert_eq!(user.name, "赵丽");
        let (_, second) = sign_in_impl(&db, "138 0000 0031", DEMO_PASSWORD, now)
            .await
            .unwrap();
        let (_, third) = sign_in_impl(&db, "STAFF031@hospital.example.cn", DEMO_PASSWORD, now)
            .await
            .unwrap();
        assert!(first != second && second != third);
        let found = repo::user_for_session(&db, &second, now)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.id, user.id);
        assert_eq!(
            count(
                &db,
                &format!("SELECT COUNT(*) FROM activity_events WHERE action = 'sign_in' AND occurred_at >= {now}")
            )
            .await,
            3
        );
        repo::delete_session(&db, &second).await.unwrap();
        assert!(
            repo::user_for_session(&db, &second, now)
                .await
                .unwrap()
                .is_none(),
            "dead after sign-out"
        );
        assert!(
            repo::user_for_session(&db, &first, now)
                .await
                .unwrap()
                .is_some(),
            "other sessions live on"
        );
        assert!(
            repo::user_for_session(&db, &first, now + repo::SESSION_TTL_MS + 1)
                .await
                .unwrap()
                .is_none(),
            "expired"
        );
        // Only the digest is stored.
        let stored: (String,) = sqlx::query_as("SELECT token_hash FROM sessions LIMIT 1")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert!(![first, third].contains(&stored.0));
    }
}

#[tokio::test]
async fn roles_come_from_grants_and_department_heads() {
    for db in seeded_dbs().await {
        let now = now_ms();
        let (admin, _) = sign_in_impl(&db, "00002", DEMO_PASSWORD, now)
            .await
            .unwrap();
        assert!(admin.roles.contains(&Role::Admin) && admin.roles.contains(&Role::DeptHead));
        let (head, _) = sign_in_impl(&db, "00030", DEMO_PASSWORD, now)
            .await
            .unwrap();
        assert!(head.roles.contains(&Role::DeptHead) && !head.roles.contains(&Role::Admin));
        let (coordinator, _) = sign_in_impl(&db, "00003", DEMO_PASSWORD, now)
            .await
            .unwrap();
        assert!(coordinator.roles.contains(&Role::TrainingCoordinator));
        let (staff, _) = sign_in_impl(&db, "00031", DEMO_PASSWORD, now)
            .await
            .unwrap();
        assert_eq!(staff.roles, vec![Role::Employee]);
    }
}

#[tokio::test]
async fn failed_sign_ins_slow_down_one_account_but_not_its_office() {
    for db in seeded_dbs().await {
        let now = now_ms();
        for _ in 0..FREE_FAILURES {
            let err = sign_in_impl(&db, "00031", "wrong-guess1", now)
                .await
                .unwrap_err();
            assert_eq!(err, AppError::field("account", Msg::ErrBadCredentials));
        }
        // Still free after five: the right password works and forgets the failures.
        sign_in_impl(&db, "00031", DEMO_PASSWORD, now)
            .await
            .unwrap();
        for _ in 0..=FREE_FAILURES {
            let _ = sign_in_impl(&db, "00031", "wrong-guess1", now).await;
        }
        let locked = sign_in_impl(&db, "00031", DEMO_PASSWORD, now)
            .await
            .unwrap_err();
        assert!(
            matches!(locked, AppError::TooManyAttempts { retry_after_secs } if retry_after_secs > 0)
        );
        // Colleagues (same office, same network) are unaffected; so is the phone number
        // of the same person once the lock has passed.
        sign_in_impl(&db, "00030", DEMO_PASSWORD, now)
            .await
            .unwrap();
        sign_in_impl(&db, "13800000031", DEMO_PASSWORD, now + 31_000)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn invited_and_disabled_accounts_cannot_sign_in() {
    for db in seeded_dbs().await {
        let now = now_ms();
        let err = sign_in_impl(&db, DEMO_INVITED_NO, "anything1", now)
            .await
            .unwrap_err();
        assert_eq!(err, AppError::field("account", Msg::ErrAccountNotActivated));
        let (_, token) = sign_in_impl(&db, "00031", DEMO_PASSWORD, now)
            .await
            .unwrap();
        let (id,): (String,) =
            sqlx::query_as("SELECT id FROM employees WHERE employee_no = '00031'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        let mut conn = db.pool.acquire().await.unwrap();
        crate::org::repo::set_status(&mut conn, &id, EmployeeStatus::Disabled, now)
            .await
            .unwrap();
        drop(conn);
        assert!(
            repo::user_for_session(&db, &token, now)
                .await
                .unwrap()
                .is_none(),
            "disabling ends sessions"
        );
        let err = sign_in_impl(&db, "00031", DEMO_PASSWORD, now)
            .await
            .unwrap_err();
        assert_eq!(err, AppError::field("account", Msg::ErrAccountDisabled));
    }
}

#[tokio::test]
async fn an_invite_code_activates_once_and_registration_becomes_real() {
    for db in seeded_dbs().await {
        let now = now_ms();
        let active_before = count(
            &db,
            "SELECT COUNT(*) FROM employees WHERE status = 'active'",
        )
        .await;
        // A weak password changes nothing.
        let err = activate_impl(&db, DEMO_INVITE_CODE, "short1", "short1", now)
            .await
            .unwrap_err();
        assert_eq!(
            err.field_message("password"),
            Some(Msg::ErrPasswordTooShort)
        );
        let (user, token) = activate_impl(&db, "welcome 2026", "Newpass2026", "Newpass2026", now)
            .await
            .unwrap();
        assert_eq!(user.employee_no, DEMO_INVITED_NO);
        assert!(
            repo::user_for_session(&db, &token, now)
                .await
                .unwrap()
                .is_some()
        );
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM employees WHERE status = 'active'"
            )
            .await,
            active_before + 1
        );
        let again = activate_impl(&db, DEMO_INVITE_CODE, "Other2026x", "Other2026x", now)
            .await
            .unwrap_err();
        assert_eq!(again.field_message("code"), Some(Msg::ErrInviteInvalid));
        sign_in_impl(&db, DEMO_INVITED_NO, "Newpass2026", now)
            .await
            .unwrap();
        assert_eq!(
            count(
                &db,
                &format!("SELECT COUNT(*) FROM activity_events WHERE action = 'activate' AND occurred_at >= {now}")
            )
            .await,
            1
        );
    }
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions() {
    for db in seeded_dbs().await {
        let now = now_ms();
        let (user, phone) = sign_in_impl(&db, "00031", DEMO_PASSWORD, now)
            .await
            .unwrap();
        let (_, desktop) = sign_in_impl(&db, "00031", DEMO_PASSWORD, now)
            .await
            .unwrap();
        let wrong = change_password_impl(
            &db,
            &user,
            "nope",
            "Better2026",
            "Better2026",
            Some(&phone),
            now,
        )
        .await
        .unwrap_err();
        assert_eq!(
            wrong.field_message("current"),
            Some(Msg::ErrWrongCurrentPassword)
        );
        change_password_impl(
            &db,
            &user,
            DEMO_PASSWORD,
            "Better2026",
            "Better2026",
            Some(&phone),
            now,
        )
        .await
        .unwrap();
        assert!(
            repo::user_for_session(&db, &phone, now)
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            repo::user_for_session(&db, &desktop, now)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            sign_in_impl(&db, "00031", DEMO_PASSWORD, now)
                .await
                .is_err()
        );
        sign_in_impl(&db, "00031", "Better2026", now).await.unwrap();
    }
}

#[tokio::test]
async fn api_tokens_act_as_their_owner_until_revoked() {
    for db in seeded_dbs().await {
        let now = now_ms();
        let (admin, _) = sign_in_impl(&db, "00002", DEMO_PASSWORD, now)
            .await
            .unwrap();
        let mut conn = db.pool.acquire().await.unwrap();
        let (id, secret) = repo::create_api_token(&mut conn, "HR sync", &admin.id, &admin.id, now)
            .await
            .unwrap();
        drop(conn);
        let caller = repo::user_for_api_token(&db, &secret, now)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(caller.id, admin.id);
        assert_eq!(
            repo::list_api_tokens(&db).await.unwrap()[0].last_used_at,
            Some(now)
        );
        let mut conn = db.pool.acquire().await.unwrap();
        assert!(repo::revoke_api_token(&mut conn, &id, now).await.unwrap());
        drop(conn);
        assert!(
            repo::user_for_api_token(&db, &secret, now)
                .await
                .unwrap()
                .is_none()
        );
    }
}
