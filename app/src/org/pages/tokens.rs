//! `/admin/tokens`: the integration API's tokens: create one (shown once) and revoke.

use super::*;

#[component]
pub fn TokensPage() -> impl IntoView {
    crate::auth::gated(
        crate::core::permission::Capability::ManageApiTokens,
        move || {
            let create = ServerAction::<CreateApiToken>::new();
            let revoke = ServerAction::<RevokeApiToken>::new();
            let tokens = Resource::new(
                move || (create.version().get(), revoke.version().get()),
                |_| list_api_tokens(),
            );
            view! {
                <Title text=t(Msg::TokensTitle)/>
                <PageTitle title=Msg::TokensTitle/>
                <div class="space-y-4">
                    <Card class="space-y-3">
                        <p class="text-sm text-slate-600">{t(Msg::TokensIntro)}</p>
                        <ActionForm action=create attr:class="space-y-3">
                            <TextField label=Msg::TokenName name="name" required=true/>
                            <button type="submit" class=PRIMARY_BUTTON>{t(Msg::TokenCreate)}</button>
                        </ActionForm>
                        {move || create.value().get().map(|r| match r {
                            Err(e) => error_view(&e).into_any(),
                            Ok(secret) => view! {
                                <div class="rounded-lg bg-amber-50 p-3 text-sm">
                                    <p class="font-medium">{t(Msg::TokenShownOnce)}</p>
                                    <code data-testid="new-token" class="mt-1 block break-all font-mono">{secret}</code>
                                </div>
                            }.into_any(),
                        })}
                    </Card>
                    <Loaded resource=tokens let:list>
                            {view! {
                                    <Card class="p-0">
                                        <ul class="divide-y divide-slate-100">
                                            {list.into_iter().map(|tok| {
                                                let id = tok.id.clone();
                                                view! {
                                                    <li class="flex items-center justify-between gap-3 px-4 py-3">
                                                        <span class="min-w-0">
                                                            <span class="block truncate font-medium">{tok.name.clone()}</span>
                                                            <span class="block text-xs text-slate-500">
                                                                {t(Msg::CreatedAt)}" "{format_time(tok.created_at)}" · "{t(Msg::TokenLastUsed)}" "
                                                                {tok.last_used_at.map(format_time).unwrap_or_else(|| t(Msg::TokenNeverUsed).to_string())}
                                                            </span>
                                                        </span>
                                                        {if tok.revoked_at.is_some() {
                                                            view! { <span class="text-xs text-slate-400">{t(Msg::TokenRevoked)}</span> }.into_any()
                                                        } else {
                                                            view! { <button type="button" class=DANGER_BUTTON on:click=move |_| { revoke.dispatch(RevokeApiToken { id: id.clone() }); }>{t(Msg::TokenRevoke)}</button> }.into_any()
                                                        }}
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    </Card>
                                }.into_any()}
                    </Loaded>
                </div>
            }
        },
    )
}
