//! Form server functions. Each establishes who is asking first, validates on the server
//! with [`super::rules`] (trusting nothing the browser computed), and writes in one
//! transaction through [`super::repo`].

use super::model::*;
#[cfg(feature = "ssr")]
use crate::core::permission::Capability;
use crate::error::AppError;
use leptos::prelude::*;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
pub use ssr::*;

/// Most fields a form may have (table columns counted).
pub const MAX_FIELDS: usize = 300;

/// What the designer saves: names and the draft definition.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FormDraftInput {
    pub name: Text,
    pub description: Text,
    pub category: String,
    pub definition: FormDefinition,
}

/// The answer to publishing: the new version, or what must be fixed first.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PublishOutcome {
    Published { version: i64 },
    Unchanged { version: i64 },
    Invalid { issues: Vec<DefinitionIssue> },
}

/// A built-in template as offered for copying.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TemplateSummary {
    pub key: String,
    pub category: String,
    pub name: Text,
    pub description: Text,
}

/// Filters for a form's submissions.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SubmissionFilter {
    pub form_id: String,
    /// Only this department and its sub-departments.
    #[serde(default)]
    pub department_id: Option<String>,
    /// `YYYY-MM-DD`, inclusive, China time.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub until: Option<String>,
    #[serde(default)]
    pub status: Option<SubmissionStatus>,
    /// A field key and text its value must contain.
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub contains: Option<String>,
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::activity::{self, Action, Module};
    use crate::auth::CurrentUser;
    use crate::db::{Db, new_id};
    use crate::form::repo::{self, NameTable, NewForm, NewSubmission, SubmissionQuery};
    use crate::form::rules::{self, ReferenceKind};
    use crate::form::templates;
    use crate::i18n::Msg;

    use crate::core::clock::{self, DAY_MS};

    fn field_count(fields: &[Field]) -> usize {
        fields
            .iter()
            .map(|f| match &f.kind {
                FieldKind::Table { columns, .. } => 1 + columns.len(),
                _ => 1,
            })
            .sum()
    }

    fn check_draft_input(input: &FormDraftInput) -> Result<FormDraftInput, AppError> {
        let mut input = input.clone();
        input.name.zh = input.name.zh.trim().to_string();
        input.name.en = input.name.en.trim().to_string();
        input.category = input.category.trim().to_string();
        let mut errors = Vec::new();
        if input.name.is_empty() {
            errors.push(crate::error::FieldError {
                field: "name".into(),
                msg: Msg::ErrFormNameRequired,
            });
        }
        if input.name.zh.chars().count() > 50 || input.name.en.chars().count() > 80 {
            errors.push(crate::error::FieldError {
                field: "name".into(),
                msg: Msg::ErrFormNameTooLong,
            });
        }
        if field_count(&input.definition.fields) > MAX_FIELDS {
            errors.push(crate::error::FieldError {
                field: "definition".into(),
                msg: Msg::ErrFormTooManyFields,
            });
        }
        if errors.is_empty() {
            Ok(input)
        } else {
            Err(AppError::Validation(errors))
        }
    }

    /// Creates a form: blank, or a copy of a built-in template. Returns its id.
    pub async fn create_form_impl(
        db: &Db,
        user: &CurrentUser,
        template_key: Option<&str>,
        now: i64,
    ) -> Result<String, AppError> {
        user.check(Capability::ManageForms)?;
        let (name, description, category, definition) = match template_key {
            Some(key) => {
                let t = templates::builtin()
                    .into_iter()
                    .find(|t| t.key == key)
                    .ok_or(AppError::NotFound)?;
                let copy = |text: &Text| {
                    Text::new(
                        &format!("{}（副本）", text.zh),
                        &format!("{} (copy)", text.en),
                    )
                };
                (
                    copy(&t.name),
                    t.description,
                    t.category.to_string(),
                    t.definition,
                )
            }
            None => (
                Text::new("未命名表单", "Untitled form"),
                Text::default(),
                String::new(),
                FormDefinition {
                    fields: vec![
                        Field::new("title", "标题", "Title", KindName::Text.fresh()).required(),
                    ],
                },
            ),
        };
        let id = new_id();
        let mut tx = db.begin_write().await?;
        repo::insert_form(
            &mut tx,
            &NewForm {
                id: &id,
                name: &name,
                description: &description,
                category: &category,
                definition: &definition,
                template_key: None,
                created_by: Some(&user.id),
            },
            now,
        )
        .await?;
        if let Some(key) = template_key
            && let Some(flow) = crate::approval::service::builtin_flow_for(&mut tx, key).await?
        {
            crate::approval::repo::save_flow_draft(&mut tx, &id, &flow, &user.id, now).await?;
        }
        activity::record(
            &mut tx,
            &user.id,
            &user.department_id,
            Module::Forms,
            Action::Create,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Saves the designer's draft (even with problems, so no work is lost) and returns
    /// the problems that would stop publishing.
    pub async fn save_form_draft_impl(
        db: &Db,
        user: &CurrentUser,
        id: &str,
        input: &FormDraftInput,
        now: i64,
    ) -> Result<Vec<DefinitionIssue>, AppError> {
        user.check(Capability::ManageForms)?;
        let input = check_draft_input(input)?;
        let mut tx = db.begin_write().await?;
        let saved = repo::update_draft(
            &mut tx,
            id,
            &input.name,
            &input.description,
            &input.category,
            &input.definition,
            now,
        )
        .await?;
        if !saved {
            return Err(AppError::NotFound);
        }
        tx.commit().await?;
        Ok(rules::check_definition(&input.definition))
    }

    /// Publishes the draft as a new version if it changed and has no problems.
    pub async fn publish_form_impl(
        db: &Db,
        user: &CurrentUser,
        id: &str,
        now: i64,
    ) -> Result<PublishOutcome, AppError> {
        user.check(Capability::ManageForms)?;
        let mut tx = db.begin_write().await?;
        let draft = repo::get_draft(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let issues = rules::check_definition(&draft.definition);
        if !issues.is_empty() {
            return Ok(PublishOutcome::Invalid { issues });
        }
        if !draft.has_unpublished_changes {
            if draft.status != FormStatus::Published {
                repo::set_status(&mut tx, id, FormStatus::Published, now).await?;
                tx.commit().await?;
            }
            return Ok(PublishOutcome::Unchanged {
                version: draft.version,
            });
        }
        let version = draft.version + 1;
        repo::insert_version(&mut tx, id, version, &draft.definition, Some(&user.id), now).await?;
        crate::approval::service::publish_first_flow(&mut tx, &user.id, id, &draft.definition, now)
            .await?;
        activity::audit(
            &mut tx,
            Some(&user.id),
            "form.publish",
            id,
            &format!("version {version}"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(PublishOutcome::Published { version })
    }

    /// Creates a draft form from exported JSON (a definition, or a whole `FormDraftInput`).
    pub async fn import_form_impl(
        db: &Db,
        user: &CurrentUser,
        json: &str,
        now: i64,
    ) -> Result<(String, Vec<DefinitionIssue>), AppError> {
        user.check(Capability::ManageForms)?;
        let input = serde_json::from_str::<FormDraftInput>(json)
            .or_else(|_| {
                serde_json::from_str::<FormDefinition>(json).map(|definition| FormDraftInput {
                    name: Text::new("导入的表单", "Imported form"),
                    description: Text::default(),
                    category: String::new(),
                    definition,
                })
            })
            .map_err(|_| AppError::field("json", Msg::ErrFormJsonUnreadable))?;
        let input = check_draft_input(&input)?;
        let issues = rules::check_definition(&input.definition);
        let id = new_id();
        let mut tx = db.begin_write().await?;
        repo::insert_form(
            &mut tx,
            &NewForm {
                id: &id,
                name: &input.name,
                description: &input.description,
                category: &input.category,
                definition: &input.definition,
                template_key: None,
                created_by: Some(&user.id),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok((id, issues))
    }

    /// The latest published version of a form that is open for filling in.
    pub async fn get_published_impl(
        db: &Db,
        _user: &CurrentUser,
        id: &str,
    ) -> Result<PublishedForm, AppError> {
        let mut conn = db.pool.acquire().await?;
        let draft = repo::get_draft(&mut conn, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if draft.status != FormStatus::Published {
            return Err(AppError::NotFound);
        }
        repo::get_published(&mut conn, id, None)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Saves what someone has typed so far; an older revision never overwrites a newer.
    pub async fn save_my_draft_impl(
        db: &Db,
        user: &CurrentUser,
        form_id: &str,
        version: i64,
        values: &Values,
        revision: i64,
        now: i64,
    ) -> Result<i64, AppError> {
        let text = serde_json::to_string(values).map_err(AppError::internal)?;
        if text.len() > 512 * 1024 {
            return Err(AppError::field("values", Msg::ErrDraftTooLarge));
        }
        let mut tx = db.begin_write().await?;
        repo::get_published(&mut tx, form_id, Some(version))
            .await?
            .ok_or(AppError::NotFound)?;
        let stored =
            repo::save_draft(&mut tx, form_id, &user.id, version, values, revision, now).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Checks every id a submission refers to; files are replaced by what was stored.
    async fn resolve_references(
        conn: &mut sqlx::AnyConnection,
        user: &CurrentUser,
        def: &FormDefinition,
        values: &mut Values,
    ) -> Result<Vec<FieldIssue>, AppError> {
        let mut issues = Vec::new();
        for reference in rules::references(def, values) {
            let problem = match reference.kind {
                ReferenceKind::Employee => repo::names_of(
                    conn,
                    NameTable::Employees,
                    std::slice::from_ref(&reference.id),
                )
                .await?
                .is_empty()
                .then_some(Problem::UnknownEmployee),
                ReferenceKind::Department => repo::names_of(
                    conn,
                    NameTable::Departments,
                    std::slice::from_ref(&reference.id),
                )
                .await?
                .is_empty()
                .then_some(Problem::UnknownDepartment),
                ReferenceKind::File => {
                    match repo::owned_upload(conn, &reference.id, &user.id).await? {
                        Some(stored) => {
                            replace_file(values, &reference.path, &stored);
                            None
                        }
                        None => Some(Problem::UnknownFile {
                            name: file_name_at(values, &reference.path).unwrap_or_default(),
                        }),
                    }
                }
            };
            if let Some(problem) = problem {
                issues.push(FieldIssue {
                    path: reference.path,
                    problem,
                });
            }
        }
        Ok(issues)
    }

    /// The JSON pointer of a field path such as `lines[2].receipt[0]`.
    fn pointer(path: &str) -> String {
        let mut out = String::new();
        for part in path.split('.') {
            let (key, rest) = part.split_once('[').unwrap_or((part, ""));
            out.push('/');
            out.push_str(key);
            for index in rest.split('[') {
                let index = index.trim_end_matches(']');
                if !index.is_empty() {
                    out.push('/');
                    out.push_str(index);
                }
            }
        }
        out
    }

    fn replace_file(values: &mut Values, path: &str, stored: &FileRef) {
        let mut root = serde_json::Value::Object(std::mem::take(values));
        if let (Some(slot), Ok(v)) = (
            root.pointer_mut(&pointer(path)),
            serde_json::to_value(stored),
        ) {
            *slot = v;
        }
        if let serde_json::Value::Object(map) = root {
            *values = map;
        }
    }

    fn file_name_at(values: &Values, path: &str) -> Option<String> {
        let root = serde_json::Value::Object(values.clone());
        root.pointer(&pointer(path))?
            .get("name")?
            .as_str()
            .map(str::to_string)
    }

    /// Submits a form once per idempotency key: the server recomputes and checks
    /// everything, then stores the submission, clears the draft and records the act.
    pub async fn submit_form_impl(
        db: &Db,
        user: &CurrentUser,
        form_id: &str,
        version: i64,
        values: &Values,
        idempotency_key: &str,
        now: i64,
    ) -> Result<SubmitOutcome, AppError> {
        submit_with_approvers_impl(
            db,
            user,
            form_id,
            version,
            values,
            &Default::default(),
            idempotency_key,
            now,
        )
        .await
    }

    /// As [`submit_form_impl`], with the approvers the initiator chose for the nodes
    /// whose flow lets them choose (node id → employee ids).
    #[allow(clippy::too_many_arguments)]
    pub async fn submit_with_approvers_impl(
        db: &Db,
        user: &CurrentUser,
        form_id: &str,
        version: i64,
        values: &Values,
        approvers: &crate::approval::plan::Chosen,
        idempotency_key: &str,
        now: i64,
    ) -> Result<SubmitOutcome, AppError> {
        let key = idempotency_key.trim();
        if key.len() < 8 || key.len() > 64 {
            return Err(AppError::field("idempotency_key", Msg::ErrIdempotencyKey));
        }
        let mut tx = db.begin_write().await?;
        if let Some((id, serial)) = repo::submission_by_key(&mut tx, &user.id, key).await? {
            return Ok(SubmitOutcome::Submitted { id, serial });
        }
        let draft = repo::get_draft(&mut tx, form_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if draft.status != FormStatus::Published {
            return Err(AppError::NotFound);
        }
        if version != draft.version {
            return Err(AppError::Conflict(Msg::ErrFormChanged));
        }
        let form = repo::get_published(&mut tx, form_id, Some(version))
            .await?
            .ok_or(AppError::NotFound)?;
        let prepared = rules::prepare(&form.definition, values);
        let mut stored = prepared.values;
        let mut issues = prepared.issues;
        issues.extend(resolve_references(&mut tx, user, &form.definition, &mut stored).await?);
        if !issues.is_empty() {
            return Ok(SubmitOutcome::Invalid { issues });
        }
        let day = clock::format_date(clock::day_of(now)).replace('-', "");
        let number = repo::next_serial(&mut tx, &format!("submission:{day}")).await?;
        let serial = format!("{day}{number:04}");
        let id = new_id();
        repo::insert_submission(
            &mut tx,
            &NewSubmission {
                id: &id,
                serial: &serial,
                form_id,
                version,
                submitter_id: &user.id,
                department_id: &user.department_id,
                values: &stored,
                idempotency_key: key,
            },
            now,
        )
        .await?;
        crate::approval::service::start_approval(
            &mut tx,
            &user.id,
            &user.department_id,
            &id,
            form_id,
            &form.definition,
            &stored,
            approvers,
            now,
        )
        .await?;
        repo::delete_draft(&mut tx, form_id, &user.id).await?;
        activity::record(
            &mut tx,
            &user.id,
            &user.department_id,
            Module::Forms,
            Action::Submit,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(SubmitOutcome::Submitted { id, serial })
    }

    /// A submission with the definition of its own version; for its submitter and administrators.
    pub async fn get_submission_impl(
        db: &Db,
        user: &CurrentUser,
        id: &str,
    ) -> Result<SubmissionDetail, AppError> {
        let mut conn = db.pool.acquire().await?;
        let (summary, values) = repo::get_submission(&mut conn, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if summary.submitter_id != user.id && !user.may(Capability::ManageForms) {
            return Err(AppError::NotFound);
        }
        repo::submission_detail(&mut conn, summary, values)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Parses a `YYYY-MM-DD` filter day into the instant it begins.
    fn day_start_ms(day: &str) -> Result<i64, AppError> {
        clock::parse_date(day)
            .map(clock::day_start)
            .ok_or_else(|| AppError::field("date", Msg::ErrBadDateFilter))
    }

    /// A form's submissions for administrators, with every filter applied.
    pub async fn list_form_submissions_impl(
        db: &Db,
        user: &CurrentUser,
        filter: &SubmissionFilter,
        limit: i64,
    ) -> Result<Vec<(SubmissionSummary, Values)>, AppError> {
        user.check(Capability::ManageForms)?;
        let department_ids = match filter.department_id.as_deref().filter(|d| !d.is_empty()) {
            None => None,
            Some(root) => {
                let departments = crate::org::repo::list_departments(db).await?;
                Some(
                    crate::org::rules::department_subtree(&departments, root)
                        .into_iter()
                        .collect(),
                )
            }
        };
        let query = SubmissionQuery {
            form_id: Some(filter.form_id.clone()),
            submitter_id: None,
            department_ids,
            from_ms: filter
                .from
                .as_deref()
                .filter(|s| !s.is_empty())
                .map(day_start_ms)
                .transpose()?,
            until_ms: filter
                .until
                .as_deref()
                .filter(|s| !s.is_empty())
                .map(|d| day_start_ms(d).map(|ms| ms + DAY_MS))
                .transpose()?,
            status: filter.status,
        };
        let mut rows = repo::list_submissions(db, &query, limit).await?;
        if let (Some(field), Some(needle)) = (
            filter.field.as_deref().filter(|s| !s.is_empty()),
            filter
                .contains
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty()),
        ) {
            let needle = needle.to_lowercase();
            rows.retain(|(_, values)| {
                values.get(field).is_some_and(|v| {
                    let text = match v {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    text.to_lowercase().contains(&needle)
                })
            });
        }
        Ok(rows)
    }
}

#[server(prefix = "/api/forms", endpoint = "list")]
pub async fn list_forms() -> Result<Vec<FormSummary>, AppError> {
    let _user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    Ok(super::repo::list_forms(&db, true).await?)
}

#[server(prefix = "/api/forms", endpoint = "manage")]
pub async fn list_manageable_forms() -> Result<Vec<FormSummary>, AppError> {
    let _user = crate::auth::require(Capability::ManageForms).await?;
    let db = crate::auth::server::use_db()?;
    Ok(super::repo::list_forms(&db, false).await?)
}

#[server(prefix = "/api/forms", endpoint = "templates")]
pub async fn list_templates() -> Result<Vec<TemplateSummary>, AppError> {
    let _user = crate::auth::require(Capability::ManageForms).await?;
    Ok(super::templates::builtin()
        .into_iter()
        .map(|t| TemplateSummary {
            key: t.key.to_string(),
            category: t.category.to_string(),
            name: t.name,
            description: t.description,
        })
        .collect())
}

/// What the fill page needs, in one call: the form, the person's saved draft, and the
/// department tree when a field picks departments. (One server function per resource:
/// during server rendering a first, discarded render pass may drop the request context
/// between two awaited calls, and pickers must not add resources of their own.)
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FillData {
    pub form: PublishedForm,
    pub draft: Option<SavedDraft>,
    pub departments: Vec<crate::org::model::Department>,
    /// The approval path preview, when the form has a published flow.
    #[serde(default)]
    pub path: Option<crate::approval::model::PathPreview>,
}

#[cfg(feature = "ssr")]
fn picks_departments(fields: &[Field]) -> bool {
    fields.iter().any(|f| match &f.kind {
        FieldKind::Department { .. } => true,
        FieldKind::Table { columns, .. } => picks_departments(columns),
        _ => false,
    })
}

/// A request sent back to its initiator, opened for editing: the form of the
/// submission's own version with the values as submitted.
#[server(prefix = "/api/forms", endpoint = "open-resubmission")]
pub async fn open_resubmission(instance_id: String) -> Result<FillData, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    let mut conn = db.pool.acquire().await?;
    let (summary, values) = super::repo::get_submission(&mut conn, &instance_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if summary.submitter_id != user.id {
        return Err(AppError::NotFound);
    }
    if summary.status != SubmissionStatus::Returned {
        return Err(AppError::Conflict(crate::i18n::Msg::ErrApprovalNotReturned));
    }
    let form = super::repo::get_published(&mut conn, &summary.form_id, Some(summary.version))
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let departments = if picks_departments(&form.definition.fields) {
        crate::org::repo::list_departments(&db).await?
    } else {
        Vec::new()
    };
    Ok(FillData {
        draft: Some(SavedDraft {
            version: form.version,
            values,
            revision: 0,
            updated_at: summary.created_at,
        }),
        form,
        departments,
        path: None,
    })
}

#[server(prefix = "/api/forms", endpoint = "open")]
pub async fn open_form(id: String) -> Result<FillData, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    let form = get_published_impl(&db, &user, &id).await?;
    let mut conn = db.pool.acquire().await?;
    let draft = super::repo::get_saved_draft(&mut conn, &id, &user.id).await?;
    drop(conn);
    let departments = if picks_departments(&form.definition.fields) {
        crate::org::repo::list_departments(&db).await?
    } else {
        Vec::new()
    };
    let path = crate::approval::server::path_preview(&db, &user.id, &id).await?;
    Ok(FillData {
        form,
        draft,
        departments,
        path,
    })
}

#[server(prefix = "/api/forms", endpoint = "create")]
pub async fn create_form(template: Option<String>) -> Result<String, AppError> {
    let user = crate::auth::require(Capability::ManageForms).await?;
    let db = crate::auth::server::use_db()?;
    create_form_impl(
        &db,
        &user,
        template.as_deref().filter(|s| !s.is_empty()),
        crate::db::now_ms(),
    )
    .await
}

#[server(prefix = "/api/forms", endpoint = "draft")]
pub async fn get_form_draft(id: String) -> Result<FormDraft, AppError> {
    let _user = crate::auth::require(Capability::ManageForms).await?;
    let db = crate::auth::server::use_db()?;
    let mut conn = db.pool.acquire().await?;
    super::repo::get_draft(&mut conn, &id)
        .await?
        .ok_or(AppError::NotFound)
}

#[server(prefix = "/api/forms", endpoint = "save-draft", input = Json)]
pub async fn save_form_draft(
    id: String,
    input: FormDraftInput,
) -> Result<Vec<DefinitionIssue>, AppError> {
    let user = crate::auth::require(Capability::ManageForms).await?;
    let db = crate::auth::server::use_db()?;
    save_form_draft_impl(&db, &user, &id, &input, crate::db::now_ms()).await
}

#[server(prefix = "/api/forms", endpoint = "publish")]
pub async fn publish_form(id: String) -> Result<PublishOutcome, AppError> {
    let user = crate::auth::require(Capability::ManageForms).await?;
    let db = crate::auth::server::use_db()?;
    publish_form_impl(&db, &user, &id, crate::db::now_ms()).await
}

#[server(prefix = "/api/forms", endpoint = "archive")]
pub async fn set_form_archived(id: String, archived: bool) -> Result<(), AppError> {
    let user = crate::auth::require(Capability::ManageForms).await?;
    let db = crate::auth::server::use_db()?;
    let now = crate::db::now_ms();
    let mut tx = db.begin_write().await?;
    let draft = super::repo::get_draft(&mut tx, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let status = match (archived, draft.version) {
        (true, _) => FormStatus::Archived,
        (false, 0) => FormStatus::Draft,
        (false, _) => FormStatus::Published,
    };
    super::repo::set_status(&mut tx, &id, status, now).await?;
    crate::activity::audit(
        &mut tx,
        Some(&user.id),
        "form.status",
        &id,
        status.as_str(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[server(prefix = "/api/forms", endpoint = "import", input = Json)]
pub async fn import_form_json(json: String) -> Result<String, AppError> {
    let user = crate::auth::require(Capability::ManageForms).await?;
    let db = crate::auth::server::use_db()?;
    import_form_impl(&db, &user, &json, crate::db::now_ms())
        .await
        .map(|(id, _)| id)
}

#[server(prefix = "/api/forms", endpoint = "save-my-draft", input = Json)]
pub async fn save_my_draft(
    form_id: String,
    version: i64,
    values: Values,
    revision: i64,
) -> Result<i64, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    save_my_draft_impl(
        &db,
        &user,
        &form_id,
        version,
        &values,
        revision,
        crate::db::now_ms(),
    )
    .await
}

#[server(prefix = "/api/forms", endpoint = "submit", input = Json)]
pub async fn submit_form(
    form_id: String,
    version: i64,
    values: Values,
    idempotency_key: String,
    /// Approvers chosen for the nodes that let the initiator choose.
    approvers: Option<crate::approval::plan::Chosen>,
) -> Result<SubmitOutcome, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    submit_with_approvers_impl(
        &db,
        &user,
        &form_id,
        version,
        &values,
        &approvers.unwrap_or_default(),
        &idempotency_key,
        crate::db::now_ms(),
    )
    .await
}

#[server(prefix = "/api/forms", endpoint = "mine")]
pub async fn list_my_submissions() -> Result<Vec<SubmissionSummary>, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    let query = super::repo::SubmissionQuery {
        submitter_id: Some(user.id.clone()),
        ..Default::default()
    };
    Ok(super::repo::list_submissions(&db, &query, 200)
        .await?
        .into_iter()
        .map(|(s, _)| s)
        .collect())
}

#[server(prefix = "/api/forms", endpoint = "submissions")]
pub async fn list_form_submissions(
    filter: SubmissionFilter,
) -> Result<Vec<SubmissionSummary>, AppError> {
    let user = crate::auth::require(Capability::ManageForms).await?;
    let db = crate::auth::server::use_db()?;
    Ok(list_form_submissions_impl(&db, &user, &filter, 500)
        .await?
        .into_iter()
        .map(|(s, _)| s)
        .collect())
}

#[server(prefix = "/api/forms", endpoint = "submission")]
pub async fn get_submission(id: String) -> Result<SubmissionDetail, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::auth::server::use_db()?;
    get_submission_impl(&db, &user, &id).await
}
