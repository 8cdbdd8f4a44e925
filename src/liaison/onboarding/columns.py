"""The columns of each kind of import, with their headers in English, Chinese and Hebrew.

A file may use any of the three (or a listed alias: "公司名称", "company number", …); headers
are compared without case, spaces, underscores, asterisks or a trailing colon. The downloadable
template of a kind uses the headers of the user's language. docs/import.md lists them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("organizations", "people", "opportunities", "registrations")


@dataclass(frozen=True)
class Column:
    key: str
    en: str
    zh: str
    he: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    example: str = ""

    def header(self, language: str) -> str:
        return {"zh": self.zh, "zh-hans": self.zh, "he": self.he}.get(language.lower(), self.en)


ORGANIZATION = (
    Column("name", "Name", "名称", "שם", ("organization name", "company", "company name",
           "公司名称", "企业名称", "机构名称", "名稱", "公司名稱", "שם החברה", "שם הארגון"), True, "京华储能科技有限公司"),
    Column("name_en", "English name", "英文名称", "שם באנגלית", ("name (english)",),
           example="Jinghua Energy Storage"),
    Column("registry_number", "Registry number", "统一社会信用代码", "מספר חברה",
           ("company number", "registration number", "registry no", "工商注册号", "注册号", "統一編號",
            "ח.פ.", "ח.פ", "מספר רישום"), example="91110108MA01ABCD2X"),
    Column("website", "Website", "网站", "אתר", ("web site", "url", "官网", "网址", "網站", "אתר אינטרנט"),
           example="jinghua-storage.example.cn"),
    Column("kind", "Kind", "类型", "סוג", ("type", "机构类型", "類型", "סוג ארגון"), example="firm"),
    Column("language", "Language", "语言", "שפה", ("primary language", "主要语言", "語言"), example="zh"),
    Column("ecosystem", "Ecosystem", "生态系统", "אקוסיסטם", ("city", "region", "城市", "地区", "עיר"),
           example="beijing"),
    Column("office", "Office", "联络处", "משרד", ("liaison office", "负责联络处", "משרד קישור"),
           example="beijing"),
    Column("sectors", "Sectors", "行业", "תחומים", ("sector", "industry", "industries", "所属行业",
           "领域", "行業", "תחום"), example="energy; sustainability"),
    Column("description", "Description", "简介", "תיאור", ("about", "公司简介", "描述", "簡介"),
           example="电网级储能系统"),
    Column("description_en", "English description", "英文简介", "תיאור באנגלית",
           ("description (english)",), example="Grid-scale energy storage"),
    Column("size", "Size", "规模", "גודל", ("employees", "员工人数", "עובדים"), example="s"),
    Column("stage", "Stage", "阶段", "שלב", ("发展阶段",), example="growth"),
    Column("founded_year", "Founded", "成立年份", "שנת הקמה", ("founding year", "year founded",
           "成立时间", "成立日期"), example="2015"),
    Column("turnover", "Annual turnover", "年营业额", "מחזור שנתי", ("turnover", "revenue",
           "营业额", "מחזור"), example="12000000"),
    Column("turnover_currency", "Turnover currency", "营业额币种", "מטבע המחזור",
           ("currency", "币种", "מטבע"), example="CNY"),
    Column("vetted", "Vetted", "已审核", "נבדק", ("verified", "审核", "已核实", "מאומת"), example="yes"),
)

PEOPLE = (
    Column("organization", "Organization", "所属机构", "ארגון", ("company", "firm", "公司", "机构",
           "单位", "חברה"), True, "91110108MA01ABCD2X"),
    Column("name", "Name", "姓名", "שם", ("contact", "contact name", "联系人", "名字", "איש קשר"),
           True, "陈静 Chen Jing"),
    Column("job_title", "Role", "职务", "תפקיד", ("job title", "title", "position", "职位"),
           example="CTO"),
    Column("email", "E-mail", "电子邮件", "דוא\"ל", ("email", "e-mail address", "mail", "邮箱",
           "电子邮箱", "אימייל", "דואר אלקטרוני"), example="chen@jinghua-storage.example.cn"),
    Column("phone", "Phone", "电话", "טלפון", ("telephone", "mobile", "手机", "联系电话", "נייד"),
           example="+86 10 6000 0000"),
    Column("languages", "Languages", "语言", "שפות", ("languages spoken", "会说语言"),
           example="zh; en"),
)

OPPORTUNITY = (
    Column("organization", "Organization", "所属机构", "ארגון", ("company", "firm", "公司", "机构",
           "חברה"), True, "91110108MA01ABCD2X"),
    Column("type", "Type", "类型", "סוג", ("opportunity type", "机会类型"), True, "technology_offer"),
    Column("title", "Title", "标题", "כותרת", ("名称",), True, "电池管理系统技术合作"),
    Column("summary", "Summary", "摘要", "תקציר", ("概要",), True, "寻找以色列合作伙伴"),
    Column("description", "Description", "描述", "תיאור", ("详细描述", "详情"), example=""),
    Column("language", "Language", "语言", "שפה", (), True, "zh"),
    Column("sectors", "Sectors", "行业", "תחומים", ("sector", "industry", "所属行业", "领域", "תחום"),
           True, "energy"),
    Column("expires_on", "Expires on", "截止日期", "תאריך תפוגה", ("expiry date", "expires",
           "有效期至", "到期日", "בתוקף עד"), example="2027-06-30"),
    Column("title_en", "English title", "英文标题", "כותרת באנגלית", (), example="BMS cooperation"),
    Column("summary_en", "English summary", "英文摘要", "תקציר באנגלית", (),
           example="Looking for an Israeli partner"),
    Column("status", "Status", "状态", "סטטוס", ("publish", "发布", "מצב"), example="published"),
)

REGISTRATION = (
    Column("organization", "Organization", "所属机构", "ארגון", ("company", "firm", "公司", "机构",
           "חברה"), True, "91110108MA01ABCD2X"),
    Column("attendee", "Attendee", "参会人", "משתתף", ("attendee name", "name", "姓名", "שם"), True,
           "陈静 Chen Jing"),
    Column("email", "E-mail", "电子邮件", "דוא\"ל", ("email", "邮箱", "אימייל"),
           example="chen@jinghua-storage.example.cn"),
    Column("languages", "Languages", "语言", "שפות", ("languages spoken",), True, "zh; en"),
    Column("max_meetings", "Most meetings", "最多会议数", "מספר פגישות מרבי",
           ("max meetings",), example="8"),
    Column("remote", "Remote", "远程参加", "מרחוק", ("online", "线上", "מקוון"), example="no"),
    Column("unavailable", "Unavailable sessions", "不可参加的场次", "מושבים שאינם זמינים",
           ("unavailable",), example=""),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    "organizations": ORGANIZATION, "people": PEOPLE, "opportunities": OPPORTUNITY,
    "registrations": REGISTRATION,
}

# The sheet of a workbook that holds people when organizations are imported with their contacts.
PEOPLE_SHEETS = ("people", "contacts", "contact", "联系人", "人员", "אנשי קשר", "אנשים")


def normalize_header(text: str) -> str:
    return re.sub(r"[\s_*:：]+", "", str(text or "").casefold()).strip()


def header_map(columns: tuple[Column, ...]) -> dict[str, str]:
    """Every accepted header (normalized) → the column key."""
    found: dict[str, str] = {}
    for column in columns:
        for header in (column.key, column.en, column.zh, column.he, *column.aliases):
            found.setdefault(normalize_header(header), column.key)
    return found
