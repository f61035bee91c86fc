//! `/admin/import`: the staff import from a spreadsheet: upload, the row-by-row report,
//! and the import itself.

use super::*;

#[component]
pub fn ImportPage() -> impl IntoView {
    crate::auth::gated(
        crate::core::permission::Capability::ManageOrganisation,
        move || {
            let report = RwSignal::new(None::<Result<ImportReport, AppError>>);
            let busy = RwSignal::new(false);
            let input_ref = NodeRef::<leptos::html::Input>::new();
            let run = move |dry_run: bool| {
                #[cfg(feature = "hydrate")]
                {
                    let Some(file) = input_ref
                        .get()
                        .and_then(|i| i.files())
                        .and_then(|f| f.get(0))
                    else {
                        report.set(Some(Err(AppError::field("file", Msg::ImportChooseFirst))));
                        return;
                    };
                    busy.set(true);
                    leptos::task::spawn_local(async move {
                        let result = upload_import(file, dry_run).await;
                        report.set(Some(result));
                        busy.set(false);
                    });
                }
                #[cfg(not(feature = "hydrate"))]
                let _ = (dry_run, input_ref, busy);
            };
            let clean_preview = move || {
                report.with(|r| matches!(r, Some(Ok(rep)) if rep.is_clean() && !rep.written))
            };
            view! {
                <Title text=t(Msg::ImportTitle)/>
                <PageTitle title=Msg::ImportTitle/>
                <div class="space-y-4">
                    <Card class="space-y-3">
                        <p class="text-sm text-slate-600">{t(Msg::ImportIntro)}</p>
                        <p class="text-xs text-slate-500">{t(Msg::ImportColumns)}</p>
                        <div class="space-y-1.5">
                            <label for="import-file" class="block text-sm font-medium text-slate-700">{t(Msg::ImportFile)}</label>
                            <input id="import-file" node_ref=input_ref type="file" accept=".csv,.xlsx,.xls,text/csv" class="block w-full text-sm"
                                on:change=move |_| report.set(None)/>
                        </div>
                        <div class="grid grid-cols-2 gap-3">
                            <button type="button" class=SECONDARY_BUTTON disabled=move || busy.get() on:click=move |_| run(true)>{t(Msg::ImportPreview)}</button>
                            <button type="button" class=PRIMARY_BUTTON disabled=move || busy.get() || !clean_preview() on:click=move |_| run(false)>{t(Msg::ImportCommit)}</button>
                        </div>
                        {move || busy.get().then(|| view! { <p role="status" class="text-sm text-slate-500">{t(Msg::ImportWorking)}</p> })}
                    </Card>
                    {move || report.get().map(|r| match r {
                        Err(e) => error_view(&e).into_any(),
                        Ok(rep) => view! { <ImportReportView report=rep/> }.into_any(),
                    })}
                </div>
            }
        },
    )
}

/// Sends the chosen file as the request body of the JSON import endpoint.
#[cfg(feature = "hydrate")]
async fn upload_import(file: web_sys::File, dry_run: bool) -> Result<ImportReport, AppError> {
    let url = format!(
        "/api/v1/org/import?dry_run={dry_run}&file_name={}",
        encode_query_value(&file.name())
    );
    crate::ui::post_file(&url, file).await
}

#[component]
fn ImportReportView(report: ImportReport) -> impl IntoView {
    let locale = use_locale();
    let bad = report.bad_rows();
    let summary = if report.written {
        view! { <SuccessNotice text=format!("{} — {}", t(Msg::ImportDone), report.summary(locale))/> }.into_any()
    } else if report.is_clean() {
        view! { <SuccessNotice text=format!("{} {}", report.rows.len(), t(Msg::ImportRowsOk))/> }
            .into_any()
    } else {
        let file_issues = report
            .file_issues
            .iter()
            .map(|i| i.describe(locale))
            .collect::<Vec<_>>()
            .join(locale.list_separator());
        let text = if file_issues.is_empty() {
            format!(
                "{} {bad} {}",
                t(Msg::ImportNothingWritten),
                t(Msg::ImportRowsBad)
            )
        } else {
            format!("{} {file_issues}", t(Msg::ImportNothingWritten))
        };
        view! { <ErrorNotice text/> }.into_any()
    };
    let rows = report
        .rows
        .iter()
        .filter(|r| !r.issues.is_empty() || report.is_clean())
        .take(500)
        .map(|r| {
            let problems = r.issues.iter().map(|i| i.describe(locale)).collect::<Vec<_>>();
            let bad = !problems.is_empty();
            view! {
                <tr class=if bad { "bg-red-50/50 align-top" } else { "align-top" }>
                    <td class="px-3 py-2 text-slate-500">{r.line}</td>
                    <td class="px-3 py-2">{r.name.clone()}<span class="block text-xs text-slate-400">{r.employee_no.clone()}</span></td>
                    <td class="px-3 py-2">
                        {if bad {
                            view! { <ul class="list-disc pl-4 text-red-700">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul> }.into_any()
                        } else {
                            view! { <span class="text-slate-600">{t(r.action.label())}</span> }.into_any()
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="space-y-3">
            {summary}
            <Card class="overflow-x-auto p-0">
                <table class="w-full text-left text-sm">
                    <thead class="bg-slate-50 text-xs text-slate-500">
                        <tr><th class="px-3 py-2">{t(Msg::ImportLine)}</th><th class="px-3 py-2">{t(Msg::Name)}</th><th class="px-3 py-2">{if report.is_clean() { t(Msg::ImportAction) } else { t(Msg::ImportProblem) }}</th></tr>
                    </thead>
                    <tbody class="divide-y divide-slate-100">{rows}</tbody>
                </table>
            </Card>
        </div>
    }
}
