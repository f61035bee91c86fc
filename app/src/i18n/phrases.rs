//! Interface texts with parameters ("至少 {min} 个字"), and the fixed texts of one
//! feature, Chinese first, English second.
//!
//! The other half of the interface's one text table. [`Msg`](super::Msg) holds the
//! fixed texts that travel on the wire (errors) or that the frame and many pages use;
//! every `Msg` is in the browser's first download, as `Msg::text` is one match over
//! the table. This file holds the texts that take values, and the fixed texts of one
//! feature (a validator's or an importer's problems): each phrase is its own function,
//! so the browser downloads it only with the section that uses it. Each entry becomes a function
//! `name(locale, args…) -> String`; both languages are written side by side, so an
//! entry without its English (or Chinese) text does not compile, and a placeholder
//! that names no argument is a compile error too. A test checks that both languages
//! use the same placeholders.

use super::Locale;

macro_rules! phrases {
    ($( $(#[$doc:meta])* $name:ident ( $($arg:ident : $ty:ty),* ) => $zh:literal, $en:literal; )*) => {
        $(
            $(#[$doc])*
            pub fn $name(locale: Locale, $($arg: $ty),*) -> String {
                match locale {
                    Locale::Zh => format!($zh),
                    Locale::En => format!($en),
                }
            }
        )*

        /// Every phrase as (name, Chinese, English), for the placeholder test.
        #[cfg(test)]
        const TABLE: &[(&str, &str, &str)] = &[$((stringify!($name), $zh, $en),)*];
    };
}

use std::fmt::Display;

phrases! {
    // shared
    mail_open() => "打开查看", "Open";
    /// "标签：值" / "Label: value".
    labelled(label: impl Display, value: impl Display) => "{label}：{value}", "{label}: {value}";
    /// "（说明）" / " (note)".
    parenthesized(text: impl Display) => "（{text}）", " ({text})";
    points(points: impl Display) => "{points} 分", "{points} pt";
    blank_number(n: impl Display) => "第 {n} 空", "Blank {n}";
    exam_answers_pending(n: impl Display) => "还有 {n} 道简答题待阅卷，阅完后出最终成绩。", "{n} short answer(s) still to be graded; the final score follows.";
    exam_time_taken(minutes: impl Display) => "用时 {minutes} 分钟", "{minutes} min taken";
    attempt_number(n: impl Display) => "第 {n} 次", "attempt {n}";
    ledger_shown(shown: impl Display, total: impl Display) => "显示最近 {shown} 条，共 {total} 条", "The latest {shown} of {total}";
    rank_of(rank: impl Display, of: impl Display) => "第 {rank} 名 / 共 {of}", "#{rank} of {of}";
    most_chosen_wrong_option(option: impl Display, n: impl Display) => "最多人错选：{option}（{n} 人）", "Most chosen wrong option: {option} ({n})";
    regraded(attempts: impl Display, changed: impl Display) => "已重新评分 {attempts} 份，{changed} 份得分有变化", "{attempts} attempts regraded, {changed} scores changed";
    exam_sit_rate() => "参考率", "Sat";
    exam_rates_explained() => "通过率 = 通过人数 ÷ 交卷人数（阅卷中的尚不计为通过），与推广看板的考试通过率相同；参考率 = 交卷人数 ÷ 应考人数。部门一行含其下属部门。", "Pass rate = passed ÷ handed in (those still being graded have not passed yet), as on the adoption board; sat = handed in ÷ assigned. A department's row includes its sub-departments.";
    retest_assigned(n: impl Display) => "已为 {n} 人安排补考", "Retest assigned to {n} people";
    waited_days(days: impl Display, hours: impl Display) => "{days}天{hours}小时", "{days} d {hours} h";
    waited_hours(hours: impl Display, mins: impl Display) => "{hours}小时{mins}分", "{hours} h {mins} min";
    waited_minutes(mins: impl Display) => "{mins}分钟", "{mins} min";
    paper_total(total: impl Display) => "试卷总分 {total}", "Paper total {total}";
    line_number(n: impl Display) => "第 {n} 行", "line {n}";
    exam_facts(minutes: impl Display, total: impl Display, pass: impl Display, made: impl Display, allowed: impl Display) => "{minutes} 分钟 · 满分 {total} · 及格 {pass} · 已考 {made}/{allowed} 次", "{minutes} min · out of {total} · pass {pass} · attempts {made}/{allowed}";
    mail_subject(what: impl Display, initiator: impl Display, form: impl Display) => "【落地】{what}：{initiator}的{form}", "[Luodi] {what}: {form} from {initiator}";
    mail_summary(what: impl Display, by: impl Display, initiator: impl Display, form: impl Display) => "{what}{by}\n{initiator} · {form}", "{what}{by}: {initiator} · {form}";
    mail_actor(actor: impl Display) => "（{actor}）", " ({actor})";
    retry_after(minutes: impl Display) => "尝试次数过多，请 {minutes} 分钟后再试", "Too many attempts. Try again in {minutes} min.";
    duration_minutes(minutes: impl Display) => "{minutes} 分钟", "{minutes} min";
    duration_hours(hours: impl Display) => "{hours} 小时", "{hours} h";
    points_limit_per_day(n: impl Display) => "每天最多 {n} 次", "up to {n} a day";
    points_limit_in_all(n: impl Display) => "共 {n} 次", "{n} in all";
    questions_import_preview(ready: impl Display, problems: impl Display, skipped: impl Display) => "可导入 {ready} 题，有问题 {problems} 题，跳过 {skipped} 题", "{ready} ready, {problems} with problems, {skipped} skipped";
    questions_imported(n: impl Display) => "已导入 {n} 题", "{n} questions imported";
    exam_unanswered(n: impl Display) => "还有 {n} 题未作答，交卷后不能再修改。", "{n} unanswered. After handing in you cannot change your answers.";
    in_chinese(label: impl Display) => "{label}（中文）", "{label} (Chinese)";
    in_english(label: impl Display) => "{label} (English)", "{label} (English)";
    in_yuan(label: impl Display) => "{label}（元）", "{label} (yuan)";
    /// Where a paged list is: "第 2/40 页".
    page_position(page: impl Display, pages: impl Display) => "第 {page}/{pages} 页", "Page {page} of {pages}";
    // the workbench
    waiting_approvals(n: impl Display) => "{n} 项申请等您审批", "{n} request(s) waiting for your decision";
    waiting_closes(time: impl Display) => "{time} 截止", "closes {time}";
    waiting_saved(time: impl Display) => "{time} 保存", "saved {time}";
    // filling in a form
    field_wrong_shape() => "格式不正确", "Not in the expected format";
    field_whole_number() => "请填写整数", "Enter a whole number";
    field_not_an_option() => "请从选项中选择", "Choose one of the options";
    field_not_a_date() => "请填写有效日期", "Enter a valid date";
    field_end_before_start() => "结束时间不能早于开始时间", "The end cannot be before the start";
    field_not_a_time() => "请填写有效时间", "Enter a valid time";
    field_unknown_employee() => "找不到所选人员", "The chosen person was not found";
    field_unknown_department() => "找不到所选部门", "The chosen department was not found";
    field_divides_by_zero() => "公式除以零，无法计算", "The formula divides by zero";
    form_def_no_fields() => "表单至少需要一个字段", "A form needs at least one field";
    form_def_bad_key() => "字段标识只能用英文字母、数字和下划线，且以字母开头", "Keys use letters, digits and _, starting with a letter";
    form_def_duplicate_key() => "字段标识重复", "This key is used twice";
    form_def_no_label() => "请填写字段名称", "Give the field a label";
    form_def_no_options() => "请至少添加一个选项", "Add at least one option";
    form_def_min_above_max() => "最小值大于最大值", "The minimum is above the maximum";
    form_def_bad_default() => "默认值或限制不符合该字段的要求", "The default or a limit does not fit this field";
    form_def_condition_on_itself() => "显示条件不能引用字段自身", "A field's condition cannot refer to itself";
    form_def_nested_table() => "明细表中不能再放明细表", "A table cannot contain a table";
    form_def_no_columns() => "明细表至少需要一列", "A table needs at least one column";
    form_def_formula_refers_to_itself() => "公式不能引用自身", "A formula cannot refer to its own field";
    form_def_formula_divides_by_zero() => "公式除以零", "The formula divides by zero";
    form_def_bad_max_deduction() => "最高扣分必须大于 0", "The maximum deduction must be above 0";
    form_def_bad_file_limits() => "请设置文件数量、大小上限和允许的类型", "Set the number, size limit and allowed types of files";
    field_too_short(min: impl Display) => "至少 {min} 个字", "At least {min} characters";
    field_too_long(max: impl Display) => "最多 {max} 个字", "At most {max} characters";
    field_below_min(min: impl Display) => "不能小于 {min}", "Must be at least {min}";
    field_above_max(max: impl Display) => "不能大于 {max}", "Must be at most {max}";
    field_too_many_decimals(decimals: impl Display) => "最多 {decimals} 位小数", "At most {decimals} decimal places";
    field_too_few_choices(min: impl Display) => "至少选择 {min} 项", "Choose at least {min}";
    field_too_many_choices(max: impl Display) => "最多选择 {max} 项", "Choose at most {max}";
    field_date_too_early(min: impl Display) => "不能早于 {min}", "Not before {min}";
    field_date_too_late(max: impl Display) => "不能晚于 {max}", "Not after {max}";
    field_too_few_rows(min: impl Display) => "至少填写 {min} 行", "At least {min} rows";
    field_too_many_rows(max: impl Display) => "最多 {max} 行", "At most {max} rows";
    field_too_many_files(max: impl Display) => "最多上传 {max} 个文件", "At most {max} files";
    field_file_type_not_allowed(name: impl Display) => "不支持 {name} 的文件类型", "{name}: this file type is not allowed";
    field_not_an_image(name: impl Display) => "{name} 不是图片", "{name} is not an image";
    field_unknown_file(name: impl Display) => "找不到上传的文件 {name}，请重新上传", "Upload {name} not found; please upload it again";
    form_def_duplicate_option(value: impl Display) => "选项值“{value}”为空或重复", "Option value \"{value}\" is empty or repeated";
    form_def_condition_on_missing_field(field: impl Display) => "显示条件引用了不存在的字段 {field}", "The condition refers to a missing field {field}";
    form_def_condition_on_later_field(field: impl Display) => "显示条件只能引用前面的字段（{field} 在后面）", "Conditions can only refer to earlier fields ({field} comes later)";
    form_def_formula_unknown_field(field: impl Display) => "公式引用了不存在的字段 {field}", "The formula refers to a missing field {field}";
    form_def_formula_not_numeric(field: impl Display) => "公式引用的字段 {field} 不是数字", "The formula uses {field}, which is not a number";
    field_range_too_long(max_days: impl Display) => "时长不能超过 {max_days} 天", "At most {max_days} days";
    field_file_too_large(name: impl Display, limit: impl Display) => "{name} 超过大小上限 {limit}", "{name} is larger than {limit}";
    field_deduction_too_large(max: impl Display) => "扣分不能超过 {max} 分", "At most {max} points can be deducted";
    form_def_formula_syntax(at: impl Display) => "公式第 {at} 个字符处有误", "The formula has an error at character {at}";
    form_def_formula_cycle(fields: impl Display) => "公式循环引用：{fields}", "Formulas refer to each other in a loop: {fields}";
    // approval flows
    flow_problem_no_initiators() => "请选择可以发起的人员、部门或角色，或设为所有人", "Choose who may start the flow, or allow everyone";
    flow_problem_no_fallback_person() => "请选择找不到审批人时的代审人", "Choose who approves when nobody is found";
    flow_problem_path_without_approver() => "这条路径上没有审批人或办理人，申请会直接通过", "This path has no approver or handler: requests would pass unchecked";
    flow_problem_duplicate_id() => "节点编号重复", "Duplicate node id";
    flow_problem_empty_id() => "节点缺少编号", "The node has no id";
    flow_problem_no_name() => "请填写节点名称", "Give the node a name";
    flow_problem_no_source() => "请设置审批人", "Choose who approves";
    flow_problem_no_people() => "请至少选择一位成员", "Choose at least one person";
    flow_problem_too_few_branches() => "条件分支至少需要两个分支", "A condition needs at least two branches";
    flow_problem_no_default_branch() => "缺少默认分支（其他情况）", "A default branch (all other cases) is required";
    flow_problem_several_default_branches() => "只能有一个默认分支", "Only one branch may be the default";
    flow_problem_branch_without_condition() => "请为此分支设置条件", "Set a condition for this branch";
    flow_problem_empty_range() => "范围为空：下限须小于上限，且至少填写一个", "Empty range: set a bound, and the lower below the upper";
    flow_problem_empty_list() => "请至少选择一项", "Choose at least one";
    flow_problem_name_too_long() => "名称最多 30 个字", "Names are at most 30 characters";
    flow_problem_bad_timeout() => "超时时间须大于 0，且晚于提醒时间", "The time-out must be over 0 hours and after the reminder";

    flow_problem_bad_level(max: impl Display) => "主管层级须在 1 到 {max} 之间", "The supervisor level must be 1 to {max}";
    flow_problem_unknown_field(key: impl Display) => "表单中没有字段“{key}”", "The form has no field \"{key}\"";
    flow_problem_not_numeric(key: impl Display) => "字段“{key}”不是数字、金额或日期区间，不能按范围判断", "Field \"{key}\" is not a number, amount or date range";
    flow_problem_not_choice(key: impl Display) => "字段“{key}”不是选择题", "Field \"{key}\" is not a choice";
    flow_problem_unknown_option(option: impl Display) => "选项“{option}”不存在", "There is no option \"{option}\"";
    flow_problem_too_many_nodes(max_nodes: impl Display, max_depth: impl Display) => "节点太多（最多 {max_nodes} 个，分支嵌套最多 {max_depth} 层）", "Too many nodes (at most {max_nodes}, branches nested at most {max_depth} deep)";
    // staff import
    import_supervisor_is_self() => "直属上级不能是本人", "A person cannot be their own supervisor";
    import_file_level() => "文件", "file";
    import_missing_column(column: impl Display) => "缺少必需列“{column}”", "Required column \"{column}\" is missing";
    import_too_many_rows(max: impl Display) => "行数超过上限 {max}，请分批导入", "More than {max} rows; import in batches";
    import_missing_value(column: impl Display) => "“{column}”不能为空", "\"{column}\" is empty";
    import_duplicate_employee_no(first_line: impl Display) => "工号与第 {first_line} 行重复", "Employee no. repeats line {first_line}";
    import_duplicate_phone(other: impl Display) => "手机号与 {other} 重复", "Mobile number also belongs to {other}";
    import_duplicate_email(other: impl Display) => "邮箱与 {other} 重复", "Email also belongs to {other}";
    import_unknown_department(department: impl Display) => "部门“{department}”不存在", "Department \"{department}\" does not exist";
    import_ambiguous_department(department: impl Display) => "部门“{department}”有重名，请写完整路径，如“总院/门诊部”", "Several departments are called \"{department}\"; write the full path, e.g. \"Head office/Outpatient\"";
    import_bad_phone(phone: impl Display) => "手机号“{phone}”格式不正确（应为 11 位数字）", "Mobile number \"{phone}\" is malformed (11 digits expected)";
    import_bad_email(email: impl Display) => "邮箱“{email}”格式不正确", "Email \"{email}\" is malformed";
    import_bad_date(date: impl Display) => "日期“{date}”无法识别", "Date \"{date}\" is not a date";
    import_unknown_supervisor(supervisor: impl Display) => "直属上级“{supervisor}”不存在", "Supervisor \"{supervisor}\" does not exist";
    import_supervisor_cycle(chain: impl Display) => "直属上级形成循环：{chain}", "Supervisor cycle: {chain}";
    import_too_long(column: impl Display) => "“{column}”内容过长", "\"{column}\" is too long";
    import_summary(rows: impl Display, new: impl Display, updated: impl Display, unchanged: impl Display, bad: impl Display) => "共 {rows} 行：新增 {new}，更新 {updated}，无变化 {unchanged}，有问题 {bad}", "{rows} rows: {new} new, {updated} updated, {unchanged} unchanged, {bad} with problems";
    // question-bank import
    question_import_no_stem() => "缺少题干", "The question has no stem";
    question_import_no_correct_answer() => "缺少正确答案", "No correct answer is given";
    question_import_type_missing() => "缺少题型（可用：单选、多选、多选(部分得分)、判断、填空、简答）", "The question type is missing (use single, multiple, multiple_partial, truefalse, blank or short)";
    question_import_not_moodle_xml() => "不是 Moodle XML 题库文件（根元素应为 <quiz>）", "Not a Moodle XML question file (the root element should be <quiz>)";
    gift_unclosed_title() => "标题缺少结尾的 ::", "the title is missing its closing ::";
    gift_unclosed_brace() => "答案缺少结尾的 }}", "the answer block is missing its closing }}";
    gift_unexpected_closing_brace() => "多余的 }}（文字中的 }} 请写作 \\}}）", "unexpected }} (write \\}} for a literal brace)";
    gift_several_answer_blocks() => "一道题只能有一组 {{…}} 答案", "a question can have only one {{…}} answer block";
    gift_empty_answer() => "= 或 ~ 后面没有答案内容", "an = or ~ is followed by no answer";
    question_import_stem_too_long(max: impl Display) => "题干过长（最多 {max} 个字）", "The stem is too long (at most {max} characters)";
    question_import_too_few_options(min: impl Display) => "选项太少（至少 {min} 个）", "Too few options (at least {min})";
    question_import_too_many_options(max: impl Display) => "选项太多（最多 {max} 个）", "Too many options (at most {max})";
    question_import_empty_option(l: impl Display) => "选项 {l} 为空", "Option {l} is empty";
    question_import_option_too_long(l: impl Display, max: impl Display) => "选项 {l} 过长（最多 {max} 个字）", "Option {l} is too long (at most {max} characters)";
    question_import_option_out_of_order(expected: impl Display, found: impl Display) => "选项顺序不对：此处应为 {expected}，却是 {found}", "Options out of order: expected {expected}, found {found}";
    question_import_answer_out_of_range(answer: impl Display, options: impl Display) => "答案 {answer} 超出选项范围（共 {options} 个选项）", "Answer {answer} is beyond the options (there are {options})";
    question_import_bad_answer(answer: impl Display) => "无法识别答案“{answer}”", "The answer \"{answer}\" cannot be read";
    question_import_several_answers_for_single(answer: impl Display) => "单选题只能有一个正确答案，却给了“{answer}”（多选请把题型写作“多选”）", "A single-choice question has one correct answer, not \"{answer}\" (use the type multiple)";
    question_import_unknown_type(name: impl Display) => "未知题型“{name}”（可用：单选、多选、多选(部分得分)、判断、填空、简答）", "Unknown question type \"{name}\" (use single, multiple, multiple_partial, truefalse, blank or short)";
    question_import_bad_difficulty(value: impl Display) => "难度“{value}”无效，应为 1 到 5 的整数", "Difficulty \"{value}\" is invalid; use a whole number from 1 to 5";
    question_import_bad_points(value: impl Display) => "分值“{value}”无效，应为大于 0、不超过 100 的数", "Points \"{value}\" are invalid; use a number above 0 and at most 100";
    question_import_bad_weight(value: impl Display) => "答案权重“{value}”不是数字", "The answer weight \"{value}\" is not a number";
    question_import_empty_blank_answer(blank: impl Display) => "第 {blank} 个空没有答案", "Blank {blank} has no answer";
    question_import_too_many_blanks(max: impl Display) => "填空太多（最多 {max} 个）", "Too many blanks (at most {max})";
    question_import_blank_count_mismatch(in_stem: impl Display, in_answer: impl Display) => "题干中有 {in_stem} 个空（____ 或（）），答案却给了 {in_answer} 个（各空用“；”分隔）", "The stem has {in_stem} blanks (____ or （）) but the answer gives {in_answer} (separate blanks with \";\")";
    question_import_reference_too_long(max: impl Display) => "参考答案过长（最多 {max} 个字）", "The reference answer is too long (at most {max} characters)";
    question_import_xml_malformed(detail: impl Display) => "XML 文件格式不正确：{detail}", "The XML file is not well formed: {detail}";
    question_import_too_many_entries(max: impl Display) => "题目太多：一个文件最多导入 {max} 道题，从这里起的题目未读取", "Too many questions: at most {max} per file; the rest from here on was not read";
    question_import_gift_syntax(issue: impl Display) => "GIFT 格式错误：{issue}", "GIFT syntax error: {issue}";
    question_import_missing_columns(names: impl Display) => "缺少必需的列：{names}", "Required columns are missing: {names}";
    gift_unmarked_answer(text: impl Display) => "答案“{text}”前缺少 = 或 ~", "the answer \"{text}\" needs = or ~ in front";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The `{name}` placeholders of a format string (`{{` is a literal brace).
    fn placeholders(text: &str) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let mut rest = text.replace("{{", "").replace("}}", "");
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            found.insert(rest[open + 1..open + close].to_string());
            rest = rest[open + close + 1..].to_string();
        }
        found
    }

    #[test]
    fn both_languages_show_the_same_values() {
        for (name, zh, en) in TABLE {
            assert_eq!(
                placeholders(zh),
                placeholders(en),
                "{name}: the two languages show different values"
            );
            assert!(
                !zh.trim().is_empty() && !en.trim().is_empty(),
                "{name} is empty in a language"
            );
        }
    }

    #[test]
    fn a_phrase_fills_in_its_values_in_the_chosen_language() {
        assert_eq!(field_too_short(Locale::Zh, 3), "至少 3 个字");
        assert_eq!(field_too_short(Locale::En, 3), "At least 3 characters");
        assert_eq!(rank_of(Locale::En, 2, 9), "#2 of 9");
    }
}
