//! The demo organisation: a county hospital of about 150 people in ten departments,
//! with heads, supervisors, one administrator, one training coordinator and some staff
//! invited but not yet active. Deterministic: the same data on every machine.

use crate::auth::rules::{INVITE_VALID_MS, normalize_invite_code};
use crate::auth::secret::{digest, hash_password};
use crate::db::{Db, new_id, now_ms};
use crate::error::AppError;
use crate::org::repo;

/// The password of every active demo account.
pub const DEMO_PASSWORD: &str = "Luodi2026";
/// An invite code that activates one invited demo employee.
pub const DEMO_INVITE_CODE: &str = "WELCOME-2026";

/// A demo sign-in the README and the start command print.
pub struct DemoAccount {
    pub employee_no: &'static str,
    pub phone: &'static str,
    pub name: &'static str,
    pub role_zh: &'static str,
    pub role_en: &'static str,
}

pub const DEMO_ACCOUNTS: [DemoAccount; 5] = [
    DemoAccount {
        employee_no: "00002",
        phone: "13800000002",
        name: "王建国",
        role_zh: "管理员（院办主任）",
        role_en: "administrator (general office director)",
    },
    DemoAccount {
        employee_no: "00003",
        phone: "13800000003",
        name: "李晓梅",
        role_zh: "培训专员（人力资源部）",
        role_en: "training coordinator (HR)",
    },
    DemoAccount {
        employee_no: "00030",
        phone: "13800000030",
        name: "陈志明",
        role_zh: "部门负责人（内科主任）",
        role_en: "department head (internal medicine)",
    },
    DemoAccount {
        employee_no: "00029",
        phone: "13800000029",
        name: "刘洋",
        role_zh: "组长（内科，赵丽的直属上级）",
        role_en: "team leader (internal medicine, 赵丽's supervisor)",
    },
    DemoAccount {
        employee_no: "00031",
        phone: "13800000031",
        name: "赵丽",
        role_zh: "员工（内科）",
        role_en: "employee (internal medicine)",
    },
];

/// The invited employee whose invite code is [`DEMO_INVITE_CODE`].
pub const DEMO_INVITED_NO: &str = "00146";

struct DeptSpec {
    key: &'static str,
    name: &'static str,
    parent: Option<&'static str>,
    staff: usize,
    positions: &'static [&'static str],
}

const DEPARTMENTS: [DeptSpec; 13] = [
    DeptSpec {
        key: "root",
        name: "县人民医院",
        parent: None,
        staff: 0,
        positions: &[],
    },
    DeptSpec {
        key: "office",
        name: "院办",
        parent: Some("root"),
        staff: 6,
        positions: &["秘书", "文书", "行政专员"],
    },
    DeptSpec {
        key: "outpatient",
        name: "门诊部",
        parent: Some("root"),
        staff: 18,
        positions: &["门诊医师", "导诊护士", "挂号员"],
    },
    DeptSpec {
        key: "medicine",
        name: "内科",
        parent: Some("root"),
        staff: 8,
        positions: &["主治医师", "住院医师", "护士"],
    },
    DeptSpec {
        key: "cardio",
        name: "心血管组",
        parent: Some("medicine"),
        staff: 8,
        positions: &["主治医师", "护士"],
    },
    DeptSpec {
        key: "gastro",
        name: "消化组",
        parent: Some("medicine"),
        staff: 8,
        positions: &["主治医师", "护士"],
    },
    DeptSpec {
        key: "surgery",
        name: "外科",
        parent: Some("root"),
        staff: 18,
        positions: &["主治医师", "住院医师", "手术室护士"],
    },
    DeptSpec {
        key: "nursing",
        name: "护理部",
        parent: Some("root"),
        staff: 22,
        positions: &["护士", "护师", "主管护师"],
    },
    DeptSpec {
        key: "pharmacy",
        name: "药剂科",
        parent: Some("root"),
        staff: 10,
        positions: &["药师", "药剂员"],
    },
    DeptSpec {
        key: "medtech",
        name: "医技科",
        parent: Some("root"),
        staff: 14,
        positions: &["检验师", "影像技师", "超声医师"],
    },
    DeptSpec {
        key: "finance",
        name: "财务科",
        parent: Some("root"),
        staff: 8,
        positions: &["会计", "出纳", "收费员"],
    },
    DeptSpec {
        key: "hr",
        name: "人力资源部",
        parent: Some("root"),
        staff: 6,
        positions: &["人事专员", "薪酬专员"],
    },
    DeptSpec {
        key: "it",
        name: "信息科",
        parent: Some("root"),
        staff: 7,
        positions: &["工程师", "运维员"],
    },
];

