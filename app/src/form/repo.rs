//! Form SQL: definitions and their versions, people's drafts, submissions, serials
//! and uploads. Callers pass the transaction of the act; JSON is stored as text.

use super::model::*;
use crate::db::Db;
use sqlx::{AnyConnection, FromRow};

use crate::db::{from_json, to_json};

#[derive(FromRow)]
struct FormRow {
    id: String,
    name_zh: String,
    name_en: String,
    description_zh: String,
    description_en: String,
    category: String,
    status: String,
    draft: String,
    latest_version: i64,
    latest_definition: Option<String>,
    updated_at: i64,
}

const FORM_COLUMNS: &str =
    "f.id, f.name_zh, f.name_en, f.description_zh, f.description_en, f.category, f.status,
     f.draft, f.latest_version, v.definition AS latest_definition, f.updated_at
     FROM forms f LEFT JOIN form_versions v ON v.form_id = f.id AND v.version = f.latest_version";

impl FormRow {
    fn unpublished_changes(&self) -> bool {
        match &self.latest_definition {
            None => true,
            Some(published) => {
                // Compared as definitions (key order aside); text that does not decode
                // counts as changed, and the read that needs it reports the error.
                let definition = |text: &str| from_json::<FormDefinition>(text).ok();
                let published = definition(published);
                published.is_none() || published != definition(&self.draft)
            }
        }
    }

    fn summary(&self) -> FormSummary {
        FormSummary {
            id: self.id.clone(),
            name: Text::new(&self.name_zh, &self.name_en),
            description: Text::new(&self.description_zh, &self.description_en),
            category: self.category.clone(),
            status: FormStatus::parse(&self.status).unwrap_or(FormStatus::Draft),
            version: self.latest_version,
            has_unpublished_changes: self.unpublished_changes(),
            updated_at: self.updated_at,
        }
    }
}

/// Every form, or only the published ones, by category and name.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list_forms(db: &Db, published_only: bool) -> sqlx::Result<Vec<FormSummary>> {
    let filter = if published_only {
        "WHERE f.status = 'published'"
    } else {
        ""
    };
    let rows = sqlx::query_as::<_, FormRow>(&format!(
        "SELECT {FORM_COLUMNS} {filter} ORDER BY f.category, f.name_zh"
    ))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.iter().map(FormRow::summary).collect())
}

pub async fn get_draft(conn: &mut AnyConnection, id: &str) -> sqlx::Result<Option<FormDraft>> {
    let row = sqlx::query_as::<_, FormRow>(&format!("SELECT {FORM_COLUMNS} WHERE f.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(|r| {
        let summary = r.summary();
        Ok(FormDraft {
            id: summary.id,
            name: summary.name,
            description: summary.description,
            category: summary.category,
            status: summary.status,
            version: summary.version,
            definition: from_json(&r.draft)?,
            has_unpublished_changes: summary.has_unpublished_changes,
        })
    })
    .transpose()
}

/// A form's published definition: the latest, or the given version.
pub async fn get_published(
    conn: &mut AnyConnection,
    id: &str,
    version: Option<i64>,
) -> sqlx::Result<Option<PublishedForm>> {
    let row: Option<(String, String, String, String, i64, String, String)> = sqlx::query_as(
        "SELECT f.name_zh, f.name_en, f.description_zh, f.description_en, v.version, v.definition, f.status
         FROM forms f JOIN form_versions v ON v.form_id = f.id
         WHERE f.id = $1 AND v.version = COALESCE($2, f.latest_version)",
    )
    .bind(id)
    .bind(version)
    .fetch_optional(conn)
    .await?;
    row.map(|(nz, ne, dz, de, version, definition, _status)| {
        Ok(PublishedForm {
            id: id.to_string(),
            name: Text::new(&nz, &ne),
            description: Text::new(&dz, &de),
            version,
            definition: from_json(&definition)?,
        })
    })
    .transpose()
}

pub struct NewForm<'a> {
    pub id: &'a str,
    pub name: &'a Text,
    pub description: &'a Text,
    pub category: &'a str,
    pub definition: &'a FormDefinition,
    pub template_key: Option<&'a str>,
    pub created_by: Option<&'a str>,
}

