"""Text material for the fictional demo data, in English, Chinese and Hebrew.

Everything generated from here is marked `is_demo_data`; the Israeli firms come from the real
Israeli Tech Map instead.
"""

from __future__ import annotations

# sector code -> subjects (en, zh, he)
SUBJECTS: dict[str, list[tuple[str, str, str]]] = {
    "ai-ml": [
        ("computer vision for quality inspection", "用于质量检测的计算机视觉", "ראייה ממוחשבת לבקרת איכות"),
        ("large language models for customer service", "面向客户服务的大语言模型", "מודלי שפה גדולים לשירות לקוחות"),
    ],
    "adtech": [("programmatic advertising analytics", "程序化广告分析", "ניתוח פרסום פרוגרמטי")],
    "aerospace": [
        ("satellite imaging for agriculture", "面向农业的卫星遥感", "הדמיית לוויין לחקלאות"),
        ("drone navigation systems", "无人机导航系统", "מערכות ניווט לרחפנים"),
    ],
    "ar-vr": [("augmented reality for industrial training", "用于工业培训的增强现实", "מציאות רבודה להדרכה תעשייתית")],
    "automotive": [
        ("battery management for electric vehicles", "电动汽车电池管理", "ניהול סוללות לרכב חשמלי"),
        ("sensors for autonomous driving", "自动驾驶传感器", "חיישנים לנהיגה אוטונומית"),
    ],
    "cloud": [("cloud cost optimization", "云成本优化", "אופטימיזציה של עלויות ענן")],
    "cybersecurity": [
        ("industrial control system security", "工业控制系统安全", "אבטחת מערכות בקרה תעשייתיות"),
        ("zero-trust network access", "零信任网络访问", "גישת רשת באפס אמון"),
    ],
    "digital-media": [("video streaming compression", "视频流压缩", "דחיסת וידאו בהזרמה")],
    "ecommerce-retail": [("cross-border e-commerce logistics", "跨境电商物流", "לוגיסטיקה למסחר מקוון חוצה גבולות")],
    "fintech": [
        ("cross-border payments", "跨境支付", "תשלומים חוצי גבולות"),
        ("fraud detection for banks", "银行反欺诈检测", "זיהוי הונאות לבנקים"),
    ],
    "gaming": [("mobile game localization", "手机游戏本地化", "לוקליזציה של משחקי מובייל")],
    "health": [
        ("remote patient monitoring", "远程病人监护", "ניטור מטופלים מרחוק"),
        ("AI-assisted medical imaging diagnosis", "人工智能辅助医学影像诊断", "אבחון הדמיה רפואית בעזרת בינה מלאכותית"),
    ],
    "iot": [("smart city sensor networks", "智慧城市传感网络", "רשתות חיישנים לעיר חכמה")],
    "productivity": [("collaboration software for engineering teams", "工程团队协作软件", "תוכנת שיתוף פעולה לצוותי הנדסה")],
    "robotics": [
        ("warehouse robots", "仓储机器人", "רובוטים למחסנים"),
        ("agricultural harvesting robots", "农业采摘机器人", "רובוטים לקטיף חקלאי"),
    ],
    "semiconductors": [("chip design for edge AI", "边缘人工智能芯片设计", "תכנון שבבים לבינה מלאכותית בקצה")],
    "sustainability": [("water treatment and reuse", "水处理与再利用", "טיהור מים ומיחזורם")],
    "telecom": [("5G private networks for factories", "工厂5G专网", "רשתות 5G פרטיות למפעלים")],
    "agrifood": [
        ("precision drip irrigation", "精准滴灌", "השקיה מדויקת בטפטוף"),
        ("alternative protein", "替代蛋白", "חלבון אלטרנטיבי"),
    ],
    "advanced-manufacturing": [("new materials for lightweight structures", "轻量化结构新材料", "חומרים חדשים למבנים קלים")],
    "energy": [
        ("grid-scale energy storage", "电网级储能", "אגירת אנרגיה בקנה מידה של רשת"),
        ("solar inverter technology", "光伏逆变器技术", "טכנולוגיית ממירים סולאריים"),
    ],
    "education": [("STEM education programmes", "科学技术工程数学教育项目", "תוכניות חינוך למדע וטכנולוגיה")],
    "culture": [("digital museum exhibitions", "数字博物馆展览", "תערוכות מוזיאון דיגיטליות")],
}

