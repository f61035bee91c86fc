//! Repository tests of the organisation: editing people, the HR import, the demo seed;
//! on SQLite and (when the test command provides it) PostgreSQL.

use super::model::*;
use super::server::*;
use crate::auth::CurrentUser;
use crate::auth::server::sign_in_impl;
use crate::db::testing::{count, seeded_dbs};
use crate::db::{Db, now_ms};
use crate::demo::DEMO_PASSWORD;
use crate::error::AppError;
use crate::i18n::Msg;

async fn admin(db: &Db) -> CurrentUser {
    sign_in_impl(db, "00002", DEMO_PASSWORD, now_ms())
        .await
        .unwrap()
        .0
}

async fn department_id(db: &Db, name: &str) -> String {
    let (id,): (String,) = sqlx::query_as("SELECT id FROM departments WHERE name = $1")
        .bind(name)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn the_demo_hospital_has_its_people_heads_and_pending_invitations() {
    for db in seeded_dbs().await {
        assert_eq!(count(&db, "SELECT COUNT(*) FROM departments").await, 13);
        let people = count(&db, "SELECT COUNT(*) FROM employees").await;
        assert!((140..=160).contains(&people), "{people}");
        let invited = count(
            &db,
            "SELECT COUNT(*) FROM employees WHERE status = 'invited'",
        )
        .await;
        assert!(invited >= 15 && invited < people / 4, "{invited}");
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM departments WHERE head_id IS NULL"
            )
            .await,
            0
        );
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM employees WHERE supervisor_id IS NULL"
            )
            .await,
            1,
            "only the president"
        );
    }
}

fn input(no: &str, name: &str, department_id: &str) -> EmployeeInput {
    EmployeeInput {
        employee_no: no.into(),
        name: name.into(),
        department_id: department_id.into(),
        ..Default::default()
    }
}

/// Two administrators add a person with the same number at the same moment: the
/// database's constraint decides, one is saved and the other told the number is taken
/// (never an internal error, never two people with one number).
#[tokio::test]
async fn two_concurrent_creates_of_one_number_save_one_and_name_the_field_for_the_other() {
    for db in seeded_dbs().await {
        let admin = admin(&db).await;
        let it = department_id(&db, "信息科").await;
        let first = input("00777", "甲", &it);
        let second = input("00777", "乙", &it);
        let now = now_ms();
        let (a, b) = tokio::join!(
            save_employee_impl(&db, &admin, None, &first, now),
            save_employee_impl(&db, &admin, None, &second, now),
        );
        let (saved, refused) = match (a, b) {
            (Ok(id), Err(e)) | (Err(e), Ok(id)) => (id, e),
            other => panic!("exactly one is saved: {other:?}"),
        };
        assert!(!saved.is_empty());
        assert_eq!(
            refused.field_message("employee_no"),
            Some(Msg::ErrDuplicateEmployeeNo)
        );
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM employees WHERE employee_no = '00777'"
            )
            .await,
            1
        );
    }
}

