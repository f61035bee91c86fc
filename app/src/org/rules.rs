//! Pure organisation rules: text normalisation, contact validation, the department
//! tree and supervisor chains. No IO.

use super::model::{Department, EmployeeInput};
use crate::error::FieldError;
use crate::i18n::Msg;
use std::collections::{HashMap, HashSet};

pub const MAX_NAME_LEN: usize = 64;
pub const MAX_TEXT_LEN: usize = 128;

/// Full-width ASCII (Ｕ＋FF01–FF5E) and the ideographic space become their half-width
/// forms; surrounding whitespace is trimmed and inner runs collapse to one space.
pub fn normalize_text(raw: &str) -> String {
    let converted: String = raw
        .chars()
        .map(|c| match c {
            '\u{3000}' | '\u{00A0}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    converted.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A mainland mobile number: 11 digits starting with 1, after dropping spaces, dashes
/// and a +86 / 86 prefix. Returns the canonical 11 digits.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let digits: String = normalize_text(raw)
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    let digits = digits
        .strip_prefix("+86")
        .or_else(|| digits.strip_prefix("0086"))
        .unwrap_or(&digits);
    let digits = if digits.len() == 13 && digits.starts_with("86") {
        &digits[2..]
    } else {
        digits
    };
    (digits.len() == 11 && digits.starts_with('1') && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.to_string())
}

/// A plausible email: one `@`, a non-empty local part, a dotted domain, no spaces.
/// Returns it lower-cased.
pub fn normalize_email(raw: &str) -> Option<String> {
    let email = normalize_text(raw).to_lowercase();
    let (local, domain) = email.split_once('@')?;
    let ok = !local.is_empty()
        && !domain.contains('@')
        && !email.contains(' ')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254;
    ok.then_some(email)
}

/// Employee numbers keep leading zeros; full-width digits become ASCII.
pub fn normalize_employee_no(raw: &str) -> String {
    normalize_text(raw).replace(' ', "")
}

/// Checks an administrator's edit and returns it normalised, or every field error.
pub fn validate_employee_input(input: &EmployeeInput) -> Result<EmployeeInput, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut err = |field: &str, msg: Msg| {
        errors.push(FieldError {
            field: field.into(),
            msg,
        })
    };
    let employee_no = normalize_employee_no(&input.employee_no);
    let name = normalize_text(&input.name);
    let position = normalize_text(&input.position);
    if employee_no.is_empty() {
        err("employee_no", Msg::ErrRequired);
    } else if employee_no.chars().count() > 32 {
        err("employee_no", Msg::ErrTooLong);
    }
    if name.is_empty() {
        err("name", Msg::ErrRequired);
    } else if name.chars().count() > MAX_NAME_LEN {
        err("name", Msg::ErrTooLong);
    }
    if position.chars().count() > MAX_TEXT_LEN {
        err("position", Msg::ErrTooLong);
    }
    let phone = match normalize_text(&input.phone) {
        p if p.is_empty() => String::new(),
        p => normalize_phone(&p).unwrap_or_else(|| {
            err("phone", Msg::ErrBadPhone);
            String::new()
        }),
    };
    let email = match normalize_text(&input.email) {
        e if e.is_empty() => String::new(),
        e => normalize_email(&e).unwrap_or_else(|| {
            err("email", Msg::ErrBadEmail);
            String::new()
        }),
    };
    if input.department_id.trim().is_empty() {
        err("department_id", Msg::ErrRequired);
    }
    let supervisor_no = normalize_employee_no(&input.supervisor_no);
    if errors.is_empty() {
        Ok(EmployeeInput {
            employee_no,
            name,
            phone,
            email,
            department_id: input.department_id.trim().to_string(),
            position,
            supervisor_no,
            admin: input.admin,
            training_coordinator: input.training_coordinator,
            form_admin: input.form_admin,
            rollout: input.rollout,
        })
    } else {
        Err(errors)
    }
}

/// The departments in `roots` and every department below them, from each department's
/// `(id, parent id)`: the one definition of "a department and everything below it"
/// (audiences, dashboards, filters, the move check). A cycle in the data cannot make
/// it loop.
pub fn subtrees<'a, R: AsRef<str>>(
    parents: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    roots: impl IntoIterator<Item = R>,
) -> HashSet<String> {
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for (id, parent) in parents {
        if let Some(parent) = parent {
            children.entry(parent).or_default().push(id);
        }
    }
    let mut out = HashSet::new();
    let mut stack: Vec<String> = roots.into_iter().map(|r| r.as_ref().to_string()).collect();
    while let Some(current) = stack.pop() {
        if let Some(below) = children.get(current.as_str()) {
            if !out.contains(&current) {
                stack.extend(below.iter().map(|id| id.to_string()));
            }
        }
        out.insert(current);
    }
    out
}

