//! The weekly report as an XLSX workbook (server only): the organisation's figures
//! against the week before, and every top-level department ranked.

use super::rules::percent;
use super::server::WeeklyReport;
use crate::error::AppError;
use crate::i18n::{Locale, Msg};

pub fn report_xlsx(report: &WeeklyReport, locale: Locale) -> Result<Vec<u8>, AppError> {
    let t = |m: Msg| m.text(locale).to_string();
    let o = &report.organisation;
    let p = &report.previous;
    let summary = [
        (
            Msg::FigRegistration,
            o.registration_rate,
            p.registration_rate,
        ),
        (
            Msg::FigDailyActive,
            o.daily_active_rate,
            p.daily_active_rate,
        ),
        (
            Msg::FigPeriodActive,
            o.period_active_rate,
            p.period_active_rate,
        ),
        (Msg::FigCoreUsage, o.core_rate, p.core_rate),
        (Msg::FigPassRate, o.pass_rate, p.pass_rate),
    ]
    .into_iter()
    .map(|(label, now, before)| vec![t(label), percent(now), percent(before)])
    .collect();
    let departments = report
        .departments
        .iter()
        .map(|d| {
            vec![
                d.rank.to_string(),
                d.name.clone(),
                format!("{:.1}", d.score),
                d.figures.registered.to_string(),
                d.figures.accounts.to_string(),
                percent(d.figures.registration_rate),
                percent(d.figures.daily_active_rate),
                percent(d.figures.period_active_rate),
                percent(d.figures.core_rate),
                percent(d.figures.pass_rate),
            ]
        })
        .collect();
    crate::training::transfer::workbook(&[
        (
            &t(Msg::ReportTitle),
            vec![
                String::new(),
                report.period_label.clone(),
                t(Msg::ReportPreviousWeek),
            ],
            summary,
        ),
        (
            &t(Msg::LeaderDepartments),
            vec![
                "#".to_string(),
                t(Msg::Department),
                t(Msg::FigScore),
                t(Msg::ReportRegistered),
                t(Msg::ReportAccounts),
                t(Msg::FigRegistration),
                t(Msg::FigDailyActive),
                t(Msg::FigPeriodActive),
                t(Msg::FigCoreUsage),
                t(Msg::FigPassRate),
            ],
            departments,
        ),
    ])
}
