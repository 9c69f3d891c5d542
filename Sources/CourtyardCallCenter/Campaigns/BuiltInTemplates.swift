// MARK: - Built-in templates

/// The templates a property company sends every year (SPEC §5), in Chinese. Each is a
/// starting point: an operator picks one by key and may edit the text.
public struct BuiltInTemplate: Hashable, Sendable, Codable {
    public var key: String
    /// What it is for, for the console's picker.
    public var title: String
    public var channel: CampaignChannel
    public var text: String

    /// Every built-in, in a stable order.
    public static let all: [BuiltInTemplate] = [
        BuiltInTemplate(
            key: "arrears-reminder", title: "欠费催缴", channel: .sms,
            text: "【{site}】尊敬的{name}：您的房屋{room}尚有物业费{amount}元未缴，请于{dueDate}前缴清。如已缴纳请忽略。咨询电话{contact}。回复TD退订"),
        BuiltInTemplate(
            key: "arrears-reminder-voice", title: "欠费催缴（语音）", channel: .voice,
            text: "尊敬的{name}，您好。这里是{site}物业服务中心。您的房屋{room}尚有物业费{amount}元未缴，请于{dueDate}前缴清。谢谢。"),
        BuiltInTemplate(
            key: "water-outage", title: "停水通知", channel: .sms,
            text: "【{site}】停水通知：因{reason}，{outageArea}将于{outageStart}至{outageEnd}停水，请提前储水。给您带来不便，敬请谅解。咨询电话{contact}。"),
        BuiltInTemplate(
            key: "power-outage", title: "停电通知", channel: .sms,
            text: "【{site}】停电通知：因{reason}，{outageArea}将于{outageStart}至{outageEnd}停电，电梯暂停运行，请提前做好准备。咨询电话{contact}。"),
        BuiltInTemplate(
            key: "outage-voice", title: "停水停电通知（语音）", channel: .voice,
            text: "您好，这里是{site}物业服务中心。因{reason}，{outageArea}将于{outageStart}至{outageEnd}{outageType}，请提前做好准备。谢谢。"),
        BuiltInTemplate(
            key: "safety-reminder", title: "安全提醒", channel: .sms,
            text: "【{site}】安全提醒：天干物燥，请勿在楼道堆放杂物，出门请关闭燃气和电源阀门，电动车请勿入户充电。如遇险情请拨打{contact}。"),
        BuiltInTemplate(
            key: "health-reminder", title: "健康提醒", channel: .sms,
            text: "【{site}】健康提醒：近期气温变化较大，请注意增减衣物，勤洗手、常通风，老人和儿童尤其注意保暖。祝您身体健康！"),
        BuiltInTemplate(
            key: "holiday-greeting", title: "节日问候", channel: .sms,
            text: "【{site}】尊敬的{name}：{holiday}将至，物业服务中心全体员工祝您和家人节日快乐、阖家幸福！"),
    ]

    /// The built-in with this key, or nil.
    public static func named(_ key: String) -> BuiltInTemplate? { all.first { $0.key == key } }
}