#[tokio::test]
async fn administrators_add_and_edit_people_with_every_mistake_named() {
    for db in seeded_dbs().await {
        let admin = admin(&db).await;
        let now = now_ms();
        let it = department_id(&db, "信息科").await;
        let mut new = input("00500", "新同事", &it);
        new.phone = "13800000031".into();
        new.email = "staff030@hospital.example.cn".into();
        new.supervisor_no = "99999".into();
        let err = save_employee_impl(&db, &admin, None, &new, now)
            .await
            .unwrap_err();
        let AppError::Validation(errors) = err else {
            panic!("{err:?}")
        };
        let fields: Vec<(&str, Msg)> = errors.iter().map(|e| (e.field.as_str(), e.msg)).collect();
        assert_eq!(fields, [("supervisor_no", Msg::ErrUnknownSupervisor)]);
        // Values someone else holds are refused by the database's unique constraints,
        // each as its field's message.
        new.supervisor_no = String::new();
        let err = save_employee_impl(&db, &admin, None, &new, now)
            .await
            .unwrap_err();
        assert!(
            err.field_message("phone") == Some(Msg::ErrDuplicatePhone)
                || err.field_message("email") == Some(Msg::ErrDuplicateEmail),
            "{err:?}"
        );
        new.phone = String::new();
        let err = save_employee_impl(&db, &admin, None, &new, now)
            .await
            .unwrap_err();
        assert_eq!(err.field_message("email"), Some(Msg::ErrDuplicateEmail));
        let before = count(&db, "SELECT COUNT(*) FROM employees").await;
        new.phone = "139 0000 0500".into();
        new.email = String::new();
        new.supervisor_no = "00135".into();
        let id = save_employee_impl(&db, &admin, None, &new, now)
            .await
            .unwrap();
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM employees").await,
            before + 1
        );
        let mut conn = db.pool.acquire().await.unwrap();
        let saved = super::repo::get_employee(&mut conn, &id)
            .await
            .unwrap()
            .unwrap();
        drop(conn);
        assert_eq!(saved.phone.as_deref(), Some("13900000500"));
        assert_eq!(saved.status, EmployeeStatus::Invited);
        assert_eq!(saved.supervisor_name.as_deref(), Some("朱晨"));
        // Making the IT head report to the newcomer would close a loop.
        let (head_id,): (String,) =
            sqlx::query_as("SELECT id FROM employees WHERE employee_no = '00135'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        let mut head = input("00135", "朱晨", &it);
        head.supervisor_no = "00500".into();
        let err = save_employee_impl(&db, &admin, Some(&head_id), &head, now)
            .await
            .unwrap_err();
        assert_eq!(
            err.field_message("supervisor_no"),
            Some(Msg::ErrSupervisorCycle)
        );
        // Taking an existing employee number is refused.
        let err = save_employee_impl(&db, &admin, Some(&id), &input("00031", "新同事", &it), now)
            .await
            .unwrap_err();
        assert_eq!(
            err.field_message("employee_no"),
            Some(Msg::ErrDuplicateEmployeeNo)
        );
    }
}

#[tokio::test]
async fn only_administrators_edit_and_nobody_disables_themselves() {
    for db in seeded_dbs().await {
        let now = now_ms();
        let (staff, _) = sign_in_impl(&db, "00031", DEMO_PASSWORD, now)
            .await
            .unwrap();
        let it = department_id(&db, "信息科").await;
        assert_eq!(
            save_employee_impl(&db, &staff, None, &input("00501", "某人", &it), now).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            set_employee_status_impl(&db, &staff, &staff.id, EmployeeStatus::Disabled, now).await,
            Err(AppError::Forbidden)
        );
        let admin = admin(&db).await;
        assert_eq!(
            set_employee_status_impl(&db, &admin, &admin.id, EmployeeStatus::Disabled, now).await,
            Err(AppError::Conflict(Msg::ErrCannotDisableSelf))
        );
        assert_eq!(
            set_employee_status_impl(&db, &admin, &staff.id, EmployeeStatus::Disabled, now).await,
            Ok(EmployeeStatus::Disabled)
        );
        // Re-enabling someone who had a password makes them active again.
        assert_eq!(
            set_employee_status_impl(&db, &admin, &staff.id, EmployeeStatus::Active, now).await,
            Ok(EmployeeStatus::Active)
        );
        assert_eq!(
            invite_employee_impl(&db, &admin, &staff.id, now).await,
            Err(AppError::Conflict(Msg::ErrAlreadyActive))
        );
    }
}

#[tokio::test]
async fn an_invitation_lets_the_person_in() {
    for db in seeded_dbs().await {
        let now = now_ms();
        let admin = admin(&db).await;
        let (id,): (String,) = sqlx::query_as("SELECT id FROM employees WHERE status = 'invited' AND employee_no <> '00146' ORDER BY employee_no LIMIT 1")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        let invitation = invite_employee_impl(&db, &admin, &id, now).await.unwrap();
        let (user, _) = crate::auth::server::activate_impl(
            &db,
            &invitation.code,
            "Mine2026x",
            "Mine2026x",
            now,
        )
        .await
        .unwrap();
        assert_eq!(user.id, id);
    }
}