# opportunity type -> (title, summary, description) per language; {s} = subject, {m} = market
TEMPLATES: dict[str, dict[str, tuple[str, str, str]]] = {
    "business_offer": {
        "en": ("Distribution partners wanted for {s}",
               "We offer proven products in {s} and look for distributors and system integrators in {m}.",
               "Our company has deployed solutions for {s} with customers at home. We offer distribution agreements, training and technical support to partners who know the market in {m}."),
        "zh": ("寻求{s}领域的分销合作伙伴",
               "我们在{s}领域拥有成熟产品，寻找{m}的分销商和系统集成商。",
               "公司已在国内客户中部署{s}解决方案，愿向熟悉{m}市场的合作伙伴提供分销协议、培训和技术支持。"),
        "he": ("דרושים שותפי הפצה בתחום {s}",
               "אנו מציעים מוצרים מוכחים בתחום {s} ומחפשים מפיצים ואינטגרטורים ב{m}.",
               "החברה שלנו הטמיעה פתרונות בתחום {s} אצל לקוחות בארץ. אנו מציעים הסכמי הפצה, הדרכה ותמיכה טכנית לשותפים המכירים את השוק ב{m}."),
    },
    "business_request": {
        "en": ("Looking for suppliers of {s}",
               "We look for suppliers of {s} for our production and projects.",
               "We are an established company and plan to source {s} from abroad. Suppliers with references and after-sales service in {m} are preferred."),
        "zh": ("寻找{s}供应商",
               "我们正在为生产和项目寻找{s}的供应商。",
               "我们是一家成熟企业，计划从海外采购{s}，优先考虑在{m}有业绩和售后服务的供应商。"),
        "he": ("מחפשים ספקים בתחום {s}",
               "אנו מחפשים ספקים בתחום {s} עבור הייצור והפרויקטים שלנו.",
               "אנו חברה ותיקה ומתכננים לרכוש {s} מחו\"ל. עדיפות לספקים עם ממליצים ושירות לאחר מכירה ב{m}."),
    },
    "technology_offer": {
        "en": ("Patented technology for {s} available for licensing",
               "A patented technology for {s}, validated in pilots, is available for licensing or joint development.",
               "Our team developed and patented a technology for {s}. Pilots with industrial customers confirmed its performance. We look for licensees or partners for joint development in {m}."),
        "zh": ("{s}专利技术寻求许可合作",
               "一项经过试点验证的{s}专利技术，可进行许可或联合开发。",
               "我们的团队研发并获得了{s}相关专利，工业客户试点验证了其性能。寻求{m}的技术许可方或联合开发伙伴。"),
        "he": ("טכנולוגיה מוגנת בפטנט בתחום {s} לרישוי",
               "טכנולוגיה מוגנת בפטנט בתחום {s}, שהוכחה בפיילוטים, זמינה לרישוי או לפיתוח משותף.",
               "הצוות שלנו פיתח ורשם פטנט על טכנולוגיה בתחום {s}. פיילוטים עם לקוחות תעשייתיים אישרו את ביצועיה. אנו מחפשים בעלי רישיון או שותפים לפיתוח משותף ב{m}."),
    },
    "technology_request": {
        "en": ("Technology wanted: {s}",
               "We seek a partner with technology in {s} to integrate into our products.",
               "We manufacture at scale and want to integrate technology for {s}. We welcome licensing, a pilot project or a joint venture with a partner from {m}."),
        "zh": ("技术需求：{s}",
               "我们寻求拥有{s}技术的合作伙伴，将其集成到我们的产品中。",
               "我们具备规模化生产能力，希望引进{s}技术。欢迎来自{m}的合作伙伴以技术许可、试点项目或合资方式合作。"),
        "he": ("דרושה טכנולוגיה: {s}",
               "אנו מחפשים שותף עם טכנולוגיה בתחום {s} לשילוב במוצרים שלנו.",
               "אנו מייצרים בהיקף גדול ורוצים לשלב טכנולוגיה בתחום {s}. נשמח לרישוי, לפרויקט פיילוט או למיזם משותף עם שותף מ{m}."),
    },
    "cooperation_request": {
        "en": ("Joint R&D partner for {s}",
               "A research group seeks universities and firms for joint research on {s}.",
               "We prepare a joint research programme on {s} with student and researcher exchanges, and seek partners in {m} for a bilateral funding call."),
        "zh": ("寻求{s}联合研发伙伴",
               "研究团队寻求高校和企业就{s}开展联合研究。",
               "我们正在筹备{s}方向的联合研究项目，包括学生和研究人员交流，寻求{m}的合作伙伴共同申请双边资助。"),
        "he": ("שותף למחקר ופיתוח משותף בתחום {s}",
               "קבוצת מחקר מחפשת אוניברסיטאות וחברות למחקר משותף בתחום {s}.",
               "אנו מכינים תוכנית מחקר משותפת בתחום {s} הכוללת חילופי סטודנטים וחוקרים, ומחפשים שותפים ב{m} לקול קורא דו-לאומי."),
    },
    "investment_offer": {
        "en": ("Investment available for {s} start-ups",
               "A fund invests in early-stage companies working on {s}.",
               "We invest from seed to series B in companies working on {s}, and help portfolio companies enter {m}."),
        "zh": ("投资{s}领域初创企业",
               "基金投资{s}领域的早期企业。",
               "我们投资{s}领域从种子轮到B轮的企业，并帮助被投企业进入{m}市场。"),
        "he": ("השקעה בסטארט-אפים בתחום {s}",
               "קרן משקיעה בחברות בשלב מוקדם בתחום {s}.",
               "אנו משקיעים מסבב סיד ועד סבב B בחברות בתחום {s}, ומסייעים לחברות הפורטפוליו להיכנס ל{m}."),
    },
    "investment_request": {
        "en": ("Raising a round for {s}",
               "A growing company in {s} raises capital and seeks strategic investors.",
               "We have paying customers for our solution in {s} and raise a round to expand. We seek strategic investors who open the market in {m}."),
        "zh": ("{s}企业寻求融资",
               "一家{s}领域的成长型企业正在融资，寻求战略投资者。",
               "我们的{s}解决方案已有付费客户，现进行新一轮融资以扩大规模，寻求能帮助开拓{m}市场的战略投资者。"),
        "he": ("גיוס סבב השקעה בתחום {s}",
               "חברה צומחת בתחום {s} מגייסת הון ומחפשת משקיעים אסטרטגיים.",
               "יש לנו לקוחות משלמים לפתרון שלנו בתחום {s} ואנו מגייסים סבב להתרחבות. אנו מחפשים משקיעים אסטרטגיים שיפתחו את השוק ב{m}."),
    },
}