pub async fn insert_form(
    conn: &mut AnyConnection,
    form: &NewForm<'_>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO forms (id, name_zh, name_en, description_zh, description_en, category, status, draft,
                            latest_version, template_key, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, 0, $8, $9, $10, $10)",
    )
    .bind(form.id)
    .bind(&form.name.zh)
    .bind(&form.name.en)
    .bind(&form.description.zh)
    .bind(&form.description.en)
    .bind(form.category)
    .bind(to_json(form.definition)?)
    .bind(form.template_key)
    .bind(form.created_by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces the draft and the names; returns false if the form does not exist.
pub async fn update_draft(
    conn: &mut AnyConnection,
    id: &str,
    name: &Text,
    description: &Text,
    category: &str,
    definition: &FormDefinition,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE forms SET name_zh = $2, name_en = $3, description_zh = $4, description_en = $5, category = $6,
                          draft = $7, updated_at = $8 WHERE id = $1",
    )
    .bind(id)
    .bind(&name.zh)
    .bind(&name.en)
    .bind(&description.zh)
    .bind(&description.en)
    .bind(category)
    .bind(to_json(definition)?)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Stores `definition` as the next version and makes it the one people fill in.
pub async fn insert_version(
    conn: &mut AnyConnection,
    id: &str,
    version: i64,
    definition: &FormDefinition,
    by: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO form_versions (form_id, version, definition, published_by, published_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(version)
    .bind(to_json(definition)?)
    .bind(by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE forms SET latest_version = $2, status = 'published', updated_at = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(version)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_status(
    conn: &mut AnyConnection,
    id: &str,
    status: FormStatus,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE forms SET status = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(status.as_str())
        .bind(now)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn form_id_by_template(
    conn: &mut AnyConnection,
    key: &str,
) -> sqlx::Result<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT id FROM forms WHERE template_key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| r.0))
}

// ------------------------------------------------------------ drafts of values

pub async fn get_saved_draft(
    conn: &mut AnyConnection,
    form_id: &str,
    employee_id: &str,
) -> sqlx::Result<Option<SavedDraft>> {
    let row: Option<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT version, field_values, revision, updated_at FROM form_drafts WHERE form_id = $1 AND employee_id = $2",
    )
    .bind(form_id)
    .bind(employee_id)
    .fetch_optional(conn)
    .await?;
    row.map(|(version, values, revision, updated_at)| {
        Ok(SavedDraft {
            version,
            values: from_json(&values)?,
            revision,
            updated_at,
        })
    })
    .transpose()
}

/// Saves a person's draft unless a newer revision is already stored; returns the
/// revision now stored.
pub async fn save_draft(
    conn: &mut AnyConnection,
    form_id: &str,
    employee_id: &str,
    version: i64,
    values: &Values,
    revision: i64,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO form_drafts (form_id, employee_id, version, field_values, revision, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (form_id, employee_id) DO UPDATE
           SET version = excluded.version, field_values = excluded.field_values,
               revision = excluded.revision, updated_at = excluded.updated_at
           WHERE form_drafts.revision < excluded.revision",
    )
    .bind(form_id)
    .bind(employee_id)
    .bind(version)
    .bind(to_json(values)?)
    .bind(revision)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    let (stored,): (i64,) =
        sqlx::query_as("SELECT revision FROM form_drafts WHERE form_id = $1 AND employee_id = $2")
            .bind(form_id)
            .bind(employee_id)
            .fetch_one(conn)
            .await?;
    Ok(stored)
}

pub async fn delete_draft(
    conn: &mut AnyConnection,
    form_id: &str,
    employee_id: &str,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM form_drafts WHERE form_id = $1 AND employee_id = $2")
        .bind(form_id)
        .bind(employee_id)
        .execute(conn)
        .await?;
    Ok(())
}

// ------------------------------------------------------------ submissions

/// The next number in a counter scope (1, 2, …), taken inside the caller's write.
pub async fn next_serial(conn: &mut AnyConnection, scope: &str) -> sqlx::Result<i64> {
    let (value,): (i64,) = sqlx::query_as(
        "INSERT INTO serial_counters (scope, last_value) VALUES ($1, 1)
         ON CONFLICT (scope) DO UPDATE SET last_value = serial_counters.last_value + 1
         RETURNING last_value",
    )
    .bind(scope)
    .fetch_one(conn)
    .await?;
    Ok(value)
}

/// The submission an idempotency key already made, if any.
pub async fn submission_by_key(
    conn: &mut AnyConnection,
    submitter_id: &str,
    key: &str,
) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as(
        "SELECT id, serial FROM form_submissions WHERE submitter_id = $1 AND idempotency_key = $2",
    )
    .bind(submitter_id)
    .bind(key)
    .fetch_optional(conn)
    .await
}

pub struct NewSubmission<'a> {
    pub id: &'a str,
    pub serial: &'a str,
    pub form_id: &'a str,
    pub version: i64,
    pub submitter_id: &'a str,
    pub department_id: &'a str,
    pub values: &'a Values,
    pub idempotency_key: &'a str,
}

