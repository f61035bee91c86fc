//! Attachments and images: checked on the phone first (type, size, count), then
//! uploaded with a progress bar; the form keeps only what the server stored.

use super::super::model::FileRef;
use super::super::rules::extension;
use crate::i18n::{Msg, use_locale};
use leptos::prelude::*;
use serde_json::{Value, json};

fn files_of(value: &Value) -> Vec<FileRef> {
    serde_json::from_value(value.clone()).unwrap_or_default()
}

fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1048576.0)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// One upload under way: its name and progress from 0 to 100.
#[derive(Clone, Debug, PartialEq)]
struct Progress {
    name: String,
    percent: u32,
}

#[allow(clippy::too_many_arguments)]
pub fn file_input(
    set: Callback<Value>,
    get: Signal<Value>,
    max_files: u32,
    max_bytes: u64,
    accept: Vec<String>,
    images: bool,
    id: &str,
    touch: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let locale = use_locale();
    let uploading = RwSignal::new(Vec::<Progress>::new());
    let problem = RwSignal::new(None::<String>);
    let accept_attr = accept
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(",");
    let on_change = move |ev: leptos::ev::Event| {
        touch();
        problem.set(None);
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else { return };
        let chosen: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        let have = files_of(&get.get_untracked()).len() + uploading.with_untracked(Vec::len);
        if have + chosen.len() > max_files as usize {
            problem.set(Some(
                super::super::model::Problem::TooManyFiles { max: max_files }.describe(locale),
            ));
            return;
        }
        for file in chosen {
            let name = file.name();
            let size = file.size() as u64;
            let refused = if size > max_bytes {
                Some(super::super::model::Problem::FileTooLarge {
                    name: name.clone(),
                    max_bytes,
                })
            } else if !accept
                .iter()
                .any(|a| a.eq_ignore_ascii_case(&extension(&name)))
            {
                Some(super::super::model::Problem::FileTypeNotAllowed { name: name.clone() })
            } else {
                None
            };
            if let Some(p) = refused {
                problem.set(Some(p.describe(locale)));
                continue;
            }
            uploading.update(|u| {
                u.push(Progress {
                    name: name.clone(),
                    percent: 0,
                })
            });
            send(file, name, uploading, problem, set, get);
        }
    };
    let remove = move |file_id: String| {
        let rest: Vec<FileRef> = files_of(&get.get_untracked())
            .into_iter()
            .filter(|f| f.id != file_id)
            .collect();
        set.run(json!(rest));
    };
    let listed = move || {
        files_of(&get.get())
            .into_iter()
            .map(|f| {
                let href = format!("/api/v1/uploads/{}", f.id);
                let file_id = f.id.clone();
                let label = format!("{} · {}", f.name, size_text(f.size));
                view! {
                    <li class="flex items-center gap-3 py-2">
                        {images.then(|| view! { <img src=href.clone() alt=f.name.clone() class="h-14 w-14 rounded-lg object-cover"/> })}
                        <a href=href target="_blank" class="min-w-0 flex-1 truncate text-sm text-blue-700 underline">{label}</a>
                        <button type="button" class="rounded-lg px-3 py-2 text-sm text-red-600 hover:bg-red-50"
                            aria-label=format!("{} {}", Msg::FormRemove.text(locale), f.name)
                            on:click=move |_| remove(file_id.clone())>{Msg::FormRemove.text(locale)}</button>
                    </li>
                }
            })
            .collect_view()
    };
    let progress = move || {
        uploading
            .get()
            .into_iter()
            .map(|p| {
                view! {
                    <li class="py-2 text-sm">
                        <span>{format!("{} {}%", p.name, p.percent)}</span>
                        <progress class="mt-1 block h-2 w-full" max="100" value=p.percent.to_string() aria-label=p.name.clone()></progress>
                    </li>
                }
            })
            .collect_view()
    };
    let several = max_files > 1;
    view! {
        <ul class="divide-y divide-slate-100">{listed}{progress}</ul>
        <label class="flex min-h-12 cursor-pointer items-center justify-center rounded-lg border border-dashed border-slate-300 px-3 text-sm text-slate-600 hover:bg-slate-50">
            <span>{if images { Msg::FormAddImage.text(locale) } else { Msg::FormAddFile.text(locale) }}</span>
            <input id=id.to_string() type="file" class="sr-only" accept=accept_attr multiple=several
                capture=images.then_some("environment") on:change=on_change/>
        </label>
        <p class="text-xs text-slate-500">{format!("{} {} · {} {}", Msg::FormUpTo.text(locale), max_files, Msg::FormEachAtMost.text(locale), size_text(max_bytes))}</p>
        {move || problem.get().map(|text| view! { <p role="alert" class="text-sm text-red-600">{text}</p> })}
    }
}

#[cfg(feature = "hydrate")]
fn send(
    file: web_sys::File,
    name: String,
    uploading: RwSignal<Vec<Progress>>,
    problem: RwSignal<Option<String>>,
    set: Callback<Value>,
    get: Signal<Value>,
) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let locale = crate::i18n::use_locale();
    let finish = move |outcome: Result<FileRef, String>| {
        uploading.update(|u| u.retain(|p| p.name != name));
        match outcome {
            Ok(stored) => {
                let mut files = files_of(&get.get_untracked());
                files.push(stored);
                set.run(json!(files));
            }
            Err(message) => problem.set(Some(message)),
        }
    };
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else {
        return;
    };
    let url = format!(
        "/api/v1/uploads?name={}",
        crate::ui::encode_query_value(&file.name())
    );
    if xhr.open("POST", &url).is_err() {
        return;
    }
    let progress_name = file.name();
    if let Ok(upload) = xhr.upload() {
        let on_progress =
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    let percent = ((e.loaded() / e.total()) * 100.0).round() as u32;
                    uploading.update(|u| {
                        if let Some(p) = u.iter_mut().find(|p| p.name == progress_name) {
                            p.percent = percent.min(100);
                        }
                    });
                }
            });
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        on_progress.forget();
    }
    let finish_load = finish.clone();
    let request = xhr.clone();
    let on_load = Closure::once(move || {
        let text = request.response_text().ok().flatten().unwrap_or_default();
        let outcome = if request.status().unwrap_or(0) == 200 {
            serde_json::from_str::<FileRef>(&text)
                .map_err(|_| Msg::ErrNetwork.text(locale).to_string())
        } else {
            Err(serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| {
                    // RFC 9457 problem details: `detail` is in the reader's language.
                    v.get("detail").and_then(|m| m.as_str()).map(str::to_string)
                })
                .unwrap_or_else(|| Msg::ErrNetwork.text(locale).to_string()))
        };
        finish_load(outcome);
    });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    let on_error =
        Closure::once(move || finish(Err(Msg::FormUploadFailed.text(locale).to_string())));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    let _ = xhr.send_with_opt_blob(Some(&file));
}

#[cfg(not(feature = "hydrate"))]
fn send(
    _file: web_sys::File,
    _name: String,
    _uploading: RwSignal<Vec<Progress>>,
    _problem: RwSignal<Option<String>>,
    _set: Callback<Value>,
    _get: Signal<Value>,
) {
}