/// `id` and every department below it.
pub fn department_subtree(departments: &[Department], id: &str) -> HashSet<String> {
    subtrees(
        departments
            .iter()
            .map(|d| (d.id.as_str(), d.parent_id.as_deref())),
        [id],
    )
}

/// Whether moving `id` under `new_parent` would put it under itself.
pub fn would_cycle_department(departments: &[Department], id: &str, new_parent: &str) -> bool {
    department_subtree(departments, id).contains(new_parent)
}

/// A department with its depth, in tree (depth-first, sorted) order: what a tree view
/// or an indented picker shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeEntry<'a> {
    pub department: &'a Department,
    pub depth: usize,
    /// Members of this department and all below it.
    pub subtree_members: i64,
}

pub fn flatten_tree(departments: &[Department]) -> Vec<TreeEntry<'_>> {
    let ids: HashSet<&str> = departments.iter().map(|d| d.id.as_str()).collect();
    let mut children: HashMap<Option<&str>, Vec<&Department>> = HashMap::new();
    for d in departments {
        // A parent missing from the list makes the department a root.
        let parent = d.parent_id.as_deref().filter(|p| ids.contains(p));
        children.entry(parent).or_default().push(d);
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| a.sort_order.cmp(&b.sort_order).then(a.name.cmp(&b.name)));
    }
    fn members(children: &HashMap<Option<&str>, Vec<&Department>>, d: &Department) -> i64 {
        d.member_count
            + children
                .get(&Some(d.id.as_str()))
                .map(|c| c.iter().map(|k| members(children, k)).sum())
                .unwrap_or(0)
    }
    let mut out = Vec::new();
    let mut stack: Vec<(&Department, usize)> = children
        .get(&None)
        .into_iter()
        .flatten()
        .rev()
        .map(|d| (*d, 0))
        .collect();
    let mut seen = HashSet::new();
    while let Some((d, depth)) = stack.pop() {
        if !seen.insert(d.id.as_str()) {
            continue;
        }
        out.push(TreeEntry {
            department: d,
            depth,
            subtree_members: members(&children, d),
        });
        if let Some(kids) = children.get(&Some(d.id.as_str())) {
            stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
        }
    }
    out
}

