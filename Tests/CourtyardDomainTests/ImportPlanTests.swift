import CourtyardCRDT
import Testing
@testable import CourtyardDomain

/// CSV files → import plans: headers in English and Chinese, every bad row reported with its
/// line, duplicates, file-level errors, all or nothing.
struct ImportPlanTests {
    let site = ReplicaID("north-bay")

    func plan(_ kind: ImportKind, _ csv: String, areaCode: String? = nil) -> ImportPlan {
        DirectoryImport.plan(kind: kind, csv: csv, site: site, defaultAreaCode: areaCode)
    }

    // MARK: Residents

    @Test func residents_withChineseHeadersAndNames_areImportedNormalised() {
        let csv = """
        \u{FEFF}编号,姓名,电话,备注,免打扰\r
        R001,张伟,138 1234 5678；010-1234 5678 转 12,3栋业主,否\r
        R002,欧阳娜娜,+86 139-0000-1111 / 8888 6666,,是\r
        """
        let p = plan(.residents, csv, areaCode: "0755")
        #expect(p.errors == [])
        #expect(p.isImportable)
        #expect(p.dataRowCount == 2)
        #expect(p.residents == [
            Resident(id: "R001", site: site, name: "张伟", phones: ["+8613812345678", "+861012345678;ext=12"],
                     note: "3栋业主"),
            Resident(id: "R002", site: site, name: "欧阳娜娜", phones: ["+8613900001111", "+8675588886666"],
                     optOut: true),
        ])
    }

    @Test func residents_withEnglishHeadersInAnyCase_areImported() {
        let p = plan(.residents, "ID,Name,Phones,Opt Out\nR1,Li Na,13812345678,true\n")
        #expect(p.errors == [])
        #expect(p.residents.first?.optOut == true)
    }

    @Test func residents_severalBadRows_reportEachWithLineAndColumnAndImportNothing() {
        let csv = """
        编号,姓名,电话
        R001,张伟,13812345678
        R002,,13812345679
        R003,王芳,12-34
        R 4,赵磊,13812345670
        R005,"陈
        静",abc
        R001,刘洋,13812345671
        R007,孙丽,13912345678
        """
        let p = plan(.residents, csv)
        #expect(!p.isImportable)
        #expect(p.recordCount == 0)
        #expect(p.dataRowCount == 7)
        #expect(p.errors.map(\.line) == [3, 4, 5, 6, 6, 8])
        #expect(p.errors.map(\.column) == ["姓名", "电话", "编号", "姓名", "电话", "编号"])
        #expect(p.errors[0].message == "is required")
        #expect(p.errors[1].message.contains("'12-34'"))
        #expect(p.errors[5].message == "duplicate id 'R001' (first on line 2)")
        #expect(p.errors[1].description.hasPrefix("line 4, 电话: "))
    }

    @Test func residents_siteColumn_overridesImportingSitePerRow() {
        let p = plan(.residents, "id,name,phones,项目\nR1,张伟,13812345678,south-park\nR2,李娜,13812345679,\nR3,王芳,13812345670,South Park\n")
        #expect(p.errors.map(\.line) == [4])
        #expect(p.errors.map(\.column) == ["项目"])
        let good = plan(.residents, "id,name,phones,site\nR1,张伟,13812345678,south-park\nR2,李娜,13812345679,\n")
        #expect(good.residents.map(\.site) == [ReplicaID("south-park"), site])
    }

    // MARK: File-level problems

    @Test func missingRequiredHeaders_isOneFileLevelError() {
        let p = plan(.residents, "编号,备注\nR1,x\nR2,y\n")
        #expect(p.errors.count == 1)
        #expect(p.errors[0].line == 1)
        #expect(p.errors[0].message == "missing required columns: name/姓名, phones/phone")
        #expect(p.dataRowCount == 0)
    }

    @Test func columnGivenTwiceUnderTwoNames_isRefused() {
        let p = plan(.residents, "id,name,姓名,phones\nR1,a,b,13812345678\n")
        #expect(p.errors.map(\.column) == ["姓名"])
    }

    @Test func unknownColumns_areIgnoredWithAWarning() {
        let p = plan(.residents, "id,name,phones,微信\nR1,张伟,13812345678,zw\n")
        #expect(p.isImportable)
        #expect(p.warnings.map(\.column) == ["微信"])
        #expect(p.residents.count == 1)
    }

    @Test func emptyFileAndCSVErrors_areFileLevelErrors() {
        #expect(plan(.rooms, "").errors.map(\.message) == ["file is empty: expected a header row"])
        let broken = plan(.rooms, "id,building\n\"R1,3栋\n")
        #expect(broken.errors == [ImportIssue(line: 2, column: nil, message: "line 2: a quoted field is never closed")])
        let tooBig = DirectoryImport.plan(kind: .rooms, csv: "id\n1\n2\n", site: site, limits: CSVLimits(rowsMax: 2))
        #expect(tooBig.errors.first?.line == 3)
    }

    @Test func rowsOfTheWrongWidth_areReported_butTrailingEmptyCellsAreFine() {
        let p = plan(.suppliers, "id,name,trade\nS1,九牧,水龙头,,\nS2,箭牌\nS3,恒洁,马桶,extra\n")
        #expect(p.errors.map(\.line) == [3, 3, 4])
        #expect(p.errors[0].message == "row has 2 cells, the header has 3")
    }

    @Test func errors_areBoundedAndTheRestCounted() {
        var csv = "id,name,phones\n"
        for i in 0..<(DirectoryImport.errorsMax + 5) { csv += "R\(i),,13812345678\n" }
        let p = plan(.residents, csv)
        #expect(p.errors.count == DirectoryImport.errorsMax)
        #expect(p.errorsOmittedCount == 5)
        #expect(!p.isImportable)
    }

    // MARK: Other kinds

    @Test func rooms_parseFloorAreaAndArrearsInYuan() {
        let csv = "房间编号,楼栋,单元,楼层,房号,面积,欠费\nNB-3-1502,3栋,2单元,15,1502,89.5,\"¥1,234.5\"\nNB-B2,3栋,,-2,B2-01,,\n"
        let p = plan(.rooms, csv)
        #expect(p.errors == [])
        #expect(p.rooms.map(\.arrearsCents) == [123_450, 0])
        #expect(p.rooms.map(\.floor) == [15, -2])
        #expect(p.rooms.first?.areaM2 == 89.5)
    }

    @Test func rooms_badNumbers_areReportedPerColumn() {
        let csv = "id,building,floor,number,area,arrears\nA,1栋,十五,101,abc,-5\nB,1栋,,102,,1.234\n"
        let p = plan(.rooms, csv)
        #expect(p.errors.map(\.line) == [2, 2, 2, 3, 3])
        #expect(p.errors.map(\.column) == ["floor", "area", "arrears", "floor", "arrears"])
        #expect(p.errors[2].message == "must not be negative (-500)")
    }

    @Test func occupancies_acceptChineseRolesAndDetectDuplicatePairs() {
        let csv = "住户编号,房间编号,身份\nR1,RM1,业主\nR2,RM1,租户\nR1,RM1,家属\nR3,RM2,房东\n"
        let p = plan(.occupancies, csv)
        #expect(p.errors.map(\.line) == [4, 5])
        #expect(p.errors[0].message == "duplicate resident and room 'R1 / RM1' (first on line 2)")
        let ok = plan(.occupancies, "residentID,roomID,role\nR1,RM1,owner\nR2,RM1,租户\n")
        #expect(ok.occupancies.map(\.role) == [.owner, .tenant])
    }

    @Test func fixtures_checkWarrantyDatesAndRoomOrBuilding() {
        let csv = "设施编号,房间编号,楼栋,设施名称,位置,供应商编号,质保到期\nF1,RM1,,厨房水龙头,厨房,S1,2027-06-30\nF2,,3栋,电梯,,S2,2026-02-29\nF3,,,热水器,,,\n"
        let p = plan(.fixtures, csv)
        #expect(p.errors.map(\.line) == [3, 4])
        #expect(p.errors.map(\.column) == ["质保到期", "房间编号"])
    }

    @Test func cases_acceptChineseCategoryAndTags() {
        let csv = "编号,标题,类别,现象,处理方法,标签\nK1,厨房水龙头漏水,报修,\"水龙头根部滴水\n夜间明显\",更换阀芯,漏水；厨房\n"
        let p = plan(.cases, csv)
        #expect(p.errors == [])
        #expect(p.cases.first?.category == .repair)
        #expect(p.cases.first?.tags == ["漏水", "厨房"])
        #expect(p.cases.first?.symptom == "水龙头根部滴水\n夜间明显")
    }

    @Test func dispatchRules_importModesAndCheckAssignees() {
        let csv = """
        规则编号,楼栋,类别,部门,处理人,派工方式
        D1,,报修,工程部,wang,指派
        D2,3栋,repair,工程部,wang;li;zhao,轮派
        D3,,投诉,客服部,wang;li,指派
        D4,,complaint,客服部,li,飞单
        """
        let p = plan(.dispatchRules, csv)
        #expect(p.errors.map(\.line) == [4, 5])
        #expect(p.errors.map(\.column) == ["处理人", "派工方式"])
        let ok = plan(.dispatchRules, "id,category,department,assignees,mode\nD1,repair,工程部,wang/li,grab\n")
        #expect(ok.dispatchRules.first?.mode == .grab)
        #expect(ok.dispatchRules.first?.building == nil)
        #expect(ok.dispatchRules.first?.site == site)
    }

    @Test func schemas_everyRequiredColumnHasEnglishAndChineseHeaders() {
        for kind in ImportKind.allCases {
            let schema = ImportSchema.schema(for: kind)
            #expect(schema.kind == kind)
            for column in schema.columns {
                #expect(column.headers.contains { $0.unicodeScalars.allSatisfy(\.isASCII) })
                #expect(column.headers.contains { !$0.unicodeScalars.allSatisfy(\.isASCII) })
            }
        }
    }
}
