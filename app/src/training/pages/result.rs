//! `/learn/attempts/:id/result`: an attempt's score, each answer against the key, and
//! the way to try again.

use super::*;

/// The result of one attempt.
#[component]
pub fn AttemptResultPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_result,
    );
    let locale = use_locale();
    view! {
        <Title text=t(Msg::ExamResultTitle)/>
        <Loaded resource=data let:r>
                {result_view(r, locale).into_any()}
        </Loaded>
    }
}

fn response_text(slot: &ResultSlot, response: Option<&Response>, locale: Locale) -> String {
    let letter = |idx: usize| {
        slot.options
            .iter()
            .position(|(i, _)| *i == idx)
            .map(|p| option_letter(p).to_string())
            .unwrap_or_default()
    };
    match response {
        None => t(Msg::ExamNoAnswer).to_string(),
        Some(Response::Choice(c)) => letter(*c),
        Some(Response::Choices(cs)) if cs.is_empty() => t(Msg::ExamNoAnswer).to_string(),
        Some(Response::Choices(cs)) => {
            let mut letters: Vec<String> = cs.iter().map(|c| letter(*c)).collect();
            letters.sort();
            letters.concat()
        }
        Some(Response::Bool(b)) => {
            Msg::text(if *b { Msg::ExamTrue } else { Msg::ExamFalse }, locale).to_string()
        }
        Some(Response::Blanks(b)) => b.join(locale.list_separator()),
        Some(Response::Text(t)) => t.clone(),
    }
}

fn key_text(slot: &ResultSlot, key: &QuestionSpec, locale: Locale) -> String {
    match key {
        QuestionSpec::Single { correct, .. } => {
            response_text(slot, Some(&Response::Choice(*correct)), locale)
        }
        QuestionSpec::Multiple { correct, .. } => {
            response_text(slot, Some(&Response::Choices(correct.clone())), locale)
        }
        QuestionSpec::TrueFalse { correct } => {
            response_text(slot, Some(&Response::Bool(*correct)), locale)
        }
        QuestionSpec::Blank { accepted } => accepted
            .iter()
            .map(|a| a.join(" / "))
            .collect::<Vec<_>>()
            .join(locale.list_separator()),
        QuestionSpec::Short { reference } => reference.clone(),
    }
}

fn result_view(r: ResultView, locale: Locale) -> impl IntoView {
    let score = r.score.map(points_text).unwrap_or_else(|| "—".into());
    let pending_note = (r.pending > 0).then(|| {
        let text = phrases::exam_answers_pending(locale, r.pending);
        view! { <p class="mt-2 text-sm text-amber-700">{text}</p> }
    });
    let time_up = (r.hand_in == Some(HandIn::TimeUp))
        .then(|| view! { <p class="mt-2 text-sm text-slate-500" data-testid="handed-in-by-server">{t(Msg::ExamHandedInByServer)}</p> });
    let taken = r.submitted_at.map(|s| {
        let minutes = ((s - r.started_at) / 60_000).max(0);
        phrases::exam_time_taken(locale, minutes)
    });
    let retry = r.can_retry.then(|| {
        view! {
            <form method="post" action="/api/training/start" class="mt-4">
                <input type="hidden" name="exam_id" value=r.exam_id.clone()/>
                <button type="submit" class=PRIMARY_BUTTON>{t(Msg::ExamRetake)}</button>
            </form>
        }
    });
    let slots = r
        .slots
        .iter()
        .map(|s| {
            let right = match s.score {
                Some(x) if x >= s.points && s.points > 0.0 => "border-green-200",
                Some(x) if x > 0.0 => "border-amber-200",
                Some(_) => "border-red-200",
                None => "border-slate-200",
            };
            let mine = response_text(s, s.response.as_ref(), locale);
            let key = s.key.as_ref().map(|k| key_text(s, k, locale));
            let got = s.score.map(points_text).unwrap_or_else(|| t(Msg::ExamBeingGraded).to_string());
            let options = s
                .options
                .iter()
                .enumerate()
                .map(|(pos, (_, text))| view! { <li>{format!("{}. {text}", option_letter(pos))}</li> })
                .collect_view();
            view! {
                <li class=format!("rounded-2xl border-l-4 bg-white p-4 shadow-sm {right}") data-testid="result-question">
                    <p class="text-xs text-slate-500">{format!("{}. {} · {} / {}", s.slot + 1, t(s.kind.label()), got, points_text(s.points))}</p>
                    <p class="mt-1 whitespace-pre-wrap text-base">{s.stem.clone()}</p>
                    <ul class="mt-2 space-y-1 text-sm text-slate-600">{options}</ul>
                    <p class="mt-2 text-sm"><span class="text-slate-500">{t(Msg::ExamYourAnswer)}{t(Msg::Colon)}</span><span data-testid="my-answer">{mine}</span></p>
                    {key.map(|k| view! { <p class="text-sm"><span class="text-slate-500">{t(Msg::ExamRightAnswer)}{t(Msg::Colon)}</span>{k}</p> })}
                    {s.explanation.clone().map(|e| view! { <p class="mt-1 text-sm text-slate-600"><span class="text-slate-500">{t(Msg::ExamExplanation)}{t(Msg::Colon)}</span>{e}</p> })}
                    {s.comment.clone().map(|c| view! { <p class="mt-1 text-sm text-blue-700">{t(Msg::ExamGraderComment)}{t(Msg::Colon)}{c}</p> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="mx-auto max-w-2xl space-y-4">
            <section class="rounded-2xl bg-white p-5 text-center shadow-sm" data-testid="exam-result">
                <h1 class="text-base font-semibold text-slate-900">{r.exam_title.clone()}</h1>
                <p class="mt-1 text-sm text-slate-500">{r.employee_name.clone()}" · "{attempt_label(r.attempt_no)}</p>
                <p class="mt-3 text-5xl font-bold tabular-nums text-slate-900" data-testid="score">{score}</p>
                <p class="mt-1 text-sm text-slate-500">{format!("{} {} · {} {}", t(Msg::ExamTotalScore), points_text(r.total), t(Msg::ExamPassMark), points_text(r.pass_mark))}</p>
                <div class="mt-2" data-testid="pass-state">{result_badge(r.passed)}</div>
                {pending_note}
                {time_up}
                {taken.map(|x| view! { <p class="mt-1 text-sm text-slate-500">{x}</p> })}
                {retry}
                <a href="/learn" class="mt-4 inline-block text-sm text-blue-700">{t(Msg::ExamBackToLearn)}</a>
            </section>
            <ol class="space-y-3">{slots}</ol>
        </div>
    }
}

/// "第 2 次" / "attempt 2".
fn attempt_label(n: i64) -> String {
    phrases::attempt_number(use_locale(), n)
}
