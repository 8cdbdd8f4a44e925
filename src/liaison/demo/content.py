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

# opportunity type -> (title, summary, description) per language; {s} = subject, {m} = market;
# the figures ({customers}, {qty}, {pilots}, {months}, {years}, {ticket_usd}) are each post's own
TEMPLATES: dict[str, dict[str, tuple[str, str, str]]] = {
    "business_offer": {
        "en": ("Distribution partners wanted for {s}",
               "We offer proven products in {s}, in use with {customers} customers, and look for distributors and system integrators in {m}.",
               "Our company has deployed solutions for {s} with customers at home. We offer distribution agreements, training and technical support to partners who know the market in {m}."),
        "zh": ("寻求{s}领域的分销合作伙伴",
               "我们在{s}领域拥有成熟产品，已服务{customers}家客户，寻找{m}的分销商和系统集成商。",
               "公司已在国内客户中部署{s}解决方案，愿向熟悉{m}市场的合作伙伴提供分销协议、培训和技术支持。"),
        "he": ("דרושים שותפי הפצה בתחום {s}",
               "אנו מציעים מוצרים מוכחים בתחום {s}, בשימוש אצל {customers} לקוחות, ומחפשים מפיצים ואינטגרטורים ב{m}.",
               "החברה שלנו הטמיעה פתרונות בתחום {s} אצל לקוחות בארץ. אנו מציעים הסכמי הפצה, הדרכה ותמיכה טכנית לשותפים המכירים את השוק ב{m}."),
    },
    "business_request": {
        "en": ("Looking for suppliers of {s}",
               "We look for suppliers of {s} for our production and projects, about {qty} units a year.",
               "We are an established company and plan to source {s} from abroad. Suppliers with references and after-sales service in {m} are preferred."),
        "zh": ("寻找{s}供应商",
               "我们正在为生产和项目寻找{s}的供应商，年需求约{qty}套。",
               "我们是一家成熟企业，计划从海外采购{s}，优先考虑在{m}有业绩和售后服务的供应商。"),
        "he": ("מחפשים ספקים בתחום {s}",
               "אנו מחפשים ספקים בתחום {s} עבור הייצור והפרויקטים שלנו, כ-{qty} יחידות בשנה.",
               "אנו חברה ותיקה ומתכננים לרכוש {s} מחו\"ל. עדיפות לספקים עם ממליצים ושירות לאחר מכירה ב{m}."),
    },
    "technology_offer": {
        "en": ("Patented technology for {s} available for licensing",
               "A patented technology for {s}, validated in {pilots} pilots, is available for licensing or joint development.",
               "Our team developed and patented a technology for {s}. Pilots with industrial customers confirmed its performance. We look for licensees or partners for joint development in {m}."),
        "zh": ("{s}专利技术寻求许可合作",
               "一项经过{pilots}个试点验证的{s}专利技术，可进行许可或联合开发。",
               "我们的团队研发并获得了{s}相关专利，工业客户试点验证了其性能。寻求{m}的技术许可方或联合开发伙伴。"),
        "he": ("טכנולוגיה מוגנת בפטנט בתחום {s} לרישוי",
               "טכנולוגיה מוגנת בפטנט בתחום {s}, שהוכחה ב-{pilots} פיילוטים, זמינה לרישוי או לפיתוח משותף.",
               "הצוות שלנו פיתח ורשם פטנט על טכנולוגיה בתחום {s}. פיילוטים עם לקוחות תעשייתיים אישרו את ביצועיה. אנו מחפשים בעלי רישיון או שותפים לפיתוח משותף ב{m}."),
    },
    "technology_request": {
        "en": ("Technology wanted: {s}",
               "We seek a partner with technology in {s} to integrate into our products, with a pilot of {months} months.",
               "We manufacture at scale and want to integrate technology for {s}. We welcome licensing, a pilot project or a joint venture with a partner from {m}."),
        "zh": ("技术需求：{s}",
               "我们寻求拥有{s}技术的合作伙伴，将其集成到我们的产品中，先开展为期{months}个月的试点。",
               "我们具备规模化生产能力，希望引进{s}技术。欢迎来自{m}的合作伙伴以技术许可、试点项目或合资方式合作。"),
        "he": ("דרושה טכנולוגיה: {s}",
               "אנו מחפשים שותף עם טכנולוגיה בתחום {s} לשילוב במוצרים שלנו, בפיילוט של {months} חודשים.",
               "אנו מייצרים בהיקף גדול ורוצים לשלב טכנולוגיה בתחום {s}. נשמח לרישוי, לפרויקט פיילוט או למיזם משותף עם שותף מ{m}."),
    },
    "cooperation_request": {
        "en": ("Joint R&D partner for {s}",
               "A research group seeks universities and firms for {years} years of joint research on {s}.",
               "We prepare a joint research programme on {s} with student and researcher exchanges, and seek partners in {m} for a bilateral funding call."),
        "zh": ("寻求{s}联合研发伙伴",
               "研究团队寻求高校和企业就{s}开展为期{years}年的联合研究。",
               "我们正在筹备{s}方向的联合研究项目，包括学生和研究人员交流，寻求{m}的合作伙伴共同申请双边资助。"),
        "he": ("שותף למחקר ופיתוח משותף בתחום {s}",
               "קבוצת מחקר מחפשת אוניברסיטאות וחברות למחקר משותף בתחום {s} למשך {years} שנים.",
               "אנו מכינים תוכנית מחקר משותפת בתחום {s} הכוללת חילופי סטודנטים וחוקרים, ומחפשים שותפים ב{m} לקול קורא דו-לאומי."),
    },
    "investment_offer": {
        "en": ("Investment available for {s} start-ups",
               "A fund invests about USD {ticket_usd} million per company in early-stage companies working on {s}.",
               "We invest from seed to series B in companies working on {s}, and help portfolio companies enter {m}."),
        "zh": ("投资{s}领域初创企业",
               "基金投资{s}领域的早期企业，单笔约{ticket_usd}百万美元。",
               "我们投资{s}领域从种子轮到B轮的企业，并帮助被投企业进入{m}市场。"),
        "he": ("השקעה בסטארט-אפים בתחום {s}",
               "קרן משקיעה כ-{ticket_usd} מיליון דולר בכל חברה בשלב מוקדם בתחום {s}.",
               "אנו משקיעים מסבב סיד ועד סבב B בחברות בתחום {s}, ומסייעים לחברות הפורטפוליו להיכנס ל{m}."),
    },
    "investment_request": {
        "en": ("Raising a round for {s}",
               "A growing company in {s} with {customers} paying customers raises capital and seeks strategic investors.",
               "We have paying customers for our solution in {s} and raise a round to expand. We seek strategic investors who open the market in {m}."),
        "zh": ("{s}企业寻求融资",
               "一家拥有{customers}家付费客户的{s}领域成长型企业正在融资，寻求战略投资者。",
               "我们的{s}解决方案已有付费客户，现进行新一轮融资以扩大规模，寻求能帮助开拓{m}市场的战略投资者。"),
        "he": ("גיוס סבב השקעה בתחום {s}",
               "חברה צומחת בתחום {s} עם {customers} לקוחות משלמים מגייסת הון ומחפשת משקיעים אסטרטגיים.",
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

# What a Beijing firm of each sector looks for abroad, as such a firm would write it: the
# technology or product (en, zh). Several per sector, so that firms of one sector do not all
# post the same request; each phrased after what firms of that sector in the Israeli Tech Map
# actually offer (so that the first matches look right to a domain reader).
BEIJING_NEEDS: dict[str, list[tuple[str, str]]] = {
    "ai-ml": [
        ("small-defect detection models for electronics assembly lines", "电子装配线微小缺陷检测模型"),
        ("on-device speech recognition for noisy environments", "嘈杂环境下的端侧语音识别"),
        ("MLOps tools for monitoring models in production", "生产环境模型监控的MLOps工具"),
        ("synthetic training data for vision models", "视觉模型合成训练数据"),
        ("retrieval-augmented generation for enterprise knowledge bases", "面向企业知识库的检索增强生成"),
    ],
    "adtech": [
        ("cookieless audience measurement", "无Cookie受众测量技术"),
        ("header bidding and yield optimisation for publishers", "面向媒体的头部竞价与收益优化"),
        ("brand-safety and ad-fraud detection", "品牌安全与广告欺诈检测"),
        ("ad creative optimisation with generative AI", "基于生成式人工智能的广告创意优化"),
    ],
    "aerospace": [
        ("thermal imaging modules for drones", "无人机红外热成像模组"),
        ("micro-radar sensors for collision avoidance", "用于避障的微型雷达传感器"),
        ("vision-based landing and navigation without GPS", "无GPS条件下的视觉着陆与导航"),
        ("satellite data analytics for crop monitoring", "用于作物监测的卫星数据分析"),
    ],
    "ar-vr": [
        ("no-code AR content created from CAD models", "基于CAD模型的无代码增强现实内容制作"),
        ("near-eye display optics", "近眼显示光学模组"),
        ("mixed-reality remote assistance for field engineers", "面向现场工程师的混合现实远程协助"),
        ("interactive 3D models from 2D floor plans", "由二维图纸生成可交互三维模型的技术"),
    ],
    "automotive": [
        ("4D imaging radar for driver assistance", "用于辅助驾驶的4D成像雷达"),
        ("battery management systems for electric vehicles", "电动汽车电池管理系统"),
        ("in-cabin monitoring of drivers and children", "驾驶员与儿童车内监测"),
        ("V2X communication modules", "车路协同（V2X）通信模组"),
        ("fleet telematics and emissions management", "车队远程信息与排放管理"),
    ],
    "cloud": [
        ("cloud cost monitoring and FinOps tools", "云成本监控与FinOps工具"),
        ("disaster recovery and cloud migration", "灾备与云迁移"),
        ("secure remote access to corporate apps", "企业应用安全远程访问"),
        ("AI monitoring of data-centre performance", "基于人工智能的数据中心性能监控"),
    ],
    "cybersecurity": [
        ("anomaly detection for SCADA and industrial control networks", "SCADA与工业控制网络异常检测"),
        ("client-side web security", "网页客户端安全防护"),
        ("exposure management and automated remediation", "暴露面管理与自动化修复"),
        ("security for connected medical devices", "联网医疗设备安全"),
        ("OT network protection for power substations", "变电站运营技术（OT）网络防护"),
    ],
    "digital-media": [
        ("multilingual text-to-speech voices", "多语种文本转语音"),
        ("video compression for live streaming", "直播视频压缩技术"),
        ("AI dubbing and subtitling", "人工智能配音与字幕"),
        ("audience engagement tools for media apps", "媒体应用用户互动工具"),
    ],
    "ecommerce-retail": [
        ("computer vision for grocery order picking", "生鲜拣货计算机视觉技术"),
        ("last-mile delivery optimisation", "最后一公里配送优化"),
        ("conversational shopping assistants", "对话式购物助手"),
        ("returns and fraud management for online stores", "网店退货与欺诈管理"),
    ],
    "fintech": [
        ("real-time fraud detection for card payments", "银行卡支付实时反欺诈"),
        ("cross-border payment and settlement APIs", "跨境支付与结算接口"),
        ("risk models for small-business lending", "小微企业贷款风险模型"),
        ("insurance pricing from telematics data", "基于车联网数据的保险定价"),
    ],
    "gaming": [
        ("game analytics and player-retention tools", "游戏数据分析与玩家留存工具"),
        ("localisation of mobile games for the Middle East", "手机游戏中东本地化"),
        ("co-development with casual-game studios", "与休闲游戏工作室联合开发"),
        ("anti-cheat technology", "反作弊技术"),
    ],
    "health": [
        ("AI that accelerates MRI scans and improves image quality", "加速磁共振扫描并提升图像质量的人工智能"),
        ("remote monitoring of heart patients at home", "心脏病患者居家远程监测"),
        ("diagnostics for early cancer detection", "癌症早期检测诊断技术"),
        ("minimally invasive orthopaedic devices", "微创骨科器械"),
        ("digital therapeutics for diabetes", "糖尿病数字疗法"),
    ],
    "iot": [
        ("water-quality sensors for pipe networks", "管网水质传感器"),
        ("low-power wireless sensor modules", "低功耗无线传感模组"),
        ("food-freshness monitoring in cold chains", "冷链食品新鲜度监测"),
        ("predictive maintenance from vibration sensors", "基于振动传感器的预测性维护"),
    ],
    "productivity": [
        ("safety management software for construction sites", "建筑工地安全管理软件"),
        ("workflow automation for engineering teams", "工程团队流程自动化"),
        ("AI meeting assistants", "人工智能会议助手"),
        ("document management with e-signatures", "带电子签名的文档管理"),
    ],
    "robotics": [
        ("perception for robots navigating warehouses on their own", "仓储机器人自主导航感知"),
        ("automated transplanting and harvesting machines", "自动移栽与采摘机械"),
        ("machine-condition monitoring", "设备状态监测"),
        ("pneumatic components for automation", "自动化气动元件"),
    ],
    "semiconductors": [
        ("silicon photonics with lasers integrated on silicon", "硅光子与硅基激光集成"),
        ("ASIC design services", "专用芯片设计服务"),
        ("processors for optical transport networks", "光传送网处理器"),
        ("flash memory controllers", "闪存控制器"),
    ],
    "sustainability": [
        ("water treatment and reuse for industrial parks", "工业园区水处理与回用"),
        ("low-energy greenhouse heating", "低能耗温室供暖"),
        ("environmental and air-quality monitoring systems", "环境与空气质量监测系统"),
        ("hydrogen storage and carriers", "氢能储运技术"),
        ("ESG reporting software", "ESG报告软件"),
    ],
    "telecom": [
        ("5G private networks for factories", "工厂5G专网"),
        ("voice, video and messaging APIs", "语音、视频与消息通信接口"),
        ("network analytics for mobile operators", "移动运营商网络分析"),
        ("satellite-to-phone connectivity", "卫星直连手机通信"),
    ],
    "agrifood": [
        ("precision drip irrigation", "精准滴灌"),
        ("plant-based and alternative proteins", "植物基与替代蛋白"),
        ("fruit-yield estimation from images", "基于图像的果实产量估算"),
        ("post-harvest storage technology", "采后储藏保鲜技术"),
        ("greenhouse climate control", "温室环境控制"),
    ],
    "advanced-manufacturing": [
        ("diamond-tipped drills for composite materials", "复合材料加工用金刚石钻头"),
        ("lightweight composite structures", "轻量化复合材料结构"),
        ("metal 3D printing of complex parts", "复杂零件金属3D打印"),
        ("machine-vision quality inspection", "机器视觉质量检测"),
    ],
    "energy": [
        ("early warning of battery fires and thermal runaway in energy storage", "储能电池火灾与热失控预警"),
        ("battery management systems for sodium-ion cells", "钠离子电池管理系统"),
        ("solar and wind power forecasting", "光伏与风电功率预测"),
        ("flow batteries for long-duration storage", "长时储能液流电池"),
        ("smart inverters for rooftop solar", "屋顶光伏智能逆变器"),
    ],
    "education": [
        ("STEM learning kits and platforms", "STEM学习套件与平台"),
        ("adaptive maths learning for primary schools", "小学数学自适应学习"),
        ("virtual labs for science teaching", "理科教学虚拟实验室"),
        ("entrepreneurship programmes for students", "面向学生的创新创业项目"),
    ],
    "culture": [
        ("immersive digital exhibitions", "沉浸式数字展览"),
        ("digital art distribution and display", "数字艺术发行与展示"),
        ("3D scanning of cultural relics", "文物三维扫描"),
        ("interactive storytelling for museums", "博物馆互动叙事"),
    ],
}

# Where the Beijing firm would use it (en, zh).
BEIJING_USES: dict[str, list[tuple[str, str]]] = {
    "ai-ml": [("our inspection systems for consumer-electronics factories", "我们面向消费电子工厂的质检系统"),
              ("the customer-service platform we run for banks and carriers", "我们为银行和运营商运营的智能客服平台"),
              ("our smart-manufacturing projects around Beijing and Tianjin", "我们在京津地区的智能制造项目")],
    "adtech": [("our programmatic platform for Chinese brands going abroad", "我们服务中国品牌出海的程序化广告平台"),
               ("the campaigns we run for e-commerce advertisers", "我们为电商广告主投放的广告活动"),
               ("our network of news and video apps", "我们的新闻和视频应用网络")],
    "aerospace": [("our industrial inspection drones", "我们的工业巡检无人机"),
                  ("the remote-sensing services we sell to provincial agriculture bureaus", "我们向各省农业部门提供的遥感服务"),
                  ("our small-satellite payloads", "我们的小卫星载荷")],
    "ar-vr": [("training for power-plant maintenance staff", "电厂运维人员培训"),
              ("our AR glasses for industrial customers", "我们面向工业客户的AR眼镜"),
              ("the digital showrooms we build for property developers", "我们为地产开发商打造的数字展厅")],
    "automotive": [("the electric buses we supply to Beijing public transport", "我们供应北京公交的电动客车"),
                   ("our Level-2 driver-assistance kits for car makers", "我们为整车厂提供的L2级辅助驾驶套件"),
                   ("our customers' logistics fleets", "客户的物流车队")],
    "cloud": [("our hybrid-cloud services for manufacturers", "我们面向制造企业的混合云服务"),
              ("the data centres we operate in Hebei", "我们在河北运营的数据中心"),
              ("our SaaS customers expanding overseas", "我们出海的SaaS客户")],
    "cybersecurity": [("the power and water utilities we protect", "我们服务的电力和水务企业"),
                      ("our managed security service for banks", "我们面向银行的托管安全服务"),
                      ("smart-factory projects in the Beijing-Tianjin-Hebei region", "京津冀地区的智能工厂项目"),
                      ("the hospitals whose networks we secure", "我们负责网络安全的医院")],
    "digital-media": [("our short-video platform", "我们的短视频平台"),
                      ("the documentaries and series we export", "我们出口的纪录片和剧集"),
                      ("our online course videos", "我们的在线课程视频")],
    "ecommerce-retail": [("our cross-border e-commerce warehouses", "我们的跨境电商仓库"),
                         ("the 300 convenience stores we supply in Beijing", "我们在北京供货的300家便利店"),
                         ("our marketplace for Chinese brands in the Middle East", "我们面向中东的中国品牌电商平台")],
    "fintech": [("our payment services for exporters", "我们面向出口企业的支付服务"),
                ("the city commercial banks we serve", "我们服务的城市商业银行"),
                ("our insurance partners", "我们的保险合作伙伴")],
    "gaming": [("our mobile puzzle games", "我们的手机益智游戏"),
               ("the titles we publish overseas", "我们在海外发行的游戏"),
               ("our learning games for children", "我们的儿童学习游戏")],
    "health": [("the 40 hospitals using our imaging platform", "使用我们影像平台的40家医院"),
               ("our home-care services for elderly people", "我们的老年居家护理服务"),
               ("clinical studies with Beijing's tertiary hospitals", "与北京三甲医院开展的临床研究")],
    "iot": [("smart-city projects in Haidian district", "海淀区智慧城市项目"),
            ("our cold-chain logistics customers", "我们的冷链物流客户"),
            ("the factories we equip with sensors", "我们部署传感器的工厂")],
    "productivity": [("our project-management software for builders", "我们面向建筑商的项目管理软件"),
                     ("the 2,000 companies using our office suite", "使用我们办公套件的2000家企业"),
                     ("our design institute's projects", "我们设计院的项目")],
    "robotics": [("our logistics robots for e-commerce warehouses", "我们用于电商仓库的物流机器人"),
                 ("greenhouse projects in Shandong", "山东的温室项目"),
                 ("the automation lines we build for car-parts plants", "我们为汽车零部件厂建设的自动化产线")],
    "semiconductors": [("our optical modules for data centres", "我们面向数据中心的光模块"),
                       ("the edge-AI chips we design", "我们设计的边缘人工智能芯片"),
                       ("our storage products", "我们的存储产品")],
    "sustainability": [("the industrial parks we operate in Hebei", "我们在河北运营的工业园区"),
                       ("our municipal environmental projects", "我们的市政环保项目"),
                       ("customers who must report their carbon emissions", "需要披露碳排放的客户"),
                       ("greenhouse vegetable bases around Beijing", "京郊的温室蔬菜基地")],
    "telecom": [("our network services for industrial parks", "我们为工业园区提供的网络服务"),
                ("the mobile operators we supply", "我们供货的移动运营商"),
                ("our communication platform for enterprises", "我们的企业通信平台")],
    "agrifood": [("our orchards and vegetable bases in Hebei", "我们在河北的果园和蔬菜基地"),
                 ("the food brands we manufacture for", "我们代工的食品品牌"),
                 ("farms in the arid regions of Xinjiang", "新疆干旱地区的农场")],
    "advanced-manufacturing": [("our parts for rail transit", "我们的轨道交通零部件"),
                               ("the aerospace components we machine", "我们加工的航空零部件"),
                               ("our plant in Beijing's Yizhuang", "我们位于北京亦庄的工厂")],
    "energy": [("our 100 MWh grid storage stations in Inner Mongolia", "我们在内蒙古的百兆瓦时级电网储能电站"),
               ("the solar farms we operate", "我们运营的光伏电站"),
               ("microgrids of industrial parks", "工业园区微电网")],
    "education": [("the 120 schools using our platform", "使用我们平台的120所学校"),
                  ("our university's engineering faculty", "我们大学的工程学院"),
                  ("after-school programmes in Beijing", "北京的课后服务项目")],
    "culture": [("museums in Beijing", "北京的博物馆"),
                ("our cultural tourism projects", "我们的文旅项目"),
                ("exhibitions we tour abroad", "我们赴海外巡展的展览")],
}

# Which uses fit each need (indices into BEIJING_USES, in the order of BEIJING_NEEDS): a
# sodium-ion battery-management system goes into storage stations, not into solar forecasts.
BEIJING_FITS: dict[str, list[tuple[int, ...]]] = {
    "ai-ml": [(0, 2), (1, 2), (0, 1, 2), (0, 2), (1,)],
    "adtech": [(0, 1, 2), (2,), (0, 1), (0, 1)],
    "aerospace": [(0,), (0,), (0,), (1, 2)],
    "ar-vr": [(0, 1), (1,), (0, 1), (2,)],
    "automotive": [(1,), (0,), (0, 1), (0, 1), (0, 2)],
    "cloud": [(0, 2), (0, 2), (0,), (1,)],
    "cybersecurity": [(0, 2), (1,), (0, 1, 2), (3,), (0,)],
    "digital-media": [(1, 2), (0,), (1, 2), (0,)],
    "ecommerce-retail": [(1,), (1, 2), (2,), (0, 2)],
    "fintech": [(0, 1), (0,), (1,), (2,)],
    "gaming": [(0, 1, 2), (1,), (0, 2), (1,)],
    "health": [(0,), (1, 2), (0, 2), (2,), (1, 2)],
    "iot": [(0,), (0, 1, 2), (1,), (2,)],
    "productivity": [(0, 2), (0, 2), (1,), (0, 1)],
    "robotics": [(0,), (1,), (2,), (2,)],
    "semiconductors": [(0,), (1,), (0,), (2,)],
    "sustainability": [(0,), (3,), (0, 1), (0,), (2,)],
    "telecom": [(0,), (2,), (1,), (1,)],
    "agrifood": [(0, 2), (1,), (0,), (0, 1), (0,)],
    "advanced-manufacturing": [(1, 2), (0, 1), (1, 2), (0, 2)],
    "energy": [(0, 2), (0, 2), (1, 2), (0,), (2,)],
    "education": [(0, 2), (0, 2), (0, 1), (1,)],
    "culture": [(0, 1, 2), (1, 2), (0, 2), (0,)],
}

# A Beijing firm's posts per type: variants of (title, summary, description) in en and zh.
# {need} / {use}: from the tables above; {s}: the firm's own field; {m}: the target market;
# numbers: {months}, {year}, {years}, {customers}, {qty}, {staff}, {patents}, {budget_en}/{budget_zh}
# (the same amount: RMB millions / 万元), {ticket_en}/{ticket_zh}.
BEIJING_TEMPLATES: dict[str, list[dict[str, tuple[str, str, str]]]] = {
    "technology_request": [
        {"en": ("Technology wanted: {need}",
                "For {use} we seek {need} from a partner in {m}: licensing, a pilot or a joint venture.",
                "We work on {s} and want to add {need} to {use}. We plan a pilot of {months} months in "
                "{year} and can host the partner's engineers in Beijing. Licensing, a joint venture or "
                "local production are all open."),
         "zh": ("技术需求：{need}",
                "为{use}寻求{m}合作伙伴的{need}，可采用技术许可、试点或合资方式。",
                "我们专注于{s}，希望在{use}中引入{need}。计划于{year}年开展为期{months}个月的试点，"
                "可在北京接待合作方工程师。技术许可、合资或本地化生产均可商谈。")},
        {"en": ("Seeking {need} for {use}",
                "A Zhongguancun firm in {s} looks for proven {need} to integrate into its products.",
                "Our products for {s} serve about {customers} customers in China. For {use} we want to "
                "integrate {need} and look for a partner in {m} with references from the field. We can "
                "fund the adaptation to Chinese standards and open the Chinese market together."),
         "zh": ("寻求{need}，用于{use}",
                "中关村{s}企业寻求成熟的{need}，集成到自有产品中。",
                "我们的{s}产品在国内约有{customers}家客户。为{use}，我们希望集成{need}，寻找在{m}有实际"
                "应用案例的合作伙伴。我们可承担适配中国标准的费用，共同开拓中国市场。")},
        {"en": ("{need}: technology partner from {m} wanted",
                "We need {need} for {use}; the first project's budget is about RMB {budget_en} million.",
                "Manufacturing at scale is our strength; {need} is the piece we lack. We look for a "
                "licence or joint development with a firm from {m}, starting with a pilot in {use}."),
         "zh": ("{need}：寻求{m}技术伙伴",
                "我们需要{need}用于{use}，首期项目预算约{budget_zh}万元。",
                "规模化生产是我们的优势，{need}是我们尚缺的一环。希望与{m}企业以技术许可或联合开发方式合作，"
                "先在{use}中试点。")},
    ],
    "business_request": [
        {"en": ("Looking for suppliers: {need}",
                "We buy {need} for {use}, about {qty} units a year.",
                "We source {need} for {use} and compare suppliers from {m}. Suppliers with references, "
                "Chinese certification (or ready to obtain it) and after-sales service in China are "
                "preferred."),
         "zh": ("采购需求：{need}",
                "我们为{use}采购{need}，年需求约{qty}套。",
                "我们为{use}采购{need}，正在比较{m}的供应商。优先考虑有应用案例、已取得（或愿意办理）"
                "中国认证并能在国内提供售后服务的供应商。")},
        {"en": ("Distribution rights in China wanted: {need}",
                "We distribute {s} products in northern China and want to add {need} to our range.",
                "Our sales team of {staff} people covers Beijing, Tianjin and Hebei and serves "
                "{customers} customers in {s}. We look for a maker of {need} from {m} for exclusive or "
                "non-exclusive distribution."),
         "zh": ("寻求{need}产品的中国代理权",
                "我们在华北地区代理{s}产品，希望引入{need}。",
                "我们的{staff}人销售团队覆盖京津冀，服务{customers}家{s}领域客户。寻求{m}的{need}"
                "厂商，洽谈独家或非独家代理。")},
    ],
    "cooperation_request": [
        {"en": ("Joint R&D on {need}",
                "We seek universities and firms in {m} for {years} years of joint research on {need}.",
                "We prepare a joint research programme on {need} for {use}, with researcher exchanges, "
                "and seek partners in {m} for a bilateral funding call in {year}."),
         "zh": ("{need}联合研发",
                "寻求{m}的高校和企业，就{need}开展为期{years}年的联合研究。",
                "我们正在筹备面向{use}的{need}联合研究项目，包括研究人员互访，寻求{m}的合作伙伴共同申报"
                "{year}年双边科技合作资助。")},
        {"en": ("Joint laboratory for {need}",
                "We offer laboratory space in Zhongguancun and RMB {budget_en} million of co-funding for a "
                "joint laboratory on {need}.",
                "The laboratory would develop {need} for {use}. We provide equipment, {staff} engineers "
                "and co-funding; the partner from {m} brings its research. Results are shared by "
                "agreement."),
         "zh": ("共建{need}联合实验室",
                "我们可提供中关村实验场地和约{budget_zh}万元配套资金，共建{need}联合实验室。",
                "联合实验室将面向{use}研发{need}。我方提供设备、{staff}名工程师和配套资金，{m}合作方提供"
                "研究能力，成果按协议共享。")},
    ],
    "investment_offer": [
        {"en": ("Investment for start-ups in {need}",
                "A Beijing fund invests about RMB {ticket_en} million per company in start-ups working on {need}.",
                "We invest from seed to series B in companies working on {need}, introduce them to "
                "Chinese customers in {s} and help portfolio companies from {m} enter China."),
         "zh": ("投资{need}领域初创企业",
                "北京一家基金投资{need}领域的初创企业，单笔约{ticket_zh}万元。",
                "我们投资从种子轮到B轮的{need}企业，为其对接国内{s}领域的客户，帮助{m}的被投企业进入中国市场。")},
    ],
    "technology_offer": [
        {"en": ("Technology for licensing: {s}",
                "Our technology for {s}, in use with {customers} customers in China, is available for licensing in {m}.",
                "We developed our technology for {s} in-house and hold {patents} patents. We look for "
                "partners in {m} who adapt and sell it locally, under licence or in a joint venture."),
         "zh": ("{s}技术对外许可",
                "我们的{s}技术已在国内{customers}家客户中应用，寻求{m}的许可合作方。",
                "我们自主研发{s}技术，拥有{patents}项专利。寻求{m}合作伙伴在当地适配和销售，可采用技术许可"
                "或合资方式。")},
    ],
}

# Posts of the fictional firms of the other ecosystems (in English, towards China): one of
# their sector's technologies (BEIJING_NEEDS, en) as what they offer or look for; {city} is
# their ecosystem, the figures are each post's own.
OTHER_TEMPLATES: dict[str, tuple[str, str, str]] = {
    "business_offer": ("Distribution partners wanted in China: {need}",
                       "Our {need}, sold to {customers} customers around {city}, looks for distributors and "
                       "system integrators in China.",
                       "We make {need} and sell it through partners around {city}. We offer distribution "
                       "agreements, training and technical support to partners who know the Chinese market."),
    "business_request": ("Chinese suppliers wanted: {need}",
                         "We source {need} for our customers around {city}, about {qty} units a year.",
                         "We integrate {need} into the systems we sell around {city} and compare suppliers "
                         "from China with references and service in English."),
    "technology_offer": ("Technology for licensing in China: {need}",
                         "Our patented {need}, validated in {pilots} pilots around {city}, is available for "
                         "licensing or joint development in China.",
                         "Our team developed and patented {need}. Pilots with customers around {city} "
                         "confirmed its performance. We look for licensees or partners for joint "
                         "development in China."),
    "technology_request": ("Technology from China wanted: {need}",
                           "We seek a partner from China with {need} for a pilot of {months} months.",
                           "We build products around {city} and want to integrate {need}. We welcome "
                           "licensing, a pilot project or a joint venture with a partner from China."),
    "cooperation_request": ("Joint R&D with Chinese partners on {need}",
                            "A research group in {city} seeks universities and firms in China for {years} "
                            "years of joint research on {need}.",
                            "We prepare a joint research programme on {need} with researcher exchanges and "
                            "seek partners in China for a bilateral funding call."),
    "investment_offer": ("Investment for start-ups in {need}",
                         "A fund in {city} invests about USD {ticket_usd} million per company in start-ups "
                         "working on {need}.",
                         "We invest from seed to series B in companies working on {need}, including Chinese "
                         "ones that want to grow around {city}."),
    "investment_request": ("Raising a round: {need}",
                           "A company in {city} working on {need}, with {customers} paying customers, raises "
                           "capital and seeks strategic investors from China.",
                           "We have paying customers for our {need} and raise a round to expand. We seek "
                           "strategic investors who open the Chinese market."),
}
