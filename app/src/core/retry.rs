//! When a page tries again after the server could not be reached: exponential backoff
//! with full jitter. After a restart, two thousand examinees' pages all lose the
//! server at the same instant; retrying on a fixed beat brings them back at the same
//! instant too, and the first requests wait over a second. Spread at random over a
//! window that doubles with each failure, they arrive a few at a time.

/// The shortest wait, so a page never spins.
pub const MIN_DELAY_MS: u64 = 500;
/// The first window: a page that failed once tries again within two seconds.
pub const FIRST_WINDOW_MS: u64 = 2_000;
/// The longest window: a page offline for long still tries twice a minute.
pub const MAX_WINDOW_MS: u64 = 30_000;

/// How long to wait before the next try, after `failures` failed tries in a row (1 for
/// the first), given `random` uniform in [0, 1).
pub fn retry_delay_ms(failures: u32, random: f64) -> u64 {
    let doublings = failures.saturating_sub(1).min(16);
    let window = FIRST_WINDOW_MS
        .saturating_mul(1 << doublings)
        .min(MAX_WINDOW_MS);
    // Uniform between the floor and the window's end: clamping draws below the floor up
    // to it would send every such page at the same instant.
    let spread = (random.clamp(0.0, 1.0) * (window - MIN_DELAY_MS) as f64) as u64;
    MIN_DELAY_MS + spread
}

/// A uniform random number in [0, 1): the browser's in the browser; a fixed midpoint on
/// the server, which never retries.
pub fn jitter() -> f64 {
    #[cfg(feature = "hydrate")]
    return web_sys::js_sys::Math::random();
    #[cfg(not(feature = "hydrate"))]
    0.5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_doubles_from_two_seconds_to_half_a_minute() {
        assert_eq!(retry_delay_ms(1, 1.0), 2_000);
        assert_eq!(retry_delay_ms(2, 1.0), 4_000);
        assert_eq!(retry_delay_ms(3, 1.0), 8_000);
        assert_eq!(retry_delay_ms(5, 1.0), 30_000);
        assert_eq!(retry_delay_ms(40, 1.0), 30_000);
        assert_eq!(retry_delay_ms(u32::MAX, 1.0), MAX_WINDOW_MS);
    }

    #[test]
    fn the_wait_is_spread_over_the_window_but_never_shorter_than_the_floor() {
        assert_eq!(retry_delay_ms(1, 0.0), MIN_DELAY_MS);
        assert_eq!(retry_delay_ms(1, 0.5), 1_250);
        assert_eq!(retry_delay_ms(4, 0.5), 8_250);
        // Two thousand pages that failed together try again spread evenly over the
        // window: each tenth of a second from the floor on gets about as many.
        let mut slices = [0u32; 20];
        for page in 0..2_000u32 {
            let random = (page as f64 + 0.5) / 2_000.0;
            slices[(retry_delay_ms(1, random) / 100) as usize] += 1;
        }
        assert!(slices[..5].iter().all(|n| *n == 0), "{slices:?}");
        assert!(
            slices[5..].iter().all(|n| (125..=142).contains(n)),
            "{slices:?}"
        );
    }
}
