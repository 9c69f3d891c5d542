import Testing
import CourtyardCRDT
@testable import CourtyardCallCenter

@Suite struct CampaignTemplateTests {
    let zhang = RecipientFields(name: "张伟", room: "3栋2单元1203", building: "3栋", amountCents: 123_450)

    @Test func render_fillsRecipientAndCampaignPlaceholders() throws {
        let t = try CampaignTemplate("{name}您好，{room}欠费{amount}元，请于{dueDate}前缴清")
        try t.validate(variables: ["dueDate": "6月30日"])
        #expect(t.render(zhang, variables: ["dueDate": "6月30日"]) == "张伟您好，3栋2单元1203欠费1234.50元，请于6月30日前缴清")
    }

    @Test func render_doubledBraces_areLiteral() throws {
        let t = try CampaignTemplate("{{注意}} {name}")
        #expect(t.render(zhang, variables: [:]) == "{注意} 张伟")
    }

    @Test func parse_unknownPlaceholder_errorNamesIt() {
        do {
            _ = try CampaignTemplate("{name}欠费{amout}元")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .unknownPlaceholder)
            #expect(error.message.contains("{amout}"))
        }
    }

    @Test func parse_unclosedOrStrayBrace_isMalformed() {
        #expect(throws: CampaignError(.malformedTemplate, "template has a '{' at character 3 that is never closed", field: "template")) {
            try CampaignTemplate("您好{name")
        }
        do { _ = try CampaignTemplate("您好}") ; Issue.record("expected an error") } catch { #expect(error.kind == .malformedTemplate) }
        do { _ = try CampaignTemplate("") ; Issue.record("expected an error") } catch { #expect(error.kind == .invalidField) }
    }

    @Test func validate_missingCampaignVariable_namesIt() throws {
        let t = try CampaignTemplate("{outageArea}将于{outageStart}停水")
        do {
            try t.validate(variables: ["outageArea": "3栋"])
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .missingVariable)
            #expect(error.field == "variables.outageStart")
        }
    }

    @Test func validate_recipientPlaceholderAsVariable_isRefused() throws {
        let t = try CampaignTemplate("{name}")
        do { try t.validate(variables: ["name": "x"]); Issue.record("expected an error") } catch {
            #expect(error.kind == .unknownPlaceholder)
            #expect(error.field == "variables.name")
        }
        do { try t.validate(variables: ["bogus": "x"]); Issue.record("expected an error") } catch {
            #expect(error.field == "variables.bogus")
        }
    }

    @Test func yuan_formatsCents() {
        #expect(RecipientFields.yuan(0) == "0.00")
        #expect(RecipientFields.yuan(5) == "0.05")
        #expect(RecipientFields.yuan(180_000) == "1800.00")
    }

    // MARK: SMS segments

    @Test func segments_chinese_isUCS2_70then67PerSegment() {
        #expect(SMSSegments(String(repeating: "停", count: 70)).segments == 1)
        #expect(SMSSegments(String(repeating: "停", count: 71)).segments == 2)
        #expect(SMSSegments(String(repeating: "停", count: 134)).segments == 2)
        #expect(SMSSegments(String(repeating: "停", count: 135)).segments == 3)
        #expect(SMSSegments("abc停").encoding == .ucs2)
    }

    @Test func segments_ascii_isGSM7_160then153_extensionCountsTwice() {
        #expect(SMSSegments(String(repeating: "a", count: 160)).segments == 1)
        #expect(SMSSegments(String(repeating: "a", count: 161)).segments == 2)
        #expect(SMSSegments(String(repeating: "a", count: 306)).segments == 2)
        #expect(SMSSegments(String(repeating: "a", count: 307)).segments == 3)
        #expect(SMSSegments(String(repeating: "€", count: 80)).units == 160)
        #expect(SMSSegments(String(repeating: "€", count: 81)).segments == 2)
    }

    @Test func segments_emojiTakesTwoUnits() {
        #expect(SMSSegments("😀").units == 2)
    }

    @Test func checkLength_smsOverSegmentLimit_namesResident() {
        let long = String(repeating: "停", count: 67 * CampaignLimits.smsSegmentsMax + 1)
        do { try CampaignChannel.sms.checkLength(long, who: "resident r9"); Issue.record("expected an error") } catch {
            #expect(error.kind == .tooLong)
            #expect(error.message.contains("resident r9"))
            #expect(error.message.contains("\(CampaignLimits.smsSegmentsMax + 1) segments"))
        }
        #expect(throws: Never.self) { try CampaignChannel.sms.checkLength(String(repeating: "停", count: 67 * CampaignLimits.smsSegmentsMax), who: "r") }
        #expect(throws: CampaignError.self) {
            try CampaignChannel.voice.checkLength(String(repeating: "停", count: CampaignLimits.voiceCharactersMax + 1), who: "r")
        }
    }

    @Test func voiceFile_acceptsFileNamesOnly() {
        #expect(throws: Never.self) { try CampaignChannel.checkVoiceFile("outage-notice.wav") }
        for bad in ["../etc/passwd.wav", "notice.txt", "a b.mp3", "", "{name}.wav"] {
            #expect(throws: CampaignError.self) { try CampaignChannel.checkVoiceFile(bad) }
        }
    }

    // MARK: Built-ins

    @Test func builtIns_parse_andRenderWithinTheirChannelLimits() throws {
        let variables = ["site": "北湾花园", "dueDate": "6月30日", "contact": "0755-88886666", "reason": "管道检修",
                         "outageArea": "3栋", "outageStart": "6月3日09:00", "outageEnd": "6月3日18:00",
                         "outageType": "停水", "holiday": "春节"]
        #expect(Set(BuiltInTemplate.all.map(\.key)).count == BuiltInTemplate.all.count)
        for b in BuiltInTemplate.all {
            let t = try CampaignTemplate(b.text)
            let used = Dictionary(uniqueKeysWithValues: t.placeholders.filter { !$0.isPerRecipient }
                .map { ($0.rawValue, variables[$0.rawValue]!) })
            try t.validate(variables: used)
            let text = t.render(zhang, variables: used)
            #expect(!text.contains("{"), "\(b.key) left a placeholder")
            try b.channel.checkLength(text, who: b.key)
        }
        #expect(BuiltInTemplate.named("arrears-reminder")?.title == "欠费催缴")
        #expect(BuiltInTemplate.named("nope") == nil)
    }
}