/// Follows `supervisor_of` from `start`; returns the loop (starting and ending at the
/// first repeated person) if the chain comes back on itself.
pub fn supervisor_cycle<K>(supervisor_of: &HashMap<K, K>, start: &K) -> Option<Vec<K>>
where
    K: std::hash::Hash + Eq + Clone,
{
    let mut path: Vec<K> = vec![start.clone()];
    let mut cur = start;
    while let Some(next) = supervisor_of.get(cur) {
        if let Some(pos) = path.iter().position(|k| k == next) {
            let mut cycle = path[pos..].to_vec();
            cycle.push(next.clone());
            return Some(cycle);
        }
        path.push(next.clone());
        cur = next;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dept(id: &str, parent: Option<&str>, members: i64) -> Department {
        Department {
            id: id.into(),
            parent_id: parent.map(Into::into),
            name: id.into(),
            sort_order: 0,
            head_id: None,
            head_no: None,
            head_name: None,
            member_count: members,
        }
    }

    #[test]
    fn full_width_text_becomes_half_width() {
        assert_eq!(normalize_text("  ０１２３　ＡＢｃ  "), "0123 ABc");
        assert_eq!(normalize_employee_no("００１２"), "0012");
        assert_eq!(normalize_text("张\u{3000}三"), "张 三");
    }

    #[test]
    fn phones_accept_common_shapes_and_reject_the_rest() {
        assert_eq!(
            normalize_phone("138 0013 8000").as_deref(),
            Some("13800138000")
        );
        assert_eq!(
            normalize_phone("+86-13800138000").as_deref(),
            Some("13800138000")
        );
        assert_eq!(
            normalize_phone("１３８００１３８０００").as_deref(),
            Some("13800138000")
        );
        assert_eq!(
            normalize_phone("8613800138000").as_deref(),
            Some("13800138000")
        );
        assert_eq!(normalize_phone("1380013800"), None);
        assert_eq!(normalize_phone("23800138000"), None);
        assert_eq!(normalize_phone("1380013800x"), None);
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert_eq!(
            normalize_email(" Li.Na@Hospital.CN ").as_deref(),
            Some("li.na@hospital.cn")
        );
        assert_eq!(
            normalize_email("li＠hospital.cn").as_deref(),
            Some("li@hospital.cn")
        );
        for bad in [
            "lina",
            "@hospital.cn",
            "li@hospital",
            "li@@h.cn",
            "li na@h.cn",
            "li@.cn",
        ] {
            assert_eq!(normalize_email(bad), None, "{bad}");
        }
    }

    #[test]
    fn employee_input_reports_every_bad_field() {
        let input = EmployeeInput {
            employee_no: " ".into(),
            name: "".into(),
            phone: "123".into(),
            email: "nope".into(),
            department_id: "".into(),
            ..Default::default()
        };
        let errors = validate_employee_input(&input).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["employee_no", "name", "phone", "email", "department_id"]
        );
    }

    #[test]
    fn employee_input_is_normalised() {
        let input = EmployeeInput {
            employee_no: "０００７".into(),
            name: " 王 芳 ".into(),
            phone: "139-0000-1111".into(),
            email: "".into(),
            department_id: "d1".into(),
            ..Default::default()
        };
        let ok = validate_employee_input(&input).unwrap();
        assert_eq!(ok.employee_no, "0007");
        assert_eq!(ok.name, "王 芳");
        assert_eq!(ok.phone, "13900001111");
    }

    #[test]
    fn subtree_and_cycle_detection() {
        let ds = vec![
            dept("root", None, 1),
            dept("a", Some("root"), 2),
            dept("b", Some("a"), 3),
        ];
        let sub = department_subtree(&ds, "a");
        assert!(sub.contains("a") && sub.contains("b") && !sub.contains("root"));
        assert!(would_cycle_department(&ds, "a", "b"));
        assert!(!would_cycle_department(&ds, "b", "root"));
    }

    #[test]
    fn subtrees_of_several_roots_and_of_bad_data_end() {
        let parents = [
            ("root", None),
            ("a", Some("root")),
            ("a1", Some("a")),
            ("a2", Some("a")),
            ("b", Some("root")),
            ("b1", Some("b")),
            // A loop in the data (never written by Luodi, but possible by hand).
            ("x", Some("y")),
            ("y", Some("x")),
        ];
        let mut got: Vec<String> = subtrees(parents, ["a", "b1"]).into_iter().collect();
        got.sort();
        assert_eq!(got, ["a", "a1", "a2", "b1"]);
        let mut looped: Vec<String> = subtrees(parents, ["x"]).into_iter().collect();
        looped.sort();
        assert_eq!(looped, ["x", "y"]);
        assert_eq!(subtrees(parents, Vec::<String>::new()).len(), 0);
        // An id with nothing below it is its own subtree.
        assert_eq!(subtrees(parents, ["unknown"]).len(), 1);
    }

    #[test]
    fn flattened_tree_is_depth_first_with_subtree_counts() {
        let ds = vec![
            dept("b", Some("a"), 3),
            dept("root", None, 1),
            dept("a", Some("root"), 2),
        ];
        let flat = flatten_tree(&ds);
        let shape: Vec<_> = flat
            .iter()
            .map(|e| (e.department.id.as_str(), e.depth, e.subtree_members))
            .collect();
        assert_eq!(shape, [("root", 0, 6), ("a", 1, 5), ("b", 2, 3)]);
    }

    #[test]
    fn supervisor_cycles_are_found_and_chains_are_not() {
        let mut sup = HashMap::new();
        sup.insert("a", "b");
        sup.insert("b", "c");
        assert_eq!(supervisor_cycle(&sup, &"a"), None);
        sup.insert("c", "a");
        assert_eq!(supervisor_cycle(&sup, &"a"), Some(vec!["a", "b", "c", "a"]));
    }
}
