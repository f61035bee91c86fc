//! Secrets: Argon2id password hashes (computed off the async workers), random tokens
//! and the SHA-256 digests under which tokens and invite codes are stored.

use crate::error::AppError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

fn argon2() -> Argon2<'static> {
    // OWASP's Argon2id setting: 19 MiB, 2 passes, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 params");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)
}

/// Checks `password` against `hash`; with no hash, spends the same time and fails,
/// so unknown accounts cannot be told apart by timing.
pub async fn verify_password(password: String, hash: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let dummy;
        let hash = match hash {
            Some(h) => h,
            None => {
                dummy = DUMMY_HASH.get_or_init(|| {
                    let salt = SaltString::generate(&mut rand::rngs::OsRng);
                    argon2()
                        .hash_password(b"luodi-dummy", &salt)
                        .map(|h| h.to_string())
                        .unwrap_or_default()
                });
                let _ = PasswordHash::new(dummy)
                    .map(|h| argon2().verify_password(password.as_bytes(), &h));
                return false;
            }
        };
        PasswordHash::new(&hash)
            .map(|parsed| {
                argon2()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(AppError::internal)
}

static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// 32 random bytes, URL-safe base64: session ids and API tokens.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn random_invite_bytes() -> [u8; super::rules::INVITE_LEN] {
    let mut bytes = [0u8; super::rules::INVITE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
}

/// The stored form of a high-entropy secret.
pub fn digest(secret: &str) -> String {
    digest_bytes(secret.as_bytes())
}

/// SHA-256 of bytes, lower-case hex. (Every signed-in request hashes its session
/// secret: the hex is written by table, not by 32 `format!` calls.)
pub fn digest_bytes(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for byte in Sha256::digest(bytes) {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_only_their_password() {
        let hash = hash_password("abcd1234".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            verify_password("abcd1234".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify_password("abcd1235".into(), Some(hash))
                .await
                .unwrap()
        );
        assert!(!verify_password("abcd1234".into(), None).await.unwrap());
    }

    #[test]
    fn tokens_are_random_and_digests_stable() {
        assert_ne!(random_token(), random_token());
        assert_eq!(digest("a"), digest("a"));
        assert_eq!(digest("a").len(), 64);
        // Stored digests are lower-case hex SHA-256: the known answer for "abc".
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
