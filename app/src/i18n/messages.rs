//! Every interface text, Chinese first, English second.

use serde::{Deserialize, Serialize};

macro_rules! messages {
    ($($name:ident => $zh:literal, $en:literal;)*) => {
        /// A user-facing text; see [`Msg::text`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
        pub enum Msg { $($name,)* }

        impl Msg {
            pub fn zh(self) -> &'static str { match self { $(Msg::$name => $zh,)* } }
            pub fn en(self) -> &'static str { match self { $(Msg::$name => $en,)* } }
            /// Every message, for completeness tests.
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];
        }
    };
}

messages! {
    AppName => "落地", "Luodi";
    AppTagline => "让办公落地", "Work, rolled out";
    // navigation
    NavWorkbench => "工作台", "Workbench";
    NavTodo => "待办", "To-do";
    NavNews => "消息", "News";
    NavLearn => "学习", "Learning";
    NavMe => "我的", "Me";
    NavOrg => "组织架构", "Organisation";
    NavImport => "导入人员", "Import staff";
    NavTokens => "接口令牌", "API tokens";
    NavAdmin => "管理", "Admin";
    SwitchLanguage => "English", "中文";
    SwitchLanguageLabel => "切换语言", "Switch language";
    // errors
    ErrUnauthenticated => "请先登录", "Please sign in first";
    ErrForbidden => "您没有权限执行此操作", "You are not allowed to do this";
    ErrNotFound => "找不到该内容", "Not found";
    ErrInternal => "服务器出错了，请稍后再试", "Something went wrong on the server; please try again later";
    ErrNetwork => "网络连接失败，请检查网络后重试", "Network error; check your connection and try again";
    ErrRequired => "此项为必填", "This field is required";
    ErrBadCredentials => "账号或密码不正确", "Wrong account or password";
    ErrAccountDisabled => "该账号已停用，请联系管理员", "This account is disabled; contact your administrator";
    ErrAccountNotActivated => "该账号尚未激活，请使用邀请码激活", "This account is not activated yet; use your invite code";
    ErrPasswordTooShort => "密码至少 8 位", "The password needs at least 8 characters";
    ErrPasswordTooWeak => "密码需同时包含字母和数字", "The password needs both letters and digits";
    ErrPasswordMismatch => "两次输入的密码不一致", "The two passwords differ";
    ErrWrongCurrentPassword => "当前密码不正确", "The current password is wrong";
    ErrInviteInvalid => "邀请码无效或已过期", "The invite code is invalid or has expired";
    ErrBadPhone => "手机号格式不正确（应为 11 位数字）", "Malformed mobile number (11 digits expected)";
    ErrBadEmail => "邮箱格式不正确", "Malformed email address";
    ErrDuplicateEmployeeNo => "工号已被占用", "This employee number is taken";
    ErrDuplicatePhone => "手机号已被占用", "This mobile number is taken";
    ErrDuplicateEmail => "邮箱已被占用", "This email is taken";
    ErrUnknownDepartment => "部门不存在", "Unknown department";
    ErrUnknownSupervisor => "直属上级不存在", "Unknown supervisor";
    ErrSupervisorCycle => "直属上级关系形成了循环", "The supervisor chain forms a cycle";
    ErrUnknownStatus => "状态只能是 invited、active 或 disabled", "Status must be invited, active or disabled";
    ErrUnknownEmployee => "该工号的人员不存在", "No one has this employee number";
    ErrDepartmentCycle => "部门不能移动到自己的下级部门", "A department cannot move under its own sub-department";
    ErrDepartmentNotEmpty => "部门下还有人员或子部门，不能删除", "The department still has staff or sub-departments";
    ErrDuplicateDepartment => "同一上级部门下已有同名部门", "A department of this name already exists here";
    ErrAlreadyActive => "该人员已激活，无需邀请", "This person is already active";
    ErrTooLong => "内容过长", "Too long";
    ErrBadFile => "无法读取文件，请上传 CSV 或 XLSX 文件", "Cannot read the file; upload a CSV or XLSX file";
    ErrCannotDisableSelf => "不能停用自己的账号", "You cannot disable your own account";
    ErrEmptyFile => "文件中没有数据行", "The file has no data rows";
    // sign-in and activation
    SignInTitle => "登录落地", "Sign in to Luodi";
    SignInAccount => "工号 / 手机号 / 邮箱", "Employee no. / mobile / email";
    SignInPassword => "密码", "Password";
    SignInButton => "登录", "Sign in";
    SignInActivateHint => "收到邀请码？", "Got an invite code?";
    SignInActivateLink => "激活账号", "Activate your account";
    SignOut => "退出登录", "Sign out";
    ActivateTitle => "激活账号", "Activate your account";
    ActivateIntro => "输入管理员发给您的邀请码，并设置登录密码。", "Enter the invite code from your administrator and choose a password.";
    InviteCode => "邀请码", "Invite code";
    NewPassword => "新密码", "New password";
    ConfirmPassword => "确认新密码", "Confirm new password";
    CurrentPassword => "当前密码", "Current password";
    PasswordRule => "至少 8 位，包含字母和数字", "At least 8 characters, letters and digits";
    ActivateButton => "激活并登录", "Activate and sign in";
    Activated => "账号已激活，欢迎使用落地！", "Your account is active. Welcome to Luodi!";
    ChangePassword => "修改密码", "Change password";
    PasswordChanged => "密码已修改", "Password changed";
    Save => "保存", "Save";
    Saved => "已保存", "Saved";
    Cancel => "取消", "Cancel";
    Back => "返回", "Back";
    Loading => "加载中…", "Loading…";
    // workbench
    WorkbenchGreeting => "您好", "Hello";
    WorkbenchModules => "应用", "Apps";
    ModuleForms => "表单", "Forms";
    ModuleApproval => "审批", "Approvals";
    ModuleDocuments => "知识库", "Documents";
    ModuleNews => "新闻中心", "News center";
    ModuleTraining => "培训考试", "Training";
    ModuleAnalytics => "推广看板", "Adoption board";
    ModuleOrg => "通讯录", "Directory";
    ModuleNotYet => "即将上线", "Coming soon";
    ModuleNotYetLong => "该模块正在建设中，尚未上线。上线后会在这里出现。", "This module is being built and is not available yet. It will appear here when it is.";
    // me
    MeTitle => "我的", "Me";
    ProfileTitle => "个人资料", "Profile";
    // org
    Department => "部门", "Department";
    Departments => "部门", "Departments";
    DepartmentTree => "部门架构", "Department tree";
    DepartmentHead => "部门负责人", "Department head";
    AddDepartment => "新建部门", "Add department";
    ParentDepartment => "上级部门", "Parent department";
    DepartmentName => "部门名称", "Department name";
    NoParent => "（顶级）", "(top level)";
    Employees => "人员", "Staff";
    EmployeeNo => "工号", "Employee no.";
    Name => "姓名", "Name";
    Phone => "手机号", "Mobile";
    Email => "邮箱", "Email";
    Position => "职位", "Position";
    Supervisor => "直属上级", "Supervisor";
    Status => "状态", "Status";
    Roles => "角色", "Roles";
    StatusInvited => "已邀请", "Invited";
    StatusActive => "已激活", "Active";
    StatusDisabled => "已停用", "Disabled";
    RoleAdmin => "管理员", "Administrator";
    RoleDeptHead => "部门负责人", "Department head";
    RoleCoordinator => "培训专员", "Training coordinator";
    RoleFormAdmin => "表单管理员", "Form administrator";
    RoleEmployee => "员工", "Employee";
    Search => "搜索", "Search";
    SearchPlaceholder => "姓名、工号、手机号", "Name, employee no., mobile";
    AllStatuses => "全部状态", "All statuses";
    AllDepartments => "全部部门", "All departments";
    IncludeSubDepartments => "含下级部门", "Include sub-departments";
    NoResults => "没有符合条件的人员", "No matching staff";
    Edit => "编辑", "Edit";
    EditEmployee => "编辑人员", "Edit employee";
    AddEmployee => "添加人员", "Add employee";
    Disable => "停用", "Disable";
    Enable => "启用", "Enable";
    Invite => "发送邀请", "Invite";
    InviteCreated => "邀请已生成，请将邀请码或链接发给本人（14 天内有效）", "Invite created; give the code or link to the person (valid 14 days)";
    InviteLink => "邀请链接", "Invite link";
    None_ => "无", "None";
    TotalCount => "共", "Total";
    PeopleUnit => "人", "people";
    // import
    ImportTitle => "从人事系统导入", "Import from the HR system";
    ImportIntro => "上传人事系统导出的 CSV 或 XLSX 文件。先预览，所有行都正确后才会写入；再次导入同一工号会更新人员而不会重复。", "Upload the CSV or XLSX export of your HR system. You see a preview first; nothing is written unless every row is good. Importing an employee number again updates that person.";
    ImportColumns => "必需列：工号、姓名、部门；可选列：手机号、邮箱、职位、直属上级工号、入职日期", "Required columns: employee no., name, department; optional: mobile, email, position, supervisor's employee no., hire date";
    ImportFile => "选择文件", "Choose file";
    ImportPreview => "预览", "Preview";
    ImportCommit => "确认导入", "Import";
    ImportRowsOk => "行可以导入", "rows can be imported";
    ImportRowsBad => "行有问题，请修正后重新上传", "rows have problems; fix them and upload again";
    ImportNothingWritten => "文件中有错误，未写入任何数据。", "The file has errors; nothing was written.";
    ImportDone => "导入完成", "Import finished";
    ImportCreated => "新增", "Created";
    ImportUpdated => "更新", "Updated";
    ImportUnchanged => "无变化", "Unchanged";
    ImportLine => "行号", "Line";
    ImportProblem => "问题", "Problem";
    ImportAction => "操作", "Action";
    // tokens
    TokensTitle => "接口令牌", "API tokens";
    TokensIntro => "供人事、ERP 等系统调用 /api/v1 接口。令牌只显示一次，请妥善保存。", "For HR and ERP systems calling /api/v1. A token is shown once only; keep it safe.";
    TokenName => "用途", "Purpose";
    TokenCreate => "创建令牌", "Create token";
    TokenRevoke => "撤销", "Revoke";
    TokenRevoked => "已撤销", "Revoked";
    TokenShownOnce => "新令牌（只显示这一次）", "New token (shown this once only)";
    TokenLastUsed => "最近使用", "Last used";
    TokenNeverUsed => "从未使用", "Never used";
    CreatedAt => "创建时间", "Created";
    Saving => "保存中…", "Saving…";
    Previous => "上一页", "Previous";
    Next => "下一页", "Next";
    Filter => "筛选", "Filter";
    Actions => "操作", "Actions";
    StaffCount => "人数", "Staff";
    ViewStaff => "查看人员", "View staff";
    HeadEmployeeNo => "负责人工号", "Head's employee no.";
    SupervisorNo => "直属上级工号", "Supervisor's employee no.";
    InviteAgain => "重新生成邀请码", "New invite code";
    Copy => "复制", "Copy";
    ImportChooseFirst => "请先选择文件", "Choose a file first";
    ImportWorking => "正在检查…", "Checking…";
    // forms
    ErrFormNameRequired => "请填写表单名称", "Give the form a name";
    ErrFormNameTooLong => "表单名称太长", "The form name is too long";
    ErrFormTooManyFields => "字段太多（最多 300 个）", "Too many fields (at most 300)";
    ErrFormJsonUnreadable => "无法读取该 JSON，请确认是从落地导出的表单定义", "This JSON cannot be read; use a form definition exported from Luodi";
    ErrDraftTooLarge => "草稿内容过大", "The draft is too large";
    ErrIdempotencyKey => "提交标识无效，请刷新页面后重试", "Invalid submission key; reload the page and try again";
    ErrApprovalAlreadySubmitted => "该申请已提交", "This request has already been submitted";
    ErrApprovalFinished => "该审批已结束", "This approval has finished";
    ErrApprovalNotRunning => "该审批当前不在进行中", "This approval is not in progress";
    ErrApprovalNoTask => "这一步不需要你处理（可能已由他人处理）", "Nothing here waits for you (someone may have acted already)";
    ErrApprovalWrongAction => "这一步不能这样处理", "This step cannot be settled that way";
    ErrApprovalNotInitiator => "只有发起人可以这样做", "Only the person who started the request can do that";
    ErrApprovalAlreadyActed => "已有审批人处理，不能撤回", "Someone has already acted; it can no longer be withdrawn";
    ErrApprovalNotReturned => "只有被退回的申请可以重新提交", "Only a request sent back to you can be resubmitted";
    ErrApprovalFieldNotEditable => "你不能修改这个字段", "You may not change this field";
    ErrApprovalCommentRequired => "请填写意见或理由", "Please give a comment or reason";
    ErrApprovalCommentTooLong => "意见最多 1000 字", "Comments are at most 1,000 characters";
    ErrApprovalBadTarget => "只能退回到已审批过的前面节点", "It can only go back to an earlier step that has approved";
    ErrApprovalAlreadyAssignee => "此人已在当前节点或是发起人", "That person is already on this step or started the request";
    ErrApprovalSelfTarget => "不能转交或加签给自己", "You cannot hand it to yourself";
    ErrApprovalUrgedRecently => "刚刚催办过，请稍后再催", "You urged a moment ago; try again a little later";
    ErrApprovalMoved => "审批状态已变化，请刷新后再操作", "This approval has changed; refresh and try again";
    ErrApprovalUnknownPerson => "找不到此人或账号未启用", "No active person with that id";
    ErrApprovalValuesInvalid => "填写内容有误，请检查", "Please check this value";
    ErrApprovalNotAllowed => "你不在此流程的发起范围内", "You are not among those who may start this flow";
    ErrApprovalChooseApprovers => "请选择审批人", "Please choose the approvers";
    ErrApprovalChooseOne => "此节点只能选择一位审批人", "Choose only one approver for this step";
    ErrFormChanged => "表单已更新，请刷新页面（已填内容会保留）", "The form has changed; reload the page (what you entered is kept)";
    ErrBadDateFilter => "日期格式应为 年-月-日", "Dates are written year-month-day";
    FormAccept => "允许的文件类型（逗号分隔）", "Allowed file types (comma separated)";
    FormAddColumn => "添加列", "Add column";
    FormAddCondition => "添加条件", "Add condition";
    FormAddField => "添加字段", "Add field";
    FormAddFile => "添加附件", "Add files";
    FormAddImage => "添加图片或拍照", "Add photos";
    FormAddRow => "添加一行", "Add a row";
    FormAdminTitle => "表单管理", "Form management";
    FormAfternoon => "下午", "Afternoon";
    FormAll => "全部", "All";
    FormCategory => "分类", "Category";
    FormCategoryAdmin => "行政", "Administration";
    FormCategoryFinance => "财务", "Finance";
    FormCategoryHr => "人事", "HR";
    FormCategoryOther => "其他", "Other";
    FormCategoryQuality => "医疗质量", "Medical quality";
    FormCategorySurvey => "调查", "Surveys";
    FormChoose => "请选择", "Choose…";
    FormColumnTotal => "合计", "Total";
    FormCondField => "当字段", "When field";
    FormCondFilled => "已填写", "is filled in";
    FormCondIn => "等于其中之一", "is one of";
    FormCondOp => "条件", "Condition";
    FormCondValue => "值（多个用逗号分隔）", "Value (several separated by commas)";
    FormContains => "包含", "Contains";
    FormCopy => "复制为新表单", "Copy as a new form";
    FormCopyTemplate => "从模板新建", "New from a template";
    FormData => "数据", "Submissions";
    FormDays => "天", "days";
    FormDecimals => "小数位数", "Decimal places";
    FormDeducted => "扣分", "Deducted";
    FormDeduction => "扣分", "Deduction";
    FormDeductionNote => "扣分说明", "Reason for the deduction";
    FormDeductionRule => "扣分标准", "Deduction rule";
    FormDescription => "说明", "Description";
    FormDescriptionText => "说明文字", "Text";
    FormDesign => "设计", "Design";
    FormDesigner => "表单设计", "Form designer";
    FormDraftOffline => "网络不通：已保存在本机，恢复连接后自动同步", "Offline: saved on this device, will sync when the connection returns";
    FormDraftSaved => "草稿已保存", "Draft saved";
    FormDraftSaving => "正在保存草稿…", "Saving draft…";
    FormDraftStored => "已保存", "Saved";
    FormDuration => "时长", "Length";
    FormEachAtMost => "每个不超过", "each at most";
    FormEnd => "结束日期", "End date";
    FormEndHalf => "结束时段", "End half-day";
    FormExportCsv => "导出 CSV", "Export CSV";
    FormExportJson => "导出 JSON", "Export JSON";
    FormExportSchema => "导出 JSON Schema", "Export JSON Schema";
    FormExportXlsx => "导出 Excel", "Export Excel";
    FormFieldFilter => "按字段", "By field";
    FormFieldType => "字段类型", "Field type";
    FormFields => "字段", "Fields";
    FormFixDesign => "表单有问题，已保存为草稿；请按提示修改后再发布", "The form has problems; it was saved as a draft. Fix them, then publish";
    FormFixErrors => "请按提示修改标红的内容", "Please fix the fields marked in red";
    FormFormula => "公式", "Formula";
    FormFormulaHint => "可用 + - * / ( )、字段标识、明细表.列（该列合计）、sum/min/max/abs/round", "Use + - * / ( ), field keys, table.column (its total), sum/min/max/abs/round";
    FormFrom => "开始日期", "From";
    FormFullMarks => "满分", "Full marks";
    FormHalfDays => "可按半天", "Half days allowed";
    FormHelp => "提示说明", "Help text";
    FormImport => "导入", "Import";
    FormImportJson => "导入 JSON", "Import JSON";
    FormImportJsonHint => "粘贴从落地导出的表单 JSON", "Paste a form's JSON exported from Luodi";
    FormIsAmount => "结果是金额", "The result is money";
    FormKey => "字段标识", "Key";
    FormLabel => "字段名称", "Label";
    FormMax => "最大值", "Maximum";
    FormMaxDays => "最长天数", "Longest (days)";
    FormMaxDeduction => "最高扣分", "Maximum deduction";
    FormMaxFiles => "最多文件数", "Most files";
    FormMaxLength => "最多字数", "Most characters";
    FormMaxMb => "单个文件上限（MB）", "Size limit per file (MB)";
    FormMaxRows => "最多行数", "Most rows";
    FormMaxYuan => "最大金额（元）", "Maximum (yuan)";
    FormMin => "最小值", "Minimum";
    FormMinLength => "最少字数", "Fewest characters";
    FormMinRows => "最少行数", "Fewest rows";
    FormMinYuan => "最小金额（元）", "Minimum (yuan)";
    FormMorning => "上午", "Morning";
    FormMoveDown => "下移", "Move down";
    FormMoveUp => "上移", "Move up";
    FormMultiple => "可多选", "Several allowed";
    FormMySubmissions => "我的提交", "My submissions";
    FormName => "表单名称", "Form name";
    FormNewBlank => "新建空白表单", "New blank form";
    FormNoSubmissions => "还没有提交记录", "No submissions yet";
    FormNothingToPublish => "没有新的修改，当前版本", "No changes since version";
    FormOptions => "选项", "Options";
    FormOptionsHint => "每行一个：值|中文|English", "One per line: value|中文|English";
    FormPlaceholder => "占位提示", "Placeholder";
    FormPreview => "手机预览", "Phone preview";
    FormPreviewOnly => "预览不会提交", "The preview does not submit";
    FormPrint => "打印", "Print";
    FormProperties => "字段属性", "Field properties";
    FormPublish => "发布", "Publish";
    FormPublishedAs => "已发布为版本", "Published as version";
    FormRemove => "删除", "Remove";
    FormRemoveRow => "删除此行", "Remove row";
    FormRequired => "必填", "Required";
    FormRow => "第", "Row";
    FormSaveDraft => "保存草稿", "Save draft";
    FormScoreItem => "考核项目", "Item";
    FormScoreTotal => "总得分", "Total score";
    FormSearchPeople => "输入姓名或工号搜索", "Search by name or employee no.";
    FormSelectField => "选择左侧的字段以编辑其属性", "Choose a field to edit its properties";
    FormSerial => "编号", "No.";
    FormShowWhen => "显示条件（全部满足时显示）", "Show when (all hold)";
    FormStart => "开始日期", "Start date";
    FormStartHalf => "开始时段", "Start half-day";
    FormStateArchived => "已停用", "Archived";
    FormStateChanged => "已发布 · 有未发布的修改", "Published · unpublished changes";
    FormStateDraft => "草稿", "Draft";
    FormStatePublished => "已发布", "Published";
    FormStatusSubmitted => "已提交", "Submitted";
    StatusSubmitted => "已提交", "Submitted";
    StatusRunning => "审批中", "In approval";
    StatusReturned => "已退回", "Sent back";
    StatusApproved => "已通过", "Approved";
    StatusRejected => "已拒绝", "Rejected";
    StatusWithdrawn => "已撤回", "Withdrawn";
    FormSubmissionCount => "条记录", "submissions";
    FormSubmit => "提交", "Submit";
    FormSubmittedNotice => "提交成功", "Submitted";
    FormSubmitting => "提交中…", "Submitting…";
    FormTemplate => "模板", "Template";
    FormUnsaved => "有未保存的修改", "Unsaved changes";
    FormUntil => "结束日期", "Until";
    FormUpTo => "最多", "Up to";
    FormUploadFailed => "上传失败，请检查网络后重试", "Upload failed; check the connection and try again";
    FormSubmittedAt => "提交时间", "Submitted at";
    FormVersion => "版本", "Version";
    ErrUploadType => "不支持该文件类型", "This file type is not allowed";
    ErrUploadContent => "文件内容与扩展名不符", "The file's content does not match its extension";
    ErrUploadEmpty => "文件为空", "The file is empty";
    ErrUploadTooLarge => "文件超过 20 MB", "The file is larger than 20 MB";
    KindAmount => "金额", "Amount";
    KindAttachment => "附件", "Attachment";
    KindComputed => "计算公式", "Computed";
    KindDate => "日期", "Date";
    KindDateRange => "日期区间", "Date range";
    KindDepartment => "部门", "Department";
    KindDescription => "说明文字", "Description";
    KindEmployee => "人员", "Person";
    KindImage => "图片", "Image";
    KindMultiChoice => "多选", "Multiple choice";
    KindNumber => "数字", "Number";
    KindScore => "评分项", "Scoring item";
    KindSingleChoice => "单选", "Single choice";
    KindTable => "明细表", "Detail table";
    KindText => "单行文本", "Text";
    KindTextarea => "多行文本", "Paragraph";
    KindTime => "时间", "Time";
    // misc
    PageNotFound => "页面不存在", "Page not found";
    GoHome => "回到工作台", "Back to the workbench";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        for msg in Msg::ALL {
            assert!(!msg.zh().trim().is_empty(), "{msg:?} has no Chinese text");
            assert!(!msg.en().trim().is_empty(), "{msg:?} has no English text");
        }
    }
}
