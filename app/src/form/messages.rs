//! What each problem says, in the reader's language: next to a field while filling in,
//! and on the field at fault in the designer.

use super::format::number_text;
use super::model::{DefinitionProblem, Problem};
use crate::i18n::Locale;

fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", number_text(bytes as f64 / (1024.0 * 1024.0)))
    } else {
        format!("{} KB", number_text((bytes as f64 / 1024.0).ceil()))
    }
}

impl Problem {
    /// The message shown next to the field, in the reader's language.
    pub fn describe(&self, locale: Locale) -> String {
        let zh = locale == Locale::Zh;
        match self {
            Problem::Required => {
                if zh {
                    "必填".into()
                } else {
                    "Required".into()
                }
            }
            Problem::WrongShape => {
                if zh {
                    "格式不正确".into()
                } else {
                    "Not in the expected format".into()
                }
            }
            Problem::TooShort { min } => {
                if zh {
                    format!("至少 {min} 个字")
                } else {
                    format!("At least {min} characters")
                }
            }
            Problem::TooLong { max } => {
                if zh {
                    format!("最多 {max} 个字")
                } else {
                    format!("At most {max} characters")
                }
            }
            Problem::BelowMin { min } => {
                if zh {
                    format!("不能小于 {min}")
                } else {
                    format!("Must be at least {min}")
                }
            }
            Problem::AboveMax { max } => {
                if zh {
                    format!("不能大于 {max}")
                } else {
                    format!("Must be at most {max}")
                }
            }
            Problem::TooManyDecimals { decimals: 0 } => {
                if zh {
                    "请填写整数".into()
                } else {
                    "Enter a whole number".into()
                }
            }
            Problem::TooManyDecimals { decimals } => {
                if zh {
                    format!("最多 {decimals} 位小数")
                } else {
                    format!("At most {decimals} decimal places")
                }
            }
            Problem::NotAnOption => {
                if zh {
                    "请从选项中选择".into()
                } else {
                    "Choose one of the options".into()
                }
            }
            Problem::TooFewChoices { min } => {
                if zh {
                    format!("至少选择 {min} 项")
                } else {
                    format!("Choose at least {min}")
                }
            }
            Problem::TooManyChoices { max } => {
                if zh {
                    format!("最多选择 {max} 项")
                } else {
                    format!("Choose at most {max}")
                }
            }
            Problem::NotADate => {
                if zh {
                    "请填写有效日期".into()
                } else {
                    "Enter a valid date".into()
                }
            }
            Problem::DateTooEarly { min } => {
                if zh {
                    format!("不能早于 {min}")
                } else {
                    format!("Not before {min}")
                }
            }
            Problem::DateTooLate { max } => {
                if zh {
                    format!("不能晚于 {max}")
                } else {
                    format!("Not after {max}")
                }
            }
            Problem::EndBeforeStart => {
                if zh {
                    "结束时间不能早于开始时间".into()
                } else {
                    "The end cannot be before the start".into()
                }
            }
            Problem::RangeTooLong { max_days } => {
                if zh {
                    format!("时长不能超过 {} 天", number_text(*max_days))
                } else {
                    format!("At most {} days", number_text(*max_days))
                }
            }
            Problem::NotATime => {
                if zh {
                    "请填写有效时间".into()
                } else {
                    "Enter a valid time".into()
                }
            }
            Problem::TooFewRows { min } => {
                if zh {
                    format!("至少填写 {min} 行")
                } else {
                    format!("At least {min} rows")
                }
            }
            Problem::TooManyRows { max } => {
                if zh {
                    format!("最多 {max} 行")
                } else {
                    format!("At most {max} rows")
                }
            }
            Problem::TooManyFiles { max } => {
                if zh {
                    format!("最多上传 {max} 个文件")
                } else {
                    format!("At most {max} files")
                }
            }
            Problem::FileTooLarge { name, max_bytes } => {
                if zh {
                    format!("{name} 超过大小上限 {}", size_text(*max_bytes))
                } else {
                    format!("{name} is larger than {}", size_text(*max_bytes))
                }
            }
            Problem::FileTypeNotAllowed { name } => {
                if zh {
                    format!("不支持 {name} 的文件类型")
                } else {
                    format!("{name}: this file type is not allowed")
                }
            }
            Problem::NotAnImage { name } => {
                if zh {
                    format!("{name} 不是图片")
                } else {
                    format!("{name} is not an image")
                }
            }
            Problem::UnknownFile { name } => {
                if zh {
                    format!("找不到上传的文件 {name}，请重新上传")
                } else {
                    format!("Upload {name} not found; please upload it again")
                }
            }
            Problem::UnknownEmployee => {
                if zh {
                    "找不到所选人员".into()
                } else {
                    "The chosen person was not found".into()
                }
            }
            Problem::UnknownDepartment => {
                if zh {
                    "找不到所选部门".into()
                } else {
                    "The chosen department was not found".into()
                }
            }
            Problem::DeductionTooLarge { max } => {
                if zh {
                    format!("扣分不能超过 {} 分", number_text(*max))
                } else {
                    format!("At most {} points can be deducted", number_text(*max))
                }
            }
            Problem::DividesByZero => {
                if zh {
                    "公式除以零，无法计算".into()
                } else {
                    "The formula divides by zero".into()
                }
            }
        }
    }
}

