import CourtyardDomain

/// Words the demo generator draws from: realistic enough that the console, search and
/// reports look like a real property company's.
enum DemoVocabulary {
    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
                           "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯"]
    static let givenNames = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
                             "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "志强", "晓东",
                             "海燕", "红梅", "子涵", "浩然", "欣怡", "梓轩", "雨桐", "俊杰", "思远", "佳琪"]
    static let mobilePrefixes = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151",
                                 "152", "153", "155", "156", "158", "159", "177", "180", "181", "182", "183",
                                 "185", "186", "187", "188", "189", "199"]

    struct Staff {
        let id: String
        let name: String
        let department: String
    }

    static let departments = ["工程部", "客服部", "秩序部", "环境部", "财务部"]

    static let staff: [Staff] = [
        Staff(id: "tech-zhang", name: "张师傅", department: "工程部"),
        Staff(id: "tech-li", name: "李师傅", department: "工程部"),
        Staff(id: "tech-wang", name: "王师傅", department: "工程部"),
        Staff(id: "tech-zhao", name: "赵师傅", department: "工程部"),
        Staff(id: "cs-chen", name: "陈静", department: "客服部"),
        Staff(id: "cs-lin", name: "林晓", department: "客服部"),
        Staff(id: "sec-liu", name: "刘队长", department: "秩序部"),
        Staff(id: "env-huang", name: "黄主管", department: "环境部"),
        Staff(id: "fin-xu", name: "徐会计", department: "财务部"),
    ]

    struct SupplierSeed {
        let name: String
        let trade: String
        let contact: String
    }

    static let suppliers: [SupplierSeed] = [
        SupplierSeed(name: "恒洁卫浴有限公司", trade: "水龙头", contact: "周经理"),
        SupplierSeed(name: "万和热水器售后", trade: "热水器", contact: "吴工"),
        SupplierSeed(name: "三菱电梯维保站", trade: "电梯", contact: "郑工"),
        SupplierSeed(name: "东方雨虹防水", trade: "防水", contact: "冯经理"),
        SupplierSeed(name: "公牛电气", trade: "开关插座", contact: "韩经理"),
        SupplierSeed(name: "王力安防门业", trade: "入户门", contact: "唐经理"),
        SupplierSeed(name: "格力空调服务中心", trade: "空调", contact: "许工"),
        SupplierSeed(name: "华润燃气", trade: "燃气", contact: "宋师傅"),
        SupplierSeed(name: "欧普照明", trade: "照明", contact: "谢经理"),
        SupplierSeed(name: "海天水泵", trade: "水泵", contact: "梁工"),
        SupplierSeed(name: "立邦涂料", trade: "墙面", contact: "罗经理"),
        SupplierSeed(name: "捷顺道闸", trade: "道闸", contact: "何工"),
    ]

    /// Fixtures installed in every room: (name, location, supplier trade, warranty years).
    static let roomFixtures: [(String, String, String, Int)] = [
        ("厨房水龙头", "厨房", "水龙头", 2),
        ("燃气热水器", "卫生间", "热水器", 3),
        ("入户防盗门", "玄关", "入户门", 5),
    ]

    /// Fixtures of a building's common areas.
    static let buildingFixtures: [(String, String, String, Int)] = [
        ("客梯", "电梯厅", "电梯", 5),
        ("二次供水泵", "地下泵房", "水泵", 3),
        ("楼道声控灯", "楼道", "照明", 2),
    ]

    struct Problem {
        let category: TicketCategory
        let priority: TicketPriority
        let title: String
        let description: String
        let weight: Int
        let roomScoped: Bool
    }

    static let problems: [Problem] = [
        Problem(category: .repair, priority: .ordinary, title: "厨房水龙头漏水",
                description: "厨房水龙头根部持续滴水，关紧后仍漏水。", weight: 10, roomScoped: true),
        Problem(category: .repair, priority: .ordinary, title: "卫生间下水道堵塞",
                description: "卫生间地漏排水很慢，有异味。", weight: 8, roomScoped: true),
        Problem(category: .repair, priority: .ordinary, title: "热水器不出热水",
                description: "燃气热水器点火后几秒熄灭，不出热水。", weight: 6, roomScoped: true),
        Problem(category: .repair, priority: .ordinary, title: "入户门锁损坏",
                description: "防盗门锁芯卡住，钥匙转不动。", weight: 4, roomScoped: true),
        Problem(category: .repair, priority: .major, title: "墙面渗水",
                description: "卧室外墙一侧墙面渗水发霉，雨天更严重。", weight: 3, roomScoped: true),
        Problem(category: .publicFacilityRepair, priority: .major, title: "电梯故障停运",
                description: "电梯停在12楼不动，按钮无反应。", weight: 4, roomScoped: false),
        Problem(category: .publicFacilityRepair, priority: .ordinary, title: "楼道声控灯不亮",
                description: "楼道多层声控灯不亮，夜间很黑。", weight: 5, roomScoped: false),
        Problem(category: .publicFacilityRepair, priority: .ordinary, title: "地下车库道闸失灵",
                description: "车库出口道闸不抬杆，车辆排队。", weight: 2, roomScoped: false),
        Problem(category: .complaint, priority: .ordinary, title: "楼上装修噪音扰民",
                description: "楼上中午和晚上装修电钻噪音很大，影响休息。", weight: 5, roomScoped: true),
        Problem(category: .complaint, priority: .ordinary, title: "垃圾清运不及时",
                description: "单元门口垃圾桶满溢两天无人清理。", weight: 4, roomScoped: false),
        Problem(category: .suggestion, priority: .ordinary, title: "建议增加充电桩",
                description: "希望地下车库增加电动车充电桩。", weight: 2, roomScoped: false),
        Problem(category: .consultation, priority: .ordinary, title: "物业费缴费咨询",
                description: "咨询物业费收费标准和缴费方式。", weight: 6, roomScoped: true),
        Problem(category: .feePayment, priority: .ordinary, title: "水电费缴费",
                description: "缴纳本月水电费。", weight: 3, roomScoped: true),
        Problem(category: .booking, priority: .ordinary, title: "预约会所活动室",
                description: "周六下午预约会所活动室举办生日会。", weight: 2, roomScoped: true),
        Problem(category: .emergency, priority: .emergency, title: "燃气泄漏报警",
                description: "厨房闻到燃气味，报警器鸣响。", weight: 1, roomScoped: true),
        Problem(category: .neighbourDispute, priority: .ordinary, title: "邻居占用消防通道",
                description: "邻居在楼道堆放杂物占用消防通道。", weight: 2, roomScoped: false),
        Problem(category: .praise, priority: .ordinary, title: "表扬维修师傅",
                description: "张师傅维修及时、态度好，特此表扬。", weight: 2, roomScoped: true),
        Problem(category: .listing, priority: .ordinary, title: "房屋出租登记",
                description: "业主登记房屋出租信息。", weight: 1, roomScoped: true),
    ]

    static let cases: [(TicketCategory, String, String, String, [String])] = [
        (.repair, "水龙头根部漏水的处理", "水龙头根部滴水，关紧阀门仍漏", "更换阀芯或密封圈；质保期内联系供应商免费更换", ["水龙头", "漏水", "厨房"]),
        (.repair, "地漏堵塞疏通", "地漏排水慢、有异味", "拆下地漏盖清理毛发，必要时用疏通机", ["地漏", "堵塞", "卫生间"]),
        (.repair, "燃气热水器熄火", "点火后几秒熄灭", "检查电池、燃气阀、烟道；报供应商售后", ["热水器", "燃气"]),
        (.publicFacilityRepair, "电梯困人应急处置", "电梯停运，有人被困", "安抚被困人员，通知维保单位30分钟内到场，禁止自行扒门", ["电梯", "困人", "紧急"]),
        (.publicFacilityRepair, "声控灯批量失效", "整栋楼道灯不亮", "先查楼层配电箱空开，再逐层更换灯泡", ["照明", "楼道"]),
        (.complaint, "装修噪音投诉处理", "业主投诉装修噪音", "核实装修许可与作业时间，上门提醒，记录并回访", ["装修", "噪音"]),
        (.complaint, "垃圾清运投诉", "垃圾桶满溢", "通知环境部加派清运，调整清运频次", ["垃圾", "环境"]),
        (.emergency, "燃气泄漏应急", "闻到燃气味", "立即关闭总阀、开窗、禁止明火与开关电器，通知燃气公司", ["燃气", "泄漏", "紧急"]),
        (.consultation, "物业费标准说明", "咨询物业费", "按建筑面积计费，可线上或前台缴纳", ["物业费", "缴费"]),
        (.neighbourDispute, "楼道堆物协调", "邻居占用消防通道", "上门劝导，限期清理，必要时联合社区处理", ["消防通道", "邻里"]),
    ]
}
