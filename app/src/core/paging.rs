//! Long lists shown a page at a time (an exam's 2,000 assignees, a hospital's
//! departments): which page, how many pages, and the items on it. The page number
//! travels in the address (`?page=2`), so the pages are plain links that work before
//! the page's code has loaded.

use serde::{Deserialize, Serialize};

/// How many lines a page shows: a phone's few screens, a first page well under 100 KB.
pub const PER_PAGE: usize = 50;

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// 1-based; always within `1..=pages`.
    pub page: usize,
    /// At least 1, also for an empty list.
    pub pages: usize,
    /// How many items the whole list has.
    pub total: usize,
}

/// Page `page` (1-based) of `items`, `per_page` to a page; a page past the end shows the
/// last one and a page 0 the first, so an old link never shows an empty list.
pub fn page_of<T>(items: Vec<T>, page: usize, per_page: usize) -> Page<T> {
    let per_page = per_page.max(1);
    let total = items.len();
    let pages = total.div_ceil(per_page).max(1);
    let page = page.clamp(1, pages);
    let items = items
        .into_iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .collect();
    Page {
        items,
        page,
        pages,
        total,
    }
}

/// The page number in an address's `page` value: 1 when absent or not a number.
pub fn page_number(value: Option<&str>) -> usize {
    value
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_cut_into_pages_and_a_page_out_of_range_shows_the_nearest() {
        let list: Vec<u32> = (1..=120).collect();
        let first = page_of(list.clone(), 1, 50);
        assert_eq!((first.items.len(), first.pages, first.total), (50, 3, 120));
        assert_eq!(first.items[0], 1);
        let last = page_of(list.clone(), 3, 50);
        assert_eq!(last.items, (101..=120).collect::<Vec<_>>());
        assert_eq!(page_of(list.clone(), 9, 50).page, 3);
        assert_eq!(page_of(list.clone(), 0, 50).page, 1);
        let exact = page_of((1..=100).collect::<Vec<u32>>(), 2, 50);
        assert_eq!((exact.pages, exact.items.len()), (2, 50));
        let empty = page_of(Vec::<u32>::new(), 4, 50);
        assert_eq!((empty.page, empty.pages, empty.total), (1, 1, 0));
        assert!(empty.items.is_empty());
    }

    #[test]
    fn the_page_number_in_an_address_falls_back_to_the_first() {
        assert_eq!(page_number(Some("3")), 3);
        assert_eq!(page_number(Some("0")), 1);
        assert_eq!(page_number(Some("x")), 1);
        assert_eq!(page_number(None), 1);
    }
}