const HEADER: &str = "工号,姓名,部门,手机号,邮箱,职位,直属上级工号,入职日期\n";

#[tokio::test]
async fn a_bad_file_writes_nothing_and_a_good_one_imports_then_updates() {
    for db in seeded_dbs().await {
        let admin = admin(&db).await;
        let now = now_ms();
        let before = count(&db, "SELECT COUNT(*) FROM employees").await;
        let bad = format!(
            "{HEADER}00601,甲,信息科,13900000601,,工程师,00135,2024-01-02\n00602,乙,放射科,13900000602,,,00601,\n"
        );
        let report = import_org_impl(&db, Some(&admin), "hr.csv", bad.as_bytes(), false, now)
            .await
            .unwrap();
        assert!(!report.written);
        assert_eq!(
            report.rows[1].issues,
            [ImportIssue::UnknownDepartment("放射科".into())]
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM employees").await,
            before,
            "nothing half-written"
        );

        // The supervisor may come later in the file than the person reporting to them.
        let good = format!(
            "{HEADER}00602,乙,心血管组,13900000602,,,00601,\n00601,甲,信息科,13900000601,,工程师,00135,2024-01-02\n"
        );
        let dry = import_org_impl(&db, Some(&admin), "hr.csv", good.as_bytes(), true, now)
            .await
            .unwrap();
        assert!(dry.is_clean() && !dry.written);
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM employees").await,
            before,
            "a dry run writes nothing"
        );
        let done = import_org_impl(&db, Some(&admin), "hr.csv", good.as_bytes(), false, now)
            .await
            .unwrap();
        assert!(done.written);
        assert_eq!(done.count(RowAction::Create), 2);
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM employees").await,
            before + 2
        );
        let (sup,): (Option<String>,) = sqlx::query_as(
            "SELECT s.employee_no FROM employees e JOIN employees s ON s.id = e.supervisor_id WHERE e.employee_no = '00602'",
        )
        .fetch_one(&db.pool)
        .await
        .map(|(s,): (String,)| (Some(s),))
        .unwrap();
        assert_eq!(sup.as_deref(), Some("00601"));

        // Re-importing an updated file updates people instead of duplicating them; two
        // people may even swap mobile numbers.
        let updated = format!(
            "{HEADER}00602,乙,消化组,13900000601,,,00601,\n00601,甲,信息科,13900000602,,工程师,00135,2024-01-02\n"
        );
        let again = import_org_impl(&db, Some(&admin), "hr.csv", updated.as_bytes(), false, now)
            .await
            .unwrap();
        assert!(again.written, "{again:?}");
        assert_eq!(again.count(RowAction::Update), 2);
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM employees").await,
            before + 2
        );
        let (phone,): (String,) =
            sqlx::query_as("SELECT phone FROM employees WHERE employee_no = '00602'")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(phone, "13900000601");
        let unchanged = import_org_impl(&db, Some(&admin), "hr.csv", updated.as_bytes(), true, now)
            .await
            .unwrap();
        assert_eq!(unchanged.count(RowAction::Unchanged), 2);
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'org.import'"
            )
            .await,
            2
        );
    }
}

#[tokio::test]
async fn importing_is_for_administrators_and_unreadable_files_are_named() {
    for db in seeded_dbs().await {
        let now = now_ms();
        let (staff, _) = sign_in_impl(&db, "00031", DEMO_PASSWORD, now)
            .await
            .unwrap();
        let csv = format!("{HEADER}00601,甲,信息科,,,,,\n");
        assert_eq!(
            import_org_impl(&db, Some(&staff), "hr.csv", csv.as_bytes(), true, now).await,
            Err(AppError::Forbidden)
        );
        let admin = admin(&db).await;
        let err = import_org_impl(
            &db,
            Some(&admin),
            "hr.xlsx",
            b"PK\x03\x04 broken",
            true,
            now,
        )
        .await
        .unwrap_err();
        assert_eq!(err.field_message("file"), Some(Msg::ErrBadFile));
    }
}