pub async fn insert_submission(
    conn: &mut AnyConnection,
    s: &NewSubmission<'_>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO form_submissions (id, serial, form_id, version, submitter_id, department_id, status,
                                       field_values, idempotency_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'submitted', $7, $8, $9)",
    )
    .bind(s.id)
    .bind(s.serial)
    .bind(s.form_id)
    .bind(s.version)
    .bind(s.submitter_id)
    .bind(s.department_id)
    .bind(to_json(s.values)?)
    .bind(s.idempotency_key)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct SubmissionRow {
    id: String,
    serial: String,
    form_id: String,
    name_zh: String,
    name_en: String,
    version: i64,
    submitter_id: String,
    submitter_name: String,
    department_name: String,
    status: String,
    created_at: i64,
    field_values: String,
}

impl SubmissionRow {
    fn summary(&self) -> SubmissionSummary {
        SubmissionSummary {
            id: self.id.clone(),
            serial: self.serial.clone(),
            form_id: self.form_id.clone(),
            form_name: Text::new(&self.name_zh, &self.name_en),
            version: self.version,
            submitter_id: self.submitter_id.clone(),
            submitter_name: self.submitter_name.clone(),
            department_name: self.department_name.clone(),
            status: SubmissionStatus::parse(&self.status).unwrap_or(SubmissionStatus::Submitted),
            created_at: self.created_at,
        }
    }
}

const SUBMISSION_COLUMNS: &str = "s.id, s.serial, s.form_id, f.name_zh, f.name_en, s.version, s.submitter_id,
     e.name AS submitter_name, d.name AS department_name, s.status, s.created_at, s.field_values
     FROM form_submissions s JOIN forms f ON f.id = s.form_id JOIN employees e ON e.id = s.submitter_id
     JOIN departments d ON d.id = s.department_id";

/// Which submissions to list; all conditions hold together.
#[derive(Debug, Clone, Default)]
pub struct SubmissionQuery {
    pub form_id: Option<String>,
    pub submitter_id: Option<String>,
    /// Departments to include (a department and its sub-departments), if any.
    pub department_ids: Option<Vec<String>>,
    pub from_ms: Option<i64>,
    pub until_ms: Option<i64>,
    pub status: Option<SubmissionStatus>,
}

/// Submissions newest first, each with its stored values.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn list_submissions(
    db: &Db,
    q: &SubmissionQuery,
    limit: i64,
) -> sqlx::Result<Vec<(SubmissionSummary, Values)>> {
    let mut sql = format!("SELECT {SUBMISSION_COLUMNS} WHERE 1 = 1");
    let mut binds: Vec<String> = Vec::new();
    let mut bind = |sql: &mut String, clause: &str, value: String| {
        binds.push(value);
        sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
    };
    if let Some(v) = &q.form_id {
        bind(&mut sql, " AND s.form_id = ?", v.clone());
    }
    if let Some(v) = &q.submitter_id {
        bind(&mut sql, " AND s.submitter_id = ?", v.clone());
    }
    if let Some(v) = q.status {
        bind(&mut sql, " AND s.status = ?", v.as_str().to_string());
    }
    if let Some(ids) = &q.department_ids {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = crate::db::placeholders(binds.len() + 1, ids.len());
        binds.extend(ids.iter().cloned());
        sql.push_str(&format!(" AND s.department_id IN ({list})"));
    }
    // Times are bound as text-free integers below, after the text parameters.
    let mut int_binds: Vec<i64> = Vec::new();
    for (clause, value) in [
        (" AND s.created_at >= ", q.from_ms),
        (" AND s.created_at < ", q.until_ms),
    ] {
        if let Some(v) = value {
            int_binds.push(v);
            sql.push_str(&format!("{clause}${}", binds.len() + int_binds.len()));
        }
    }
    int_binds.push(limit);
    sql.push_str(&format!(
        " ORDER BY s.created_at DESC, s.id DESC LIMIT ${}",
        binds.len() + int_binds.len()
    ));
    let mut query = sqlx::query_as::<_, SubmissionRow>(&sql);
    for b in binds {
        query = query.bind(b);
    }
    for b in int_binds {
        query = query.bind(b);
    }
    let rows = query.fetch_all(&db.pool).await?;
    rows.iter()
        .map(|r| Ok((r.summary(), from_json(&r.field_values)?)))
        .collect()
}