/// (department key, employee no, name, position) of the heads; they report to the president.
const HEADS: [(&str, &str, &str, &str); 12] = [
    ("office", "00002", "王建国", "院办主任"),
    ("hr", "00003", "李晓梅", "人力资源部主任"),
    ("outpatient", "00010", "孙海燕", "门诊部主任"),
    ("medicine", "00030", "陈志明", "内科主任"),
    ("cardio", "00040", "周涛", "心血管组组长"),
    ("gastro", "00050", "吴静", "消化组组长"),
    ("surgery", "00060", "郑国强", "外科主任"),
    ("nursing", "00080", "冯淑芬", "护理部主任"),
    ("pharmacy", "00100", "蒋伟", "药剂科科长"),
    ("medtech", "00110", "韩磊", "医技科主任"),
    ("finance", "00125", "杨洁", "财务科科长"),
    ("it", "00135", "朱晨", "信息科科长"),
];

const SURNAMES: &[&str] = &[
    "张", "王", "李", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "文", "晓东", "海燕", "春梅", "志刚",
];

/// Whether the organisation is still empty (nothing to overwrite).
pub async fn is_empty(db: &Db) -> Result<bool, AppError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM departments")
        .fetch_one(&db.pool)
        .await?;
    Ok(n == 0)
}

