//! `/admin/training/bank/import`: a question file (XLSX, CSV, GIFT, Moodle XML, Aiken)
//! previewed with each bad question by its line, then imported.

use super::*;

/// Imports questions from a file: a preview naming every bad question by its line,
/// then the import, all or nothing. Also the template and the bank's export.
#[component]
pub fn BankImportPage() -> impl IntoView {
    crate::auth::gated(
        crate::core::permission::Capability::RunTraining,
        move || {
            let report =
                RwSignal::new(None::<Result<QuestionImportReport, crate::error::AppError>>);
            let busy = RwSignal::new(false);
            let category = RwSignal::new(String::new());
            let input_ref = NodeRef::<leptos::html::Input>::new();
            let locale = use_locale();
            let run = move |dry_run: bool| {
                #[cfg(feature = "hydrate")]
                {
                    let Some(file) = input_ref
                        .get()
                        .and_then(|i| i.files())
                        .and_then(|f| f.get(0))
                    else {
                        report.set(Some(Err(crate::error::AppError::field(
                            "file",
                            Msg::ImportChooseFirst,
                        ))));
                        return;
                    };
                    busy.set(true);
                    let url = format!(
                        "/api/v1/training/questions/import?dry_run={dry_run}&file_name={}&category={}",
                        encode_query_value(&file.name()),
                        encode_query_value(&category.get_untracked())
                    );
                    leptos::task::spawn_local(async move {
                        report.set(Some(crate::ui::post_file(&url, file).await));
                        busy.set(false);
                    });
                }
                #[cfg(not(feature = "hydrate"))]
                let _ = (dry_run, input_ref, busy, category);
            };
            let can_import = move || {
                report.with(|r| matches!(r, Some(Ok(rep)) if rep.problems.is_empty() && !rep.ready.is_empty() && rep.imported == 0))
            };
            let lines = |items: Vec<ImportLine>, class: &'static str| {
                items
                .into_iter()
                .map(|l| view! { <li class=class><span class="mr-2 tabular-nums text-slate-400">{l.line}</span>{l.text}</li> })
                .collect_view()
            };
            let exports = [("xlsx", "XLSX"), ("gift", "GIFT"), ("xml", "Moodle XML"), ("aiken", "Aiken")]
            .into_iter()
            .map(|(code, label)| view! { <a href=format!("/api/v1/training/questions/export?format={code}") class=SECONDARY_BUTTON download="">{label}</a> })
            .collect_view();
            view! {
                <Title text=t(Msg::BankImport)/>
                <PageTitle title=Msg::BankImport/>
                <div class="space-y-4">
                    <section class="space-y-3 rounded-2xl bg-white p-4 shadow-sm">
                        <p class="text-sm text-slate-600">{t(Msg::BankImportIntro)}</p>
                        <a href="/api/v1/training/questions/template.xlsx" class="text-sm text-blue-700" download="">{t(Msg::BankTemplate)}</a>
                        <label class="block text-sm text-slate-600">{t(Msg::ImportFile)}
                            <input node_ref=input_ref type="file" accept=".xlsx,.xls,.csv,.gift,.txt,.xml" class="mt-1 block w-full text-sm"
                                on:change=move |_| report.set(None)/>
                        </label>
                        <label class="block text-sm text-slate-600">{t(Msg::BankImportCategory)}
                            <input type="text" class=INPUT_CLASS maxlength="50" prop:value=move || category.get() on:input=move |ev| category.set(event_target_value(&ev))/>
                        </label>
                        <div class="grid grid-cols-2 gap-3">
                            <button type="button" class=SECONDARY_BUTTON disabled=move || busy.get() on:click=move |_| run(true)>{t(Msg::ImportPreview)}</button>
                            <button type="button" class=PRIMARY_BUTTON disabled=move || busy.get() || !can_import() on:click=move |_| run(false)>{t(Msg::ImportCommit)}</button>
                        </div>
                    </section>
                    {move || report.get().map(|r| match r {
                        Err(e) => view! { <ErrorNotice text=e.describe(locale)/> }.into_any(),
                        Ok(rep) => {
                            let summary = match rep.imported {
                                0 => phrases::questions_import_preview(locale, rep.ready.len(), rep.problems.len(), rep.skipped.len()),
                                n => phrases::questions_imported(locale, n),
                            };
                            let ok = rep.problems.is_empty();
                            view! {
                                <section class="space-y-3 rounded-2xl bg-white p-4 shadow-sm" data-testid="import-report">
                                    {if ok { view! { <SuccessNotice text=summary/> }.into_any() } else { view! { <ErrorNotice text=summary/> }.into_any() }}
                                    {(!rep.problems.is_empty()).then(|| view! {
                                        <h2 class="text-sm font-semibold text-red-700">{t(Msg::BankImportProblems)}</h2>
                                        <ul class="space-y-1 text-sm" data-testid="import-problems">{lines(rep.problems.clone(), "text-red-700")}</ul>
                                    })}
                                    {(!rep.skipped.is_empty()).then(|| view! {
                                        <h2 class="text-sm font-semibold text-amber-700">{t(Msg::BankImportSkipped)}</h2>
                                        <ul class="space-y-1 text-sm">{lines(rep.skipped.clone(), "text-amber-700")}</ul>
                                    })}
                                    <ul class="space-y-1 text-sm text-slate-700">{lines(rep.ready.clone(), "")}</ul>
                                </section>
                            }.into_any()
                        }
                    })}
                    <section class="space-y-2 rounded-2xl bg-white p-4 shadow-sm">
                        <h2 class="text-base font-semibold">{t(Msg::BankExport)}</h2>
                        <div class="flex flex-wrap gap-2">{exports}</div>
                    </section>
                </div>
            }
        },
    )
}
