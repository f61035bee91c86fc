//! The form designer: the field list (drag on desktop, move up/down on phones), the
//! selected field's properties, problems shown on the field at fault (the same
//! `rules::check_definition` the server runs), a phone-width preview, save, publish and
//! JSON / JSON Schema export.

use super::super::model::*;
use super::super::rules;
use super::super::server::*;
use super::fill::FillForm;
use super::number_text;
use crate::error::AppError;
use crate::i18n::{Locale, Msg, phrases, t, use_locale};
use crate::ui::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Which field is selected: a form field, or a column of a table field.
type Selection = (usize, Option<usize>);

fn field_at(def: &FormDefinition, (i, column): Selection) -> Option<&Field> {
    let field = def.fields.get(i)?;
    match (column, &field.kind) {
        (None, _) => Some(field),
        (Some(c), FieldKind::Table { columns, .. }) => columns.get(c),
        _ => None,
    }
}

fn field_at_mut(def: &mut FormDefinition, (i, column): Selection) -> Option<&mut Field> {
    let field = def.fields.get_mut(i)?;
    match column {
        None => Some(field),
        Some(c) => match &mut field.kind {
            FieldKind::Table { columns, .. } => columns.get_mut(c),
            _ => None,
        },
    }
}

/// The list a selection lives in (the form's fields or a table's columns).
fn list_mut(def: &mut FormDefinition, table: Option<usize>) -> Option<&mut Vec<Field>> {
    match table {
        None => Some(&mut def.fields),
        Some(i) => match &mut def.fields.get_mut(i)?.kind {
            FieldKind::Table { columns, .. } => Some(columns),
            _ => None,
        },
    }
}

fn kind_label(kind: KindName) -> Msg {
    match kind {
        KindName::Text => Msg::KindText,
        KindName::Textarea => Msg::KindTextarea,
        KindName::Number => Msg::KindNumber,
        KindName::Amount => Msg::KindAmount,
        KindName::SingleChoice => Msg::KindSingleChoice,
        KindName::MultiChoice => Msg::KindMultiChoice,
        KindName::Date => Msg::KindDate,
        KindName::DateRange => Msg::KindDateRange,
        KindName::Time => Msg::KindTime,
        KindName::Employee => Msg::KindEmployee,
        KindName::Department => Msg::KindDepartment,
        KindName::Attachment => Msg::KindAttachment,
        KindName::Image => Msg::KindImage,
        KindName::Table => Msg::KindTable,
        KindName::Computed => Msg::KindComputed,
        KindName::Description => Msg::KindDescription,
        KindName::Score => Msg::KindScore,
    }
}

/// A key not used yet in `list`: `field_1`, `field_2`, …
fn fresh_key(list: &[Field]) -> String {
    (1..)
        .map(|n| format!("field_{n}"))
        .find(|k| !list.iter().any(|f| &f.key == k))
        .unwrap_or_else(|| "field".into())
}

fn path_of(def: &FormDefinition, (i, column): Selection) -> String {
    let top = def.fields.get(i).map(|f| f.key.clone()).unwrap_or_default();
    match column.and_then(|c| field_at(def, (i, Some(c)))) {
        Some(col) => format!("{top}.{}", col.key),
        None => top,
    }
}

#[component]
pub fn DesignerPage() -> impl IntoView {
    crate::auth::gated(
        crate::core::permission::Capability::ManageForms,
        move || {
            let params = use_params_map();
            let draft = Resource::new(
                move || params.read().get("id").unwrap_or_default(),
                get_form_draft,
            );
            // The department tree, so department fields in the preview offer real choices.
            let departments = Resource::new(|| (), |_| crate::org::server::list_departments());
            view! {
                <Transition fallback=Loading>
                    {move || Suspend::new(async move {
                        let tree = departments.await.unwrap_or_default();
                        match draft.await {
                            Err(e) => view! { <ErrorNotice text=e.describe(use_locale())/> }.into_any(),
                            Ok(d) => {
                                provide_context(super::pickers::DepartmentTree(tree));
                                view! { <Designer draft=d/> }.into_any()
                            }
                        }
                    })}
                </Transition>
            }
        },
    )
}