#[tokio::test]
async fn departments_nest_to_any_depth_but_never_under_themselves() {
    for db in seeded_dbs().await {
        let admin = admin(&db).await;
        let now = now_ms();
        let medicine = department_id(&db, "内科").await;
        let cardio = department_id(&db, "心血管组").await;
        let ward = save_department_impl(
            &db,
            &admin,
            None,
            &DepartmentInput {
                name: "一病区".into(),
                parent_id: Some(cardio.clone()),
                head_no: String::new(),
            },
            now,
        )
        .await
        .unwrap();
        let bed = save_department_impl(
            &db,
            &admin,
            None,
            &DepartmentInput {
                name: "监护小组".into(),
                parent_id: Some(ward.clone()),
                head_no: "00040".into(),
            },
            now,
        )
        .await
        .unwrap();
        let err = save_department_impl(
            &db,
            &admin,
            Some(&medicine),
            &DepartmentInput {
                name: "内科".into(),
                parent_id: Some(bed.clone()),
                head_no: String::new(),
            },
            now,
        )
        .await
        .unwrap_err();
        assert_eq!(
            err.field_message("parent_id"),
            Some(Msg::ErrDepartmentCycle)
        );
        let dup = save_department_impl(
            &db,
            &admin,
            None,
            &DepartmentInput {
                name: "一病区".into(),
                parent_id: Some(cardio),
                head_no: String::new(),
            },
            now,
        )
        .await
        .unwrap_err();
        assert_eq!(dup.field_message("name"), Some(Msg::ErrDuplicateDepartment));
        let all = super::repo::list_departments(&db).await.unwrap();
        let depth = super::rules::flatten_tree(&all)
            .into_iter()
            .find(|e| e.department.id == bed)
            .unwrap()
            .depth;
        assert_eq!(depth, 4);
    }
}

#[tokio::test]
async fn employee_search_filters_by_text_department_subtree_and_status() {
    for db in seeded_dbs().await {
        let medicine = department_id(&db, "内科").await;
        let all = super::repo::list_departments(&db).await.unwrap();
        let subtree: Vec<String> = super::rules::department_subtree(&all, &medicine)
            .into_iter()
            .collect();
        let only = super::repo::list_employees(
            &db,
            &EmployeeFilter::default(),
            Some(vec![medicine.clone()]),
        )
        .await
        .unwrap();
        let with_sub = super::repo::list_employees(&db, &EmployeeFilter::default(), Some(subtree))
            .await
            .unwrap();
        assert!(with_sub.total > only.total && only.total > 0);
        let by_name = super::repo::list_employees(
            &db,
            &EmployeeFilter {
                query: "赵丽".into(),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
        assert!(
            by_name.items.iter().all(|e| e.name == "赵丽")
                && by_name.items.iter().any(|e| e.employee_no == "00031")
        );
        let by_phone = super::repo::list_employees(
            &db,
            &EmployeeFilter {
                query: "13800000031".into(),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
        assert_eq!(
            by_phone
                .items
                .iter()
                .map(|e| e.employee_no.as_str())
                .collect::<Vec<_>>(),
            ["00031"]
        );
        let by_email = super::repo::list_employees(
            &db,
            &EmployeeFilter {
                query: "STAFF031@".into(),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
        assert_eq!(by_email.total, 1);
        let invited = super::repo::list_employees(
            &db,
            &EmployeeFilter {
                status: Some(EmployeeStatus::Invited),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
        assert!(
            invited
                .items
                .iter()
                .all(|e| e.status == EmployeeStatus::Invited)
                && invited.total > 0
        );
        let page2 = super::repo::list_employees(
            &db,
            &EmployeeFilter {
                page: 1,
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
        assert_eq!(page2.items.len() as i64, EMPLOYEE_PAGE_SIZE);
        assert_eq!(page2.items[0].employee_no, "00051");
    }
}
