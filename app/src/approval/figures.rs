//! Approval-time figures: per flow (submission to final decision) and per node
//! (arrival to action), the count, average, median and 90th percentile, by month in
//! China time. Pure: the repository hands over the durations.

use crate::form::model::Text;
use serde::{Deserialize, Serialize};

/// A summary of durations in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Durations {
    pub count: i64,
    pub average_ms: i64,
    pub median_ms: i64,
    pub p90_ms: i64,
}

/// The nearest-rank percentile `p` (0–100) of sorted values.
fn percentile(sorted: &[i64], p: f64) -> i64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Count, average, median and 90th percentile; `None` for no values. Negative
/// durations (clock skew between servers) count as zero.
pub fn summarize(values: &[i64]) -> Option<Durations> {
    if values.is_empty() {
        return None;
    }
    let mut sorted: Vec<i64> = values.iter().map(|v| (*v).max(0)).collect();
    sorted.sort_unstable();
    let sum: i128 = sorted.iter().map(|v| i128::from(*v)).sum();
    Some(Durations {
        count: sorted.len() as i64,
        average_ms: (sum / sorted.len() as i128) as i64,
        median_ms: percentile(&sorted, 50.0),
        p90_ms: percentile(&sorted, 90.0),
    })
}

/// The figures of one flow in one month: the whole request, then each node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FlowFigures {
    pub form_id: String,
    pub form_name: Text,
    /// `YYYY-MM`.
    pub month: String,
    /// Submission to approval or rejection, for requests finished in the month.
    pub overall: Option<Durations>,
    pub nodes: Vec<NodeFigures>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NodeFigures {
    pub node_id: String,
    pub name: Text,
    pub durations: Durations,
}

pub use crate::core::clock::{month_bounds, month_of};

/// Hours with one decimal, for tables and exports.
pub fn hours(ms: i64) -> String {
    format!("{:.1}", ms as f64 / 3_600_000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3_600_000;

    #[test]
    fn summaries_use_nearest_rank_percentiles() {
        assert_eq!(summarize(&[]), None);
        let one = summarize(&[5 * H]).unwrap();
        assert_eq!(
            (one.count, one.average_ms, one.median_ms, one.p90_ms),
            (1, 5 * H, 5 * H, 5 * H)
        );
        // 1..=10 hours: median 5 h (rank 5), p90 9 h (rank 9), average 5.5 h.
        let v: Vec<i64> = (1..=10).rev().map(|h| h * H).collect();
        let s = summarize(&v).unwrap();
        assert_eq!(s.count, 10);
        assert_eq!(s.median_ms, 5 * H);
        assert_eq!(s.p90_ms, 9 * H);
        assert_eq!(s.average_ms, 5 * H + H / 2);
        // The promise "from 2 days to 4 hours" reads from these figures.
        assert_eq!(hours(s.average_ms), "5.5");
        assert_eq!(summarize(&[-10, 10]).unwrap().median_ms, 0);
    }

    #[test]
    fn months_are_in_china_time() {
        // 2026-10-31 17:00 UTC is already 1 November in Beijing.
        let ms = 1_793_466_000_000;
        assert_eq!(month_of(ms), "2026-11");
        let (start, end) = month_bounds("2026-11").unwrap();
        assert!(start <= ms && ms < end);
        assert_eq!(month_of(start), "2026-11");
        assert_eq!(month_of(start - 1), "2026-10");
        assert_eq!(month_of(end), "2026-12");
        assert!(month_bounds("2026-12").is_some());
        assert!(month_bounds("nonsense").is_none());
    }
}