#[component]
fn Designer(draft: FormDraft) -> impl IntoView {
    let locale = use_locale();
    let form_id = draft.id.clone();
    let input = RwSignal::new(FormDraftInput {
        name: draft.name.clone(),
        description: draft.description.clone(),
        category: draft.category.clone(),
        definition: draft.definition.clone(),
    });
    let version = RwSignal::new(draft.version);
    let selected = RwSignal::new(None::<Selection>);
    let dragging = RwSignal::new(None::<usize>);
    let message = RwSignal::new(None::<(bool, String)>);
    let dirty = RwSignal::new(false);
    let issues = Memo::new(move |_| input.with(|i| rules::check_definition(&i.definition)));
    let edit = move |f: &mut dyn FnMut(&mut FormDraftInput)| {
        input.update(|i| f(i));
        dirty.set(true);
    };

    let save = {
        let form_id = form_id.clone();
        move |then_publish: bool| {
            let (form_id, value) = (form_id.clone(), input.get_untracked());
            leptos::task::spawn_local(async move {
                match save_form_draft(form_id.clone(), value).await {
                    Err(e) => message.set(Some((false, describe_error(&e, locale)))),
                    Ok(_) if !then_publish => {
                        dirty.set(false);
                        message.set(Some((true, Msg::FormDraftStored.text(locale).to_string())));
                    }
                    Ok(_) => {
                        dirty.set(false);
                        match publish_form(form_id).await {
                            Ok(PublishOutcome::Published { version: v }) => {
                                version.set(v);
                                message.set(Some((
                                    true,
                                    format!("{} v{v}", Msg::FormPublishedAs.text(locale)),
                                )));
                            }
                            Ok(PublishOutcome::Unchanged { version: v }) => {
                                message.set(Some((
                                    true,
                                    format!("{} v{v}", Msg::FormNothingToPublish.text(locale)),
                                )));
                            }
                            Ok(PublishOutcome::Invalid { .. }) => {
                                message.set(Some((
                                    false,
                                    Msg::FormFixDesign.text(locale).to_string(),
                                )));
                            }
                            Err(e) => message.set(Some((false, describe_error(&e, locale)))),
                        }
                    }
                }
            });
        }
    };
    let save_draft = {
        let save = save.clone();
        move |_| save(false)
    };
    let publish = move |_| save(true);

    let new_kind = RwSignal::new(KindName::Text);
    let add_field = move |table: Option<usize>| {
        edit(&mut |i: &mut FormDraftInput| {
            let kind = new_kind.get_untracked();
            if table.is_some() && kind == KindName::Table {
                return;
            }
            if let Some(list) = list_mut(&mut i.definition, table) {
                let key = fresh_key(list);
                let label = kind_label(kind);
                list.push(Field::new(&key, label.zh(), label.en(), kind.fresh()));
                let index = list.len() - 1;
                selected.set(Some(match table {
                    None => (index, None),
                    Some(t) => (t, Some(index)),
                }));
            }
        });
    };

    let field_row = move |sel: Selection, field: Field| {
        let table = sel.1.map(|_| sel.0);
        let position = sel.1.unwrap_or(sel.0);
        let path = input.with_untracked(|i| path_of(&i.definition, sel));
        let has_issue = {
            let path = path.clone();
            move || issues.with(|list| list.iter().any(|i| i.path == path))
        };
        let is_selected = move || selected.get() == Some(sel);
        let move_by = move |delta: isize| {
            edit(&mut |i: &mut FormDraftInput| {
                if let Some(list) = list_mut(&mut i.definition, table) {
                    let target = position as isize + delta;
                    if target >= 0 && (target as usize) < list.len() {
                        list.swap(position, target as usize);
                        selected.set(Some(match table {
                            None => (target as usize, None),
                            Some(t) => (t, Some(target as usize)),
                        }));
                    }
                }
            })
        };
        let remove = move |_| {
            edit(&mut |i: &mut FormDraftInput| {
                if let Some(list) = list_mut(&mut i.definition, table)
                    && position < list.len()
                {
                    list.remove(position);
                }
            });
            selected.set(None);
        };
        let label = field.label.get(locale).to_string();
        let kind = t(kind_label(field.kind.name()));
        let name_for_buttons = label.clone();
        view! {
            <li draggable=if table.is_none() { "true" } else { "false" }
                on:dragstart=move |_| if table.is_none() { dragging.set(Some(position)) }
                on:dragover=move |ev| ev.prevent_default()
                on:drop=move |ev| {
                    ev.prevent_default();
                    if let (Some(from), None) = (dragging.get_untracked(), table) {
                        edit(&mut |i: &mut FormDraftInput| {
                            if from < i.definition.fields.len() && position < i.definition.fields.len() {
                                let f = i.definition.fields.remove(from);
                                i.definition.fields.insert(position, f);
                            }
                        });
                        selected.set(Some((position, None)));
                    }
                    dragging.set(None);
                }
                data-testid="designer-field"
                class=move || format!("flex items-center gap-1 rounded-xl border px-2 py-2 {} {}",
                    if is_selected() { "border-blue-500 bg-blue-50" } else { "border-slate-200 bg-white" },
                    if has_issue() { "ring-2 ring-red-300" } else { "" })>
                <button type="button" class="min-w-0 flex-1 text-left" on:click=move |_| selected.set(Some(sel))>
                    <span class="block truncate font-medium">{label}</span>
                    <span class="block text-xs text-slate-500">{format!("{kind} · {}", field.key)}</span>
                </button>
                <button type="button" class="h-11 w-11 rounded-lg hover:bg-slate-100" aria-label=format!("{} {name_for_buttons}", t(Msg::FormMoveUp)) on:click=move |_| move_by(-1)>"↑"</button>
                <button type="button" class="h-11 w-11 rounded-lg hover:bg-slate-100" aria-label=format!("{} {name_for_buttons}", t(Msg::FormMoveDown)) on:click=move |_| move_by(1)>"↓"</button>
                <button type="button" class="h-11 w-11 rounded-lg text-red-600 hover:bg-red-50" aria-label=format!("{} {name_for_buttons}", t(Msg::FormRemove)) on:click=remove>"×"</button>
            </li>
        }
    };

    let field_list = move || {
        let fields = input.with(|i| i.definition.fields.clone());
        fields
            .into_iter()
            .enumerate()
            .map(|(i, field)| {
                let columns = match &field.kind {
                    FieldKind::Table { columns, .. } => Some(columns.clone()),
                    _ => None,
                };
                view! {
                    {field_row((i, None), field)}
                    {columns.map(|columns| view! {
                        <li class="ml-6 space-y-1">
                            <ul class="space-y-1">
                                {columns.into_iter().enumerate().map(|(c, col)| field_row((i, Some(c)), col)).collect_view()}
                            </ul>
                            <button type="button" class="rounded-lg px-3 py-2 text-sm text-blue-700 hover:bg-blue-50" on:click=move |_| add_field(Some(i))>
                                {t(Msg::FormAddColumn)}
                            </button>
                        </li>
                    })}
                }
            })
            .collect_view()
    };

    let issue_list = move || {
        let list = issues.get();
        (!list.is_empty()).then(|| {
            view! {
                <div role="alert" class="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="design-issues">
                    <ul class="list-disc pl-4">
                        {list.into_iter().map(|i| view! { <li>{phrases::labelled(locale, if i.path.is_empty() { "—".to_string() } else { i.path.clone() }, i.problem.describe(locale))}</li> }).collect_view()}
                    </ul>
                </div>
            }
        })
    };

    let preview_form = move || PublishedForm {
        id: String::new(),
        name: input.with(|i| i.name.clone()),
        description: input.with(|i| i.description.clone()),
        version: 0,
        definition: input.with(|i| i.definition.clone()),
    };
    let json_href = format!("/api/v1/forms/{form_id}/definition");
    let schema_href = format!("/api/v1/forms/{form_id}/schema");
    let data_href = format!("/admin/forms/{form_id}/submissions");
    let flow_href = format!("/admin/forms/{form_id}/flow");

    view! {
        <Title text=t(Msg::FormDesigner)/>
        <div class="mb-3 flex flex-wrap items-center gap-2">
            <h1 class="flex-1 text-xl font-semibold">{t(Msg::FormDesigner)}</h1>
            <span class="text-sm text-slate-500">{move || format!("v{}", version.get())}</span>
            <button type="button" class=SECONDARY_BUTTON on:click=save_draft>{t(Msg::FormSaveDraft)}</button>
            <button type="button" class="inline-flex items-center justify-center rounded-xl bg-blue-600 px-4 py-2.5 text-sm font-medium text-white hover:bg-blue-700" on:click=publish>{t(Msg::FormPublish)}</button>
        </div>
        {move || message.get().map(|(ok, text)| if ok { view! { <SuccessNotice text/> }.into_any() } else { view! { <ErrorNotice text/> }.into_any() })}
        {move || dirty.get().then(|| view! { <p class="text-xs text-amber-700">{t(Msg::FormUnsaved)}</p> })}
        <div class="mt-3 grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_380px]">
            // Fields, then the selected field's properties; the phone preview beside them.
            <div class="grid min-w-0 content-start gap-4">
            <section class="space-y-3">
                <Card>
                    <div class="grid grid-cols-1 gap-2">
                        {text_pair(Msg::FormName, "form-name", move || input.with(|i| i.name.clone()), move |zh, en| edit(&mut |i: &mut FormDraftInput| i.name = Text::new(&zh, &en)))}
                        {text_pair(Msg::FormDescription, "form-description", move || input.with(|i| i.description.clone()), move |zh, en| edit(&mut |i: &mut FormDraftInput| i.description = Text::new(&zh, &en)))}
                        <label for="form-category" class="text-sm text-slate-600">{t(Msg::FormCategory)}</label>
                        <select id="form-category" class=INPUT_CLASS on:change=move |ev| { let v = event_target_value(&ev); edit(&mut |i: &mut FormDraftInput| i.category = v.clone()) }>
                            {["hr", "admin", "finance", "quality", "survey", ""].into_iter().map(|c| {
                                let selected = input.with_untracked(|i| i.category == c);
                                view! { <option value=c selected=selected>{super::submissions::category_name(c)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </Card>
                {issue_list}
                <ul class="space-y-1" aria-label=t(Msg::FormFields)>{field_list}</ul>
                <div class="flex gap-2">
                    <label for="new-kind" class="sr-only">{t(Msg::FormFieldType)}</label>
                    <select id="new-kind" class=INPUT_CLASS on:change=move |ev| if let Some(k) = KindName::parse(&event_target_value(&ev)) { new_kind.set(k) }>
                        {KindName::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{t(kind_label(k))}</option> }).collect_view()}
                    </select>
                    <button type="button" class=SECONDARY_BUTTON on:click=move |_| add_field(None)>{t(Msg::FormAddField)}</button>
                </div>
                <p class="flex flex-wrap gap-3 text-sm">
                    <a href=json_href rel="external" download class="text-blue-700 underline">{t(Msg::FormExportJson)}</a>
                    <a href=schema_href rel="external" download class="text-blue-700 underline">{t(Msg::FormExportSchema)}</a>
                    <a href=data_href class="text-blue-700 underline">{t(Msg::FormData)}</a>
                    <a href=flow_href class="text-blue-700 underline">{t(Msg::FlowDesigner)}</a>
                </p>
            </section>
            <section aria-label=t(Msg::FormProperties)>
                {move || match selected.get() {
                    None => view! { <Card><p class="text-sm text-slate-500">{t(Msg::FormSelectField)}</p></Card> }.into_any(),
                    Some(sel) => view! { <Properties sel=sel input=input dirty=dirty issues=issues/> }.into_any(),
                }}
            </section>
            </div>
            <section aria-label=t(Msg::FormPreview)>
                <h2 class="mb-2 text-sm font-medium text-slate-500">{t(Msg::FormPreview)}</h2>
                <div class="mx-auto w-[360px] max-w-full rounded-[2rem] border-8 border-slate-800 bg-slate-50 p-3" data-testid="preview">
                    {move || view! { <FillForm form=preview_form() draft=None preview=true/> }}
                </div>
            </section>
        </div>
    }
}

fn describe_error(e: &AppError, locale: Locale) -> String {
    e.describe(locale)
}

/// Two inputs for the Chinese and English of a text.
fn text_pair(
    label: Msg,
    id: &'static str,
    get: impl Fn() -> Text + Clone + Send + Sync + 'static,
    set: impl Fn(String, String) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let (g1, g2, g3, g4) = (get.clone(), get.clone(), get.clone(), get);
    let set2 = set.clone();
    view! {
        <label for=format!("{id}-zh") class="text-sm text-slate-600">{phrases::in_chinese(use_locale(), t(label))}</label>
        <input id=format!("{id}-zh") class=INPUT_CLASS prop:value=move || g1().zh
            on:input=move |ev| set(event_target_value(&ev), g2().en)/>
        <label for=format!("{id}-en") class="text-sm text-slate-600">{phrases::in_english(use_locale(), t(label))}</label>
        <input id=format!("{id}-en") class=INPUT_CLASS prop:value=move || g3().en
            on:input=move |ev| set2(g4().zh, event_target_value(&ev))/>
    }
}

fn opt_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() { None } else { t.parse().ok() }
}

fn opt_text(value: Option<f64>) -> String {
    value.map(number_text).unwrap_or_default()
}

/// The selected field's properties.
#[component]
fn Properties(
    sel: Selection,
    input: RwSignal<FormDraftInput>,
    dirty: RwSignal<bool>,
    issues: Memo<Vec<DefinitionIssue>>,
) -> impl IntoView {
    let locale = use_locale();
    let get = move || input.with(|i| field_at(&i.definition, sel).cloned());
    let update = move |f: &mut dyn FnMut(&mut Field)| {
        input.update(|i| {
            if let Some(field) = field_at_mut(&mut i.definition, sel) {
                f(field);
            }
        });
        dirty.set(true);
    };
    let Some(field) = get() else {
        return view! { <Card><p class="text-sm text-slate-500">{t(Msg::FormSelectField)}</p></Card> }.into_any();
    };
    let path = input.with_untracked(|i| path_of(&i.definition, sel));
    let field_issues = move || {
        let path = path.clone();
        issues.with(|list| {
            list.iter()
                .filter(|i| i.path == path)
                .map(|i| i.problem.describe(locale))
                .collect::<Vec<_>>()
        })
    };
    let number_input = move |label: Msg,
                             id: &'static str,
                             value: String,
                             set: Box<dyn Fn(Option<f64>) + Send + Sync>| {
        view! {
            <label for=id class="text-sm text-slate-600">{t(label)}</label>
            <input id=id type="text" inputmode="decimal" class=INPUT_CLASS value=value on:input=move |ev| set(opt_number(&event_target_value(&ev)))/>
        }
    };
    let check = move |label: Msg,
                      id: &'static str,
                      value: bool,
                      set: Box<dyn Fn(bool) + Send + Sync>| {
        view! {
            <label class="flex min-h-11 items-center gap-2 text-sm">
                <input id=id type="checkbox" class="h-5 w-5" checked=value on:change=move |ev| set(event_target_checked(&ev))/>
                {t(label)}
            </label>
        }
    };
    let kind_props = match field.kind.clone() {
        FieldKind::Text { min_len, max_len } | FieldKind::Textarea { min_len, max_len } => view! {
            {number_input(Msg::FormMinLength, "p-min", opt_text(min_len.map(f64::from)), Box::new(move |v| update(&mut |f: &mut Field| if let FieldKind::Text { min_len, .. } | FieldKind::Textarea { min_len, .. } = &mut f.kind { *min_len = v.map(|n| n.max(0.0) as u32) })))}
            {number_input(Msg::FormMaxLength, "p-max", opt_text(max_len.map(f64::from)), Box::new(move |v| update(&mut |f: &mut Field| if let FieldKind::Text { max_len, .. } | FieldKind::Textarea { max_len, .. } = &mut f.kind { *max_len = v.map(|n| n.max(0.0) as u32) })))}
        }.into_any(),
        FieldKind::Number { min, max, decimals, .. } => view! {
            {number_input(Msg::FormMin, "p-min", opt_text(min), Box::new(move |v| update(&mut |f: &mut Field| if let FieldKind::Number { min, .. } = &mut f.kind { *min = v })))}
            {number_input(Msg::FormMax, "p-max", opt_text(max), Box::new(move |v| update(&mut |f: &mut Field| if let FieldKind::Number { max, .. } = &mut f.kind { *max = v })))}
            {number_input(Msg::FormDecimals, "p-decimals", decimals.to_string(), Box::new(move |v| update(&mut |f: &mut Field| if let FieldKind::Number { decimals, .. } = &mut f.kind { *decimals = v.unwrap_or(0.0).clamp(0.0, 6.0) as u8 })))}
        }.into_any(),
        FieldKind::Amount { min_fen, max_fen } => view! {
            {number_input(Msg::FormMinYuan, "p-min", opt_text(min_fen.map(|f| f as f64 / 100.0)), Box::new(move |v| update(&mut |f: &mut Field| if let FieldKind::Amount { min_fen, .. } = &mut f.kind { *min_fen = v.map(|y| (y * 100.0).round() as i64) })))}
            {number_input(Msg::FormMaxYuan, "p-max", opt_text(max_fen.map(|f| f as f64 / 100.0)), Box::new(move |v| update(&mut |f: &mut Field| if let FieldKind::Amount { max_fen, .. } = &mut f.kind { *max_fen = v.map(|y| (y * 100.0).round() as i64) })))}
        }.into_any(),
        FieldKind::SingleChoice { options } | FieldKind::MultiChoice { options, .. } => {
            let text = options.iter().map(|o| format!("{}|{}|{}", o.value, o.label.zh, o.label.en)).collect::<Vec<_>>().join("\n");
            view! {
                <label for="p-options" class="text-sm text-slate-600">{t(Msg::FormOptions)}</label>
                <textarea id="p-options" rows="6" class=INPUT_CLASS prop:value=text on:input=move |ev| {
                    let parsed: Vec<ChoiceOption> = event_target_value(&ev).lines().filter(|l| !l.trim().is_empty()).map(|line| {
                        let mut parts = line.split('|').map(str::trim);
                        let value = parts.next().unwrap_or_default().to_string();
                        let zh = parts.next().unwrap_or(&value).to_string();
                        let en = parts.next().unwrap_or_default().to_string();
                        ChoiceOption { value, label: Text { zh, en } }
                    }).collect();
                    update(&mut |f: &mut Field| match &mut f.kind {
                        FieldKind::SingleChoice { options } | FieldKind::MultiChoice { options, .. } => *options = parsed.clone(),
                        _ => {}
                    });
                }></textarea>
                <p class="text-xs text-slate-500">{t(Msg::FormOptionsHint)}</p>
            }.into_any()
        }
        FieldKind::DateRange { half_days, max_days } => view! {
            {check(Msg::FormHalfDays, "p-half", half_days, Box::new(move |v| update(&mut |f: &mut Field| if let FieldKind::DateRange { half_days, .. } = &mut f.kind { *half_days = v })))}
            {number_input(Msg::FormMaxDays, "p-max", opt_text(max_days), Box::new(move |v| update(&mut |f: &mut Field| if let FieldKind::DateRange { max_days, .. } = &mut f.kind { *max_days = v })))}
        }.into_any(),
        FieldKind::Employee { multiple } | FieldKind::Department { multiple } => view! {
            {check(Msg::FormMultiple, "p-multiple", multiple, Box::new(move |v| update(&mut |f: &mut Field| match &mut f.kind { FieldKind::Employee { multiple } | FieldKind::Department { multiple } => *multiple = v, _ => {} })))}
        }.into_any(),
        FieldKind::Attachment { max_files, max_bytes, accept } => view! {
            {number_input(Msg::FormMaxFiles, "p-files", max_files.to_string(), Box::new(move |v| update(&mut |f: &mut Field| if let FieldKind::Attachment { max_files, .. } = &mut f.kind { *max_files = v.unwrap_or(0.0).max(0.0) as u32 })))}
            {number_input(Msg::FormMaxMb, "p-mb", number_text(max_bytes as f64 / 1048576.0), Box::new(move |v| update(&mut |f: &mut Field| if let FieldKind::Attachment { max_bytes, .. } = &mut f.kind { *max_bytes = (v.unwrap_or(0.0).clamp(0.0, 20.0) * 1048576.0) as u64 })))}
            <label for="p-accept" class="text-sm text-slate-600">{t(Msg::FormAccept)}</label>
            <input id="p-accept" class=INPUT_CLASS value=accept.join(", ") on:input=move |ev| {
                let list: Vec<String> = event_target_value(&ev).split([',', '，', ' ']).map(|s| s.trim().trim_start_matches('.').to_ascii_lowercase()).filter(|s| !s.is_empty()).collect();
                update(&mut |f: &mut Field| if let FieldKind::Attachment { accept, .. } = &mut f.kind { *accept = list.clone() });
            }/>
        }.into_any(),
        FieldKind::Image { max_files, max_bytes } => view! {
            {number_input(Msg::FormMaxFiles, "p-files", max_files.to_string(), Box::new(move |v| update(&mut |f: &mut Field| if let FieldKind::Image { max_files, .. } = &mut f.kind { *max_files = v.unwrap_or(0.0).max(0.0) as u32 })))}
            {number_input(Msg::FormMaxMb, "p-mb", number_text(max_bytes as f64 / 1048576.0), Box::new(move |v| update(&mut |f: &mut Field| if let FieldKind::Image { max_bytes, .. } = &mut f.kind { *max_bytes = (v.unwrap_or(0.0).clamp(0.0, 20.0) * 1048576.0) as u64 })))}
        }.into_any(),
        FieldKind::Table { min_rows, max_rows, .. } => view! {
            {number_input(Msg::FormMinRows, "p-min", opt_text(min_rows.map(f64::from)), Box::new(move |v| update(&mut |f: &mut Field| if let FieldKind::Table { min_rows, .. } = &mut f.kind { *min_rows = v.map(|n| n.max(0.0) as u32) })))}
            {number_input(Msg::FormMaxRows, "p-max", opt_text(max_rows.map(f64::from)), Box::new(move |v| update(&mut |f: &mut Field| if let FieldKind::Table { max_rows, .. } = &mut f.kind { *max_rows = v.map(|n| n.max(0.0) as u32) })))}
        }.into_any(),
        FieldKind::Computed { formula, decimals, amount } => view! {
            <label for="p-formula" class="text-sm text-slate-600">{t(Msg::FormFormula)}</label>
            <input id="p-formula" class=INPUT_CLASS value=formula on:input=move |ev| { let v = event_target_value(&ev); update(&mut |f: &mut Field| if let FieldKind::Computed { formula, .. } = &mut f.kind { *formula = v.clone() }) }/>
            <p class="text-xs text-slate-500">{t(Msg::FormFormulaHint)}</p>
            {number_input(Msg::FormDecimals, "p-decimals", decimals.to_string(), Box::new(move |v| update(&mut |f: &mut Field| if let FieldKind::Computed { decimals, .. } = &mut f.kind { *decimals = v.unwrap_or(0.0).clamp(0.0, 6.0) as u8 })))}
            {check(Msg::FormIsAmount, "p-amount", amount, Box::new(move |v| update(&mut |f: &mut Field| if let FieldKind::Computed { amount, .. } = &mut f.kind { *amount = v })))}
        }.into_any(),
        FieldKind::Description { .. } => view! {
            {text_pair(Msg::FormDescriptionText, "p-text",
                move || input.with(|i| match field_at(&i.definition, sel).map(|f| &f.kind) { Some(FieldKind::Description { text }) => text.clone(), _ => Text::default() }),
                move |zh, en| update(&mut |f: &mut Field| if let FieldKind::Description { text } = &mut f.kind { *text = Text::new(&zh, &en) }))}
        }.into_any(),
        FieldKind::Score { max_deduction, .. } => view! {
            {text_pair(Msg::FormScoreItem, "p-item",
                move || input.with(|i| match field_at(&i.definition, sel).map(|f| &f.kind) { Some(FieldKind::Score { item, .. }) => item.clone(), _ => Text::default() }),
                move |zh, en| update(&mut |f: &mut Field| if let FieldKind::Score { item, .. } = &mut f.kind { *item = Text::new(&zh, &en) }))}
            {text_pair(Msg::FormDeductionRule, "p-rule",
                move || input.with(|i| match field_at(&i.definition, sel).map(|f| &f.kind) { Some(FieldKind::Score { rule, .. }) => rule.clone(), _ => Text::default() }),
                move |zh, en| update(&mut |f: &mut Field| if let FieldKind::Score { rule, .. } = &mut f.kind { *rule = Text::new(&zh, &en) }))}
            {number_input(Msg::FormMaxDeduction, "p-max", number_text(max_deduction), Box::new(move |v| update(&mut |f: &mut Field| if let FieldKind::Score { max_deduction, .. } = &mut f.kind { *max_deduction = v.unwrap_or(0.0) })))}
        }.into_any(),
        FieldKind::Date { .. } | FieldKind::Time => ().into_any(),
    };
    // Conditions refer to earlier fields of the same list.
    let earlier: Vec<(String, String)> = input.with_untracked(|i| {
        let list: Vec<Field> = match sel.1 {
            None => i.definition.fields.iter().take(sel.0).cloned().collect(),
            Some(c) => match i.definition.fields.get(sel.0).map(|f| &f.kind) {
                Some(FieldKind::Table { columns, .. }) => columns.iter().take(c).cloned().collect(),
                _ => Vec::new(),
            },
        };
        list.into_iter()
            .filter(|f| f.kind.holds_value())
            .map(|f| (f.key.clone(), f.label.get(locale).to_string()))
            .collect()
    });
    let conditions = move || {
        get().map(|f| f.visible_when).unwrap_or_default().into_iter().enumerate().map(|(n, c)| {
            let text = match &c {
                Condition::Filled { field } => format!("{field} {}", t(Msg::FormCondFilled)),
                Condition::In { field, values } => format!("{field} ∈ {}", values.join(", ")),
                Condition::Compare { field, cmp, value } => format!("{field} {} {}", cmp.symbol(), number_text(*value)),
            };
            view! {
                <li class="flex items-center justify-between gap-2 text-sm">
                    <span>{text}</span>
                    <button type="button" class="rounded-lg px-2 py-1 text-red-600 hover:bg-red-50" on:click=move |_| update(&mut |f: &mut Field| { if n < f.visible_when.len() { f.visible_when.remove(n); } })>{t(Msg::FormRemove)}</button>
                </li>
            }
        }).collect_view()
    };
    let cond_field = RwSignal::new(earlier.first().map(|e| e.0.clone()).unwrap_or_default());
    let cond_op = RwSignal::new("in".to_string());
    let cond_value = RwSignal::new(String::new());
    let add_condition = move |_| {
        let field = cond_field.get_untracked();
        if field.is_empty() {
            return;
        }
        let value = cond_value.get_untracked();
        let condition = match cond_op.get_untracked().as_str() {
            "filled" => Some(Condition::Filled { field }),
            "in" => Some(Condition::In {
                field,
                values: value
                    .split([',', '，'])
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            }),
            op => Comparison::ALL
                .into_iter()
                .find(|c| format!("{c:?}").to_lowercase() == op)
                .and_then(|cmp| {
                    opt_number(&value).map(|v| Condition::Compare {
                        field,
                        cmp,
                        value: v,
                    })
                }),
        };
        if let Some(condition) = condition {
            update(&mut |f: &mut Field| f.visible_when.push(condition.clone()));
        }
    };
    let basics = view! {
        <label for="p-key" class="text-sm text-slate-600">{t(Msg::FormKey)}</label>
        <input id="p-key" class=INPUT_CLASS value=field.key.clone() on:input=move |ev| { let v = event_target_value(&ev); update(&mut |f: &mut Field| f.key = v.trim().to_string()) }/>
        {text_pair(Msg::FormLabel, "p-label", move || get().map(|f| f.label).unwrap_or_default(), move |zh, en| update(&mut |f: &mut Field| f.label = Text::new(&zh, &en)))}
        {text_pair(Msg::FormHelp, "p-help", move || get().map(|f| f.help).unwrap_or_default(), move |zh, en| update(&mut |f: &mut Field| f.help = Text::new(&zh, &en)))}
        {text_pair(Msg::FormPlaceholder, "p-placeholder", move || get().map(|f| f.placeholder).unwrap_or_default(), move |zh, en| update(&mut |f: &mut Field| f.placeholder = Text::new(&zh, &en)))}
        {check(Msg::FormRequired, "p-required", field.required, Box::new(move |v| update(&mut |f: &mut Field| f.required = v)))}
    };
    view! {
        <Card>
            <h2 class="mb-2 font-medium">{format!("{} · {}", t(kind_label(field.kind.name())), field.label.get(locale))}</h2>
            {move || field_issues().into_iter().map(|text| view! { <p role="alert" class="text-sm text-red-600">{text}</p> }).collect_view()}
            <div class="grid grid-cols-1 gap-2">
                {basics}
                {kind_props}
                <h3 class="mt-3 text-sm font-medium">{t(Msg::FormShowWhen)}</h3>
                <ul class="space-y-1">{conditions}</ul>
                {(!earlier.is_empty()).then(|| view! {
                    <div class="grid grid-cols-1 gap-2 rounded-lg bg-slate-50 p-2">
                        <label for="c-field" class="text-sm text-slate-600">{t(Msg::FormCondField)}</label>
                        <select id="c-field" class=INPUT_CLASS on:change=move |ev| cond_field.set(event_target_value(&ev))>
                            {earlier.clone().into_iter().map(|(k, label)| view! { <option value=k.clone()>{format!("{label} ({k})")}</option> }).collect_view()}
                        </select>
                        <label for="c-op" class="text-sm text-slate-600">{t(Msg::FormCondOp)}</label>
                        <select id="c-op" class=INPUT_CLASS on:change=move |ev| cond_op.set(event_target_value(&ev))>
                            <option value="in">{t(Msg::FormCondIn)}</option>
                            <option value="filled">{t(Msg::FormCondFilled)}</option>
                            {Comparison::ALL.into_iter().map(|c| view! { <option value=format!("{c:?}").to_lowercase()>{c.symbol()}</option> }).collect_view()}
                        </select>
                        <label for="c-value" class="text-sm text-slate-600">{t(Msg::FormCondValue)}</label>
                        <input id="c-value" class=INPUT_CLASS on:input=move |ev| cond_value.set(event_target_value(&ev))/>
                        <button type="button" class=SECONDARY_BUTTON on:click=add_condition>{t(Msg::FormAddCondition)}</button>
                    </div>
                })}
            </div>
        </Card>
    }
    .into_any()
}
