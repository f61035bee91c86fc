//! Choosing people and departments while filling in a form.

use crate::i18n::{Msg, use_locale};
use crate::org::model::Department;
use crate::org::model::DirectoryEntry;
use crate::org::server::{directory_names, search_directory};
use crate::ui::INPUT_CLASS;
use leptos::prelude::*;
use serde_json::{Value, json};

/// The ids in a picker's value (a JSON list of ids).
pub fn ids_of(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Search by name or employee number; chosen people show as removable chips.
pub fn employee_picker(
    set: Callback<Value>,
    get: Signal<Value>,
    multiple: bool,
    id: &str,
    touch: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let locale = use_locale();
    let query = RwSignal::new(String::new());
    let known = RwSignal::new(Vec::<DirectoryEntry>::new());
    // Names of people already chosen (a restored draft holds only their ids).
    let initial = ids_of(&get.get_untracked());
    if !initial.is_empty() {
        leptos::task::spawn_local(async move {
            if let Ok(found) = directory_names(initial).await {
                known.update(|k| k.extend(found));
            }
        });
    }
    // Search results live in a signal, not a resource: pickers take no part in hydration.
    let results = RwSignal::new(Vec::<DirectoryEntry>::new());
    let search = move |text: String| {
        query.set(text.clone());
        if text.trim().is_empty() {
            results.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let found = search_directory(text.clone()).await.unwrap_or_default();
            // An older answer arriving late never replaces a newer one.
            if query.get_untracked() == text {
                results.set(found);
            }
        });
    };
    let chosen = move || {
        let ids = ids_of(&get.get());
        ids.into_iter()
            .map(|pid| {
                let name = known.with(|k| k.iter().find(|e| e.id == pid).map(|e| format!("{} {}", e.name, e.employee_no))).unwrap_or_else(|| pid.clone());
                let remove = move |_| {
                    let rest: Vec<String> = ids_of(&get.get_untracked()).into_iter().filter(|x| *x != pid).collect();
                    set.run(json!(rest));
                };
                view! {
                    <span class="inline-flex items-center gap-1 rounded-full bg-blue-50 px-3 py-1 text-sm text-blue-800">
                        {name.clone()}
                        <button type="button" class="px-1 text-blue-500" aria-label=format!("{} {name}", Msg::FormRemove.text(locale)) on:click=remove>"×"</button>
                    </span>
                }
            })
            .collect_view()
    };
    let pick = move |entry: DirectoryEntry| {
        let mut ids = if multiple {
            ids_of(&get.get_untracked())
        } else {
            Vec::new()
        };
        if !ids.contains(&entry.id) {
            ids.push(entry.id.clone());
        }
        known.update(|k| k.push(entry));
        set.run(json!(ids));
        query.set(String::new());
        results.set(Vec::new());
    };
    view! {
        <div class="flex flex-wrap gap-2">{chosen}</div>
        <input id=id.to_string() type="search" class=INPUT_CLASS placeholder=Msg::FormSearchPeople.text(locale)
            prop:value=move || query.get()
            on:input=move |ev| search(event_target_value(&ev))
            on:blur=move |_| touch()/>
        <ul class="divide-y divide-slate-100 rounded-lg border border-slate-100 empty:hidden">
            {move || results.get().into_iter().map(|entry| {
                let label = format!("{} {} · {}", entry.name, entry.employee_no, entry.department_name);
                view! {
                    <li><button type="button" class="block min-h-12 w-full px-3 text-left hover:bg-slate-50" on:click=move |_| pick(entry.clone())>{label}</button></li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The department tree the fill page loaded with the form (see `open_form`).
#[derive(Clone, Debug, Default)]
pub struct DepartmentTree(pub Vec<Department>);

/// The department tree as a native select (several at once when allowed).
pub fn department_picker(
    set: Callback<Value>,
    get: Signal<Value>,
    multiple: bool,
    id: &str,
    touch: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let locale = use_locale();
    let list = use_context::<DepartmentTree>().unwrap_or_default().0;
    let chosen = ids_of(&get.get_untracked());
    let options = crate::org::rules::flatten_tree(&list)
        .into_iter()
        .map(|entry| {
            let d = entry.department;
            let selected = chosen.contains(&d.id);
            view! { <option value=d.id.clone() selected=selected>{format!("{}{}", "\u{3000}".repeat(entry.depth), d.name)}</option> }
        })
        .collect_view();
    view! {
        <select id=id.to_string() class=INPUT_CLASS multiple=multiple
            on:change=move |ev| {
                let select: web_sys::HtmlSelectElement = event_target(&ev);
                let options = select.selected_options();
                let ids: Vec<String> = (0..options.length())
                    .filter_map(|i| options.item(i))
                    .filter_map(|o| o.get_attribute("value"))
                    .filter(|v| !v.is_empty())
                    .collect();
                set.run(json!(ids));
                touch();
            }>
            {(!multiple).then(|| view! { <option value="">{Msg::FormChoose.text(locale)}</option> })}
            {options}
        </select>
    }
}