/// Creates the demo hospital in one transaction; does nothing if any department exists.
/// Returns whether it seeded.
pub async fn seed(db: &Db) -> Result<bool, AppError> {
    if !is_empty(db).await? {
        return Ok(false);
    }
    let now = now_ms();
    let password_hash = hash_password(DEMO_PASSWORD.to_string()).await?;
    let mut tx = db.begin_write().await?;
    let mut dept_ids: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for (order, d) in DEPARTMENTS.iter().enumerate() {
        let parent = d.parent.map(|p| dept_ids[p].clone());
        let id: String =
            repo::insert_department(&mut tx, d.name, parent.as_deref(), order as i64, now).await?;
        dept_ids.insert(d.key, id);
    }
    let mut next_no = 1u32;
    let insert = async |tx: &mut sqlx::AnyConnection,
                        no: String,
                        name: &str,
                        dept: &str,
                        position: &str,
                        supervisor: Option<&str>,
                        active: bool|
           -> Result<String, AppError> {
        let id = new_id();
        let n: u32 = no.parse().unwrap_or(0);
        sqlx::query(
            "INSERT INTO employees (id, employee_no, name, phone, email, department_id, position, supervisor_id, status,
                                    password_hash, activated_at, hired_on, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
        )
        .bind(&id)
        .bind(&no)
        .bind(name)
        .bind(format!("138{n:08}"))
        .bind(format!("staff{n:03}@hospital.example.cn"))
        .bind(dept)
        .bind(position)
        .bind(supervisor)
        .bind(if active { "active" } else { "invited" })
        .bind(active.then(|| password_hash.clone()))
        .bind(active.then_some(now))
        .bind(format!("{}-{:02}-01", 2010 + n % 14, 1 + n % 12))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        Ok(id)
    };
    // The president heads the hospital; department heads report to the president.
    let president = insert(
        &mut tx,
        "00001".into(),
        "刘志强",
        &dept_ids["root"],
        "院长",
        None,
        true,
    )
    .await?;
    repo::set_department_head(&mut tx, &dept_ids["root"], Some(&president), now).await?;
    next_no += 1;
    let mut head_of: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for (key, no, name, position) in HEADS {
        let dept = &dept_ids[key];
        // Sub-department heads report to the head of the parent department.
        let parent_key = DEPARTMENTS
            .iter()
            .find(|d| d.key == key)
            .and_then(|d| d.parent)
            .unwrap_or("root");
        let supervisor = head_of
            .get(parent_key)
            .cloned()
            .unwrap_or_else(|| president.clone());
        let id = insert(
            &mut tx,
            no.into(),
            name,
            dept,
            position,
            Some(&supervisor),
            true,
        )
        .await?;
        repo::set_department_head(&mut tx, dept, Some(&id), now).await?;
        head_of.insert(key, id);
    }
    let head_numbers: Vec<u32> = HEADS.iter().map(|h| h.1.parse().unwrap_or(0)).collect();
    let mut person = 0usize;
    for d in DEPARTMENTS.iter().filter(|d| d.staff > 0) {
        let head = head_of[d.key].clone();
        // In the larger departments the first person leads a team the others report to.
        let mut team_leader: Option<String> = None;
        for i in 0..d.staff {
            let supervisor = team_leader.clone().unwrap_or_else(|| head.clone());
            while next_no == 1 || head_numbers.contains(&next_no) {
                next_no += 1;
            }
            let no = format!("{next_no:05}");
            let name = match no.as_str() {
                "00031" => "赵丽".to_string(),
                "00029" => "刘洋".to_string(),
                _ => format!(
                    "{}{}",
                    SURNAMES[(person * 7 + 3) % SURNAMES.len()],
                    GIVEN[(person * 11 + 5) % GIVEN.len()]
                ),
            };
            let leads = i == 0 && d.staff >= 8;
            let position = if leads {
                format!("{}（组长）", d.positions[0])
            } else {
                d.positions[i % d.positions.len()].to_string()
            };
            // Roughly one in six has not activated yet: the registration rate is real.
            let active = no != DEMO_INVITED_NO && person % 6 != 5;
            let id = insert(
                &mut tx,
                no.clone(),
                &name,
                &dept_ids[d.key],
                &position,
                Some(&supervisor),
                active,
            )
            .await?;
            if leads {
                team_leader = Some(id.clone());
            }
            if no == DEMO_INVITED_NO {
                sqlx::query("UPDATE employees SET invite_code_hash = $1, invite_expires_at = $2 WHERE id = $3")
                    .bind(digest(&normalize_invite_code(DEMO_INVITE_CODE)))
                    .bind(now + 10 * INVITE_VALID_MS)
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?;
            }
            next_no += 1;
            person += 1;
        }
    }
    let admin = &head_of["office"];
    let coordinator = &head_of["hr"];
    for (id, role) in [(admin, "admin"), (coordinator, "training_coordinator")] {
        sqlx::query("INSERT INTO employee_roles (employee_id, role) VALUES ($1, $2)")
            .bind(id)
            .bind(role)
            .execute(&mut *tx)
            .await?;
    }
    let zhao: (String, String) =
        sqlx::query_as("SELECT id, department_id FROM employees WHERE employee_no = '00031'")
            .fetch_one(&mut *tx)
            .await?;
    seed_forms(&mut tx, admin, &zhao, now).await?;
    seed_approval_history(&mut tx, db.backend, now).await?;
    crate::training::demo::seed(&mut tx, coordinator, now).await?;
    crate::analytics::demo::seed(&mut tx, admin, now).await?;
    tx.commit().await?;
    // The board reads the demo's weeks of events into its rollups and points now, so
    // the dashboard is full at first start.
    crate::analytics::repo::refresh(db, now + crate::analytics::repo::GAP_WAIT_MS).await?;
    let tree = crate::analytics::server::Tree::load(db).await?;
    crate::analytics::server::ensure_monthly_best(db, &tree, now).await?;
    Ok(true)
}