COOPERATION_BY_TYPE: dict[str, list[str]] = {
    "business_offer": ["distribution", "supplier"],
    "business_request": ["supplier", "distribution"],
    "technology_offer": ["licensing", "joint_venture", "rd_partnership"],
    "technology_request": ["licensing", "pilot_customer", "joint_venture"],
    "cooperation_request": ["rd_partnership", "exchange"],
    "investment_offer": ["investment"],
    "investment_request": ["investment", "acquisition"],
}

# Fictional Beijing firm names: (zh, pinyin) parts
NAME_HEADS = [
    ("中科", "Zhongke"), ("京华", "Jinghua"), ("华创", "Huachuang"), ("智源", "Zhiyuan"),
    ("清芯", "Qingxin"), ("海淀", "Haidian"), ("博远", "Boyuan"), ("天工", "Tiangong"),
    ("融科", "Rongke"), ("星河", "Xinghe"), ("燕园", "Yanyuan"), ("未来", "Weilai"),
    ("启明", "Qiming"), ("鼎新", "Dingxin"), ("瑞泰", "Ruitai"), ("云帆", "Yunfan"),
]
NAME_CORES: dict[str, tuple[str, str]] = {
    "ai-ml": ("智能", "AI"), "adtech": ("传媒", "Media"), "aerospace": ("航天", "Aerospace"),
    "ar-vr": ("视界", "Vision"), "automotive": ("智行", "Mobility"), "cloud": ("云", "Cloud"),
    "cybersecurity": ("安信", "Security"), "digital-media": ("数字", "Digital"),
    "ecommerce-retail": ("易购", "Commerce"), "fintech": ("金服", "Fintech"),
    "gaming": ("互娱", "Games"), "health": ("医疗", "Medical"), "iot": ("物联", "IoT"),
    "productivity": ("软件", "Software"), "robotics": ("机器人", "Robotics"),
    "semiconductors": ("微电子", "Microelectronics"), "sustainability": ("环保", "Environmental"),
    "telecom": ("通信", "Communications"), "agrifood": ("农业", "Agritech"),
    "advanced-manufacturing": ("新材料", "Materials"), "energy": ("能源", "Energy"),
    "education": ("教育", "Education"), "culture": ("文化", "Culture"),
}

ZH_ORG_DESCRIPTION = "{name}是一家位于北京中关村的{kind}，专注于{s}。公司拥有自主研发团队，服务国内外客户。"
EN_ORG_DESCRIPTION = "{name} is a {kind} in Beijing's Zhongguancun focused on {s}. It has its own R&D team and serves customers at home and abroad."

MARKETS = {
    "en": {"beijing": "China", "tel-aviv": "Israel", "other": "Europe and North America"},
    "zh": {"beijing": "中国", "tel-aviv": "以色列", "other": "欧洲和北美"},
    "he": {"beijing": "סין", "tel-aviv": "ישראל", "other": "אירופה וצפון אמריקה"},
}
