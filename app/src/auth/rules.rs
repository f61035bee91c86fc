//! Pure sign-in rules: the password policy, per-account throttling and invite codes.

use crate::i18n::Msg;

pub const MIN_PASSWORD_LEN: usize = 8;
pub const MAX_PASSWORD_LEN: usize = 128;

/// Checks a new password and its confirmation.
pub fn check_new_password(password: &str, confirm: &str) -> Result<(), (&'static str, Msg)> {
    let len = password.chars().count();
    if len < MIN_PASSWORD_LEN {
        return Err(("password", Msg::ErrPasswordTooShort));
    }
    if len > MAX_PASSWORD_LEN {
        return Err(("password", Msg::ErrTooLong));
    }
    let letters = password.chars().any(|c| c.is_alphabetic());
    let digits = password.chars().any(|c| c.is_ascii_digit());
    if !(letters && digits) {
        return Err(("password", Msg::ErrPasswordTooWeak));
    }
    if password != confirm {
        return Err(("confirm", Msg::ErrPasswordMismatch));
    }
    Ok(())
}

/// Failed sign-ins of one account. The first [`FREE_FAILURES`] cost nothing; each
/// further one locks that account (only) for twice as long as the last, from 30 s up
/// to 15 min. A quiet [`FORGET_AFTER_MS`] or a successful sign-in forgets them. Because
/// the key is the account and not the network address, a whole office behind one
/// address is never locked out by one person's typos.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    pub failures: i64,
    pub last_failure_at: i64,
    pub locked_until: i64,
}

pub const FREE_FAILURES: i64 = 5;
pub const FIRST_LOCK_MS: i64 = 30_000;
pub const MAX_LOCK_MS: i64 = 15 * 60_000;
pub const FORGET_AFTER_MS: i64 = 60 * 60_000;

impl Throttle {
    /// `Err(seconds to wait)` while the account is locked.
    pub fn check(state: Option<&Throttle>, now: i64) -> Result<(), i64> {
        match state {
            Some(t) if t.locked_until > now => Err((t.locked_until - now + 999) / 1000),
            _ => Ok(()),
        }
    }

    /// The state after one more failure at `now`.
    pub fn after_failure(state: Option<&Throttle>, now: i64) -> Throttle {
        let previous = state
            .filter(|t| now - t.last_failure_at < FORGET_AFTER_MS)
            .map(|t| t.failures)
            .unwrap_or(0);
        let failures = previous + 1;
        let locked_until = if failures > FREE_FAILURES {
            let doublings = (failures - FREE_FAILURES - 1).min(10) as u32;
            now + (FIRST_LOCK_MS << doublings).min(MAX_LOCK_MS)
        } else {
            0
        };
        Throttle {
            failures,
            last_failure_at: now,
            locked_until,
        }
    }
}

const INVITE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const INVITE_LEN: usize = 10;
pub const INVITE_VALID_MS: i64 = 14 * 24 * 3600 * 1000;

/// Turns random bytes into an invite code like `K7QM2-XW9PA` (no 0/O, 1/I/L).
pub fn invite_code_from(random: &[u8; INVITE_LEN]) -> String {
    let chars: String = random
        .iter()
        .map(|b| INVITE_ALPHABET[*b as usize % INVITE_ALPHABET.len()] as char)
        .collect();
    format!("{}-{}", &chars[..5], &chars[5..])
}

/// What a person typed, as the code it means: case, dashes and spaces ignored,
/// full-width letters accepted.
pub fn normalize_invite_code(typed: &str) -> String {
    crate::org::rules::normalize_text(typed)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_policy() {
        assert_eq!(
            check_new_password("abc12", "abc12"),
            Err(("password", Msg::ErrPasswordTooShort))
        );
        assert_eq!(
            check_new_password("abcdefgh", "abcdefgh"),
            Err(("password", Msg::ErrPasswordTooWeak))
        );
        assert_eq!(
            check_new_password("12345678", "12345678"),
            Err(("password", Msg::ErrPasswordTooWeak))
        );
        assert_eq!(
            check_new_password("abcd1234", "abcd1235"),
            Err(("confirm", Msg::ErrPasswordMismatch))
        );
        assert_eq!(check_new_password("护士长abc123", "护士长abc123"), Ok(()));
    }

    #[test]
    fn five_failures_are_free_then_locks_double_up_to_fifteen_minutes() {
        let mut state = None;
        let mut now = 1_000_000;
        for _ in 0..FREE_FAILURES {
            let t = Throttle::after_failure(state.as_ref(), now);
            assert_eq!(Throttle::check(Some(&t), now), Ok(()));
            state = Some(t);
            now += 1000;
        }
        let mut locks = Vec::new();
        for _ in 0..8 {
            let t = Throttle::after_failure(state.as_ref(), now);
            locks.push(t.locked_until - now);
            assert!(Throttle::check(Some(&t), now).is_err());
            assert_eq!(Throttle::check(Some(&t), t.locked_until), Ok(()));
            now = t.locked_until;
            state = Some(t);
        }
        assert_eq!(&locks[..3], &[30_000, 60_000, 120_000]);
        assert_eq!(*locks.last().unwrap(), MAX_LOCK_MS);
    }

    #[test]
    fn failures_are_forgotten_after_a_quiet_hour() {
        let mut state = None;
        for i in 0..7 {
            state = Some(Throttle::after_failure(state.as_ref(), i * 1000));
        }
        let later = Throttle::after_failure(state.as_ref(), 7_000 + FORGET_AFTER_MS);
        assert_eq!(later.failures, 1);
        assert_eq!(later.locked_until, 0);
    }

    #[test]
    fn invite_codes_are_readable_and_typing_variants_match() {
        let code = invite_code_from(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 255]);
        assert_eq!(code.len(), 11);
        assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
        assert_eq!(
            normalize_invite_code(&code.to_lowercase().replace('-', " ")),
            code.replace('-', "")
        );
        assert_eq!(normalize_invite_code("ａｂｃ－２３"), "ABC23");
    }
}