/// Every built-in template as a published form, and one expense claim by 赵丽 (00031)
/// so the submission pages have something to show.
async fn seed_forms(
    tx: &mut sqlx::AnyConnection,
    admin_id: &str,
    (zhao_id, zhao_department): &(String, String),
    now: i64,
) -> Result<(), AppError> {
    use crate::form::repo as forms;
    for t in crate::form::templates::builtin() {
        let id = new_id();
        forms::insert_form(
            tx,
            &forms::NewForm {
                id: &id,
                name: &t.name,
                description: &t.description,
                category: t.category,
                definition: &t.definition,
                template_key: Some(t.key),
                created_by: Some(admin_id),
            },
            now,
        )
        .await?;
        forms::insert_version(tx, &id, 1, &t.definition, Some(admin_id), now).await?;
        if let Some(flow) = crate::approval::service::builtin_flow_for(tx, t.key).await? {
            crate::approval::repo::publish_flow(tx, &id, &flow, admin_id, now).await?;
        }
        if t.key == "expense" {
            let invoice = b"%PDF-1.4\n% Luodi demo invoice\n%%EOF\n";
            let upload_id = new_id();
            forms::insert_upload(
                tx,
                &forms::NewUpload {
                    id: &upload_id,
                    owner_id: zhao_id,
                    name: "发票-高铁.pdf",
                    content_type: "application/pdf",
                    sha256: &crate::auth::secret::digest_bytes(invoice),
                    content: invoice,
                },
                now,
            )
            .await?;
            let values = serde_json::json!({
                "expense_type": "travel",
                "lines": [
                    {"date": "2026-11-16", "category": "transport", "description": "北京往返高铁", "amount": 110_600, "invoice_count": 2},
                    {"date": "2026-11-17", "category": "lodging", "description": "会议酒店两晚", "amount": 96_000, "invoice_count": 1},
                ],
                "total": 206_600,
                "payee_account": "中国工商银行 6222 0200 1234 5678",
                "invoices": [{"id": upload_id, "name": "发票-高铁.pdf", "size": invoice.len(), "content_type": "application/pdf"}],
            });
            let values = values.as_object().cloned().unwrap_or_default();
            let submission_id = new_id();
            // Counted like any other, so later serials of that day follow it.
            let number = forms::next_serial(tx, "submission:20261117").await?;
            forms::insert_submission(
                tx,
                &forms::NewSubmission {
                    id: &submission_id,
                    serial: &format!("20261117{number:04}"),
                    form_id: &id,
                    version: 1,
                    submitter_id: zhao_id,
                    department_id: zhao_department,
                    values: &values,
                    idempotency_key: "demo-expense-claim",
                },
                now,
            )
            .await?;
            crate::approval::service::start_approval(
                tx,
                zhao_id,
                zhao_department,
                &submission_id,
                &id,
                &t.definition,
                &values,
                &Default::default(),
                now,
            )
            .await?;
        }
    }
    Ok(())
}

