//! Sign-in, activation, password and language server functions, and the
//! `require_user` / `require` guards every other server function starts with.
//!
//! The sign-in, activation, password and language forms are plain HTML forms posting
//! to these functions' stable URLs, so they work before (or without) the WASM. Each
//! answers with a redirect: to where the person was going, or back to the form with
//! the error in the query string (see [`crate::ui::error_query`]).

use super::model::CurrentUser;
#[cfg(feature = "ssr")]
use crate::core::permission::Capability;
use crate::error::AppError;
use leptos::prelude::*;

pub const SESSION_COOKIE: &str = "luodi_session";

#[cfg(feature = "ssr")]
pub use ssr::*;

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use crate::activity::{self, Action, Module};
    use crate::auth::repo;
    use crate::auth::rules::{Throttle, check_new_password, normalize_invite_code};
    use crate::auth::secret::{hash_password, verify_password};
    use crate::db::{Db, now_ms};
    use crate::i18n::Msg;
    use http::HeaderMap;
    use http::header::{AUTHORIZATION, COOKIE, SET_COOKIE};

    static PROCESS_DB: std::sync::OnceLock<Db> = std::sync::OnceLock::new();

    /// Makes `db` the database of this process (the server sets it once at start), for
    /// work that outlives its request's reactive owner.
    pub fn set_process_db(db: &Db) {
        let _ = PROCESS_DB.set(db.clone());
    }

    /// The database of this request.
    pub fn use_db() -> Result<Db, AppError> {
        use_context::<Db>()
            .or_else(|| PROCESS_DB.get().cloned())
            .ok_or_else(|| AppError::internal("database missing from context"))
    }

    fn request_parts() -> Option<http::request::Parts> {
        use_context::<http::request::Parts>()
    }

    /// The value of cookie `name` in `headers`.
    pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }

    /// The person a request's bearer token or session cookie belongs to.
    pub async fn user_from_headers(
        db: &Db,
        headers: &HeaderMap,
    ) -> Result<Option<CurrentUser>, AppError> {
        let now = now_ms();
        if let Some(bearer) = headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        {
            // A personal API token, or a session token from the JSON sign-in.
            let bearer = bearer.trim();
            if let Some(user) = repo::user_for_api_token(db, bearer, now).await? {
                return Ok(Some(user));
            }
            return Ok(repo::user_for_session(db, bearer, now).await?);
        }
        match cookie(headers, SESSION_COOKIE) {
            Some(token) => Ok(repo::user_for_session(db, &token, now).await?),
            None => Ok(None),
        }
    }

    /// Who sent this request, when the page handler has already looked it up before
    /// rendering: one session lookup per page view, shared by the frame and every
    /// resource rendered with it. Never present in a server function's own request.
    #[derive(Debug, Clone)]
    pub struct KnownRequester(pub Option<CurrentUser>);

    /// The signed-in person, or `Unauthenticated`. Every server function starts here.
    pub async fn require_user() -> Result<CurrentUser, AppError> {
        if let Some(KnownRequester(known)) = use_context::<KnownRequester>() {
            return known.ok_or(AppError::Unauthenticated);
        }
        let db = use_db()?;
        let parts = request_parts().ok_or(AppError::Unauthenticated)?;
        user_from_headers(&db, &parts.headers)
            .await?
            .ok_or(AppError::Unauthenticated)
    }

    /// The signed-in person if they may do `capability`: `Unauthenticated` or
    /// `Forbidden` otherwise. Server functions that need a capability start here.
    pub async fn require(capability: Capability) -> Result<CurrentUser, AppError> {
        let user = require_user().await?;
        user.check(capability)?;
        Ok(user)
    }

    fn is_https(parts: &http::request::Parts) -> bool {
        parts.uri.scheme_str() == Some("https")
            || parts
                .headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                == Some("https")
    }

    /// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Secure when served over TLS.
    pub fn cookie_header(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
        format!(
            "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}",
            if secure { "; Secure" } else { "" }
        )
    }

    fn set_cookie(name: &str, value: &str, max_age_secs: i64) {
        let secure = request_parts().is_some_and(|p| is_https(&p));
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
            && let Ok(v) =
                http::HeaderValue::from_str(&cookie_header(name, value, max_age_secs, secure))
        {
            response.append_header(SET_COOKIE, v);
        }
    }

    /// Only paths on this site; anything else (`//evil`, `https://…`) becomes `/`.
    pub fn local_path(next: Option<&str>) -> String {
        match next {
            Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => {
                p.to_string()
            }
            _ => "/".to_string(),
        }
    }

    /// The page the person was on when they posted a form, from the `Referer` the browser
    /// sends: its path and query if it is on this site (`host`), else nothing. After
    /// navigating inside the app the page's own markup still names the first page; the
    /// browser's address (and so the `Referer`) is the current one.
    pub fn page_posted_from(referer: Option<&str>, host: Option<&str>) -> Option<String> {
        let (referer, host) = (referer?, host?);
        let rest = referer
            .strip_prefix("https://")
            .or_else(|| referer.strip_prefix("http://"))?;
        let path = rest.strip_prefix(host)?;
        (path.starts_with('/') && local_path(Some(path)) == path).then(|| path.to_string())
    }

    /// The page a form post came from, when the browser says so (see [`page_posted_from`]).
    pub fn referring_page() -> Option<String> {
        let parts = request_parts()?;
        let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
        page_posted_from(header(http::header::REFERER), header(http::header::HOST))
    }

    /// Checks the password of the account `identifier` names; on success starts a new
    /// session and records the sign-in. Returns the person and the session secret.
    pub async fn sign_in_impl(
        db: &Db,
        identifier: &str,
        password: &str,
        now: i64,
    ) -> Result<(CurrentUser, String), AppError> {
        if identifier.trim().is_empty() {
            return Err(AppError::field("account", Msg::ErrRequired));
        }
        if password.is_empty() {
            return Err(AppError::field("password", Msg::ErrRequired));
        }
        let mut conn = db.pool.acquire().await?;
        let account = repo::find_account(&mut conn, identifier).await?;
        let key = match &account {
            Some(a) => format!("account:{}", a.id),
            None => format!("unknown:{}", identifier.trim().to_lowercase()),
        };
        let throttle = repo::throttle_get(&mut conn, &key).await?;
        drop(conn);
        Throttle::check(throttle.as_ref(), now)
            .map_err(|retry_after_secs| AppError::TooManyAttempts { retry_after_secs })?;
        // An invited person has no password yet: tell them how to get in.
        if account.as_ref().is_some_and(|a| a.status == "invited") {
            return Err(AppError::field("account", Msg::ErrAccountNotActivated));
        }
        let hash = account.as_ref().and_then(|a| a.password_hash.clone());
        let ok = verify_password(password.to_string(), hash).await?;
        let mut tx = db.begin_write().await?;
        let account = match account {
            Some(a) if ok => a,
            _ => {
                let next = Throttle::after_failure(throttle.as_ref(), now);
                repo::throttle_put(&mut tx, &key, &next).await?;
                tx.commit().await?;
                return Err(AppError::field("account", Msg::ErrBadCredentials));
            }
        };
        match account.status.as_str() {
            "active" => {}
            "disabled" => return Err(AppError::field("account", Msg::ErrAccountDisabled)),
            _ => return Err(AppError::field("account", Msg::ErrAccountNotActivated)),
        }
        repo::throttle_clear(&mut tx, &key).await?;
        let token = repo::create_session(&mut tx, &account.id, now).await?;
        activity::record(
            &mut tx,
            &account.id,
            &account.department_id,
            Module::Account,
            Action::SignIn,
            now,
        )
        .await?;
        let user = repo::load_user(&mut tx, db.backend, &account.id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        tx.commit().await?;
        Ok((user, token))
    }

    /// Sets the first password of the invited account an invite code names and signs
    /// them in. Returns the person and the session secret.
    pub async fn activate_impl(
        db: &Db,
        code: &str,
        password: &str,
        confirm: &str,
        now: i64,
    ) -> Result<(CurrentUser, String), AppError> {
        let code = normalize_invite_code(code);
        if code.is_empty() {
            return Err(AppError::field("code", Msg::ErrRequired));
        }
        check_new_password(password, confirm)
            .map_err(|(field, msg)| AppError::field(field, msg))?;
        let hash = hash_password(password.to_string()).await?;
        let mut tx = db.begin_write().await?;
        let account = repo::invited_by_code(&mut tx, &code, now)
            .await?
            .ok_or_else(|| AppError::field("code", Msg::ErrInviteInvalid))?;
        repo::activate(&mut tx, &account.id, &hash, now).await?;
        let token = repo::create_session(&mut tx, &account.id, now).await?;
        activity::record(
            &mut tx,
            &account.id,
            &account.department_id,
            Module::Account,
            Action::Activate,
            now,
        )
        .await?;
        activity::audit(
            &mut tx,
            Some(&account.id),
            "account.activate",
            &account.id,
            "",
            now,
        )
        .await?;
        let user = repo::load_user(&mut tx, db.backend, &account.id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        tx.commit().await?;
        Ok((user, token))
    }

    /// Changes the signed-in person's password; every other session of theirs ends.
    pub async fn change_password_impl(
        db: &Db,
        user: &CurrentUser,
        current: &str,
        password: &str,
        confirm: &str,
        keep_token: Option<&str>,
        now: i64,
    ) -> Result<(), AppError> {
        check_new_password(password, confirm)
            .map_err(|(field, msg)| AppError::field(field, msg))?;
        let mut conn = db.pool.acquire().await?;
        let old = repo::password_hash_of(&mut conn, &user.id).await?;
        drop(conn);
        if !verify_password(current.to_string(), old).await? {
            return Err(AppError::field("current", Msg::ErrWrongCurrentPassword));
        }
        let hash = hash_password(password.to_string()).await?;
        let mut tx = db.begin_write().await?;
        repo::set_password(&mut tx, &user.id, &hash, now).await?;
        repo::delete_sessions_of(&mut tx, &user.id, keep_token).await?;
        activity::record(
            &mut tx,
            &user.id,
            &user.department_id,
            Module::Account,
            Action::ChangePassword,
            now,
        )
        .await?;
        activity::audit(
            &mut tx,
            Some(&user.id),
            "account.change_password",
            &user.id,
            "",
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(super) fn start_session_cookie(token: &str) {
        set_cookie(SESSION_COOKIE, token, repo::SESSION_TTL_MS / 1000);
    }

    pub(super) fn end_session_cookie() {
        set_cookie(SESSION_COOKIE, "", 0);
    }

    pub(super) fn set_language_cookie(lang: &str) {
        set_cookie(crate::i18n::LANG_COOKIE, lang, 365 * 24 * 3600);
    }

    pub(super) fn current_session_token() -> Option<String> {
        request_parts().and_then(|p| cookie(&p.headers, SESSION_COOKIE))
    }
}

/// The signed-in person, or `None` for a visitor.
#[server(prefix = "/auth", endpoint = "me")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    match require_user().await {
        Ok(user) => Ok(Some(user)),
        Err(AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Signs in with an employee number, mobile number or email and a password.
#[server(prefix = "/auth", endpoint = "sign-in")]
pub async fn sign_in(
    account: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    // Public by nature: establishing who is asking is what this function does.
    let db = use_db()?;
    let next = local_path(next.as_deref());
    match sign_in_impl(&db, &account, &password, crate::db::now_ms()).await {
        Ok((_, token)) => {
            if let Some(old) = current_session_token() {
                let _ = crate::auth::repo::delete_session(&db, &old).await;
            }
            start_session_cookie(&token);
            leptos_axum::redirect(&next);
        }
        Err(err) => {
            let query = crate::ui::error_query(&err, &[("account", &account), ("next", &next)]);
            leptos_axum::redirect(&format!("/sign-in?{query}"));
        }
    }
    Ok(())
}

/// Ends the current session.
#[server(prefix = "/auth", endpoint = "sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    let db = use_db()?;
    if let Some(token) = current_session_token() {
        crate::auth::repo::delete_session(&db, &token).await?;
    }
    end_session_cookie();
    leptos_axum::redirect("/sign-in");
    Ok(())
}

/// Activates an invited account with its invite code and first password.
#[server(prefix = "/auth", endpoint = "activate")]
pub async fn activate(code: String, password: String, confirm: String) -> Result<(), AppError> {
    // Public by nature: the invite code is the proof of who is asking.
    let db = use_db()?;
    match activate_impl(&db, &code, &password, &confirm, crate::db::now_ms()).await {
        Ok((_, token)) => {
            start_session_cookie(&token);
            leptos_axum::redirect("/?welcome=1");
        }
        Err(err) => {
            let query = crate::ui::error_query(&err, &[("code", &code)]);
            leptos_axum::redirect(&format!("/activate?{query}"));
        }
    }
    Ok(())
}

/// Changes the signed-in person's password.
#[server(prefix = "/auth", endpoint = "password")]
pub async fn change_password(
    current: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    let user = require_user().await?;
    let db = use_db()?;
    let token = current_session_token();
    match change_password_impl(
        &db,
        &user,
        &current,
        &password,
        &confirm,
        token.as_deref(),
        crate::db::now_ms(),
    )
    .await
    {
        Ok(()) => leptos_axum::redirect("/me?saved=password"),
        Err(err) => leptos_axum::redirect(&format!(
            "/me/password?{}",
            crate::ui::error_query(&err, &[])
        )),
    }
    Ok(())
}

/// Remembers the interface language in a cookie. Open to visitors too: it changes
/// nothing but the caller's own cookie.
#[server(prefix = "/auth", endpoint = "language")]
pub async fn set_language(lang: String, back: Option<String>) -> Result<(), AppError> {
    let locale = crate::i18n::Locale::parse(&lang).unwrap_or_default();
    set_language_cookie(locale.code());
    let back = referring_page().or(back);
    leptos_axum::redirect(&local_path(back.as_deref()));
    Ok(())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path(Some("/admin/org")), "/admin/org");
        assert_eq!(local_path(Some("//evil.example")), "/");
        assert_eq!(local_path(Some("https://evil.example")), "/");
        assert_eq!(local_path(Some("/\\evil")), "/");
        assert_eq!(local_path(None), "/");
    }

    #[test]
    fn the_language_switch_returns_to_the_page_the_browser_was_on() {
        let host = Some("oa.hospital.cn");
        let from = |referer| page_posted_from(Some(referer), host);
        assert_eq!(
            from("https://oa.hospital.cn/todo?box=done").as_deref(),
            Some("/todo?box=done")
        );
        assert_eq!(from("http://oa.hospital.cn/").as_deref(), Some("/"));
        // Another site, or a host that only starts like this one: not followed.
        assert_eq!(from("https://evil.example/todo"), None);
        assert_eq!(from("https://oa.hospital.cn.evil.example/todo"), None);
        assert_eq!(from("https://oa.hospital.cn//evil.example"), None);
        assert_eq!(page_posted_from(None, host), None);
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_over_tls() {
        let plain = cookie_header("a", "b", 10, false);
        assert!(
            plain.contains("HttpOnly")
                && plain.contains("SameSite=Lax")
                && !plain.contains("Secure")
        );
        assert!(cookie_header("a", "b", 10, true).ends_with("; Secure"));
    }
}