/// Replaces a submission's values (an approver's edit, a resubmission). A value that
/// cannot be encoded is an error, never an empty column.
#[tracing::instrument(level = "debug", skip(conn, values))]
pub async fn set_submission_values(
    conn: &mut AnyConnection,
    id: &str,
    values: &Values,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE form_submissions SET field_values = $1 WHERE id = $2")
        .bind(to_json(values)?)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A stored submission with its version's definition and the names it refers to;
/// `None` when that version of the form is gone.
#[tracing::instrument(level = "debug", skip(conn, summary, values))]
pub async fn submission_detail(
    conn: &mut AnyConnection,
    summary: SubmissionSummary,
    values: Values,
) -> sqlx::Result<Option<SubmissionDetail>> {
    use super::rules::{ReferenceKind, references};
    let Some(form) = get_published(&mut *conn, &summary.form_id, Some(summary.version)).await?
    else {
        return Ok(None);
    };
    let mut employees = Vec::new();
    let mut departments = Vec::new();
    for r in references(&form.definition, &values) {
        match r.kind {
            ReferenceKind::Employee => employees.push(r.id),
            ReferenceKind::Department => departments.push(r.id),
            ReferenceKind::File => {}
        }
    }
    let mut names = names_of(&mut *conn, NameTable::Employees, &employees).await?;
    names.extend(names_of(&mut *conn, NameTable::Departments, &departments).await?);
    Ok(Some(SubmissionDetail {
        summary,
        definition: form.definition,
        values,
        names,
    }))
}

pub async fn get_submission(
    conn: &mut AnyConnection,
    id: &str,
) -> sqlx::Result<Option<(SubmissionSummary, Values)>> {
    let row =
        sqlx::query_as::<_, SubmissionRow>(&format!("SELECT {SUBMISSION_COLUMNS} WHERE s.id = $1"))
            .bind(id)
            .fetch_optional(conn)
            .await?;
    row.map(|r| Ok((r.summary(), from_json(&r.field_values)?)))
        .transpose()
}

/// Which of these ids are employees (`table` = employees) or departments, with names.
pub async fn names_of(
    conn: &mut AnyConnection,
    table: NameTable,
    ids: &[String],
) -> sqlx::Result<Vec<(String, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let table = match table {
        NameTable::Employees => "employees",
        NameTable::Departments => "departments",
    };
    let sql = format!(
        "SELECT id, name FROM {table} WHERE id IN ({})",
        crate::db::placeholders(1, ids.len())
    );
    let mut query = sqlx::query_as::<_, (String, String)>(&sql);
    for id in ids {
        query = query.bind(id);
    }
    query.fetch_all(conn).await
}

#[derive(Debug, Clone, Copy)]
pub enum NameTable {
    Employees,
    Departments,
}

// ------------------------------------------------------------ uploads

/// An upload's metadata if it belongs to `owner_id`.
pub async fn owned_upload(
    conn: &mut AnyConnection,
    id: &str,
    owner_id: &str,
) -> sqlx::Result<Option<FileRef>> {
    let row: Option<(String, String, String, i64)> = sqlx::query_as(
        "SELECT id, name, content_type, size FROM uploads WHERE id = $1 AND owner_id = $2",
    )
    .bind(id)
    .bind(owner_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(id, name, content_type, size)| FileRef {
        id,
        name,
        size: size.max(0) as u64,
        content_type,
    }))
}

pub struct NewUpload<'a> {
    pub id: &'a str,
    pub owner_id: &'a str,
    pub name: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub content: &'a [u8],
}

pub async fn insert_upload(
    conn: &mut AnyConnection,
    u: &NewUpload<'_>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO uploads (id, owner_id, name, content_type, size, sha256, content, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(u.id)
    .bind(u.owner_id)
    .bind(u.name)
    .bind(u.content_type)
    .bind(u.content.len() as i64)
    .bind(u.sha256)
    .bind(u.content.to_vec())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// An upload's bytes with its owner, name and type.
pub async fn upload_content(
    conn: &mut AnyConnection,
    id: &str,
) -> sqlx::Result<Option<(String, String, String, Vec<u8>)>> {
    sqlx::query_as("SELECT owner_id, name, content_type, content FROM uploads WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// A draft its writer has not submitted yet, for the workbench.
#[derive(FromRow)]
pub struct UnsentDraftRow {
    pub form_id: String,
    pub name_zh: String,
    pub name_en: String,
    pub updated_at: i64,
}

/// [`unsent_drafts`]'s query (binds the person and the limit; its columns in
/// [`UnsentDraftRow`]'s order), also read on the request's thread by the workbench.
pub const UNSENT_DRAFTS_SQL: &str = "SELECT d.form_id, f.name_zh, f.name_en, d.updated_at
 FROM form_drafts d JOIN forms f ON f.id = d.form_id
 WHERE d.employee_id = $1 AND f.status = 'published'
 ORDER BY d.updated_at DESC LIMIT $2";

/// A person's drafts of published forms, the latest first, at most `limit`.
#[tracing::instrument(level = "debug", skip(conn))]
pub async fn unsent_drafts(
    conn: &mut AnyConnection,
    employee_id: &str,
    limit: i64,
) -> sqlx::Result<Vec<UnsentDraftRow>> {
    sqlx::query_as(UNSENT_DRAFTS_SQL)
        .bind(employee_id)
        .bind(limit)
        .fetch_all(conn)
        .await
}