/// Eight weeks of finished business-trip and office-supplies requests, approved (a few
/// rejected) through the real engine, getting faster week by week, so the approval-time
/// figures have something to show at first start. Deterministic.
async fn seed_approval_history(
    tx: &mut sqlx::AnyConnection,
    backend: crate::db::Backend,
    now: i64,
) -> Result<(), AppError> {
    use crate::approval::model::{Command, InstanceStatus, RejectTarget};
    use crate::approval::service::{act_in, start_approval};
    use crate::form::repo as forms;
    const HOUR: i64 = 3_600_000;
    use crate::core::clock::DAY_MS as DAY;
    let people: Vec<(String, String)> = sqlx::query_as(
        "SELECT e.id, e.department_id FROM employees e JOIN departments d ON d.id = e.department_id
         WHERE e.status = 'active' AND d.name IN ('内科', '外科', '护理部', '药剂科', '医技科')
           AND e.id NOT IN (SELECT head_id FROM departments WHERE head_id IS NOT NULL)
         ORDER BY e.employee_no",
    )
    .fetch_all(&mut *tx)
    .await?;
    let forms_by_key: Vec<(String, String)> = sqlx::query_as(
        "SELECT template_key, id FROM forms WHERE template_key IN ('business_trip', 'office_supplies')",
    )
    .fetch_all(&mut *tx)
    .await?;
    if people.is_empty() || forms_by_key.len() < 2 {
        return Ok(());
    }
    let templates = crate::form::templates::builtin();
    for k in 0..36usize {
        let (who, department) = &people[(k * 7) % people.len()];
        let key = if k % 3 == 0 {
            "office_supplies"
        } else {
            "business_trip"
        };
        let Some((_, form_id)) = forms_by_key.iter().find(|(t, _)| t == key) else {
            continue;
        };
        let Some(definition) = templates
            .iter()
            .find(|t| t.key == key)
            .map(|t| &t.definition)
        else {
            continue;
        };
        // Spread over the last eight weeks, ending two days ago, in office hours.
        let days_ago = 2 + (k as i64 * 11) % 56;
        let submitted = now - days_ago * DAY - ((k as i64 * 5) % 8) * HOUR;
        let day = crate::core::clock::format_date(crate::core::clock::day_of(submitted));
        const PLACES: [&str; 4] = ["省卫健委", "市人民医院", "北京协和医院", "上海瑞金医院"];
        const TRANSPORT: [&str; 3] = ["train", "official_car", "plane"];
        const PURPOSES: [&str; 4] = ["参加学术会议", "进修学习", "医联体帮扶", "设备验收"];
        const SUPPLIES: [&str; 4] = ["打印纸", "签字笔", "文件夹", "墨盒"];
        let values = if key == "business_trip" {
            let length = 1 + (k % 6) as i64;
            let end =
                crate::core::clock::format_date(crate::core::clock::day_of(submitted) + 3 + length);
            let start = crate::core::clock::format_date(crate::core::clock::day_of(submitted) + 4);
            serde_json::json!({
                "destination": PLACES[k % 4],
                "period": {"start": start, "start_half": "am", "end": end, "end_half": "pm"},
                "transport": TRANSPORT[k % 3],
                "estimated_cost": 50_000 + (k as i64 % 5) * 30_000,
                "reason": PURPOSES[k % 4],
            })
        } else {
            serde_json::json!({
                "items": [{"name": SUPPLIES[k % 4], "spec": "A4", "quantity": 1 + (k % 5) as i64, "unit": "包"}],
                "purpose": "科室日常办公",
                "needed_by": day,
            })
        };
        let values = values.as_object().cloned().unwrap_or_default();
        let number =
            forms::next_serial(tx, &format!("submission:{}", day.replace('-', ""))).await?;
        let id = new_id();
        forms::insert_submission(
            tx,
            &forms::NewSubmission {
                id: &id,
                serial: &format!("{}{number:04}", day.replace('-', "")),
                form_id,
                version: 1,
                submitter_id: who,
                department_id: department,
                values: &values,
                idempotency_key: &format!("demo-history-{k}"),
            },
            submitted,
        )
        .await?;
        start_approval(
            tx,
            who,
            department,
            &id,
            form_id,
            definition,
            &values,
            &Default::default(),
            submitted,
        )
        .await?;
        // Each pending approver acts after a while: long waits eight weeks ago, a few
        // hours lately — the rollout's promise.
        let mut at = submitted;
        for round in 0..12usize {
            let (_, state): (String, String) =
                sqlx::query_as("SELECT id, state FROM approval_instances WHERE id = $1")
                    .bind(&id)
                    .fetch_one(&mut *tx)
                    .await?;
            let Ok(instance) = serde_json::from_str::<crate::approval::model::Instance>(&state)
            else {
                break;
            };
            if instance.status != InstanceStatus::Running {
                break;
            }
            let Some(actor) = instance.pending_assignees().into_iter().next() else {
                break;
            };
            let pace = 0.25 + days_ago as f64 / 40.0;
            at += ((1 + (k * 13 + round * 7) % 20) as f64 * pace * HOUR as f64) as i64;
            let command = if k % 9 == 4 && round == 0 {
                Command::Reject {
                    actor,
                    comment: "行程与值班冲突，请调整后再申请".into(),
                    target: RejectTarget::End,
                }
            } else if instance
                .current_step()
                .is_some_and(|s| s.plan.kind == crate::approval::model::StepKind::Handle)
            {
                Command::Handle {
                    actor,
                    comment: "已发放".into(),
                    edited: vec![],
                }
            } else {
                Command::Approve {
                    actor,
                    comment: String::new(),
                    edited: vec![],
                }
            };
            act_in(tx, backend, &id, &command, at.min(now - HOUR)).await?;
        }
    }
    // The history's notifications are old news.
    sqlx::query("UPDATE notifications SET read_at = created_at WHERE created_at < $1")
        .bind(now - DAY)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
