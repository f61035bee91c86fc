//! A module that is not open yet: its name and a way back.

use super::*;

/// A tab whose module is not built yet says so plainly.
#[component]
pub fn ModulePendingPage(title: Msg, module: Msg) -> impl IntoView {
    view! {
        <Title text=t(title)/>
        <PageTitle title/>
        <Card>
            <div class="py-8 text-center">
                <p class="text-base font-medium">{t(module)}" · "{t(Msg::ModuleNotYet)}</p>
                <p class="mt-2 text-sm text-slate-500">{t(Msg::ModuleNotYetLong)}</p>
            </div>
        </Card>
    }
}
