//! `/admin/training/bank`: the question bank by category, with the way to the editor,
//! the import and the export.

use super::*;

/// The bank: categories, questions, and the way to the editor and the import.
#[component]
pub fn BankPage() -> impl IntoView {
    crate::auth::gated(
        crate::core::permission::Capability::RunTraining,
        move || {
            let query = use_query_map();
            let category = move || query.read().get("category").unwrap_or_default();
            let data = Resource::new(category, |c| get_bank(Some(c)));
            view! {
                <Title text=t(Msg::BankTitle)/>
                <PageTitle title=Msg::BankTitle>
                    <div class="flex flex-wrap justify-end gap-2">
                        <a href="/admin/training/bank/import" class=SECONDARY_BUTTON>{t(Msg::BankImport)}</a>
                        <a href="/admin/training/questions/new" class=SECONDARY_BUTTON data-testid="new-question">{t(Msg::BankNewQuestion)}</a>
                    </div>
                </PageTitle>
                <Loaded resource=data let:bank>
                        {{
                                let current = category();
                                let chips = std::iter::once((String::new(), t(Msg::ExamAll).to_string(), bank.categories.iter().map(|c| c.question_count).sum::<i64>()))
                                    .chain(bank.categories.iter().map(|c| (c.id.clone(), c.name.clone(), c.question_count)))
                                    .map(|(id, name, n)| {
                                        let href = if id.is_empty() { "/admin/training/bank".to_string() } else { format!("/admin/training/bank?category={id}") };
                                        view! {
                                            <a href=href aria-current=(id == current).then_some("page")
                                                class="min-h-9 rounded-full border border-slate-200 px-3 py-1.5 text-sm aria-[current=page]:border-blue-600 aria-[current=page]:bg-blue-50 aria-[current=page]:text-blue-700">
                                                {format!("{name} {n}")}
                                            </a>
                                        }
                                    })
                                    .collect_view();
                                let names: std::collections::HashMap<String, String> = bank.categories.iter().map(|c| (c.id.clone(), c.name.clone())).collect();
                                let rows = bank.questions.into_iter().map(|q| {
                                    let meta = format!("{} · {} · {} {} · v{}", t(q.body.spec.kind().label()), names.get(&q.category_id).cloned().unwrap_or_default(), t(Msg::BankDifficulty), q.difficulty, q.version);
                                    view! {
                                        <li class="border-t border-slate-100 py-3" data-testid="bank-question">
                                            <a href=format!("/admin/training/questions/{}", q.id) class="block">
                                                <p class="line-clamp-2 text-sm text-slate-900">{q.body.stem.clone()}</p>
                                                <p class="mt-1 text-xs text-slate-500">{meta}</p>
                                            </a>
                                        </li>
                                    }
                                }).collect_view();
                                view! {
                                    <div class="mb-3 flex flex-wrap gap-2">{chips}</div>
                                    <section class="rounded-2xl bg-white px-4 shadow-sm"><ul>{rows}</ul></section>
                                }.into_any()
                            }}
                </Loaded>
            }
        },
    )
}
