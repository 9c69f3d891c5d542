import Testing
@testable import CourtyardCallCenter

/// The traffic model of `courtyard dial`: its statistics, checked loosely but so that a
/// wrong rate, curve, share or bound fails.
@Suite struct DialModelTests {
    func arrivals(_ p: DialArrivalProcess, seed: UInt64, endMs: Int64) -> [Int64] {
        var r = DialRandom(seed: seed)
        var out: [Int64] = []
        var t: Int64 = 0
        while let next = p.next(after: t, endMs: endMs, random: &r) {
            out.append(next)
            t = next
        }
        return out
    }

    // MARK: Arrivals

    @Test func flatRate_meanArrivalsOverManySeeds_isTheRate() {
        let p = DialArrivalProcess(ratePerMinute: 60)
        let counts = (1...20).map { arrivals(p, seed: UInt64($0), endMs: 3_600_000).count }
        let mean = Double(counts.reduce(0, +)) / Double(counts.count)
        #expect(abs(mean - 3_600) < 3_600 * 0.02, "mean \(mean)")
        // Poisson: the spread of one hour is about √3600 = 60 calls.
        for c in counts { #expect(abs(c - 3_600) < 300, "count \(c)") }
        let low = counts.min() ?? 0, high = counts.max() ?? 0
        #expect(high - low > 20, "a Poisson count varies between seeds: \(counts)")
    }

    @Test func sameSeed_givesTheSameArrivals_otherSeedOthers() {
        let p = DialArrivalProcess(ratePerMinute: 30, curve: .residential, surges: [DialSurge(startMs: 60_000, durationMs: 60_000, factor: 4)])
        #expect(arrivals(p, seed: 7, endMs: 600_000) == arrivals(p, seed: 7, endMs: 600_000))
        #expect(arrivals(p, seed: 7, endMs: 600_000) != arrivals(p, seed: 8, endMs: 600_000))
    }

    @Test func surge_multipliesTheRateOnlyWhileItLasts() {
        let p = DialArrivalProcess(ratePerMinute: 30, surges: [DialSurge(startMs: 600_000, durationMs: 600_000, factor: 10)])
        let times = arrivals(p, seed: 3, endMs: 1_800_000)
        let inSurge = times.filter { $0 >= 600_000 && $0 < 1_200_000 }.count
        let outside = times.count - inSurge
        #expect(abs(inSurge - 3_000) < 250, "in surge \(inSurge)")
        #expect(abs(outside - 600) < 120, "outside \(outside)")
    }

    @Test func residentialCurve_isQuietAtNightBusyInTheMorning_andKeepsTheDailyMean() {
        let p = DialArrivalProcess(ratePerMinute: 10, curve: .residential)
        let times = arrivals(p, seed: 11, endMs: 86_400_000)
        func hour(_ h: Int64) -> Int { times.filter { $0 / 3_600_000 == h }.count }
        #expect(hour(3) * 8 < hour(9), "03:00 \(hour(3)) vs 09:00 \(hour(9))")
        #expect(abs(times.count - 14_400) < 14_400 / 25, "day total \(times.count)")
        #expect(p.rate(atRunMs: 9 * 3_600_000) > 15 && p.rate(atRunMs: 3 * 3_600_000) < 2)
    }

    @Test func curveSpeed_playsADayFaster_andDayOffsetShiftsIt() {
        let fast = DialArrivalProcess(ratePerMinute: 10, curve: .residential, dayOffsetMs: 3 * 3_600_000, curveSpeed: 60)
        // One run-minute later is one curve-hour later: 03:00 → 04:00.
        #expect(fast.rate(atRunMs: 60_000) == 10 * DialArrivalCurve.residential.factor(atDayMs: 4 * 3_600_000))
        #expect(fast.rate(atRunMs: 0) == 10 * DialArrivalCurve.residential.hourly[3])
    }

    @Test(arguments: [[Double](repeating: 1, count: 23), [Double](repeating: 0, count: 24),
                      [-1] + [Double](repeating: 1, count: 23), [.nan] + [Double](repeating: 1, count: 23)])
    func curve_withBadWeights_isRefused(_ weights: [Double]) {
        #expect(DialArrivalCurve(hourlyWeights: weights) == nil)
    }

    @Test func zeroRate_givesNoArrival() {
        var r = DialRandom(seed: 1)
        #expect(DialArrivalProcess(ratePerMinute: 0).next(after: 0, endMs: 1_000_000, random: &r) == nil)
    }

    // MARK: Callers

    @Test func population_drawsResidentsUnknownsAndWithheld_inTheirShares() {
        let residents = (0..<500).map { "+86138\(String(10_000_000 + $0))" }
        var pop = DialCallerPopulation(residentNumbers: residents.reversed(),
                                       settings: .init(unknownShare: 0.2, withheldShare: 0.05, returnShare: 0))
        var r = DialRandom(seed: 5)
        var resident = 0, unknown = 0, withheld = 0
        for _ in 0..<10_000 {
            let (n, returning) = pop.draw(&r)
            #expect(!returning)
            if n.isEmpty { withheld += 1 } else if residents.contains(n) { resident += 1 } else { unknown += 1 }
        }
        #expect(abs(withheld - 500) < 120, "withheld \(withheld)")
        #expect(abs(unknown - 1_900) < 200, "unknown \(unknown)")
        #expect(resident + unknown + withheld == 10_000)
        #expect(pop.residentNumbers == residents.sorted(), "deduplicated and sorted, whatever the node's order")
    }

    @Test func population_returningCallers_comeFromRecentCallers() {
        var pop = DialCallerPopulation(residentNumbers: ["+8613800000001"], settings: .init(returnShare: 0.5, recentMax: 3))
        var r = DialRandom(seed: 9)
        #expect(pop.draw(&r).returning == false, "nobody has called yet")
        for n in ["a1", "a2", "a3", "a4", "a2"] { pop.remember(n) }
        #expect(pop.recent == ["a3", "a4", "a2"])
        var returns = 0
        for _ in 0..<2_000 {
            let (n, returning) = pop.draw(&r)
            if returning { returns += 1; #expect(pop.recent.contains(n)) }
        }
        #expect(abs(returns - 1_000) < 120, "returns \(returns)")
    }

    @Test func emptyDirectory_callsComeFromUnknownNumbers() {
        var pop = DialCallerPopulation(residentNumbers: [], settings: .init(withheldShare: 0, returnShare: 0))
        var r = DialRandom(seed: 2)
        for _ in 0..<100 {
            let n = pop.draw(&r).number
            #expect(n.count == 11 && n.hasPrefix("19") && !n.hasPrefix("199"), "\(n)")
        }
    }

    // MARK: Durations and IVR

    @Test func duration_staysInBounds_andCentresOnItsMedian() {
        let d = DialDuration(medianMs: 60_000, sigma: 0.8, minMs: 5_000, maxMs: 600_000)
        var r = DialRandom(seed: 4)
        let draws = (0..<5_001).map { _ in d.draw(&r) }.sorted()
        #expect(draws.first! >= 5_000 && draws.last! <= 600_000)
        #expect(abs(draws[2_500] - 60_000) < 6_000, "median \(draws[2_500])")
        #expect(d.scaled(by: 10) == DialDuration(medianMs: 6_000, sigma: 0.8, minMs: 500, maxMs: 60_000))
    }

    @Test func offeredKeys_areReadFromTheDemoMenuPrompts() {
        let menu = IVRMenu.demo(site: SiteID("north-bay"))
        #expect(DialIVR.offeredKeys(in: menu.root.prompt) == ["0", "1", "2", "3", "4", "5", "9", "#"])
        #expect(DialIVR.offeredKeys(in: "投诉留言请按1，建议留言请按2，返回请按星号键。") == ["1", "2", "*"])
        #expect(DialIVR.offeredKeys(in: "For repairs press 3, to go back press star.") == ["3", "*"])
        #expect(DialIVR.offeredKeys(in: "3号楼明天停水").isEmpty)
    }

    @Test func callerAtTheMenu_prefersAnAgent_sometimesPressesAWrongKey() {
        let offered = ["0", "1", "2", "3", "4", "5", "9", "#"]
        let b = DialBehaviour()
        var r = DialRandom(seed: 21)
        var tally: [String: Int] = [:]
        for _ in 0..<10_000 {
            switch DialIVR.answer(digitsMax: 1, terminator: nil, offered: offered, behaviour: b, random: &r) {
            case .keys(let k): tally[k, default: 0] += 1; #expect(k.count == 1)
            case .noInput: tally["none", default: 0] += 1
            case .hangUp: tally["hangUp", default: 0] += 1
            }
        }
        let invalid = tally.filter { !offered.contains($0.key) && $0.key != "none" && $0.key != "hangUp" }.values.reduce(0, +)
        #expect(abs(invalid - 470) < 120, "invalid \(invalid)")
        #expect((tally["0"] ?? 0) > 3 * (tally["1"] ?? 0), "\(tally)")
        #expect((tally["none"] ?? 0) > 150 && (tally["hangUp"] ?? 0) > 100, "\(tally)")
    }

    @Test func roomCodeCollect_isAnsweredWithDigitsAndTheTerminator() {
        var b = DialBehaviour()
        b.invalidKeyShare = 0
        b.noInputShare = 0
        b.ivrHangUpShare = 0
        var r = DialRandom(seed: 8)
        for _ in 0..<200 {
            guard case .keys(let k) = DialIVR.answer(digitsMax: 7, terminator: .hash, offered: [], behaviour: b, random: &r) else {
                Issue.record("expected keys"); return
            }
            #expect(k.hasSuffix("#") && (4...7).contains(k.count) && k.dropLast().allSatisfy(\.isNumber), "\(k)")
        }
    }

    @Test func callPlan_isTheSameForTheSameStream() {
        let b = DialBehaviour()
        #expect(DialCallPlan(behaviour: b, random: DialRandom(seed: 1, stream: 1_005))
                == DialCallPlan(behaviour: b, random: DialRandom(seed: 1, stream: 1_005)))
        #expect(DialCallPlan(behaviour: b, random: DialRandom(seed: 1, stream: 1_005))
                != DialCallPlan(behaviour: b, random: DialRandom(seed: 1, stream: 1_006)))
    }
}
