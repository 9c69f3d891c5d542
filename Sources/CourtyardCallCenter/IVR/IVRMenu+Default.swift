// MARK: - The demo menu

extension IVRMenu {
    /// A complete Mandarin menu covering every self-service item of SPEC §2, for the demo
    /// and as the example a site TOML starts from. Queues are `<site>.service` and
    /// `<site>.emergency`.
    public static func demo(site: SiteID) -> IVRMenu {
        let general = QueueID("\(site.rawValue).service")
        let emergency = QueueID("\(site.rawValue).emergency")
        let back = IVRMenuNode.leaf("返回", "返回上级菜单。", .back)
        let again = IVRMenuNode.leaf("重听", "重听本菜单。", .repeatMenu)
        let fees = IVRMenuNode.menu("缴费查询", "水电气费查询请按1，缴费请按2，保险查询请按3，返回请按星号键，重听请按井号键。", [
            .d1: .leaf("费用查询", "水电气费用查询。", .feeInquiry),
            .d2: .leaf("缴费", "物业及水电气缴费。", .feePayment),
            .d3: .leaf("保险查询", "财产险、人身险保单查询。", .insuranceInquiry),
            .star: back, .hash: again,
        ])
        let repairs = IVRMenuNode.menu("报修", "室内水路报修请按1，电路请按2，燃气请按3，房屋设施请按4，公共设施报修请按5，返回请按星号键。", [
            .d1: .leaf("水路报修", "室内水路报修。", .repairBooking(.water)),
            .d2: .leaf("电路报修", "室内电路报修。", .repairBooking(.power)),
            .d3: .leaf("燃气报修", "室内燃气报修。如闻到燃气味，请立即开窗并离开房间。", .repairBooking(.gas)),
            .d4: .leaf("房屋设施报修", "门窗、墙面等房屋设施报修。", .repairBooking(.houseFacilities)),
            .d5: .leaf("公共设施报修", "电梯、路灯、门禁等公共设施报修。", .publicFacilityRepair),
            .star: back, .hash: again,
        ])
        let info = IVRMenuNode.menu("信息服务", "办事指南请按1，小区介绍请按2，租售信息请按3，常用电话请按4，小区公约请按5，政策法规请按6，居家常识请按7，返回请按星号键。", [
            .d1: .leaf("办事指南", "办理装修申请、门禁卡、车位等事项，请携带身份证到物业服务中心办理。", .information(.serviceGuide)),
            .d2: .leaf("小区介绍", "本小区共有十二栋住宅，配套幼儿园、商业街和社区活动中心。", .information(.areaIntroduction)),
            .d3: .leaf("租售信息", "最新房屋租售信息请关注物业服务中心公告栏或转人工咨询。", .information(.listings)),
            .d4: .leaf("常用电话", "物业服务中心、供电、供水、燃气抢修电话，请在服务指南中查阅。", .information(.commonNumbers)),
            .d5: .leaf("小区公约", "请爱护公共设施，文明养犬，不要高空抛物。", .information(.communityRules)),
            .d6: .leaf("政策法规", "物业管理条例及收费标准，请在物业服务中心查阅。", .information(.policies)),
            .d7: .leaf("居家常识", "外出前请关闭水电燃气总阀，冬季注意水管防冻。", .information(.homeCareTips)),
            .star: back, .hash: again,
        ])
        let voicemail = IVRMenuNode.menu("投诉建议", "投诉留言请按1，建议留言请按2，返回请按星号键。", [
            .d1: .leaf("投诉留言", "投诉留言。", .voicemail(.complaint)),
            .d2: .leaf("建议留言", "建议留言。", .voicemail(.suggestion)),
            .star: back,
        ])
        let root = IVRMenuNode.menu("主菜单",
            "您好，欢迎致电物业服务热线。社区通告请按1，缴费查询请按2，报修请按3，信息服务请按4，投诉建议请按5，紧急求助请按9，人工服务请按0，重听请按井号键。", [
            .d1: .leaf("社区通告", "社区通告。", .playNotices),
            .d2: fees, .d3: repairs, .d4: info, .d5: voicemail,
            .d9: .leaf("紧急求助", "紧急求助。", .emergencyHelp(queue: emergency)),
            .d0: .leaf("人工服务", "人工服务。", .transfer(queue: general)),
            .hash: again,
        ])
        return IVRMenu(site: site, root: root, fallbackQueue: general)
    }
}