impl DefinitionProblem {
    /// The message the designer shows on the field at fault.
    pub fn describe(&self, locale: Locale) -> String {
        let zh = locale == Locale::Zh;
        match self {
            DefinitionProblem::NoFields => {
                if zh {
                    "表单至少需要一个字段".into()
                } else {
                    "A form needs at least one field".into()
                }
            }
            DefinitionProblem::BadKey => {
                if zh {
                    "字段标识只能用英文字母、数字和下划线，且以字母开头".into()
                } else {
                    "Keys use letters, digits and _, starting with a letter".into()
                }
            }
            DefinitionProblem::DuplicateKey => {
                if zh {
                    "字段标识重复".into()
                } else {
                    "This key is used twice".into()
                }
            }
            DefinitionProblem::NoLabel => {
                if zh {
                    "请填写字段名称".into()
                } else {
                    "Give the field a label".into()
                }
            }
            DefinitionProblem::NoOptions => {
                if zh {
                    "请至少添加一个选项".into()
                } else {
                    "Add at least one option".into()
                }
            }
            DefinitionProblem::DuplicateOption { value } => {
                if zh {
                    format!("选项值“{value}”为空或重复")
                } else {
                    format!("Option value \"{value}\" is empty or repeated")
                }
            }
            DefinitionProblem::MinAboveMax => {
                if zh {
                    "最小值大于最大值".into()
                } else {
                    "The minimum is above the maximum".into()
                }
            }
            DefinitionProblem::BadDefault => {
                if zh {
                    "默认值或限制不符合该字段的要求".into()
                } else {
                    "The default or a limit does not fit this field".into()
                }
            }
            DefinitionProblem::ConditionOnMissingField { field } => {
                if zh {
                    format!("显示条件引用了不存在的字段 {field}")
                } else {
                    format!("The condition refers to a missing field {field}")
                }
            }
            DefinitionProblem::ConditionOnItself => {
                if zh {
                    "显示条件不能引用字段自身".into()
                } else {
                    "A field's condition cannot refer to itself".into()
                }
            }
            DefinitionProblem::ConditionOnLaterField { field } => {
                if zh {
                    format!("显示条件只能引用前面的字段（{field} 在后面）")
                } else {
                    format!("Conditions can only refer to earlier fields ({field} comes later)")
                }
            }
            DefinitionProblem::NestedTable => {
                if zh {
                    "明细表中不能再放明细表".into()
                } else {
                    "A table cannot contain a table".into()
                }
            }
            DefinitionProblem::NoColumns => {
                if zh {
                    "明细表至少需要一列".into()
                } else {
                    "A table needs at least one column".into()
                }
            }
            DefinitionProblem::FormulaSyntax { at } => {
                if zh {
                    format!("公式第 {} 个字符处有误", at + 1)
                } else {
                    format!("The formula has an error at character {}", at + 1)
                }
            }
            DefinitionProblem::FormulaUnknownField { field } => {
                if zh {
                    format!("公式引用了不存在的字段 {field}")
                } else {
                    format!("The formula refers to a missing field {field}")
                }
            }
            DefinitionProblem::FormulaNotNumeric { field } => {
                if zh {
                    format!("公式引用的字段 {field} 不是数字")
                } else {
                    format!("The formula uses {field}, which is not a number")
                }
            }
            DefinitionProblem::FormulaRefersToItself => {
                if zh {
                    "公式不能引用自身".into()
                } else {
                    "A formula cannot refer to its own field".into()
                }
            }
            DefinitionProblem::FormulaCycle { fields } => {
                if zh {
                    format!("公式循环引用：{}", fields.join("、"))
                } else {
                    format!(
                        "Formulas refer to each other in a loop: {}",
                        fields.join(", ")
                    )
                }
            }
            DefinitionProblem::FormulaDividesByZero => {
                if zh {
                    "公式除以零".into()
                } else {
                    "The formula divides by zero".into()
                }
            }
            DefinitionProblem::BadMaxDeduction => {
                if zh {
                    "最高扣分必须大于 0".into()
                } else {
                    "The maximum deduction must be above 0".into()
                }
            }
            DefinitionProblem::BadFileLimits => {
                if zh {
                    "请设置文件数量、大小上限和允许的类型".into()
                } else {
                    "Set the number, size limit and allowed types of files".into()
                }
            }
        }
    }
}
