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
    ErrFormChanged => "表单已更新，请刷新页面（已填内容会保留）", "The form has changed; reload the page (what you entered is kept)";
    ErrBadDateFilter => "日期格式应为 年-月-日", "Dates are written year-month-day";
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
